"""Defined terms: the Definitions list holds exactly the terms the document uses.

A use of a defined term is a ``TermUse`` run; the list of definitions starts as a
``Glossary`` placeholder holding every definition the document's clauses give. This
transform finds the terms actually used (and the terms their definitions use in turn),
replaces the placeholder with a two-column table of them, in alphabetical order, and turns
every ``TermUse`` back into a plain run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..tree import Block, Clause, Document, ListBlock, Paragraph, Run, Table
from .references import map_runs


@dataclass(frozen=True, slots=True)
class TermUse(Run):
    """A run of text that uses a defined term."""

    term: str = ""        # the term as defined (a plural use points to its singular)
    where: str = ""       # file:line of the text that used it, for errors


@dataclass(slots=True)
class Glossary(Paragraph):
    """Stands where the definitions go; replaced by a table of the terms used."""

    definitions: dict[str, list[Run]] = field(default_factory=dict)


def _uses(runs: list[Run], found: dict[str, TermUse]) -> None:
    for run in runs:
        if isinstance(run, TermUse):
            found.setdefault(run.term, run)


def _plain(runs: list[Run]) -> list[Run]:
    if not any(isinstance(r, TermUse) for r in runs):
        return runs
    return [Run(r.text, r.bold, r.italic, r.url) if isinstance(r, TermUse) else r for r in runs]


def _glossaries(blocks: list[Block], out: list[tuple[list[Block], int]]) -> None:
    for i, block in enumerate(blocks):
        if isinstance(block, Glossary):
            out.append((blocks, i))
        elif isinstance(block, Clause):
            _glossaries(block.blocks, out)
        elif isinstance(block, ListBlock):
            for item in block.items:
                _glossaries(item, out)


def build_definitions(document: Document) -> None:
    places: list[tuple[list[Block], int]] = []
    for section in document.sections:
        _glossaries(section.blocks, places)
    used: dict[str, TermUse] = {}

    def collect(runs: list[Run]) -> list[Run]:
        _uses(runs, used)
        return runs

    for section in document.sections:
        map_runs(section.blocks, collect)
    definitions: dict[str, list[Run]] = {}
    for blocks, i in places:
        glossary = blocks[i]
        assert isinstance(glossary, Glossary)   # _glossaries records only where a Glossary stands
        definitions.update(glossary.definitions)
    # A definition can use other terms: follow them until nothing new turns up.
    pending = list(used)
    while pending:
        term = pending.pop()
        for run in definitions.get(term, []):
            if isinstance(run, TermUse) and run.term not in used:
                used[run.term] = run
                pending.append(run.term)
    if places:
        missing = [u for t, u in used.items() if t not in definitions]
        if missing:
            from ..errors import Issue, Location
            from ..errors import ClauseError

            raise ClauseError([Issue(Location(u.where or None), f"{{{u.term}}} is used but never defined")
                               for u in missing])
        rows = [[[Run(term, bold=True)], _plain(definitions[term])]
                for term in sorted(used, key=str.casefold)]
        for blocks, i in reversed(places):
            blocks[i] = (Table.of(["Term", "What it means"], rows, widths=[1, 3]) if rows
                         else Paragraph.of("This contract uses no defined terms."))
    for section in document.sections:
        map_runs(section.blocks, _plain)

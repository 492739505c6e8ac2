"""Cross-references: each ``[[core:termination]]`` becomes "clause 14" once clauses are numbered.

A reference is a ``Reference`` run (a ``Run`` that also knows its target clause); this
transform replaces it with a plain run whose text is the number, so the Word and PDF
writers print exactly the same words. A reference at the start of a sentence reads
"Clause 14". A reference to a clause this document does not have is an error naming the
clause file and line that made it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..tree import Block, Clause, Document, KeyFacts, ListBlock, Paragraph, Run, Table
from .numbering import clause_numbers


@dataclass(frozen=True, slots=True)
class Reference(Run):
    """A run that stands for "clause N" until the numbering is known."""

    target: str = ""      # the clause key, such as core:termination or core:termination#for-breach
    where: str = ""       # file:line of the text that made it, for errors


def map_runs(blocks: list[Block], fn: Callable[[list[Run]], list[Run]]) -> None:
    """Apply ``fn`` to every list of runs in ``blocks`` (paragraphs, cells, facts), in place."""
    for block in blocks:
        if isinstance(block, Paragraph):
            block.runs = fn(block.runs)
        elif isinstance(block, ListBlock):
            for item in block.items:
                map_runs(item, fn)
        elif isinstance(block, Clause):
            map_runs(block.blocks, fn)
        elif isinstance(block, Table):
            block.header = [fn(cell) for cell in block.header]
            block.rows = [[fn(cell) for cell in row] for row in block.rows]
        elif isinstance(block, KeyFacts):
            block.items = [(label, fn(value)) for label, value in block.items]


def _starts_sentence(before: list[Run]) -> bool:
    text = "".join(r.text for r in before).rstrip()
    return not text or text.endswith((".", "!", "?", ":"))


def resolve_references(document: Document) -> None:
    numbers: dict[str, str] = {}
    for section in document.sections:
        numbers.update(clause_numbers(section.blocks))
    broken: list[Reference] = []

    def fix(runs: list[Run]) -> list[Run]:
        if not any(isinstance(r, Reference) for r in runs):
            return runs
        out: list[Run] = []
        for run in runs:
            if isinstance(run, Reference):
                number = numbers.get(run.target)
                if number is None:
                    broken.append(run)
                    number = "?"
                word = "Clause" if _starts_sentence(out) else "clause"
                out.append(Run(f"{word} {number}", run.bold, run.italic, run.url))
            else:
                out.append(run)
        return out

    for section in document.sections:
        map_runs(section.blocks, fix)
    if broken:
        from ..errors import ClauseError
        from ..errors import Issue, Location

        raise ClauseError([Issue(Location(r.where or None), f"[[{r.target}]]: the {document.title!r} has no clause "
                                                            f"{r.target!r} (a broken reference)") for r in broken])

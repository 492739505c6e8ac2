"""The document tree: typed nodes that say what a document contains, never how it looks.

Plugins build trees out of these nodes; writers (Word, PDF, ...) turn the same tree into
each format, so the formats cannot drift apart. Nodes are plain dataclasses so that a tree
can be compared, hashed and written out as a golden fixture (see ``to_data``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from typing import ClassVar, Union

# ---------------------------------------------------------------------------- inline


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with the same emphasis; ``url`` makes it a link."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None


Inline = Run


def runs(*parts: str | Run) -> list[Run]:
    """Turn strings and runs into a list of runs; a string becomes a plain run."""
    return [p if isinstance(p, Run) else Run(str(p)) for p in parts]


# ---------------------------------------------------------------------------- blocks


@dataclass(slots=True)
class Heading:
    """A heading inside a section; level 2 is the first level below the section title."""

    kind: ClassVar[str] = "heading"

    text: str
    level: int = 2


@dataclass(slots=True)
class Paragraph:
    """A paragraph of inline runs. ``role`` is a hint such as "lead" or "note"."""

    kind: ClassVar[str] = "paragraph"

    runs: list[Run]
    role: str | None = None

    @classmethod
    def of(cls, *parts: str | Run, role: str | None = None) -> "Paragraph":
        return cls(runs(*parts), role=role)


@dataclass(slots=True)
class ListBlock:
    """A bulleted or numbered list; each item is a list of blocks (usually one paragraph).

    Numbered lists always start again at 1: writers must restart numbering per list.
    """

    kind: ClassVar[str] = "list"

    items: list[list["Block"]]
    ordered: bool = False

    @classmethod
    def of(cls, *items: str | Run | list, ordered: bool = False) -> "ListBlock":
        out: list[list[Block]] = []
        for item in items:
            if isinstance(item, list):
                out.append(item)
            else:
                out.append([Paragraph.of(item)])
        return cls(out, ordered=ordered)


Cell = list[Run]


@dataclass(slots=True)
class Table:
    """A table with one header row that repeats on every page it runs onto.

    ``widths`` are relative column widths (any positive numbers); ``None`` means equal.
    """

    kind: ClassVar[str] = "table"

    header: list[Cell]
    rows: list[list[Cell]]
    caption: str | None = None
    widths: list[float] | None = None

    @classmethod
    def of(cls, header: Sequence[str | Run], rows: Sequence[Sequence[str | Run | list[Run]]],
           caption: str | None = None, widths: list[float] | None = None) -> "Table":
        # Sequence (read-only, so covariant): a list[list[str]] of rows is accepted as it is.
        def cell(value: str | Run | list[Run]) -> Cell:
            if isinstance(value, list):
                return value
            return runs(value)

        return cls([cell(h) for h in header], [[cell(c) for c in row] for row in rows],
                   caption=caption, widths=widths)


@dataclass(slots=True)
class KeyFacts:
    """A boxed list of label/value pairs: the facts a reader needs at a glance."""

    kind: ClassVar[str] = "key_facts"

    items: list[tuple[str, list[Run]]]
    title: str | None = None

    @classmethod
    def of(cls, items: Sequence[tuple[str, str | Run | list[Run]]], title: str | None = None) -> "KeyFacts":
        return cls([(label, value if isinstance(value, list) else runs(value))
                    for label, value in items], title=title)


@dataclass(slots=True)
class Clause:
    """A numbered clause. ``number`` is filled in by the numbering transform, not by plugins.

    ``key`` is a stable identifier (such as ``core:payment``) that other text can refer to.
    """

    kind: ClassVar[str] = "clause"

    title: str
    blocks: list["Block"]
    key: str | None = None
    number: str | None = None


@dataclass(slots=True)
class PageBreak:
    """Start a new page."""

    kind: ClassVar[str] = "page_break"


Block = Union[Heading, Paragraph, ListBlock, Table, KeyFacts, Clause, PageBreak]
BLOCK_TYPES = (Heading, Paragraph, ListBlock, Table, KeyFacts, Clause, PageBreak)

# ---------------------------------------------------------------------------- containers


@dataclass(slots=True)
class Section:
    """A titled part of a document, contributed by one plugin.

    Sections are ordered by ``order`` (then by the plugin that gave them), so another
    plugin can slot a section between two existing ones. ``key`` identifies the section
    for cross-references and tests.
    """

    title: str
    blocks: list[Block] = field(default_factory=list)
    order: int = 500
    key: str | None = None
    page_break_before: bool = False


@dataclass(slots=True)
class Document:
    """One document of the pack, ready for the writers."""

    id: str
    title: str
    sections: list[Section]
    audience: str = "full"
    subtitle: str | None = None
    toc: bool = True
    context: dict = field(default_factory=dict)
    # Where the content came from (clause ids, versions and hashes...), for the manifest.
    sources: list[dict] = field(default_factory=list)


# ---------------------------------------------------------------------------- helpers


def walk(blocks: Iterable[Block]) -> Iterator[Block]:
    """Yield every block, depth first, including blocks nested in lists and clauses."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from walk(item)
        elif isinstance(block, Clause):
            yield from walk(block.blocks)


def plain_text(parts: Iterable[Run]) -> str:
    """The text of some runs without their formatting."""
    return "".join(r.text for r in parts)


def to_data(node) -> object:
    """A JSON-ready form of a node (or list of nodes), tagged with each node's type.

    Used for golden fixtures and for hashing a document's content.
    """
    if isinstance(node, list | tuple):
        return [to_data(n) for n in node]
    if isinstance(node, dict):
        return {str(k): to_data(v) for k, v in node.items()}
    if is_dataclass(node):
        out: dict[str, object] = {"type": type(node).__name__}
        for f in fields(node):
            value = getattr(node, f.name)
            if f.name in ("context", "sources"):
                continue
            out[f.name] = to_data(value)
        return out
    return node


def check_blocks(blocks: object, where: str = "sections") -> str | None:
    """Describe the first thing in ``blocks`` that is not a well-formed node, or None.

    Plugins are outside code: a wrong type deep in a tree should be reported against the
    plugin that returned it, not crash a writer later.
    """
    if not isinstance(blocks, list):
        return f"{where} is a {type(blocks).__name__}, not a list of blocks"
    for i, block in enumerate(blocks):
        here = f"{where}[{i}]"
        if not isinstance(block, BLOCK_TYPES):
            return f"{here} is a {type(block).__name__}, not a tenderpack block"
        problem = None
        if isinstance(block, Paragraph):
            problem = _check_runs(block.runs, f"{here}.runs")
        elif isinstance(block, Heading):
            if not isinstance(block.text, str) or block.level not in (2, 3, 4):
                problem = f"{here} needs text and a level of 2, 3 or 4"
        elif isinstance(block, ListBlock):
            for j, item in enumerate(block.items):
                problem = problem or check_blocks(item, f"{here}.items[{j}]")
        elif isinstance(block, Table):
            width = len(block.header)
            for j, cell in enumerate(block.header):
                problem = problem or _check_runs(cell, f"{here}.header[{j}]")
            for r, row in enumerate(block.rows):
                if len(row) != width:
                    problem = problem or f"{here}.rows[{r}] has {len(row)} cells; the header has {width}"
                for c, cell in enumerate(row):
                    problem = problem or _check_runs(cell, f"{here}.rows[{r}][{c}]")
        elif isinstance(block, KeyFacts):
            for j, (label, value) in enumerate(block.items):
                problem = problem or _check_runs(value, f"{here}.items[{j}]")
        elif isinstance(block, Clause):
            problem = check_blocks(block.blocks, f"{here}.blocks")
        if problem:
            return problem
    return None


def _check_runs(parts: object, where: str) -> str | None:
    if not isinstance(parts, list) or not all(isinstance(p, Run) and isinstance(p.text, str) for p in parts):
        return f"{where} must be a list of Run"
    return None

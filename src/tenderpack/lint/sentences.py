"""The text of a document tree, as sentences that remember where they came from.

Every paragraph, list item, table cell, key fact, heading and clause title is read, and
each sentence keeps its document, section and clause, so a report can say exactly where a
long sentence or a word to avoid is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeGuard

from ..tree import Block, Clause, Document, Heading, KeyFacts, ListBlock, Paragraph, Table, plain_text

# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = {"e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "st", "no", "nos", "approx", "incl", "cf",
                  "vs", "co", "ltd", "plc", "inc", "para", "paras", "s", "ss", "sch", "art", "reg", "fig",
                  "min", "max", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
# A sentence ends at . ! ? or a colon, followed by space (closing quotes and brackets may come first).
_BOUNDARY = re.compile(r"(?<=[.!?:])[\"'”’)\]]*\s+")
_WORD = re.compile(r"\S*[A-Za-z0-9]\S*")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or one short piece of text, such as a heading) and where it is."""

    text: str
    document: str
    section: str
    clause: str | None = None
    kind: str = "paragraph"      # paragraph, list item, table cell, key fact, heading, title
    prose: bool = True           # running text: checked for length and the passive voice

    @property
    def words(self) -> int:
        return count_words(self.text)

    @property
    def where(self) -> str:
        """'section "How we score", clause 4.2 "Payment", table cell'."""
        parts = [f'section "{self.section}"'] if self.section else []
        if self.clause:
            parts.append(f"clause {self.clause}")
        parts.append(self.kind)
        return ", ".join(parts)


def count_words(text: str) -> int:
    """Words as a reader counts them: '£1,200,000' and 'go/no-go' are one word each."""
    return len(_WORD.findall(text))


def split_sentences(text: str) -> list[str]:
    """Split running text into sentences at . ! ? and colons followed by a space.

    'e.g.', 'No. 3', an initial, '3.5' and '12:00' do not end a sentence; a full stop
    followed by a lower-case word does not either ('approx. the').
    """
    text = _SPACE.sub(" ", text).strip()
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        head = text[start:match.end()].rstrip()
        core = head.rstrip("\"'”’)]")
        if core.endswith("."):
            last = core[:-1].rsplit(" ", 1)[-1].lower()
            if last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
                continue
            if text[match.end():match.end() + 1].islower():
                continue
        pieces.append(head)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces


def document_sentences(document: Document) -> list[Sentence]:
    """Every sentence of ``document`` in reading order, each with its section and clause."""
    out: list[Sentence] = []
    for section in document.sections:
        title = section.title
        out.append(Sentence(title, document.id, title, None, "section title", prose=False))
        out.extend(_blocks(section.blocks, document.id, title, None))
    return out


def _blocks(blocks, doc: str, section: str, clause: str | None) -> Iterator[Sentence]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield from _prose(plain_text(block.runs), doc, section, clause, "paragraph")
        elif isinstance(block, Heading):
            yield Sentence(block.text, doc, section, clause, "heading", prose=False)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _blocks(item, doc, section, clause) if not _only_paragraphs(item) else \
                    (s for p in item for s in _prose(plain_text(p.runs), doc, section, clause, "list item"))
        elif isinstance(block, Table):
            for cell in block.header:
                yield Sentence(plain_text(cell), doc, section, clause, "table header", prose=False)
            for row in block.rows:
                for cell in row:
                    yield from _prose(plain_text(cell), doc, section, clause, "table cell")
            if block.caption:
                yield Sentence(block.caption, doc, section, clause, "table caption", prose=False)
        elif isinstance(block, KeyFacts):
            if block.title:
                yield Sentence(block.title, doc, section, clause, "heading", prose=False)
            for label, value in block.items:
                yield Sentence(label, doc, section, clause, "key fact label", prose=False)
                yield from _prose(plain_text(value), doc, section, clause, "key fact")
        elif isinstance(block, Clause):
            name = f'{block.number} "{block.title}"' if block.number else f'"{block.title}"'
            yield Sentence(block.title, doc, section, name, "clause title", prose=False)
            yield from _blocks(block.blocks, doc, section, name)
        elif hasattr(block, "runs"):          # a node type added later: read what it says
            yield from _prose(plain_text(block.runs), doc, section, clause, "paragraph")
        elif hasattr(block, "blocks"):
            yield from _blocks(block.blocks, doc, section, clause)


def _only_paragraphs(item: list[Block]) -> TypeGuard[list[Paragraph]]:
    return all(isinstance(b, Paragraph) for b in item)


def _prose(text: str, doc: str, section: str, clause: str | None, kind: str) -> Iterator[Sentence]:
    for sentence in split_sentences(text):
        yield Sentence(sentence, doc, section, clause, kind)

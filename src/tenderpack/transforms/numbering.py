"""Number the clauses of a document: 1, 2, 3 ... in reading order, nested ones 1.1, 1.2."""

from __future__ import annotations

from ..tree import Block, Clause, Document


def number_clauses(document: Document) -> None:
    counter = 0
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Clause):
                counter += 1
                _number(block, str(counter))


def _number(clause: Clause, number: str) -> None:
    clause.number = number
    sub = 0
    for block in clause.blocks:
        if isinstance(block, Clause):
            sub += 1
            _number(block, f"{number}.{sub}")


def clause_numbers(blocks: list[Block]) -> dict[str, str]:
    """key -> number for every keyed clause in ``blocks`` (for cross-references)."""
    found: dict[str, str] = {}
    for block in blocks:
        if isinstance(block, Clause):
            if block.key and block.number:
                found[block.key] = block.number
            found.update(clause_numbers(block.blocks))
    return found

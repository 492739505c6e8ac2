"""Transforms run over a composed document before any writer sees it, ordered by priority.

Like docutils transforms: each is a function of the document, run lowest priority first.
Numbering comes first; the definitions list and the cross-references ("clause 14") need
the numbers, or come after them.
"""

from __future__ import annotations

from collections.abc import Callable

from ..tree import Document
from .definitions import build_definitions
from .numbering import number_clauses
from .references import resolve_references

Transform = Callable[[Document], None]

# (priority, transform): numbering must run before cross-references resolve numbers.
TRANSFORMS: list[tuple[int, Transform]] = [
    (100, number_clauses),
    (200, build_definitions),
    (300, resolve_references),
]


def apply(document: Document) -> Document:
    for _, transform in sorted(TRANSFORMS, key=lambda t: t[0]):
        transform(document)
    return document

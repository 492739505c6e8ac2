"""Transforms run over a composed document before any writer sees it, ordered by priority.

Like docutils transforms: each is a function of the document, run lowest priority first.
"""

from __future__ import annotations

from collections.abc import Callable

from ..tree import Document
from .numbering import number_clauses

Transform = Callable[[Document], None]

# (priority, transform): numbering must run before cross-references resolve numbers.
TRANSFORMS: list[tuple[int, Transform]] = [
    (100, number_clauses),
]


def apply(document: Document) -> Document:
    for _, transform in sorted(TRANSFORMS, key=lambda t: t[0]):
        transform(document)
    return document

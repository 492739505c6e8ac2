"""Transforms run over a composed document before any writer sees it, ordered by priority.

Like docutils transforms: each is a function of the document, run lowest priority first.
Numbering comes first; the definitions list and the cross-references ("clause 14") need
the numbers, or come after them.

The transform modules, and TRANSFORMS, are loaded on first use (PEP 562): compose imports
this package, and ``tenderpack validate`` never runs a transform.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any

from ..tree import Document

if TYPE_CHECKING:
    from .definitions import build_definitions
    from .numbering import number_clauses
    from .references import resolve_references

    TRANSFORMS: list[tuple[int, Transform]]

Transform = Callable[[Document], None]

# name -> the module of this package that defines it
_LAZY = {"number_clauses": "numbering", "build_definitions": "definitions", "resolve_references": "references"}


def __getattr__(name: str) -> Any:
    if name == "TRANSFORMS":
        # (priority, transform): numbering must run before cross-references resolve numbers.
        value: Any = [
            (100, __getattr__("number_clauses")),
            (200, __getattr__("build_definitions")),
            (300, __getattr__("resolve_references")),
        ]
    elif name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value   # one list for everyone: a change to TRANSFORMS is seen by apply()
    return value


def apply(document: Document) -> Document:
    transforms = globals()["TRANSFORMS"] if "TRANSFORMS" in globals() else __getattr__("TRANSFORMS")
    for _, transform in sorted(transforms, key=lambda t: t[0]):
        transform(document)
    return document

"""Writers turn one document tree into one file format.

Each writer is a visitor over the tree (see ``Visitor``) and fails loudly on a node type it
does not know, so a new node can never be dropped silently from one format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from ..errors import WriterError
from ..templates import Templates
from ..tree import Document


@runtime_checkable
class Writer(Protocol):
    """What ``register_writers`` expects: a format name, a file extension and ``write``."""

    format: str
    extension: str

    def write(self, document: Document, target: Path, templates: Templates) -> None:
        """Write ``document`` to ``target``; raise WriterError on failure."""


class Visitor:
    """Dispatch on a node's ``kind``: a Paragraph goes to ``visit_paragraph`` and so on."""

    def visit(self, node, *args, **kwargs):
        kind = getattr(type(node), "kind", None)
        method = getattr(self, f"visit_{kind}", None) if kind else None
        if method is None:
            raise WriterError(f"{type(self).__name__} cannot write a {type(node).__name__} node")
        return method(node, *args, **kwargs)

    def visit_all(self, nodes, *args, **kwargs):
        for node in nodes:
            self.visit(node, *args, **kwargs)

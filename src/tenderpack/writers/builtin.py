"""The built-in writers, registered through the same hook as any plugin's writer.

Each is loaded lazily: python-docx and WeasyPrint are imported only when a document is
actually written in that format, so ``tenderpack validate`` starts fast.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

from ..hookspecs import RegisterWriter, hookimpl
from ..templates import Templates
from ..tree import Document


class LazyWriter:
    """A writer whose implementation module is imported on first use."""

    def __init__(self, format: str, extension: str, module: str, cls: str):
        self.format, self.extension = format, extension
        self._module, self._cls = module, cls
        # The writer, imported by name on first use; a data writer takes an artifact's content.
        self._impl: Any = None

    def warm_up(self) -> None:
        """Import the implementation now: a render worker does it while the documents are composed."""
        if self._impl is None:
            self._impl = getattr(import_module(self._module, __package__), self._cls)()

    def write(self, document: Document | object, target: Path, templates: Templates) -> None:
        self.warm_up()
        self._impl.write(document, target, templates)


@hookimpl
def register_writers(register: RegisterWriter) -> None:
    register(LazyWriter("docx", ".docx", ".docx", "DocxWriter"))
    register(LazyWriter("pdf", ".pdf", ".pdf", "PdfWriter"))
    register(LazyWriter("json", ".json", ".data", "JsonWriter"))
    register(LazyWriter("xlsx", ".xlsx", ".xlsx", "XlsxWriter"))
    register(LazyWriter("ics", ".ics", ".ics", "IcsWriter"))

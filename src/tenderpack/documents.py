"""What a plugin registers to add a document to the pack."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

_ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)
class DocumentType:
    """A document that a plugin adds to the pack.

    ``id`` names the output file (``<id>.docx``) and is what ``--only`` takes. ``folder``
    puts the files in a sub-folder of the pack (the SME pack uses ``sme``). Documents are
    written in ``order``. ``formats`` limits the formats the document is written in (None:
    every format asked for with --format). ``layout`` "brief" drops the cover page and
    contents for a short document: the title sits at the top of the first page.
    """

    id: str
    title: str
    audience: Literal["full", "sme"] = "full"
    order: int = 500
    folder: str | None = None
    formats: tuple[str, ...] | None = None
    description: str = ""
    toc: bool = True
    layout: Literal["full", "brief"] = "full"
    plugin: str = field(default="", compare=False)

    def __post_init__(self):
        if not _ID.match(self.id):
            raise ValueError(f"document id {self.id!r} must be lower-case letters, digits and hyphens")

    @property
    def stem(self) -> str:
        """The output path without its extension, relative to the pack."""
        return f"{self.folder}/{self.id}" if self.folder else self.id

"""How an uploaded file is received: Django's upload handler interface, with a cap and no name.

Django's own handlers keep a large upload in a temporary file named with the browser's file
name extension, and keep every byte sent. This one spools to an unnamed temporary file in the
data folder (memory first), stops keeping bytes past the largest file the page accepts (the
engine's ATTACHMENT_MAX_BYTES) while still counting them, so that the page can say the file is
too big in its own words, and the name the browser gave is only ever data.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from ..limits import ATTACHMENT_MAX_BYTES, SPEC_MAX_BYTES

INCOMING = "incoming"   # <data>/incoming: spooled uploads, unnamed, gone when closed


class CappedUploadHandler(FileUploadHandler):
    """Each uploaded file in a spooled temporary file, at most ATTACHMENT_MAX_BYTES of it kept;
    its ``size`` is every byte sent, so a larger file is seen as larger and refused."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        folder = Path(settings.TENDERPACK_DATA) / INCOMING
        folder.mkdir(parents=True, exist_ok=True)
        self.spool = tempfile.SpooledTemporaryFile(max_size=SPEC_MAX_BYTES, dir=str(folder))
        self.size = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = ATTACHMENT_MAX_BYTES + 1 - self.size
        if room > 0:
            self.spool.write(raw_data[:room])
        self.size += len(raw_data)
        return None   # this handler keeps the file: no other handler sees the bytes

    def file_complete(self, file_size: int) -> UploadedFile:
        self.spool.seek(0)
        return UploadedFile(file=self.spool, name=self.file_name, content_type=self.content_type, size=self.size,
                            charset=self.charset, content_type_extra=self.content_type_extra)

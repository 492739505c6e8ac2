"""A version's spec on disk: its tender.yaml and the files it attaches, as the command line finds them.

A buyer uploads a file for one of the spec's attachments (``attachments[].file``). The bytes
are kept once, under a key the server makes: ``<data>/attached/<tender>/<key>``; nothing the
browser sent names a file or a folder. The spec's ``file:`` is set by the server alone, to
``files/<key>/<name>``, where the name is the uploaded file's name made plain by the engine's
own ``attachment_name`` (so the pack holds ``attachments/site-list.csv``, not a key).

Whenever a version is checked or built, its tender.yaml is written to its folder and each file it
names that way is put beside it (a hard link, or a copy across file systems): the engine then
reads the spec exactly as ``tenderpack build`` reads a spec in a folder, with every limit and
check of attachments.py. A file the server does not hold (a spec uploaded with paths of the
buyer's own computer) is simply not there, and the engine says so beside its field.

The same folder, zipped, is the download that ``tenderpack build`` takes unchanged.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import IO, Any

from ..limits import ATTACHMENT_MAX_BYTES
from ..spec import attachment_name
from . import engine

STORE = "attached"    # <data>/attached/<tender>/<key>: the uploaded bytes
FOLDER = "files"      # files/<key>/<name> beside a version's tender.yaml
_VALUE = re.compile(r"files/([0-9a-f]{32})/([a-z0-9][a-z0-9.-]{0,120})")


class Refused(Exception):
    """An uploaded file that cannot be kept; the message says why, in the page's words."""


def size_text(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


TOO_BIG = (f"The selected file must be {size_text(ATTACHMENT_MAX_BYTES)} or smaller (ATTACHMENT_MAX_BYTES, the "
           "limit for one attached file)")


def store(data: Path, tender_id: int, upload: Any) -> str:
    """Keep ``upload`` (a Django UploadedFile) for the tender; the spec's ``file:`` value for it.

    Refused when it is empty or over ATTACHMENT_MAX_BYTES, the engine's own limit for one
    attached file (a larger file would only be refused at the build)."""
    if upload.size is None or upload.size > ATTACHMENT_MAX_BYTES:
        raise Refused(TOO_BIG)
    if upload.size == 0:
        raise Refused("The selected file is empty")
    key = secrets.token_hex(16)
    folder = data / STORE / str(int(tender_id))
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{key}.part"
    written = 0
    try:
        with open(partial, "xb") as out:
            for chunk in upload.chunks():
                written += len(chunk)
                if written > ATTACHMENT_MAX_BYTES:   # longer than it said: refused all the same
                    raise Refused(TOO_BIG)
                out.write(chunk)
        partial.replace(folder / key)
    finally:
        partial.unlink(missing_ok=True)
    return f"{FOLDER}/{key}/{attachment_name(upload.name or 'attachment')}"


def stored_name(value: str) -> str | None:
    """The file's name when ``value`` is a ``file:`` the server set for an upload, else None."""
    match = _VALUE.fullmatch(value)
    return match.group(2) if match else None


def held(data: Path, tender_id: int, value: str) -> bool:
    """Whether ``value`` (a ``file:``) names a file uploaded for this tender and kept here."""
    match = _VALUE.fullmatch(value)
    return match is not None and (data / STORE / str(int(tender_id)) / match.group(1)).is_file()


def named(spec_data: Any) -> list[tuple[str, str]]:
    """(key, name) of each stored file the spec's data attaches, in order."""
    items = spec_data.get("attachments") if isinstance(spec_data, dict) else None
    out = []
    for item in items if isinstance(items, list) else []:
        given = item.get("file") if isinstance(item, dict) else None
        match = _VALUE.fullmatch(given) if isinstance(given, str) else None
        if match:
            out.append((match.group(1), match.group(2)))
    return out


def place(data: Path, tender_id: int, spec_path: Path, spec_data: Any) -> bool:
    """Put each stored file the spec attaches beside ``spec_path``; whether any was new."""
    placed = False
    for key, name in named(spec_data):
        source = data / STORE / str(int(tender_id)) / key
        target = spec_path.parent / FOLDER / key / name
        if target.exists() or not source.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except FileExistsError:   # the page and a worker placed it at the same moment
            pass
        except OSError:           # another file system: copy, then rename, so no reader sees half a file
            partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
            shutil.copyfile(source, partial)
            partial.replace(target)
        placed = True
    return placed


def materialise(data: Path, tender_id: int, number: int, text: str) -> Path:
    """The version's tender.yaml written (from the database's text) with its files beside it."""
    path = engine.spec_file(data, tender_id, number)
    engine.write_spec(path, text)
    parsed, _ = engine.parse(text)
    if place(data, tender_id, path, parsed):
        engine.forget()   # a check made before the files were there is out of date
    return path


def zipped(spec_path: Path, spec_data: Any) -> IO[bytes]:
    """The spec and the files it attaches as one zip (an unnamed temporary file, at its start):
    unzipped, ``tenderpack build tender.yaml`` finds every file where the spec says it is."""
    out = tempfile.TemporaryFile(dir=spec_path.parent)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(spec_path, engine.SPEC_NAME)
        for key, name in dict.fromkeys(named(spec_data)):   # a file attached twice is zipped once
            file = spec_path.parent / FOLDER / key / name
            if file.is_file():
                archive.write(file, f"{FOLDER}/{key}/{name}")
    out.seek(0)
    return out

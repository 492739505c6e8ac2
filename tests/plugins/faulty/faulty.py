"""A plugin that fails on purpose, for tests/test_faults.py.

Without TENDERPACK_FAULT it behaves: its "faulty" format writes a small text file per
document. TENDERPACK_FAULT chooses the failure (read at each call, so a test can set it
after loading, and it reaches worker processes and `tenderpack build` run as a subprocess):

  writer-raise       the writer writes half its file for one document, then raises
  writer-enospc      ... then raises OSError(ENOSPC), as a full disk would
  writer-interrupt   ... then raises KeyboardInterrupt, as Ctrl-C would
  writer-sigterm     ... then sends SIGTERM to its own process
  writer-hang        ... then creates the file TENDERPACK_FAULT_READY and waits to be
                     killed (so a test can signal the build while it is writing, with no
                     sleeps of its own)
  sections-raise     document_sections raises for every document
  sections-raise-on:N  document_sections raises on its Nth call only
  artifact-raise     an artifact whose content, computed after the documents are written, raises
  pack-built-raise   the pack_built hook raises

The writer faults happen on the document TENDERPACK_FAULT_AT (default invitation-to-tender,
midway through the pack).
"""

import errno
import os
import signal
import time
from pathlib import Path

from tenderpack import Artifact, hookimpl

CALLS = {"document_sections": 0}
HANG_LIMIT = 120   # seconds: only a safety net, so a broken test cannot hang for ever


def fault() -> str:
    return os.environ.get("TENDERPACK_FAULT", "")


class FaultyWriter:
    format = "faulty"
    extension = ".txt"

    def write(self, document, target, templates):
        text = "\n".join([document.title, *(s.title for s in document.sections)]) + "\n"
        if not fault().startswith("writer-") or document.id != os.environ.get("TENDERPACK_FAULT_AT",
                                                                               "invitation-to-tender"):
            target.write_text(text, encoding="utf-8")
            return
        with target.open("w", encoding="utf-8") as handle:   # a partial file, on disk
            handle.write(text[: len(text) // 2])
        kind = fault()
        if kind == "writer-raise":
            raise RuntimeError("the faulty writer broke halfway")
        if kind == "writer-enospc":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        if kind == "writer-interrupt":
            raise KeyboardInterrupt
        if kind == "writer-sigterm":
            if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:   # it would kill the test run
                raise RuntimeError("SIGTERM is not handled during the build")
            os.kill(os.getpid(), signal.SIGTERM)
        elif kind == "writer-hang":
            ready = Path(os.environ["TENDERPACK_FAULT_READY"])
            ready.with_suffix(".part").write_text(str(os.getpid()))
            os.replace(ready.with_suffix(".part"), ready)   # appears whole
        deadline = time.monotonic() + HANG_LIMIT
        while time.monotonic() < deadline:
            time.sleep(0.05)
        raise RuntimeError(f"{kind}: nobody stopped the build within {HANG_LIMIT} s")


@hookimpl
def register_writers(register):
    register(FaultyWriter())


@hookimpl
def document_sections(spec, document):
    CALLS["document_sections"] += 1
    if fault() == "sections-raise":
        raise RuntimeError(f"no sections for {document.id}")
    if fault().startswith("sections-raise-on:") and CALLS["document_sections"] == int(fault().split(":")[1]):
        raise RuntimeError(f"failed on call {CALLS['document_sections']} ({document.id})")
    return None


@hookimpl
def register_artifacts(register, spec):
    if fault() == "artifact-raise":
        def content(files):
            raise RuntimeError(f"the index broke after {len(files)} files")
        register(Artifact(id="faulty-index", title="Index", format="json", content=content))


@hookimpl
def pack_built(pack, out_dir):
    if fault() == "pack-built-raise":
        raise RuntimeError("could not send the notification")

"""Built packs of the examples, shared by the tests that read the output back.

Building a pack takes seconds, so each example is built once per test run (in a temporary
folder removed at exit) and the tests read the files. Also: helpers to read .docx, PDF,
.xlsx and .ics files, and to run LibreOffice headless.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path


from conftest import EXAMPLES

_ROOT = Path(tempfile.mkdtemp(prefix="tenderpack-packs-"))
atexit.register(shutil.rmtree, _ROOT, ignore_errors=True)

# --------------------------------------------------------------------------- spec variants


def write_variant(folder: Path, base: dict, change=None, name: str = "tender.yaml") -> Path:
    """A copy of the spec data ``base``, changed by ``change(data)``, written into ``folder`` as YAML."""
    import copy

    import yaml

    data = copy.deepcopy(base)
    if change:
        change(data)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def line_of(path: Path, piece: str) -> int:
    """The 1-based number of the first line of the file that starts (after its indent) with ``piece``."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.lstrip().startswith(piece))


def problems(path: Path) -> dict[str, list[str]]:
    """code -> the located problems (as printed) that the rules found; no rule may fail to run."""
    from tenderpack.plugins import Plugins
    from tenderpack.tender import Tender

    report = Tender.load(path, Plugins()).checks()
    assert report.failures == []
    out: dict[str, list[str]] = {}
    for p in report.problems:
        out.setdefault(p.code, []).append(str(p))
    return out


# The Debian packages LibreOffice needs for these tests: Writer (docx -> pdf) and Calc (xlsx).
LIBREOFFICE_PACKAGES = "libreoffice-writer-nogui libreoffice-calc-nogui"


@lru_cache(maxsize=None)
def built(example: str, formats: tuple[str, ...] = ("docx", "pdf")) -> Path:
    """The pack of examples/<example>, built once; returns its folder."""
    from tenderpack.build import BuildOptions, build

    out = _ROOT / f"{example.removesuffix('.yaml')}-{'-'.join(formats)}"
    build(EXAMPLES / example, out, BuildOptions(formats=formats))
    return out


# --------------------------------------------------------------------------- readers


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a .docx, one per line, in document order."""
    import docx

    document = docx.Document(str(path))
    out: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row:
                        if cell.tag.endswith("}tc"):
                            cells.append("".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")))
                    out.append(" | ".join(cells))
    return "\n".join(out)


def docx_tables(path: Path) -> list[list[list[str]]]:
    """Every table of a .docx as rows of cell texts."""
    import docx

    document = docx.Document(str(path))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def flat(value: str) -> str:
    """Text with every run of white space made one space (PDF text breaks lines anywhere)."""
    return " ".join(value.split())


# --------------------------------------------------------------------------- LibreOffice


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    # scripts/setup.sh installs it; a missing LibreOffice is a broken set-up, not a reason to skip.
    assert path is not None, f"LibreOffice is not installed (Debian: apt-get install {LIBREOFFICE_PACKAGES})"
    return path


def convert(source: Path, to: str, scratch: Path) -> Path:
    """Convert ``source`` with LibreOffice headless into ``scratch`` (never the pack folder:
    LibreOffice would overwrite our own PDF). LibreOffice exits 0 even when it fails, so the
    output file is checked."""
    scratch.mkdir(parents=True, exist_ok=True)
    copy = scratch / source.name
    shutil.copyfile(source, copy)
    profile = scratch / "lo-profile"
    command = [soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
               "--convert-to", to, "--outdir", str(scratch / "out"), str(copy)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=240)
    suffix = to.split(":", 1)[0]
    target = scratch / "out" / f"{copy.stem}.{suffix}"
    assert target.exists(), (f"LibreOffice did not convert {source.name} to {to} "
                             f"(Debian packages needed: {LIBREOFFICE_PACKAGES}): {result.stdout} {result.stderr}")
    return target


# --------------------------------------------------------------------------- composed trees


def section_units(sections) -> list[str]:
    """Each piece of text a reader sees in these sections, in order: each section's title, then its
    paragraphs, headings, table cells and key facts (empty ones left out)."""
    from tenderpack.tree import Heading, KeyFacts, Paragraph, Table, plain_text, walk

    out: list[str] = []
    for section in sections:
        out.append(section.title)
        for block in walk(section.blocks):
            if isinstance(block, Paragraph):
                out.append(plain_text(block.runs))
            elif isinstance(block, Heading):
                out.append(block.text)
            elif isinstance(block, Table):
                out += [plain_text(c) for c in block.header]
                out += [plain_text(c) for row in block.rows for c in row]
            elif isinstance(block, KeyFacts):
                for label, value in block.items:
                    out += [label, plain_text(value)]
    return [u for u in out if u.strip()]

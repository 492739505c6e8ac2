"""House-style templates (--template-dir) are data, never code.

document.html and master.docx run in an immutable sandbox that calls nothing and knows only
the filters the built-in templates use; files come only from inside the template folders,
never through a symbolic link, and every file is bounded in size (tenderpack.limits).
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import sample_context
from pypdf import PdfReader

from tenderpack.errors import InputError, WriterError
from tenderpack.limits import (MASTER_MAX_ELEMENTS, MASTER_MAX_UNCOMPRESSED_BYTES, TEMPLATE_FILE_MAX_BYTES,
                               TEMPLATE_MAX_BYTES)
from tenderpack.templates import Templates
from tenderpack.tree import Document, Paragraph, Section
from tenderpack.writers.docx import DocxWriter
from tenderpack.writers.pdf import PdfWriter

MASTER = Path(__file__).resolve().parents[1] / "templates" / "master.docx"


def small_document() -> Document:
    return Document(id="small", title="Invitation to tender", context=sample_context(layout="brief"),
                    sections=[Section("Only section", key="only", blocks=[Paragraph.of("Hello.")])])


def house(tmp_path: Path, **files: str) -> Path:
    """A template folder holding ``files`` (name -> text)."""
    folder = tmp_path / "house"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return folder


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def master_with(folder: Path, text: str) -> Path:
    """A copy of the built-in master.docx with one more paragraph, ``text``, at the top."""
    folder.mkdir(exist_ok=True)
    master = docx.Document(str(MASTER))
    master.paragraphs[0].insert_paragraph_before(text)
    master.save(str(folder / "master.docx"))
    return folder


def master_zip(folder: Path, edit) -> Path:
    """A copy of the built-in master.docx with its parts changed by ``edit(name, bytes)``."""
    folder.mkdir(exist_ok=True)
    with zipfile.ZipFile(MASTER) as source, zipfile.ZipFile(folder / "master.docx", "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, edit(info.filename, source.read(info)))
        extra = edit("(new)", b"")
        if extra:
            out.writestr("word/media/padding.bin", extra)
    return folder


# ---------------------------------------------------------------------------- code in document.html

# Each would run a shell command (touch MARKER) in a plain Jinja2 environment.
ESCAPES = [
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "{{ joiner.__init__.__globals__['os'].system('touch MARKER') }}",
    "{% set x = lipsum %}{{ x.__globals__['os'].popen('touch MARKER').read() }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_code_in_document_html_never_runs(tmp_path, payload):
    """A document.html that reaches for Python stops the build with an InputError naming the
    file and line; the command never runs and no PDF is written."""
    marker = tmp_path / "ran"
    folder = house(tmp_path, document__html="<html>\n<body>\n" + payload.replace("MARKER", str(marker)) + "\n</body></html>")
    target = tmp_path / "out.pdf"
    with pytest.raises(InputError, match=r"house/document\.html:3: .*not allowed in a house-style template") as error:
        PdfWriter().write(small_document(), target, Templates(folder))
    assert error.value.issues[0].where.line == 3
    assert not marker.exists() and not target.exists()


@pytest.mark.parametrize("line, message", [
    ("{{ title | upper }}", "the filter 'upper' is not allowed"),
    ("{{ title | attr('__class__') }}", "the filter 'attr' is not allowed"),
    ("{% if title is defined %}x{% endif %}", "the test 'is defined' is not allowed"),
    ("{{ range(10) | join(',') }}", r"calling range\(\.\.\.\) is not allowed"),
    ("{{ '{0.__class__}'.format(title) }}", r"calling '\{0\.__class__\}'\.format\(\.\.\.\) is not allowed"),
    ("{% autoescape false %}{{ title }}{% endautoescape %}", r"\{% autoescape %\} is not allowed"),
    ("{{ title.__class__ }}", "'__class__' is private"),
    ("{{ toc.append }}", "access to attribute 'append' of 'list' object is unsafe"),
    ("{{ 'x' * 20000000 }}", r"over the limit of 10,000,000 characters \(SANDBOX_MAX_TEXT\)"),
])
def test_document_html_may_use_only_what_the_builtin_templates_use(tmp_path, line, message):
    """Filters, tests, calls and attributes beyond those of the built-in templates are refused,
    located at the line that asks for them."""
    folder = house(tmp_path, document__html=f"<html><body>\n\n{line}\n{{{{ body }}}}</body></html>")
    with pytest.raises(InputError, match=rf"document\.html:3: .*{message}"):
        PdfWriter().render_html(small_document(), Templates(folder))


def test_builtin_template_features_still_work_in_a_house_style(tmp_path):
    """Variables, if, for, set, include (of a file in the folder), default and join all work."""
    folder = house(tmp_path,
                   document__html='<html lang="{{ language }}"><body>{% include "cover.html" %}'
                                  '{% for b in buyers %}<p>[{{ b }}]</p>{% endfor %}{{ body }}</body></html>',
                   cover__html='{% set who = buyers | join(" & ") %}<h1>{{ title }} for {{ who }}</h1>'
                               '<p>{{ layout | default("full") }}</p>')
    target = tmp_path / "out.pdf"
    PdfWriter().write(small_document(), target, Templates(folder))
    text = " ".join(pdf_text(target).split())
    assert "Home care <outcomes> & {{ 7*7 }} for Dunmore City Council & Eastvale Borough Council" in text
    assert "[Dunmore City Council]" in text and "brief" in text and "Hello." in text


# ---------------------------------------------------------------------------- files the templates read


def test_include_through_a_symbolic_link_is_refused(tmp_path):
    """{% include 'leak.txt' %} with leak.txt a link to a file elsewhere stops the build
    naming the link; the file's text never reaches a PDF."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE")
    folder = house(tmp_path, document__html="<html><body>\n{% include 'leak.txt' %}{{ body }}</body></html>")
    (folder / "leak.txt").symlink_to(secret)
    target = tmp_path / "out.pdf"
    with pytest.raises(InputError, match=r"house/leak\.txt: a symbolic link, refused") as error:
        PdfWriter().write(small_document(), target, Templates(folder))
    assert not target.exists()
    assert error.value.__cause__ is not error.value   # a cycle of causes hung the build's error handling


def test_include_outside_the_folder_is_refused_where_it_is_asked(tmp_path):
    """{% include '../x' %} names the template and line that asked for it."""
    (tmp_path / "secret.html").write_text("TOP-SECRET")
    folder = house(tmp_path, document__html="<html><body>\n{% include '../secret.html' %}{{ body }}</body></html>")
    with pytest.raises(InputError, match=r"document\.html:2: template '\.\./secret\.html': not a file name inside"):
        PdfWriter().render_html(small_document(), Templates(folder))


@pytest.mark.parametrize("name", ["print.css", "logo.png", "document.html", "master.docx"])
def test_template_find_refuses_a_symbolic_link(tmp_path, name):
    """A link in the template folder is refused, even one to a file in the same folder:
    never followed, never quietly replaced by the built-in file."""
    folder = house(tmp_path)
    (folder / "real.bin").write_bytes(b"x")
    (folder / name).symlink_to(folder / "real.bin")
    with pytest.raises(InputError, match=rf"house/{name}: a symbolic link, refused") as error:
        Templates(folder).find(name)
    assert error.value.issues[0].where.file == str(folder.resolve() / name)


def test_template_find_refuses_what_is_not_a_regular_file(tmp_path):
    """A fifo (which would block a read for ever) is refused, not skipped for the built-in one."""
    folder = house(tmp_path)
    os.mkfifo(folder / "print.css")
    with pytest.raises(InputError, match=r"house/print\.css: not a regular file"):
        Templates(folder).find("print.css")
    assert stat.S_ISFIFO((folder / "print.css").lstat().st_mode)


def test_symbolic_link_to_the_logo_stops_the_word_writer(tmp_path):
    """logo.png as a link stops the Word writer too, with the file named."""
    folder = house(tmp_path)
    (tmp_path / "elsewhere.png").write_bytes(b"\x89PNG")
    (folder / "logo.png").symlink_to(tmp_path / "elsewhere.png")
    with pytest.raises(InputError, match=r"house/logo\.png: a symbolic link"):
        DocxWriter().write(small_document(), tmp_path / "out.docx", Templates(folder))
    assert not (tmp_path / "out.docx").exists()


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    """A file bigger than TEMPLATE_FILE_MAX_BYTES (a sparse file here) is refused unread."""
    folder = house(tmp_path)
    with open(folder / "logo.png", "wb") as handle:
        handle.truncate(TEMPLATE_FILE_MAX_BYTES + 1)
    with pytest.raises(InputError, match=r"logo\.png: 20 MB, over the limit of 20 MB .*\(TEMPLATE_FILE_MAX_BYTES\)"):
        Templates(folder).find("logo.png")


@pytest.mark.parametrize("name", ["document.html", "print.css"])
def test_text_templates_over_the_limit_are_refused(tmp_path, name):
    """document.html and print.css are bounded by TEMPLATE_MAX_BYTES, with the file named."""
    folder = house(tmp_path)
    (folder / name).write_bytes(b" " * (TEMPLATE_MAX_BYTES + 1))
    with pytest.raises(InputError, match=rf"house/{name}: over the limit of 2 MB .*\(TEMPLATE_MAX_BYTES\)"):
        PdfWriter().write(small_document(), tmp_path / "out.pdf", Templates(folder))


# ---------------------------------------------------------------------------- what the CSS may fetch


@pytest.mark.parametrize("css", [
    "@import url(file:///etc/passwd);",
    "body { background: url(file:///etc/passwd); }",
    "body { background: url(../secret.png); }",
    "@font-face { font-family: X; src: url(fonts/../../secret.png); } body { font-family: X; }",
])
def test_print_css_cannot_reach_outside_the_folder(tmp_path, css):
    """url() and @import outside the template folders are refused, and nothing is written."""
    (tmp_path / "secret.png").write_bytes(b"\x89PNG")
    folder = house(tmp_path, print__css=css + "\nhtml { font-family: 'Liberation Sans'; }\n")
    target = tmp_path / "out.pdf"
    with pytest.raises(WriterError, match="refused to fetch"):
        PdfWriter().write(small_document(), target, Templates(folder))
    assert not target.exists()


def test_print_css_may_not_import_through_a_symbolic_link(tmp_path):
    """A link inside the folder is refused even when it points inside the folder."""
    folder = house(tmp_path, real__css="p { color: red; }",
                   print__css="@import url(alias.css);\nhtml { font-family: 'Liberation Sans'; }\n")
    (folder / "alias.css").symlink_to(folder / "real.css")
    with pytest.raises(WriterError, match=r"refused to fetch .*alias\.css.*a symbolic link"):
        PdfWriter().write(small_document(), tmp_path / "out.pdf", Templates(folder))


def test_imported_css_over_the_limit_is_refused(tmp_path):
    """A stylesheet print.css imports is text WeasyPrint parses: TEMPLATE_MAX_BYTES bounds it."""
    folder = house(tmp_path, print__css="@import url(big.css);\nhtml { font-family: 'Liberation Sans'; }\n")
    (folder / "big.css").write_bytes(b"/*" + b" " * TEMPLATE_MAX_BYTES + b"*/")
    with pytest.raises(WriterError, match=r"big\.css.*over the limit of 2 MB .*\(TEMPLATE_MAX_BYTES\)"):
        PdfWriter().write(small_document(), tmp_path / "out.pdf", Templates(folder))


def test_files_inside_the_folder_are_still_fetched(tmp_path):
    """An @import of a real file in the folder still works."""
    folder = house(tmp_path, extra__css='@page { @top-center { content: "HOUSE EXTRA"; } }',
                   print__css="@import url(extra.css);\nhtml { font-family: 'Liberation Sans'; }\n")
    target = tmp_path / "out.pdf"
    PdfWriter().write(small_document(), target, Templates(folder))
    assert "HOUSE EXTRA" in pdf_text(target)


# ---------------------------------------------------------------------------- master.docx


@pytest.mark.parametrize("payload", ESCAPES[:2] + ["{{ '{0}'.format(title) }}", "{{ title | upper }}"])
def test_code_in_master_docx_never_runs(tmp_path, payload):
    """master.docx's tags run in the same sandbox: an InputError names master.docx and the
    part, the command never runs and no Word file is written."""
    marker = tmp_path / "ran"
    folder = master_with(tmp_path / "house", payload.replace("MARKER", str(marker)))
    target = tmp_path / "out.docx"
    with pytest.raises(InputError, match=r"house/master\.docx: .*not allowed.* in word/document\.xml"):
        DocxWriter().write(small_document(), target, Templates(folder))
    assert not marker.exists() and not target.exists()


def test_master_with_too_many_elements_is_refused_at_once(tmp_path):
    """A master.docx of a few KB that holds thousands of empty paragraphs (each costs time in
    every document) is refused before it is rendered, naming MASTER_MAX_ELEMENTS."""
    empty = b"<w:p><w:r><w:t></w:t></w:r></w:p>" * (MASTER_MAX_ELEMENTS // 3 + 1)
    folder = master_zip(tmp_path / "house", lambda name, data: data.replace(b"<w:body>", b"<w:body>" + empty, 1)
                        if name == "word/document.xml" else data)
    assert (folder / "master.docx").stat().st_size < 40_000
    with pytest.raises(InputError, match=r"house/master\.docx: word/document\.xml: .*more than 20,000 XML "
                                         r"elements.*\(MASTER_MAX_ELEMENTS\)"):
        DocxWriter().write(small_document(), tmp_path / "out.docx", Templates(folder))


def test_master_that_unpacks_too_far_is_refused(tmp_path):
    """A zip bomb: a part of zeros that unpacks past MASTER_MAX_UNCOMPRESSED_BYTES."""
    zeros = bytes(MASTER_MAX_UNCOMPRESSED_BYTES + 1)
    folder = master_zip(tmp_path / "house", lambda name, data: zeros if name == "(new)" else data)
    assert (folder / "master.docx").stat().st_size < 1_000_000
    with pytest.raises(InputError, match=r"master\.docx: unpacks to more than 64 MB \(MASTER_MAX_UNCOMPRESSED_BYTES\)"):
        DocxWriter().write(small_document(), tmp_path / "out.docx", Templates(folder))


def test_master_part_over_the_template_limit_is_refused(tmp_path):
    """An XML part of master.docx over TEMPLATE_MAX_BYTES (a comment, here) is refused."""
    padding = b"<!--" + b" " * TEMPLATE_MAX_BYTES + b"-->"
    folder = master_zip(tmp_path / "house", lambda name, data: data.replace(b"<w:body>", b"<w:body>" + padding, 1)
                        if name == "word/document.xml" else data)
    with pytest.raises(InputError, match=r"word/document\.xml is over the limit of 2 MB .*\(TEMPLATE_MAX_BYTES\)"):
        DocxWriter().write(small_document(), tmp_path / "out.docx", Templates(folder))


def test_a_real_house_master_still_renders(tmp_path):
    """A master with extra tags and a large header still works (the built-in one, edited)."""
    folder = master_with(tmp_path / "house", "House style for {{ buyers | join(' and ') }} · {{ reference }}")
    target = tmp_path / "out.docx"
    DocxWriter().write(small_document(), target, Templates(folder))
    text = [p.text for p in docx.Document(io.BytesIO(target.read_bytes())).paragraphs]
    assert "House style for Dunmore City Council and Eastvale Borough Council · DCC-2026-0142" in text


# ---------------------------------------------------------------------------- the command line


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("hostile", ["code", "link", "master"])
def test_build_with_a_hostile_house_style_is_bad_input(tmp_path, hostile, jobs):
    """tenderpack build --template-dir with code or a link in it exits 2 with the file named,
    no traceback and no pack, in one process or in workers."""
    from click.testing import CliRunner

    from tenderpack.cli import cli

    marker = tmp_path / "ran"
    folder = tmp_path / "house"
    if hostile == "code":
        house(tmp_path, document__html="<html>\n" + ESCAPES[0].replace("MARKER", str(marker)) + "{{ body }}</html>")
    elif hostile == "link":
        house(tmp_path, document__html="<html>\n{% include 'leak.txt' %}{{ body }}</html>")
        (folder / "leak.txt").symlink_to("/etc/passwd")
    else:
        master_with(folder, ESCAPES[1].replace("MARKER", str(marker)))
    out = tmp_path / "pack"
    fmt = "docx" if hostile == "master" else "pdf"
    spec = Path(__file__).parent / "fixtures" / "minimal.yaml"
    result = CliRunner().invoke(cli, ["build", str(spec), "-o", str(out), "--template-dir", str(folder),
                                      "--only", "invitation-to-tender", "--format", fmt, "--jobs", jobs])
    assert result.exit_code == 2, result.output
    assert str(folder.resolve()) in result.output and "Traceback" not in result.output
    assert "root:" not in result.output   # /etc/passwd never reached the output
    assert not out.exists() and not marker.exists()


# ---------------------------------------------------------------------------- file modes


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_pdf_follows_the_umask(tmp_path, umask, mode):
    """A PDF is created like the pack's other files (0666 less the umask), not 0600."""
    target = tmp_path / "out.pdf"
    before = os.umask(umask)
    try:
        PdfWriter().write(small_document(), target, Templates())
    finally:
        os.umask(before)
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert PdfReader(target).pages and not list(tmp_path.glob(".*.tmp"))

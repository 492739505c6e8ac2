"""The PDF writer: tree -> HTML -> tagged PDF/UA-1, read back with pypdf."""

from __future__ import annotations

import http.server
import logging
import re
import struct
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import HOSTILE, make_sample_document, sample_context
from pypdf import PdfReader

from tenderpack.errors import WriterError
from tenderpack.templates import Templates
from tenderpack.tree import Clause, Document, Heading, ListBlock, Paragraph, Run, Section
from tenderpack.writers.pdf import HtmlBuilder, PdfWriter, RefusedURL, TemplateOnlyFetcher

TITLE = "Invitation to tender: Home care <outcomes> & {{ 7*7 }}"


# ---------------------------------------------------------------------------- helpers


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def pages_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def outline_entries(reader: PdfReader, items=None, depth=0) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) for every bookmark."""
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out += outline_entries(reader, item, depth + 1)
        else:
            out.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    return out


def struct_types(node, seen=None) -> set[str]:
    """Every structure type (/S) in the tag tree under ``node``."""
    seen = set() if seen is None else seen
    node = node.get_object()
    if "/S" in node:
        seen.add(str(node["/S"]))
    kids = node.get("/K")
    kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
    for kid in kids:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and ("/S" in kid or "/K" in kid):
            struct_types(kid, seen)
    return seen


def small_document(text: str = "Hello from a small document.") -> Document:
    return Document(id="small", title="Invitation to tender", context=sample_context(),
                    sections=[Section("Only section", key="only", blocks=[Paragraph.of(text)])])


def png_bytes(width: int = 4, height: int = 2) -> bytes:
    """A tiny dark-blue PNG, made by hand so the test needs no image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\x12\x36\x5f" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def writer() -> PdfWriter:
    return PdfWriter()


@pytest.fixture(scope="module")
def rendered(writer, tmp_path_factory):
    """The sample document written once for the whole module, with WeasyPrint's warnings."""
    folder = tmp_path_factory.mktemp("pdf")
    target = folder / "sample.pdf"
    handler = Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        writer.write(make_sample_document(), target, Templates())
    finally:
        logger.removeHandler(handler)
    return {"path": target, "bytes": target.read_bytes(), "reader": PdfReader(target),
            "pages": pages_text(target), "warnings": handler.records}


@pytest.fixture(scope="module")
def text(rendered) -> str:
    return "\n".join(rendered["pages"])


# ---------------------------------------------------------------------------- content


def test_sections_headings_and_table_cells_are_in_the_pdf(text):
    """Every section title, heading, list item, clause and table cell reaches the PDF."""
    for expected in ["About this tender", "Evaluation", "Terms", "What we are buying",
                     "Sub heading", "Award criteria", "Criterion & weight", "Weight",
                     "Row 0", "20%", "Key facts", "£1,200,000", "First bullet",
                     "Second bullet <i>", "Step one", "Again two", "After the page break.",
                     "1 Payment", "2 Termination", "We pay within 30 days.", "for convenience"]:
        assert expected in text, expected


def test_hostile_text_comes_out_literally(text):
    """Template syntax, markup, ampersands, quotes and emoji in user text are printed as typed."""
    flat = squash(text)
    for value in HOSTILE:
        assert squash(value) in flat, value
    assert "Home care <outcomes> & {{ 7*7 }}" in flat
    assert "49" not in flat  # {{ 7*7 }} was never evaluated
    assert "not bold" in flat and "<b>not bold</b>" in flat


def test_html_escapes_every_piece_of_text(writer):
    """The HTML has user text escaped; markup and Jinja syntax never survive as code."""
    html, _ = writer.render_html(make_sample_document(), Templates())
    assert "<b>not bold</b>" not in html
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html
    assert "{{ 7*7 }}" in html and "{% if x %}yes{% endif %}" in html
    assert "&amp;amp; stays" in html
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    assert "<title>Invitation to tender: Home care &lt;outcomes&gt; &amp; {{ 7*7 }}</title>" in html
    assert '<html lang="en-GB">' in html


def test_unsafe_link_schemes_are_not_links():
    """Only http(s), mailto, tel and #fragment links become links; javascript: stays text."""
    builder = HtmlBuilder()
    html = builder.visit(Paragraph([Run("click", url="javascript:alert(1)"),
                                    Run("mail", url="mailto:a@b.org"),
                                    Run("there", url="#s-terms")]))
    assert "javascript" not in html
    assert str(html).startswith("<p>click<a ")  # plain text, not a link
    assert '<a href="mailto:a@b.org">mail</a>' in html
    assert '<a href="#s-terms">there</a>' in html


def test_lists_restart_and_nest():
    """Every numbered list starts at 1 and a list inside a list item is nested in it."""
    builder = HtmlBuilder()
    html = builder.visit(ListBlock([[Paragraph.of("outer"), ListBlock.of("inner a", "inner b", ordered=True)],
                                    [Paragraph.of("second")]], ordered=True))
    assert html.count('<ol start="1">') == 2
    assert re.search(r"<li>outer\n<ol start=\"1\">\n<li>inner a</li>", html)


def test_heading_levels_never_skip():
    """A level-3 heading straight under a section title becomes an h2 (keeping its look);
    clause titles sit one level below the heading above them."""
    builder = HtmlBuilder()
    html = builder.section(Section("Part", blocks=[
        Heading("Deep", level=3), Heading("Normal", level=2),
        Clause("Pay", [Heading("Inside", level=2)], number="4")]))
    assert re.search(r'<h2 id="h-deep" class="heading-3">Deep</h2>', html)
    assert re.search(r'<h2 id="h-normal" class="heading-2">Normal</h2>', html)
    assert re.search(r'<h3 class="clause-title"><span class="clause-number">4 </span>Pay</h3>', html)
    assert re.search(r'<h4 id="h-inside" class="heading-2">Inside</h4>', html)


def test_ids_are_unique():
    """Two sections with the same title get different anchors, so the contents links work."""
    builder = HtmlBuilder()
    doc = Document(id="x", title="x", sections=[Section("Same"), Section("Same"), Section("Same", key="k")])
    builder.document(doc)
    assert [e["id"] for e in builder.toc] == ["s-same", "s-same-2", "s-k"]


def test_unknown_node_raises_writer_error(writer, tmp_path):
    """A block type the writer does not know stops the build instead of vanishing."""

    @dataclass
    class Chart:
        kind: ClassVar[str] = "chart"

    doc = small_document()
    doc.sections[0].blocks.append(Chart())
    with pytest.raises(WriterError, match="cannot write a Chart"):
        writer.write(doc, tmp_path / "x.pdf", Templates())
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------------------- layout


def test_contents_page_shows_page_numbers(rendered):
    """The contents lists each section and level-2 heading with the page it starts on."""
    reader, pages = rendered["reader"], rendered["pages"]
    contents = squash(pages[1])
    assert contents.startswith("DCC-2026-0142") or "Contents" in contents
    starts = {title: page for depth, title, page in outline_entries(reader)}
    for title in ["About this tender", "What we are buying", "Evaluation", "Terms"]:
        match = re.search(re.escape(title) + r"[ .]*?(\d+)\b", contents)
        assert match, title
        assert int(match.group(1)) == starts[title], title
    assert starts["Evaluation"] > starts["About this tender"]  # page_break_before


def test_pages_have_footer_and_header_but_not_the_cover(rendered):
    """Every page after the cover says "Page X of N", the buyer and the reference; the cover
    has no running header or footer."""
    pages = rendered["pages"]
    total = len(pages)
    assert total > 1
    assert "Page 1 of" not in pages[0]
    assert "Invitation to tender\nDunmore City Council\nPage" not in pages[0]
    for number, page in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in page
        assert "Dunmore City Council" in page
        assert "DCC-2026-0142" in page


def test_bookmarks_are_the_sections_not_the_cover(rendered):
    """The PDF outline holds the section titles (level 1) and headings, never the cover
    title or the contents heading."""
    entries = outline_entries(rendered["reader"])
    top = [title for depth, title, _ in entries if depth == 0]
    assert top == ["About this tender", "Evaluation", "Terms"]
    titles = [title for _, title, _ in entries]
    assert "What we are buying" in titles and "1 Payment" in titles
    assert "Contents" not in titles and not any("Home care" in t for t in titles)


def test_long_table_repeats_its_header(writer, tmp_path):
    """A table running over several pages repeats its header row on each of them."""
    target = tmp_path / "long.pdf"
    writer.write(make_sample_document(rows=80), target, Templates())
    pages = pages_text(target)
    with_rows = [p for p in pages if re.search(r"Row \d+ ", p)]
    assert len(with_rows) >= 2
    for page in with_rows:
        assert "Criterion & weight" in page
    assert "Row 79" in "".join(pages)


def test_builtin_templates_cause_no_weasyprint_warnings(rendered):
    """The built-in document.html and print.css render without a single WeasyPrint warning
    (no ignored CSS, no missing alt text or language)."""
    assert [r.getMessage() for r in rendered["warnings"]] == []


# ---------------------------------------------------------------------------- PDF/UA


def test_pdf_is_tagged_with_language(rendered):
    """The PDF is tagged (MarkInfo, StructTreeRoot) with headings, lists and tables, in en-GB."""
    reader = rendered["reader"]
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    types = struct_types(root["/StructTreeRoot"])
    assert {"/Document", "/H1", "/H2", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Link"} <= types
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_title_and_metadata(rendered):
    """The title is "document title: tender title" in the info dictionary and the XMP; the
    author is the buyers and the dates come from the document, not the clock."""
    reader = rendered["reader"]
    info = reader.metadata
    assert info["/Title"] == TITLE
    assert reader.xmp_metadata.dc_title["x-default"] == TITLE
    assert info["/Author"] == "Dunmore City Council, Eastvale Borough Council"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20260306"


def test_two_writes_are_byte_identical(writer, rendered, tmp_path, monkeypatch):
    """The same document gives the same bytes, even a year later: no clock, no random ID."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 400 * 86400)
    target = tmp_path / "again.pdf"
    writer.write(make_sample_document(), target, Templates())
    assert target.read_bytes() == rendered["bytes"]
    assert [p.name for p in tmp_path.iterdir()] == ["again.pdf"]  # no temporary file left
    ids = PdfReader(target).trailer["/ID"]
    assert len(ids) == 2


def test_a_fresh_writer_gives_the_same_bytes(rendered, tmp_path):
    """Caches in a writer do not change the output: a new writer writes the same file."""
    target = tmp_path / "fresh.pdf"
    PdfWriter().write(make_sample_document(), target, Templates())
    assert target.read_bytes() == rendered["bytes"]


def test_garbage_collector_is_paused_while_weasyprint_works_and_restored(writer, tmp_path, monkeypatch):
    """The cyclic collector waits while WeasyPrint lays out and writes, and is back afterwards."""
    import gc

    import weasyprint

    seen = []
    real_render = weasyprint.HTML.render

    def render(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", render)
    assert gc.isenabled()
    writer.write(small_document(), tmp_path / "a.pdf", Templates())
    assert seen == [False] and gc.isenabled()

    gc.disable()   # a caller that had turned the collector off keeps it off
    try:
        writer.write(small_document(), tmp_path / "b.pdf", Templates())
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_garbage_collector_is_restored_when_weasyprint_fails(writer, tmp_path, monkeypatch):
    import gc

    import weasyprint

    def broken(self, *args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(weasyprint.HTML, "render", broken)
    with pytest.raises(WriterError, match="layout failed"):
        writer.write(small_document(), tmp_path / "x.pdf", Templates())
    assert gc.isenabled()


def test_nested_and_concurrent_pauses_restore_the_collector_only_when_the_last_ends():
    """Two writers in threads share one pause: the first to finish must not switch gc back on."""
    import gc

    from tenderpack.writers.pdf import _collector_paused

    assert gc.isenabled()
    inside, release = threading.Event(), threading.Event()
    states = []

    def other_writer():
        with _collector_paused():
            inside.set()
            release.wait(10)
            states.append(("other, before leaving", gc.isenabled()))

    worker = threading.Thread(target=other_writer)
    with _collector_paused():
        worker.start()
        assert inside.wait(10)
        with _collector_paused():          # nested in one thread
            states.append(("nested", gc.isenabled()))
        states.append(("after nested", gc.isenabled()))
    states.append(("this one left, other still inside", gc.isenabled()))
    release.set()
    worker.join(10)
    states.append(("all left", gc.isenabled()))
    assert states == [("nested", False), ("after nested", False),
                      ("this one left, other still inside", False),
                      ("other, before leaving", False), ("all left", True)]


def test_a_process_forked_during_a_pause_starts_with_the_collector_on():
    """Build workers are forked; one forked mid-render must not inherit a pause it cannot end."""
    import gc
    import multiprocessing

    from tenderpack.writers.pdf import _collector_paused

    def report(queue):
        queue.put(gc.isenabled())
        with _collector_paused():       # and its own pauses still work
            queue.put(gc.isenabled())
        queue.put(gc.isenabled())

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    with _collector_paused():
        child = context.Process(target=report, args=(queue,))
        child.start()
        child.join(20)
    assert child.exitcode == 0
    assert [queue.get(timeout=5) for _ in range(3)] == [True, False, True]
    assert gc.isenabled()


# ---------------------------------------------------------------------------- templates


def test_template_dir_print_css_is_used(writer, tmp_path):
    """A buyer's print.css in --template-dir replaces the built-in one."""
    override = tmp_path / "house"
    override.mkdir()
    (override / "print.css").write_text(
        '@page { size: A4; margin: 20mm; @top-center { content: "ACME HOUSE STYLE"; } }\n'
        "body { font-family: 'DejaVu Sans', sans-serif; }\n")
    target = tmp_path / "house.pdf"
    writer.write(small_document(), target, Templates(override))
    text = "\n".join(pages_text(target))
    assert "ACME HOUSE STYLE" in text
    assert "Page 2 of" not in text  # the built-in footer is gone with the built-in CSS


def test_template_dir_logo_is_on_the_cover(writer, tmp_path):
    """A logo.png in the template folder appears on the cover, tagged as a figure with alt text."""
    override = tmp_path / "brand"
    override.mkdir()
    (override / "logo.png").write_bytes(png_bytes())
    target = tmp_path / "logo.pdf"
    writer.write(small_document(), target, Templates(override))
    reader = PdfReader(target)
    assert reader.pages[0].images, "no image on the cover"
    assert "/Figure" in struct_types(reader.trailer["/Root"]["/StructTreeRoot"])


def test_template_errors_name_the_file(writer, tmp_path):
    """A broken or misspelt skeleton gives a WriterError naming document.html."""
    override = tmp_path / "broken"
    override.mkdir()
    (override / "document.html").write_text("<html>{{ no_such_variable }}</html>")
    with pytest.raises(WriterError, match=r"document\.html.*no_such_variable"):
        writer.write(small_document(), tmp_path / "x.pdf", Templates(override))
    (override / "document.html").write_text("<html>\n{% if %}</html>")
    with pytest.raises(WriterError, match=r"document\.html:2"):
        writer.write(small_document(), tmp_path / "x.pdf", Templates(override))
    assert not (tmp_path / "x.pdf").exists()


# ---------------------------------------------------------------------------- URL fetching


def test_fetcher_allows_only_template_files_and_data(tmp_path):
    """The URL fetcher serves files inside the template folders and data: URLs, and refuses
    web addresses, files elsewhere, path tricks and symbolic links leading out."""
    inside = tmp_path / "templates"
    inside.mkdir()
    (inside / "logo.png").write_bytes(png_bytes())
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (inside / "link.txt").symlink_to(secret)
    fetcher = TemplateOnlyFetcher([inside])

    response = fetcher.fetch((inside / "logo.png").as_uri())
    assert response.read().startswith(b"\x89PNG") and response.content_type == "image/png"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in ["http://example.org/logo.png", "https://example.org/x.css",
                "ftp://example.org/x", secret.as_uri(), (inside / "link.txt").as_uri(),
                inside.as_uri() + "/../secret.txt", "file://otherhost" + str(inside / "logo.png"),
                "file:///etc/passwd"]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


@pytest.fixture
def web_server():
    """A local web server that counts the requests it receives."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(png_bytes())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("where", ["img", "css-url", "css-import", "local-file"])
def test_hostile_template_cannot_fetch(writer, tmp_path, web_server, where):
    """A template that points at a web address or a file outside the template folders stops
    the build with a WriterError, and nothing is fetched."""
    base, hits = web_server
    override = tmp_path / "hostile"
    override.mkdir()
    html = '<html lang="en-GB"><head><title>x</title></head><body>{{ body }}%s</body></html>'
    css = "body { font-family: 'Liberation Sans'; }\n"
    if where == "img":
        html %= f'<img src="{base}/tracker.png" alt="x">'
    elif where == "local-file":
        html %= '<img src="file:///etc/hostname" alt="x"><img src="../secret.png" alt="y">'
    else:
        html %= ""
    if where == "css-url":
        css += f'body {{ background: url("{base}/bg.png"); }}\n'
    elif where == "css-import":
        css = f'@import url("{base}/evil.css");\n' + css
    (override / "document.html").write_text(html)
    (override / "print.css").write_text(css)
    target = tmp_path / "out.pdf"
    with pytest.raises(WriterError, match="refused to fetch"):
        writer.write(small_document(), target, Templates(override))
    assert hits == []
    assert not target.exists()

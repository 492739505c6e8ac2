"""The PDF writer: document tree -> HTML -> tagged PDF (PDF/UA-1) with WeasyPrint.

The tree becomes HTML through ``HtmlBuilder`` (every piece of text escaped, and words too
long for a line given break opportunities), the HTML is put into the ``document.html``
skeleton (Jinja2, autoescaped, in the house-style sandbox of tenderpack.template_sandbox)
and styled by ``print.css``; both come from ``Templates`` so a buyer's --template-dir can
replace either.

WeasyPrint may only load files from the template folders and ``data:`` URLs (see
``TemplateOnlyFetcher``); anything else, a web address above all, stops the build. The
same document always gives the same bytes: no clock time or random identifier is written.

This module is imported only when a PDF is written (see ``builtin.LazyWriter``), so the
heavy imports sit at the top.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import mimetypes
import os
import re
import secrets
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jinja2
from markupsafe import Markup, escape

from ..errors import InputError, WriterError
from ..limits import TEMPLATE_FILE_MAX_BYTES, TEMPLATE_MAX_BYTES
from ..template_sandbox import environment as house_style_environment, read_text, refusal
from ..text import slug as text_slug
from ..templates import Templates, checked_file, read_bytes
from ..tree import (Clause, Document, Heading, KeyFacts, ListBlock, PageBreak, Paragraph, Run, Section, Table,
                    plain_text)
from . import Visitor
from .layout import break_long_words, column_shares
from .weasy import import_weasyprint

import_weasyprint()   # first, without the slow search for its C libraries

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint import __version__ as WEASYPRINT_VERSION  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402

SKELETON = "document.html"
STYLESHEET = "print.css"
LOGO = "logo.png"
# Context variables the skeleton shows as text (long words get break opportunities in them).
SHOWN_TEXT = ("title", "document_title", "subtitle", "buyer", "buyers", "reference", "date")

# Links a reader can follow from a PDF; other schemes (javascript:, file:, ...) are shown
# as plain text. ``#...`` links stay inside the document.
LINK_SCHEMES = ("http", "https", "mailto", "tel")

# Options for both HTML.render() and Document.write_pdf(). WeasyPrint only writes the tag
# tree if write_pdf() sees pdf_tags too, so both calls get exactly these.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "pdf_version": "1.7"}


# ---------------------------------------------------------------------------- URL fetching


class RefusedURL(ValueError):
    """A template asked for something outside the template folders."""


class TemplateOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that never touches the network.

    It serves ``data:`` URLs and ``file:`` URLs of a regular file inside one of ``folders``,
    reached without a symbolic link and within the size limits (templates.checked_file);
    everything else raises ``RefusedURL``. With ``fail_on_errors`` WeasyPrint turns that
    into a failed render instead of a warning.
    """

    def __init__(self, folders: list[Path]):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False,
                         fail_on_errors=True)
        self.folders = [Path(f).resolve() for f in folders]

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedURL(f"refused to fetch {url}: only files in the template folders "
                             "and data: URLs may be used")
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"refused to fetch {url}: not a local file")
        # Lexically: a symbolic link is refused below, never followed out of the folder.
        path = Path(os.path.normpath(url2pathname(parts.path)))
        folder = next((f for f in self.folders if path.is_relative_to(f) and path != f), None)
        if folder is None:
            raise RefusedURL(f"refused to fetch {url}: outside the template folders "
                             f"({', '.join(map(str, self.folders))})")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        # Text (CSS, SVG) is parsed and laid out: it gets the tighter limit of a template.
        text = content_type.startswith("text/") or content_type.endswith("+xml")
        limit, limit_name = ((TEMPLATE_MAX_BYTES, "TEMPLATE_MAX_BYTES") if text
                             else (TEMPLATE_FILE_MAX_BYTES, "TEMPLATE_FILE_MAX_BYTES"))
        try:
            found = checked_file(folder, path.relative_to(folder).as_posix())
            if found is None:
                raise RefusedURL(f"refused to fetch {url}: no such file in the template folders")
            data = read_bytes(found, limit, limit_name)
        except InputError as exc:
            raise RefusedURL(f"refused to fetch {url}: {exc}") from None
        return URLFetcherResponse(found.as_uri(), data, headers={"Content-Type": content_type})


# ---------------------------------------------------------------------------- tree -> HTML


def slug(value: str, fallback: str = "part") -> str:
    """A lower-case, hyphenated identifier made from ``value`` (tenderpack.text.slug)."""
    return text_slug(value, fallback)


class HtmlBuilder(Visitor):
    """Turns a document's sections into HTML, escaping every piece of text.

    Headings never skip a level (PDF/UA asks for that): a level-3 heading straight after a
    section title is written as ``<h2 class="heading-3">``, which keeps its look. Clause
    titles are one level below the heading they sit under.
    """

    def __init__(self):
        self.toc: list[dict] = []
        self._ids: set[str] = set()
        self._depth = 1        # level of the heading the current content sits under
        self._floor = 2        # the lowest heading level allowed here
        self._nesting = 0      # > 0 inside list items and clauses

    # ---------------------------------------------------------------- helpers

    def unique_id(self, prefix: str, text: str) -> str:
        base = f"{prefix}-{slug(text)}"
        candidate, n = base, 2
        while candidate in self._ids:
            candidate, n = f"{base}-{n}", n + 1
        self._ids.add(candidate)
        return candidate

    def blocks(self, blocks) -> Markup:
        return Markup("\n").join(self.visit(block) for block in blocks)

    def inline(self, parts: list[Run]) -> Markup:
        return Markup("").join(self.run(part) for part in parts)

    @staticmethod
    def text(value: str) -> Markup:
        return Markup("<br>").join(escape(break_long_words(line)) for line in str(value).split("\n"))

    def run(self, part: Run) -> Markup:
        html = self.text(part.text)
        if part.bold:
            html = Markup("<strong>{}</strong>").format(html)
        if part.italic:
            html = Markup("<em>{}</em>").format(html)
        if part.url:
            url = part.url.strip()
            scheme = urlsplit(url).scheme.lower()
            if url.startswith("#"):
                html = Markup('<a href="{}">{}</a>').format(url, html)
            elif scheme in LINK_SCHEMES:
                shown = part.text.strip()
                external = scheme in ("http", "https") and shown not in (
                    url, url.split("://", 1)[-1], url.split("://", 1)[-1].rstrip("/"))
                css_class = ' class="external"' if external else ""
                html = Markup('<a href="{}"{}>{}</a>').format(url, Markup(css_class), html)
        return html

    # ---------------------------------------------------------------- containers

    def document(self, document: Document) -> Markup:
        return Markup("\n").join(self.section(section) for section in document.sections)

    def section(self, section: Section) -> Markup:
        ident = self.unique_id("s", section.key or section.title)
        self.toc.append({"id": ident, "text": break_long_words(section.title), "level": 1, "children": []})
        self._depth, self._floor, self._nesting = 1, 2, 0
        css_class = "section page-break-before" if section.page_break_before else "section"
        return Markup('<section class="{}">\n<h1 id="{}">{}</h1>\n{}\n</section>').format(
            css_class, ident, self.text(section.title), self.blocks(section.blocks))

    # ---------------------------------------------------------------- blocks

    def visit_heading(self, node: Heading) -> Markup:
        look = min(max(node.level, 2), 6)
        level = min(max(node.level, self._floor), self._depth + 1, 6)
        ident = self.unique_id("h", node.text)
        if node.level == 2 and self._nesting == 0 and self.toc:
            self.toc[-1]["children"].append({"id": ident, "text": break_long_words(node.text), "level": 2,
                                             "children": []})
        self._depth = level
        return Markup('<h{0} id="{1}" class="heading-{2}">{3}</h{0}>').format(
            level, ident, look, self.text(node.text))

    def visit_paragraph(self, node: Paragraph) -> Markup:
        if node.role:
            role = re.sub(r"[^a-z0-9-]", "", node.role.lower())
            return Markup('<p class="{}">{}</p>').format(role, self.inline(node.runs))
        return Markup("<p>{}</p>").format(self.inline(node.runs))

    def visit_list(self, node: ListBlock) -> Markup:
        tag = "ol" if node.ordered else "ul"
        self._nesting += 1
        try:
            items = Markup("\n").join(Markup("<li>{}</li>").format(self.list_item(item))
                                      for item in node.items)
        finally:
            self._nesting -= 1
        # Every numbered list starts again at 1, whatever came before it.
        start = Markup(' start="1"') if node.ordered else Markup("")
        return Markup("<{0}{1}>\n{2}\n</{0}>").format(Markup(tag), start, items)

    def list_item(self, blocks) -> Markup:
        # A plain paragraph at the start of an item is written without <p>, so that
        # one-line items sit tight like ordinary list items.
        if blocks and isinstance(blocks[0], Paragraph) and not blocks[0].role:
            first, rest = self.inline(blocks[0].runs), blocks[1:]
            return first + (Markup("\n") + self.blocks(rest) if rest else Markup(""))
        return self.blocks(blocks)

    def visit_table(self, node: Table) -> Markup:
        caption = (Markup("<caption>{}</caption>").format(self.text(node.caption))
                   if node.caption else Markup(""))
        columns = len(node.header) or max((len(row) for row in node.rows), default=0)
        head = Markup("").join(Markup('<th scope="col">{}</th>').format(self.inline(cell))
                               for cell in node.header)
        body = Markup("\n").join(
            Markup("<tr>{}</tr>").format(
                Markup("").join(Markup("<td>{}</td>").format(self.inline(cell)) for cell in row))
            for row in node.rows)
        thead = Markup("<thead><tr>{}</tr></thead>").format(head) if node.header else Markup("")
        return Markup('<table class="data-table">{}{}{}\n<tbody>\n{}\n</tbody></table>').format(
            caption, self.colgroup(node), thead, body)

    @staticmethod
    def colgroup(node: Table) -> Markup:
        """<col> widths in per cent: the table's relative widths, widened for long words."""
        if not node.header and not node.rows:
            return Markup("")
        shares = column_shares(node.widths, [plain_text(c) for c in node.header],
                               [[plain_text(c) for c in row] for row in node.rows])
        cols = Markup("").join(Markup('<col style="width: {:.2f}%">').format(100 * share) for share in shares)
        return Markup("<colgroup>{}</colgroup>").format(cols)

    def visit_key_facts(self, node: KeyFacts) -> Markup:
        caption = (Markup("<caption>{}</caption>").format(self.text(node.title))
                   if node.title else Markup(""))
        rows = Markup("\n").join(
            Markup('<tr><th scope="row">{}</th><td>{}</td></tr>').format(
                self.text(label), self.inline(value))
            for label, value in node.items)
        return Markup('<table class="key-facts">{}<colgroup><col style="width: 35%">'
                      '<col style="width: 65%"></colgroup>\n<tbody>\n{}\n</tbody></table>'
                      ).format(caption, rows)

    def visit_clause(self, node: Clause) -> Markup:
        level = min(self._depth + 1, 6)
        ident = self.unique_id("c", node.key or node.title)
        # The space sits inside the number's box so the title lines up with the body but
        # the text (and the bookmark) still reads "1 Payment".
        number = (Markup('<span class="clause-number">{} </span>').format(node.number)
                  if node.number else Markup(""))
        saved = self._depth, self._floor
        self._depth, self._floor = level, min(level + 1, 6)
        self._nesting += 1
        try:
            body = self.blocks(node.blocks)
        finally:
            (self._depth, self._floor), self._nesting = saved, self._nesting - 1
        return Markup('<div class="clause" id="{0}">\n<h{1} class="clause-title">{2}{3}</h{1}>\n'
                      '<div class="clause-body">\n{4}\n</div>\n</div>').format(
            ident, level, number, self.text(node.title), body)

    def visit_page_break(self, node: PageBreak) -> Markup:
        return Markup('<div class="page-break"></div>')


# ---------------------------------------------------------------------------- the writer

# 1 January 1980, for font timestamps when the document has no date.
FALLBACK_EPOCH = 315532800
_ENV_LOCK = threading.Lock()


@contextmanager
def _source_date_epoch(seconds: int):
    """Set SOURCE_DATE_EPOCH to the document's date while WeasyPrint writes.

    WeasyPrint re-saves colour emoji fonts (and variable fonts) with fontTools, which
    stamps the font's ``head.modified`` with the clock unless SOURCE_DATE_EPOCH is set:
    the one thing that made two writes of the same document differ. The document's own
    date wins over a value in the environment, so the bytes depend on the spec alone;
    the user's value is restored afterwards. The lock keeps concurrent writers in this
    process from seeing each other's value.
    """
    with _ENV_LOCK:
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(seconds)
        try:
            yield
        finally:
            if before is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = before


_GC_LOCK = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = True


@contextmanager
def _collector_paused():
    """Keep Python's cyclic garbage collector from running while WeasyPrint works.

    A layout allocates millions of small objects (boxes, computed styles, Pango layouts)
    that all stay alive until the PDF is written; every automatic full collection walked
    all of them again, a fifth of a long document's time. WeasyPrint's own garbage comes
    in a few large cycles that ``PdfWriter.render`` collects once, after the layout.
    Concurrent writers share the pause: the collector is back (if it was on) when the
    last one leaves.
    """
    global _gc_pauses, _gc_was_enabled
    with _GC_LOCK:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def _collector_after_fork() -> None:
    """A process forked while a writer here was paused starts without the pause."""
    global _GC_LOCK, _gc_pauses
    _GC_LOCK = threading.Lock()
    if _gc_pauses:
        _gc_pauses = 0
        if _gc_was_enabled:
            gc.enable()


os.register_at_fork(after_in_child=_collector_after_fork)


def _epoch(date_iso: str | None) -> int:
    """Seconds since 1970 of the document's date (midnight UTC), or FALLBACK_EPOCH."""
    try:
        day = dt.date.fromisoformat(str(date_iso or "")[:10])
    except ValueError:
        return FALLBACK_EPOCH
    return max(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp()), 0)


def _pdf_date(value: str | None) -> str | None:
    """A W3C date for the PDF metadata: context date_iso, else SOURCE_DATE_EPOCH, else none.

    Never the clock: the same document must give the same bytes.
    """
    if value:
        try:
            return dt.date.fromisoformat(str(value)[:10]).isoformat()
        except ValueError:
            pass
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return None


class PdfWriter:
    """Writes a document as a tagged, accessible (PDF/UA-1) A4 PDF."""

    format = "pdf"
    extension = ".pdf"

    def __init__(self):
        # Both live as long as the writer, so a build with many documents loads the fonts
        # and parses print.css once.
        self._font_config = FontConfiguration()
        self._environments: dict[tuple[Path, ...], jinja2.Environment] = {}
        self._stylesheets: dict[tuple, tuple[CSS, str]] = {}

    # ---------------------------------------------------------------- public

    def write(self, document: Document, target: Path, templates: Templates) -> None:
        data = self.render(document, templates)
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Created with mode 0666 less the umask, like every other file of the pack (mkstemp
        # would make it 0600); O_EXCL and a random name keep two writers apart.
        temp = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temp, target)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise WriterError(f"{target}: cannot write the PDF: {exc}") from exc

    def render(self, document: Document, templates: Templates) -> bytes:
        """The PDF as bytes."""
        html, context = self.render_html(document, templates)
        skeleton = templates.find(SKELETON)
        css_path = templates.find(STYLESHEET)
        fetcher = TemplateOnlyFetcher(templates.search_path)
        stylesheet, css_text = self._stylesheet(css_path, fetcher)
        # The identifier is a hash of everything that decides the content, so it is the
        # same for the same document and differs when anything changes.
        digest = hashlib.sha256()
        for part in (html, css_text, WEASYPRINT_VERSION):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        options = dict(PDF_OPTIONS, stylesheets=[stylesheet],
                       pdf_identifier=digest.hexdigest()[:32].encode())
        try:
            with _collector_paused():
                rendering = HTML(string=html, base_url=skeleton.parent.resolve().as_uri() + "/",
                                 url_fetcher=fetcher).render(font_config=self._font_config, **options)
                # The layout leaves its style maps (a computed style for every element and
                # each of WeasyPrint's pseudo-elements) and its first box tree in reference
                # cycles: free them before the pages are drawn, which lowers the peak memory.
                # Everything made since the pause began is in the youngest generation, so
                # this looks at the layout's objects only, not the whole process.
                gc.collect(0)
                self._set_metadata(rendering.metadata, context)
                with _source_date_epoch(_epoch(context.get("date_iso"))):
                    data = rendering.write_pdf(**options)
                del rendering   # the laid-out pages go before the collector looks again
            return data
        except FatalURLFetchingError as exc:
            cause = exc.__cause__ or exc
            raise WriterError(f"{skeleton} with {css_path}: {cause}") from exc
        except Exception as exc:
            raise WriterError(f"{skeleton} with {css_path}: WeasyPrint failed: "
                              f"{type(exc).__name__}: {exc}") from exc

    def render_html(self, document: Document, templates: Templates) -> tuple[str, dict]:
        """The filled-in HTML skeleton and the variables it was given."""
        builder = HtmlBuilder()
        body = builder.document(document)
        context = self.context(document)
        logo = templates.optional(LOGO)
        context.update(body=body, toc=builder.toc if document.toc else [],
                       logo=logo.resolve().as_uri() if logo else None)
        skeleton = templates.find(SKELETON)
        try:
            template = self._environment(templates).get_template(SKELETON)
            return template.render(self._shown(context)), context
        except (jinja2.TemplateError, InputError) as exc:
            refused = refusal(exc, skeleton)   # the template tried to run code or read a link: bad input
            if refused is not None:
                raise refused from exc
            if isinstance(exc, jinja2.TemplateSyntaxError):
                raise WriterError(f"{exc.filename or skeleton}:{exc.lineno}: {exc.message}") from exc
            raise WriterError(f"{skeleton}: {type(exc).__name__}: {exc}") from exc
        except RecursionError as exc:
            raise WriterError(f"{skeleton}: the template includes itself without end") from exc

    # ---------------------------------------------------------------- helpers

    @staticmethod
    def context(document: Document) -> dict:
        """The document's template variables, with defaults for the engine's own ones."""
        context: dict[str, Any] = {
            "title": document.title, "reference": "", "document_title": document.title,
            "subtitle": document.subtitle, "buyer": "", "buyers": [], "date": "",
            "date_iso": "", "audience": document.audience, "language": "en-GB",
            "generator": "tenderpack",
        }
        context.update(document.context)
        context["language"] = context.get("language") or "en-GB"
        if not context["buyers"] and context["buyer"]:
            context["buyers"] = [context["buyer"]]
        return context

    @staticmethod
    def _shown(context: dict) -> dict:
        """The skeleton's variables: words too long for a line get break opportunities, as in
        the body (the context itself keeps the text as it is, for the PDF's metadata)."""
        shown = dict(context)
        for key in SHOWN_TEXT:
            value = context.get(key)
            if type(value) is str:
                shown[key] = break_long_words(value)
            elif isinstance(value, list):
                shown[key] = [break_long_words(v) if type(v) is str else v for v in value]
        return shown

    def _environment(self, templates: Templates) -> jinja2.Environment:
        """The house-style sandbox for ``templates``' folders (tenderpack.template_sandbox)."""
        key = tuple(templates.search_path)
        env = self._environments.get(key)
        if env is None:
            env = house_style_environment(templates, autoescape=True, undefined=jinja2.StrictUndefined,
                                          keep_trailing_newline=True)
            self._environments[key] = env
        return env

    def _stylesheet(self, path: Path, fetcher: TemplateOnlyFetcher) -> tuple[CSS, str]:
        """print.css (at most TEMPLATE_MAX_BYTES) and its text, parsed once per writer
        (again if the file changes)."""
        stat = path.stat()
        key = (tuple(fetcher.folders), str(path), stat.st_mtime_ns, stat.st_size)
        found = self._stylesheets.get(key)
        if found is None:
            text = read_text(path)
            try:
                css = CSS(string=text, base_url=path.resolve().as_uri(), url_fetcher=fetcher,
                          font_config=self._font_config)
            except FatalURLFetchingError as exc:
                raise WriterError(f"{path}: {exc.__cause__ or exc}") from exc
            except Exception as exc:
                raise WriterError(f"{path}: cannot read the stylesheet: {exc}") from exc
            found = self._stylesheets[key] = (css, text)
        return found

    @staticmethod
    def _set_metadata(metadata, context: dict) -> None:
        """Title, language, authors and dates from the context, whatever the skeleton says."""
        metadata.title = f"{context['document_title']}: {context['title']}"
        metadata.lang = context["language"]
        buyers = context["buyers"] or ([context["buyer"]] if context["buyer"] else [])
        metadata.authors = [str(b) for b in buyers if b]
        if context.get("subtitle"):
            metadata.description = context["subtitle"]
        if context.get("generator"):
            metadata.generator = context["generator"]
        date = _pdf_date(context.get("date_iso"))
        metadata.created = metadata.modified = date

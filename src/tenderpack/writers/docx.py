"""The Word writer: one document tree in, one .docx out.

How it works:

1. ``master.docx`` (see tools/make_master.py; a buyer may override it with --template-dir)
   is a docxtpl template holding the cover, header, footer, contents page and styles. It is
   checked against the limits (template_sandbox.check_master), then rendered with the
   document's context, autoescaped, in the house-style sandbox (tenderpack.template_sandbox:
   data, never code). ``{{ body }}`` renders as a random sentinel string.
2. The rendered package is reopened with python-docx; the body is built with the Document
   API and moved, block by block, in front of the sentinel paragraph, which is then removed.
   Styles and numbering therefore all live in one package, and every piece of user text goes
   through python-docx (which escapes it), never through Jinja.
3. The contents field is given a cached result (the heading texts, linked to bookmarks) so it
   is not empty before Word updates it; core properties come from the context; the zip is
   rewritten with fixed timestamps so the same document always gives the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
import secrets
import zipfile
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.paragraph import CT_P
from docx.shared import Mm, Pt, Twips
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, TemplateError
from markupsafe import Markup, escape

from ..errors import InputError, TenderpackError, WriterError
from ..template_sandbox import check_master, environment as house_style_environment, refusal
from ..templates import Templates, data_dir
from .layout import column_widths
from ..tree import (Clause, Document, Heading, KeyFacts, ListBlock, PageBreak, Paragraph, Run, Section, Table,
                    plain_text)
from . import Visitor

if TYPE_CHECKING:
    from lxml.etree import _Element

MASTER = "master.docx"
LOGO = "logo.png"

ROLE_STYLES = {"note": "Note", "lead": "Lead", "answer": "Answer"}
ANSWER_LINES = 10              # an empty answer box is this many lines tall
TOC_LEVELS = 3                 # TOC \o "1-3"
CLAUSE_INDENT = 709            # twips (1.25 cm): the clause number column
LIST_STEP = 425                # twips per list level when the master does not say
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Child order of w:pPr, w:tblPr, w:trPr and w:tcPr in the OOXML schema: Word refuses a
# file whose properties are out of order, so new children are inserted by these lists.
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
               "tblLook", "tblCaption", "tblDescription", "tblPrChange")
TRPR_ORDER = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
              "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange")
TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
              "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
              "tcPrChange")
SETTINGS_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                                "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                                "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                                "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                                "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")
# Estimated advance of one character in table text (Arial 10 pt) and the cell's side margins.
HEADER_FILL = "D9E2F3"
LABEL_FILL = "EEF2F8"
TITLE_FILL = "1F3864"


# ---------------------------------------------------------------------------- XML helpers


def set_child(parent, tag: str, order: tuple[str, ...], **attrs: object):
    """Replace (or add) ``parent``'s child ``w:tag`` with one having ``attrs``, in schema order."""
    old = parent.find(qn(f"w:{tag}"))
    new = OxmlElement(f"w:{tag}", {qn(f"w:{k}"): str(v) for k, v in attrs.items()})
    if old is not None:
        old.addprevious(new)
        parent.remove(old)
        return new
    later = set(order[order.index(tag) + 1:])
    for child in parent:
        if child.tag.startswith("{") and child.tag.split("}")[1] in later:
            child.addprevious(new)
            return new
    parent.append(new)
    return new


def _local(el) -> str:
    return el.tag.split("}")[1] if isinstance(el.tag, str) and "}" in el.tag else ""


def normalise_zip(data: bytes) -> bytes:
    """The same package with fixed timestamps and a stable entry order: reproducible bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        entries = {info.filename: zin.read(info) for info in zin.infolist()}
    first = ["[Content_Types].xml", "_rels/.rels"]
    names = [n for n in first if n in entries] + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zout.writestr(info, entries[name])
    return out.getvalue()


def _data(value):
    """Context values are data: escape them and keep docxtpl from treating them as markup.

    Autoescaping covers & < > and quotes. docxtpl also turns ``{_{`` and friends into
    ``{{`` after rendering, so an underscore between braces is written as a character
    reference that only the XML parser, not docxtpl, turns back into ``_``.
    """
    if isinstance(value, Markup) or not isinstance(value, (str, list, tuple, dict)):
        return value
    if isinstance(value, str):
        text = str(escape(value))
        while any(p in text for p in ("{_{", "}_}", "{_%", "%_}")):
            text = re.sub(r"([{}%])_([{}%])", r"\1&#95;\2", text)
        return Markup(text)
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    return type(value)(_data(v) for v in value)


# ---------------------------------------------------------------------------- build state


@dataclass
class _State:
    """What one write shares across the whole body."""

    doc: docx.document.Document
    anchor: _Element                     # the sentinel w:p; new blocks go in front of it
    text_width: int                      # twips between the margins
    source: Path                         # the master, for messages
    toc: list[tuple[int, str, str]] = field(default_factory=list)   # level, text, bookmark
    pending_break: bool = False
    bookmark_id: int = 0
    bookmark_names: set[str] = field(default_factory=set)
    style_ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = field(default_factory=dict)

    def insert(self, element) -> None:
        self.anchor.addprevious(element)

    def previous(self):
        prev = self.anchor.getprevious()
        return _local(prev) if prev is not None else None

    def style(self, name: str):
        """A style of the master by name; copied from the built-in master if a custom one lacks it."""
        try:
            return self.doc.styles[name]
        except KeyError:
            _import_style(self.doc, name, self.source)
            return self.doc.styles[name]

    def style_id(self, name: str, kind: WD_STYLE_TYPE) -> str | None:
        """The id to write for a style, None for the default one; once per name, because
        python-docx's own ``x.style = style`` scans every style of the master each time
        (two fifths of the docx writer's time on the example packs)."""
        key = (name, kind)
        if key not in self.style_ids:
            self.style_ids[key] = self.doc.part.get_style_id(self.style(name), kind)
        return self.style_ids[key]

    @cached_property
    def bullet_num(self) -> int:
        return _style_num_id(self, "List Bullet")

    @cached_property
    def number_abstract(self) -> str:
        numbering = self.doc.part.numbering_part.element
        num_id = _style_num_id(self, "List Number")
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == str(num_id):
                return num.find(qn("w:abstractNumId")).get(qn("w:val"))
        raise WriterError(f"{self.source}: style 'List Number' points at numbering {num_id}, which is missing")

    def new_numbered_list(self, level: int) -> int:
        """A fresh w:num on the List Number definition that starts again at 1."""
        numbering = self.doc.part.numbering_part.element
        num = numbering.add_num(self.number_abstract)
        override = num.add_lvlOverride(ilvl=level)
        override.add_startOverride(1)
        return num.numId

    def level_indent(self, num_id: int, level: int) -> tuple[int, int]:
        """(left, hanging) of a list level in twips, as the numbering definition sets them."""
        numbering = self.doc.part.numbering_part.element
        abstract = None
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == str(num_id):
                abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        for an in numbering.findall(qn("w:abstractNum")):
            if an.get(qn("w:abstractNumId")) == abstract:
                for lvl in an.findall(qn("w:lvl")):
                    ind = lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}")
                    if lvl.get(qn("w:ilvl")) == str(level) and ind is not None:
                        left = ind.get(qn("w:left")) or ind.get(qn("w:start")) or 0
                        return int(left), int(ind.get(qn("w:hanging")) or 0)
        return LIST_STEP * (level + 1), LIST_STEP

    def bookmark(self) -> tuple[str, int]:
        while True:
            self.bookmark_id += 1
            name = f"_Toc{100000000 + self.bookmark_id}"
            if name not in self.bookmark_names:
                return name, self.bookmark_id


@dataclass(frozen=True)
class _Box:
    """Where blocks are going: the shared state plus the current indent and nesting."""

    state: _State
    indent: int = 0          # twips from the left margin
    list_depth: int = 0
    clause_depth: int = 0


def _style_num_id(state: _State, style_name: str) -> int:
    style = state.style(style_name)
    num_id = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if num_id is None:
        raise WriterError(f"{state.source}: style {style_name!r} has no list numbering")
    return int(num_id.get(qn("w:val")))


def _import_style(doc, name: str, source: Path) -> None:
    """Copy style ``name`` (and the styles and numbering it relies on) from the built-in master."""
    builtin = data_dir("templates") / MASTER
    if source.resolve() == builtin.resolve():
        raise WriterError(f"{source}: the Word template has no style {name!r}")
    master = docx.Document(str(builtin))
    try:
        style = master.styles[name]
    except KeyError:
        raise WriterError(f"{source}: the Word template has no style {name!r}") from None
    based = style.base_style
    if based is not None:
        try:
            doc.styles[based.name]
        except KeyError:
            _import_style(doc, based.name, source)
    element = copy.deepcopy(style.element)
    num_id = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if num_id is not None:
        num_id.set(qn("w:val"), str(_import_numbering(doc, master, int(num_id.get(qn("w:val"))))))
    doc.styles.element.append(element)


def _import_numbering(doc, master, num_id: int) -> int:
    src = master.part.numbering_part.element
    num = next(n for n in src.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in src.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    try:
        target = doc.part.numbering_part.element
    except NotImplementedError:  # the master has no numbering part at all
        from docx.opc.packuri import PackURI
        from docx.parts.numbering import NumberingPart

        part = NumberingPart.load(PackURI("/word/numbering.xml"),
                                  "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
                                  f'<w:numbering {nsdecls("w")}/>'.encode(), doc.part.package)
        doc.part.relate_to(part, RT.NUMBERING)
        target = part.element
    used = [int(a.get(qn("w:abstractNumId"))) for a in target.findall(qn("w:abstractNum"))]
    new_abstract = copy.deepcopy(abstract)
    new_abstract.set(qn("w:abstractNumId"), str(max(used, default=-1) + 1))
    nsid = new_abstract.find(qn("w:nsid"))
    if nsid is not None:
        new_abstract.remove(nsid)
    existing = target.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(new_abstract)
    else:
        target.insert(0, new_abstract)
    return target.add_num(new_abstract.get(qn("w:abstractNumId"))).numId


# ---------------------------------------------------------------------------- the writer


class DocxWriter(Visitor):
    """Writes a Document as a Word file built on the master template."""

    format = "docx"
    extension = ".docx"

    def __init__(self):
        self._environments: dict[tuple[Path, ...], Environment] = {}

    def write(self, document: Document, target: Path, templates: Templates) -> None:
        target = Path(target)
        source = templates.optional(MASTER)   # a link or an odd file is refused: InputError
        if source is None:
            raise WriterError(f"template {MASTER!r} not found in {', '.join(map(str, templates.search_path))}")
        sentinel = f"tenderpack-body-{secrets.token_hex(16)}"
        doc = self._render_master(document, source, templates, sentinel)
        try:
            self._build(document, doc, source, sentinel)
            raw = io.BytesIO()
            doc.save(raw)
        except TenderpackError:
            raise
        except (ValueError, KeyError, TypeError) as exc:
            raise WriterError(f"docx writer failed on {document.id!r} with template {source}: "
                              f"{type(exc).__name__}: {exc}") from exc
        data = normalise_zip(raw.getvalue())
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise WriterError(f"{target}: cannot write the Word file: {exc}") from exc

    # ------------------------------------------------------------------ master

    def _context(self, document: Document, tpl: DocxTemplate, templates: Templates, sentinel: str) -> dict:
        ctx: dict[str, Any] = {"title": document.title, "document_title": document.title, "subtitle": document.subtitle,
               "buyer": "", "buyers": [], "reference": "", "date": "", "audience": document.audience,
               "language": "en-GB"}
        ctx.update(document.context)
        ctx = {key: _data(value) for key, value in ctx.items()}
        ctx["toc"] = bool(document.toc)
        ctx["body"] = sentinel
        ctx["logo"] = None
        logo = templates.optional(LOGO)
        if logo is not None:
            try:
                image = Image.from_file(str(logo))
            except (OSError, UnrecognizedImageError) as exc:
                raise WriterError(f"{logo}: cannot use the logo: {exc}") from exc
            # At most 6 cm wide and 2.5 cm high, keeping the proportions.
            scale = min(Mm(60) / image.width, Mm(25) / image.height)
            ctx["logo"] = InlineImage(tpl, str(logo), width=int(image.width * scale),
                                      height=int(image.height * scale))
        return ctx

    def _environment(self, templates: Templates) -> Environment:
        """The house-style sandbox for ``templates``' folders, autoescaped as docxtpl's was."""
        key = tuple(templates.search_path)
        if key not in self._environments:
            self._environments[key] = house_style_environment(templates, autoescape=True)
        return self._environments[key]

    def _render_master(self, document: Document, source: Path, templates: Templates, sentinel: str):
        tpl = None
        try:
            tpl = DocxTemplate(io.BytesIO(check_master(source)))
            tpl.init_docx()
            context = self._context(document, tpl, templates, sentinel)
            tpl.render(context, jinja_env=self._environment(templates))
            rendered = io.BytesIO()
            tpl.save(rendered)
            rendered.seek(0)
            return docx.Document(rendered)
        except (TemplateError, InputError) as exc:
            # docxtpl attaches the text around the error (its line numbers are of the XML).
            near = " ".join(line.strip() for line in getattr(exc, "docx_context", None) or [] if line.strip())
            near = f" (near: {near[:120]!r})" if near else ""
            part = getattr(getattr(tpl, "current_rendering_part", None), "partname", None)
            refused = refusal(exc, source, near=f"{near} in {part.lstrip('/')}" if part else near)
            if refused is not None:   # the template tried to run code or read a link: bad input
                raise refused from exc
            # refusal() answers every InputError, so exc is a TemplateError here.
            message = exc.message if isinstance(exc, TemplateError) else str(exc)
            raise WriterError(f"{source}: the Word template has a template error: {message}{near}") from exc
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
            raise WriterError(f"{source}: not a usable Word template (.docx): {exc}") from exc
        except OSError as exc:
            raise WriterError(f"{source}: cannot read the Word template: {exc}") from exc
        except TenderpackError:
            raise
        except (ValueError, TypeError) as exc:
            raise WriterError(f"{source}: the Word template could not be rendered: {type(exc).__name__}: {exc}") from exc

    # ------------------------------------------------------------------ body

    def _build(self, document: Document, doc, source: Path, sentinel: str) -> None:
        placeholder = self._placeholder(doc, source, sentinel)
        section = doc.sections[-1]
        width = (section.page_width or Mm(210)) - (section.left_margin or Mm(25)) - (section.right_margin or Mm(25))
        state = _State(doc=doc, anchor=placeholder, text_width=int(width) // 635, source=source)  # EMU -> twips
        body = doc.element.body
        state.bookmark_names = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
        ids = [int(b.get(qn("w:id"))) for b in body.iter(qn("w:bookmarkStart")) if b.get(qn("w:id"), "").isdigit()]
        state.bookmark_id = max(ids, default=0)

        box = _Box(state)
        has_front_matter = any(_local(el) in ("p", "tbl") for el in placeholder.itersiblings(preceding=True))
        brief = document.context.get("layout") == "brief"
        if brief:
            self._compact_front_matter(doc, placeholder)
        for i, section_node in enumerate(document.sections):
            self._section(section_node, box, first=(i == 0 and has_front_matter and not brief))

        self._remove_placeholder(state)
        self._fill_toc(doc, state)
        self._describe_logo(document, doc)
        self._finish(document, doc)

    def _describe_logo(self, document: Document, doc) -> None:
        """Alt text for the logo, and no stray image margins (LibreOffice adds 0.32 cm otherwise)."""
        ctx = document.context
        names = ctx.get("buyers") or [ctx.get("buyer") or ""]
        description = "Logo of " + " and ".join(str(n) for n in names if n) if any(names) else "Logo"
        for inline in doc.element.body.iter(qn("wp:inline")):
            pic_name = inline.find(f".//{qn('pic:cNvPr')}")
            if pic_name is None or pic_name.get("name") != LOGO:
                continue
            for side in ("distT", "distB", "distL", "distR"):
                inline.set(side, "0")
            doc_pr = inline.find(qn("wp:docPr"))
            if doc_pr is not None:
                doc_pr.set("name", "Logo")
                doc_pr.set("descr", description)

    def _placeholder(self, doc, source: Path, sentinel: str):
        for p in doc.element.body.iter(qn("w:p")):
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            if text.strip() == sentinel:
                return p
            if sentinel in text:
                raise WriterError(f"{source}: the {{{{ body }}}} tag must be alone in its paragraph")
        raise WriterError(f"{source}: the Word template has no {{{{ body }}}} paragraph, "
                          "so there is nowhere to put the document's text")

    def _remove_placeholder(self, state: _State) -> None:
        p = state.anchor
        following = p.getnext()
        ends_with_table = state.previous() == "tbl" and (following is None or _local(following) != "p")
        if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None or ends_with_table:
            # Keep it as an empty paragraph: it carries a section break, or Word needs a
            # paragraph after a table that ends the document.
            for child in list(p):
                if _local(child) != "pPr":
                    p.remove(child)
            return
        parent = p.getparent()
        assert parent is not None   # found by searching the body: it is inside it
        parent.remove(p)

    def _compact_front_matter(self, doc, placeholder) -> None:
        """Layout "brief": the cover becomes a title block at the top of page 1.

        Works on any master: only the spacing and size of the paragraphs before the body
        tag change, so a buyer's own cover design keeps its styles.
        """
        for element in placeholder.itersiblings(preceding=True):
            if _local(element) != "p":
                continue
            paragraph = DocxParagraph(element, doc._body)
            fmt = paragraph.paragraph_format
            fmt.space_before = Pt(0)
            fmt.space_after = Pt(4)
            fmt.page_break_before = False
            if paragraph.style is not None and paragraph.style.name == "Title":
                for run in paragraph.runs:
                    run.font.size = Pt(20)

    def _section(self, section: Section, box: _Box, first: bool) -> None:
        state = box.state
        if section.page_break_before or first:
            state.pending_break = True
        self._heading(section.title, 1, box)
        self.visit_all(section.blocks, box)

    # ------------------------------------------------------------------ paragraphs

    def _paragraph(self, box: _Box, style: str, indent: bool = True) -> DocxParagraph:
        """A new paragraph in ``style`` in front of the placeholder."""
        state = box.state
        after_table = state.previous() == "tbl"
        p = state.doc.add_paragraph()
        state.insert(p._p)
        if style != "Normal":
            p._p.style = state.style_id(style, WD_STYLE_TYPE.PARAGRAPH)
        if state.pending_break:
            p.paragraph_format.page_break_before = True
            state.pending_break = False
        if box.indent and indent:
            p.paragraph_format.left_indent = Twips(box.indent)
        if after_table and not style.startswith("Heading") and style not in ("Caption", "Clause Heading"):
            p.paragraph_format.space_before = Twips(200)
        return p

    def _table_gap(self, box: _Box) -> None:
        """Keep tables apart (Word merges adjacent tables) and honour a pending page break."""
        state = box.state
        after_table = state.previous() == "tbl"
        if after_table or state.pending_break:
            p = self._paragraph(box, "Normal", indent=False)
            pf = p.paragraph_format
            pf.space_before = Twips(200 if after_table else 0)
            pf.space_after, pf.line_spacing = Twips(0), Twips(20)
            set_child(p._p.get_or_add_pPr(), "rPr", PPR_ORDER).append(
                OxmlElement("w:sz", {qn("w:val"): "2"}))

    def _runs(self, p: DocxParagraph, parts: list[Run], state: _State, bold: bool = False) -> None:
        """Add runs to ``p``; consecutive runs with the same URL share one w:hyperlink."""
        link = None
        link_url = None
        for part in parts:
            if not part.text:
                continue
            run = p.add_run(part.text)
            if part.bold or bold:
                run.bold = True
            if part.italic:
                run.italic = True
            if part.url:
                run._r.style = state.style_id("Hyperlink", WD_STYLE_TYPE.CHARACTER)
                if link is None or link_url != part.url:
                    r_id = p.part.relate_to(part.url, RT.HYPERLINK, is_external=True)
                    link = OxmlElement("w:hyperlink", {qn("r:id"): r_id, qn("w:history"): "1"})
                    r: _Element = run._r   # any element may go before it (types-lxml asks for another w:r)
                    r.addprevious(link)
                    link_url = part.url
                link.append(run._r)
            else:
                link = link_url = None

    def _heading(self, text: str, level: int, box: _Box, number: str | None = None,
                 style: str | None = None, outline: int | None = None) -> DocxParagraph:
        state = box.state
        p = self._paragraph(box, style or f"Heading {level}", indent=style is None)
        if outline is not None:
            set_child(p._p.get_or_add_pPr(), "outlineLvl", PPR_ORDER, val=str(outline))
        shown = f"{number}\t{text}" if number else text
        if level <= TOC_LEVELS:
            name, bid = state.bookmark()
            para: _Element = p._p   # any child may be appended (types-lxml asks for another w:p)
            para.append(OxmlElement("w:bookmarkStart", {qn("w:id"): str(bid), qn("w:name"): name}))
            p.add_run(shown)
            para.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): str(bid)}))
            state.toc.append((level, shown, name))
        else:
            p.add_run(shown)
        return p

    def visit_heading(self, node: Heading, box: _Box) -> None:
        self._heading(node.text, max(2, min(int(node.level), 9)), box)

    def visit_paragraph(self, node: Paragraph, box: _Box) -> None:
        p = self._paragraph(box, ROLE_STYLES.get(node.role or "", "Normal"))
        self._runs(p, node.runs, box.state)
        if node.role == "answer" and not node.runs:
            # An empty bordered paragraph would be one line high: give the bidder room to type.
            run = p.add_run()
            for _ in range(ANSWER_LINES - 1):
                run.add_break()

    def visit_page_break(self, node: PageBreak, box: _Box) -> None:
        box.state.pending_break = True

    # ------------------------------------------------------------------ lists

    def visit_list(self, node: ListBlock, box: _Box) -> None:
        state = box.state
        level = box.list_depth
        suffix = "" if level == 0 else f" {min(level, 2) + 1}"
        style = ("List Number" if node.ordered else "List Bullet") + suffix
        num_id = state.new_numbered_list(level) if node.ordered else state.bullet_num
        left, hanging = state.level_indent(num_id, level)
        for item in node.items:
            head = item[0] if item else None
            if isinstance(head, Paragraph):
                first, rest = head, item[1:]
            else:   # an item starts with a paragraph, empty if need be
                first, rest = Paragraph([]), list(item)
            p = self._paragraph(box, style, indent=False)
            if node.ordered or level > 2:
                numpr = set_child(p._p.get_or_add_pPr(), "numPr", PPR_ORDER)
                numpr.append(OxmlElement("w:ilvl", {qn("w:val"): str(level)}))
                numpr.append(OxmlElement("w:numId", {qn("w:val"): str(num_id)}))
            if box.indent:
                set_child(p._p.get_or_add_pPr(), "ind", PPR_ORDER, left=box.indent + left, hanging=hanging)
            self._runs(p, first.runs, state)
            inner = replace(box, indent=box.indent + left, list_depth=0)
            for block in rest:
                if isinstance(block, ListBlock):
                    self.visit(block, replace(box, list_depth=level + 1))
                elif isinstance(block, Paragraph):
                    cont = self._paragraph(box, "List Continue" + suffix, indent=False)
                    if box.indent or level > 2:
                        cont.paragraph_format.left_indent = Twips(box.indent + left)
                    self._runs(cont, block.runs, state)
                else:
                    self.visit(block, inner)
        last = state.anchor.getprevious()
        if level == 0 and isinstance(last, CT_P):   # every w:p python-docx reads or makes is a CT_P
            # A little more room after the last item, so the list ends visibly.
            DocxParagraph(last, state.doc._body).paragraph_format.space_after = Twips(160)

    # ------------------------------------------------------------------ tables

    def _new_table(self, box: _Box, rows: int, widths: list[float], style: str, caption: str | None,
                   columns: list[list[tuple[str, bool]]] | None = None):
        state = box.state
        available = state.text_width - box.indent
        cols = column_widths(available, widths, columns or [[] for _ in widths])
        table = state.doc.add_table(rows=rows, cols=len(cols))
        state.insert(table._tbl)
        table._tbl.tblPr.style = state.style_id(style, WD_STYLE_TYPE.TABLE)
        tbl_pr = table._tbl.tblPr
        set_child(tbl_pr, "tblW", TBLPR_ORDER, w=available, type="dxa")
        if box.indent:
            set_child(tbl_pr, "tblInd", TBLPR_ORDER, w=box.indent, type="dxa")
        set_child(tbl_pr, "tblLayout", TBLPR_ORDER, type="fixed")
        if caption:
            set_child(tbl_pr, "tblCaption", TBLPR_ORDER, val=caption[:255])
        for grid_col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), cols):
            grid_col.set(qn("w:w"), str(width))
        for row in table.rows:
            set_child(row._tr.get_or_add_trPr(), "cantSplit", TRPR_ORDER)
            for cell, width in zip(row.cells, cols):
                set_child(cell._tc.get_or_add_tcPr(), "tcW", TCPR_ORDER, w=width, type="dxa")
        return table

    @staticmethod
    def _shade(cell, fill: str) -> None:
        set_child(cell._tc.get_or_add_tcPr(), "shd", TCPR_ORDER, val="clear", color="auto", fill=fill)

    def _cell(self, cell, parts: list[Run], style: str, box: _Box, bold: bool = False) -> None:
        p = cell.paragraphs[0]
        p._p.style = box.state.style_id(style, WD_STYLE_TYPE.PARAGRAPH)
        self._runs(p, parts, box.state, bold=bold)

    def visit_table(self, node: Table, box: _Box) -> None:
        if node.caption:
            p = self._paragraph(box, "Caption")
            p.add_run(node.caption)
        else:
            self._table_gap(box)
        n = len(node.header)
        widths = list(node.widths or [])
        if len(widths) != n or any(not isinstance(w, (int, float)) or w <= 0 for w in widths):
            widths = [1] * n
        columns = [[(plain_text(h), True)] + [(plain_text(row[i]), False) for row in node.rows if i < len(row)]
                   for i, h in enumerate(node.header)]
        table = self._new_table(box, 1 + len(node.rows), widths, "Tender Table", node.caption, columns)
        set_child(table._tbl.tblPr, "tblLook", TBLPR_ORDER, val="0420", firstRow=1, lastRow=0, firstColumn=0,
                  lastColumn=0, noHBand=1, noVBand=1)
        header = table.rows[0]
        set_child(header._tr.get_or_add_trPr(), "tblHeader", TRPR_ORDER)
        for cell, parts in zip(header.cells, node.header):
            self._shade(cell, HEADER_FILL)
            self._cell(cell, parts, "Table Heading", box)
        for row, values in zip(table.rows[1:], node.rows):
            for cell, parts in zip(row.cells, values):
                self._cell(cell, parts, "Table Text", box)

    def visit_key_facts(self, node: KeyFacts, box: _Box) -> None:
        if not node.items and not node.title:
            return
        self._table_gap(box)
        title_rows = 1 if node.title else 0
        table = self._new_table(box, title_rows + len(node.items), [35, 65], "Key Facts Table",
                                node.title or "Key facts")
        set_child(table._tbl.tblPr, "tblLook", TBLPR_ORDER, val="04A0" if title_rows else "0080",
                  firstRow=title_rows, lastRow=0, firstColumn=1, lastColumn=0, noHBand=1, noVBand=1)
        if node.title:
            row = table.rows[0]
            set_child(row._tr.get_or_add_trPr(), "tblHeader", TRPR_ORDER)
            cell = row.cells[0].merge(row.cells[1])
            self._shade(cell, TITLE_FILL)
            p = cell.paragraphs[0]
            p._p.style = box.state.style_id("Key Facts Title", WD_STYLE_TYPE.PARAGRAPH)
            p.add_run(node.title)
        for row, (label, value) in zip(table.rows[title_rows:], node.items):
            label_cell, value_cell = row.cells
            self._shade(label_cell, LABEL_FILL)
            self._cell(label_cell, [Run(str(label))], "Table Heading", box)
            self._cell(value_cell, value, "Table Text", box)

    # ------------------------------------------------------------------ clauses

    def visit_clause(self, node: Clause, box: _Box) -> None:
        depth = box.clause_depth
        # Top-level clauses sit at outline level 2 (below the section title), nested ones below.
        level = 2 + depth
        p = self._heading(node.title, level, box, number=node.number, style="Clause Heading",
                          outline=None if depth == 0 else min(level - 1, 8))
        if box.indent:
            set_child(p._p.get_or_add_pPr(), "ind", PPR_ORDER, left=box.indent + CLAUSE_INDENT,
                      hanging=CLAUSE_INDENT)
        self.visit_all(node.blocks, replace(box, indent=box.indent + CLAUSE_INDENT, clause_depth=depth + 1,
                                            list_depth=0))

    # ------------------------------------------------------------------ contents, properties

    def _fill_toc(self, doc, state: _State) -> None:
        """Give the TOC field a cached result: the headings, linked, so it is never blank.

        Page numbers are left to Word, which updates the field when the file is opened
        (w:updateFields); a guessed number would be worse than none.
        """
        settings = doc.settings.element
        instr = next((t for t in doc.element.body.iter(qn("w:instrText"))
                      if re.match(r"\s*TOC\b", t.text or "")), None)
        if instr is None:
            old = settings.find(qn("w:updateFields"))
            if old is not None:
                settings.remove(old)  # nothing to update: spare the reader Word's prompt
            return
        set_child(settings, "updateFields", ("updateFields",) + SETTINGS_AFTER_UPDATE_FIELDS, val="true")
        entries = [e for e in state.toc if e[0] <= TOC_LEVELS]
        if not entries:
            return
        begin_p = instr.getparent().getparent()
        runs = list(begin_p)
        instr_run = instr.getparent()
        idx = runs.index(instr_run)
        begin_run = next(r for r in reversed(runs[:idx]) if r.find(qn("w:fldChar")) is not None)
        separate_run = next((r for r in runs[idx:] if _fld_type(r) == "separate"), None)
        end_run, end_p = _field_end(begin_p, instr_run)
        if separate_run is None or end_run is None:
            return
        prefix = [copy.deepcopy(r) for r in runs[runs.index(begin_run):runs.index(separate_run) + 1]]
        paragraphs = []
        for i, (level, text, anchor) in enumerate(entries):
            p = doc.add_paragraph()
            paragraphs.append(p)
            try:
                p.style = doc.styles[f"toc {level}"]
            except KeyError:
                pass
            if i == 0:
                for r in prefix:
                    p._p.append(r)
            link = OxmlElement("w:hyperlink", {qn("w:anchor"): anchor, qn("w:history"): "1"})
            p._p.append(link)
            for j, piece in enumerate(text.split("\t")):
                if j:
                    link.append(_run(tab=True))
                link.append(_run(piece))
        paragraphs[-1]._p.append(copy.deepcopy(end_run))
        # Replace the old field paragraphs (begin .. end) with the new ones.
        old = [begin_p]
        while old[-1] is not end_p:
            old.append(old[-1].getnext())
        for p in paragraphs:
            begin_p.addprevious(p._p)
        for el in old:
            el.getparent().remove(el)

    def _finish(self, document: Document, doc) -> None:
        ctx = document.context
        language = str(ctx.get("language") or "en-GB")
        styles = doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = OxmlElement("w:docDefaults")
            styles.insert(0, defaults)
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            later = [c for c in rpr if _local(c) in ("eastAsianLayout", "specVanish", "oMath")]
            (later[0].addprevious(lang) if later else rpr.append(lang))
        lang.set(qn("w:val"), language)
        lang.set(qn("w:eastAsia"), language)

        props = doc.core_properties
        document_title = str(ctx.get("document_title") or document.title)
        title = str(ctx.get("title") or "")
        props.title = f"{document_title}: {title}" if title else document_title
        props.subject = str(ctx.get("reference") or "")
        props.author = str(ctx.get("buyer") or "")
        props.last_modified_by = str(ctx.get("buyer") or "")
        props.language = language
        props.revision = 1
        when = _date(ctx.get("date_iso"))
        props.created = props.modified = props.last_printed = when


def _run(text: str | None = None, tab: bool = False, fld: str | None = None, instr: str | None = None):
    r = OxmlElement("w:r")
    if tab:
        r.append(OxmlElement("w:tab"))
    if fld:
        r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): fld}))
    if instr is not None or text is not None:
        t = OxmlElement("w:instrText" if instr is not None else "w:t")
        t.text = instr if instr is not None else text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        r.append(t)
    return r


def _fld_type(run) -> str | None:
    fld = run.find(qn("w:fldChar"))
    return fld.get(qn("w:fldCharType")) if fld is not None else None


def _field_end(begin_p, instr_run):
    """The run that ends the field begun before ``instr_run``, and its paragraph."""
    depth = 0
    p = begin_p
    started = False
    while p is not None:
        for r in p.iter(qn("w:r")):
            if not started:
                started = r is instr_run
                continue
            kind = _fld_type(r)
            if kind == "begin":
                depth += 1
            elif kind == "end":
                if depth == 0:
                    return r, p
                depth -= 1
        p = p.getnext()
    return None, None


def _date(value) -> dt.datetime:
    """Midnight UTC of the document date, so the file does not change with the clock."""
    try:
        day = dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        day = dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day)

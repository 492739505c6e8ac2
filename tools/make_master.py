"""Generate templates/master.docx, the house style of every Word document tenderpack writes.

The master is a docxtpl (Jinja2) template. It holds the page set-up, the styles, the list
numbering, the cover page, the running header and footer and the contents page; the Word
writer (src/tenderpack/writers/docx.py) renders it and builds the body where the
``{{ body }}`` paragraph is. Keeping the master as code makes the binary reproducible and
every change to the house style reviewable:

    .venv/bin/python tools/make_master.py            # writes templates/master.docx

A buyer can restyle their documents with a master of their own (--template-dir): start from
this file, change styles in Word, keep the tags. Tags used here:

    {{ title }} {{ document_title }} {{ subtitle }} {{ reference }} {{ date }} {{ buyer }}
    buyers (a list), logo (an image or nothing), toc (true when the document has a contents
    page) and {{ body }}, which must be alone in its paragraph.

The output is byte-for-byte the same on every run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from tenderpack.writers.docx import normalise_zip

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "templates" / "master.docx"

# ------------------------------------------------------------------------- house style

NAVY = "1F3864"        # headings, rules, key facts box (contrast with white 11.6:1)
GREY = "595959"        # header and footer text (7:1 on white)
RULE = "A6B4C8"        # table and header rules
HEAD_FILL = "D9E2F3"   # table header rows
LABEL_FILL = "EEF2F8"  # key facts labels, notes
LINK = "1D5FA8"        # hyperlinks (6.4:1 on white)

FONT = "Arial"         # LibreOffice substitutes the metric-compatible Liberation Sans
PAGE_W, PAGE_H = 11906, 16838          # A4 in twips
MARGIN = 1417                          # 2.5 cm
TEXT_W = PAGE_W - 2 * MARGIN           # 9072 twips, 16 cm
LIST_STEP = 425                        # 0.75 cm per list level
CLAUSE_INDENT = 709                    # 1.25 cm: clause number column


def _sz(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def _color(rgb: str) -> str:
    return f'<w:color w:val="{rgb}"/>'


BOLD = "<w:b/><w:bCs/>"
RIGHT_TAB = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'


def _toc_tabs(number_column: int) -> str:
    return (f'<w:tabs><w:tab w:val="left" w:pos="{number_column}"/>'
            f'<w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>')


# styleId: (type, name, basedOn, next, pPr children, rPr children, extra).
# pPr and rPr children are written in the order the OOXML schema requires.
PARAGRAPH, CHARACTER, TABLE = "paragraph", "character", "table"
STYLES: dict[str, tuple] = {
    "Normal": (PARAGRAPH, "Normal", None, None, "", "", ""),
    "Heading1": (PARAGRAPH, "heading 1", "Normal", "Normal",
                 '<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="160" w:line="240" w:lineRule="auto"/>'
                 '<w:outlineLvl w:val="0"/>', BOLD + _color(NAVY) + _sz(18), ""),
    "Heading2": (PARAGRAPH, "heading 2", "Normal", "Normal",
                 '<w:keepNext/><w:keepLines/><w:spacing w:before="320" w:after="120" w:line="240" w:lineRule="auto"/>'
                 '<w:outlineLvl w:val="1"/>', BOLD + _color(NAVY) + _sz(14), ""),
    "Heading3": (PARAGRAPH, "heading 3", "Normal", "Normal",
                 '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/>'
                 '<w:outlineLvl w:val="2"/>', BOLD + _color(NAVY) + _sz(12), ""),
    "Heading4": (PARAGRAPH, "heading 4", "Normal", "Normal",
                 '<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="60"/>'
                 '<w:outlineLvl w:val="3"/>', BOLD + _color(NAVY) + _sz(11), ""),
    "Title": (PARAGRAPH, "Title", "Normal", "Normal",
              '<w:spacing w:before="0" w:after="240" w:line="240" w:lineRule="auto"/>',
              BOLD + _color(NAVY) + '<w:kern w:val="28"/>' + _sz(28), ""),
    "Subtitle": (PARAGRAPH, "Subtitle", "Normal", "Normal",
                 '<w:spacing w:after="240" w:line="259" w:lineRule="auto"/>', _color("404040") + _sz(14), ""),
    "CoverLogo": (PARAGRAPH, "Cover Logo", "Normal", "Normal", '<w:spacing w:after="360"/>', "", ""),
    "CoverBuyer": (PARAGRAPH, "Cover Buyer", "Normal", "Normal",
                   '<w:spacing w:after="40" w:line="240" w:lineRule="auto"/>', BOLD + _color(NAVY) + _sz(14), ""),
    "CoverDocumentTitle": (PARAGRAPH, "Cover Document Title", "Normal", "Title",
                           '<w:keepNext/><w:pBdr><w:top w:val="single" w:sz="18" w:space="12" w:color="%s"/></w:pBdr>'
                           '<w:spacing w:before="2835" w:after="160"/>' % NAVY, _color(GREY) + _sz(14), ""),
    "CoverDetail": (PARAGRAPH, "Cover Detail", "Normal", "Normal",
                    f'<w:tabs><w:tab w:val="left" w:pos="1701"/></w:tabs><w:spacing w:after="60"/>',
                    _color("404040"), ""),
    "TOCHeading": (PARAGRAPH, "TOC Heading", "Heading1", "Normal",
                   '<w:pageBreakBefore/><w:outlineLvl w:val="9"/>', "", ""),
    "TOC1": (PARAGRAPH, "toc 1", "Normal", "Normal",
             RIGHT_TAB + '<w:spacing w:before="120" w:after="40"/>', BOLD, ""),
    # toc 2 and 3 have a tab stop for the clause number column ("1<tab>Payment").
    "TOC2": (PARAGRAPH, "toc 2", "Normal", "Normal",
             _toc_tabs(284 + CLAUSE_INDENT) + '<w:spacing w:after="40"/><w:ind w:left="284"/>', "", ""),
    "TOC3": (PARAGRAPH, "toc 3", "Normal", "Normal",
             _toc_tabs(567 + CLAUSE_INDENT) + '<w:spacing w:after="40"/><w:ind w:left="567"/>', "", ""),
    "Header": (PARAGRAPH, "header", "Normal", None,
               f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{RULE}"/></w:pBdr>'
               f'<w:tabs><w:tab w:val="clear" w:pos="4680"/><w:tab w:val="clear" w:pos="9360"/>'
               f'<w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>'
               '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>', _color(GREY) + _sz(9), ""),
    "Footer": (PARAGRAPH, "footer", "Normal", None,
               f'<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="{RULE}"/></w:pBdr>'
               f'<w:tabs><w:tab w:val="clear" w:pos="4680"/><w:tab w:val="clear" w:pos="9360"/>'
               f'<w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>'
               '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>', _color(GREY) + _sz(9), ""),
    "Lead": (PARAGRAPH, "Lead", "Normal", "Normal",
             '<w:spacing w:after="240" w:line="264" w:lineRule="auto"/>', _sz(13), ""),
    "Note": (PARAGRAPH, "Note", "Normal", "Normal",
             f'<w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="{NAVY}"/></w:pBdr>'
             f'<w:shd w:val="clear" w:color="auto" w:fill="{LABEL_FILL}"/>'
             '<w:spacing w:before="120" w:after="240"/><w:ind w:left="227" w:right="113"/>', "", ""),
    # A box for the reader to type an answer in (Paragraph role "answer" in the tree).
    "Answer": (PARAGRAPH, "Answer", "Normal", "Normal",
               "<w:keepLines/>" + ''.join(f'<w:{side} w:val="single" w:sz="6" w:space="4" w:color="{GREY}"/>'
                       for side in ("top", "left", "bottom", "right")).join(("<w:pBdr>", "</w:pBdr>"))
               + '<w:spacing w:before="120" w:after="360"/><w:ind w:left="113" w:right="113"/>', "", ""),
    "Caption": (PARAGRAPH, "caption", "Normal", "Normal",
                '<w:keepNext/><w:spacing w:before="200" w:after="80" w:line="240" w:lineRule="auto"/>',
                BOLD + _color(NAVY) + _sz(10), ""),
    "ClauseHeading": (PARAGRAPH, "Clause Heading", "Normal", "Normal",
                      f'<w:keepNext/><w:keepLines/><w:tabs><w:tab w:val="left" w:pos="{CLAUSE_INDENT}"/></w:tabs>'
                      f'<w:spacing w:before="240" w:after="80"/><w:ind w:left="{CLAUSE_INDENT}" w:hanging="{CLAUSE_INDENT}"/>'
                      '<w:outlineLvl w:val="1"/>', BOLD + _color(NAVY) + _sz(12), ""),
    "TableText": (PARAGRAPH, "Table Text", "Normal", "Normal",
                  '<w:spacing w:before="20" w:after="20" w:line="252" w:lineRule="auto"/>', _sz(10), ""),
    "TableHeading": (PARAGRAPH, "Table Heading", "TableText", "TableText", "<w:keepNext/>", BOLD, ""),
    "KeyFactsTitle": (PARAGRAPH, "Key Facts Title", "TableText", "TableText",
                      "<w:keepNext/>", BOLD + _color("FFFFFF") + _sz(11.5), ""),
    "Hyperlink": (CHARACTER, "Hyperlink", "DefaultParagraphFont", None, "",
                  _color(LINK) + '<w:u w:val="single"/>', ""),
    "TenderTable": (TABLE, "Tender Table", "TableNormal", None, "", "",
                    '<w:tblPr><w:tblBorders>'
                    + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>'
                              for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
                    + '</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
                      '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
                    f'<w:tblStylePr w:type="firstRow"><w:rPr>{BOLD}{_color(NAVY)}</w:rPr><w:tblPr/><w:trPr><w:tblHeader/></w:trPr>'
                    f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEAD_FILL}"/></w:tcPr></w:tblStylePr>'),
    "KeyFactsTable": (TABLE, "Key Facts Table", "TableNormal", None, "", "",
                      '<w:tblPr><w:tblBorders>'
                      + "".join(f'<w:{side} w:val="single" w:sz="12" w:space="0" w:color="{NAVY}"/>'
                                for side in ("top", "left", "bottom", "right"))
                      + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>'
                                for side in ("insideH", "insideV"))
                      + '</w:tblBorders><w:tblCellMar><w:top w:w="85" w:type="dxa"/><w:left w:w="142" w:type="dxa"/>'
                        '<w:bottom w:w="85" w:type="dxa"/><w:right w:w="142" w:type="dxa"/></w:tblCellMar></w:tblPr>'
                      f'<w:tblStylePr w:type="firstCol"><w:rPr>{BOLD}</w:rPr><w:tblPr/>'
                      f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{LABEL_FILL}"/></w:tcPr></w:tblStylePr>'),
}

# List styles: the level each uses in the bullet (numId 1) or number (numId 2) definition.
for n, level in (("", 0), (" 2", 1), (" 3", 2)):
    sid = n.replace(" ", "")
    indent = LIST_STEP * (level + 1)
    for kind, num in (("Bullet", 1), ("Number", 2)):
        STYLES[f"List{kind}{sid}"] = (PARAGRAPH, f"List {kind}{n}", "Normal", None,
                                      f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'
                                      '<w:spacing w:after="80"/>', "", "")
    STYLES[f"ListContinue{sid}"] = (PARAGRAPH, f"List Continue{n}", "Normal", None,
                                    f'<w:spacing w:after="80"/><w:ind w:left="{indent}"/>', "", "")

# The style gallery shows the styles an author should use, in this order.
QUICK = ["Normal", "Heading1", "Heading2", "Heading3", "Title", "Subtitle", "Lead", "Note",
         "ListBullet", "ListNumber", "Caption", "ClauseHeading"]
UI_PRIORITY = {"Normal": 0, "Heading1": 9, "Heading2": 9, "Heading3": 9, "Heading4": 9, "Title": 10,
               "Subtitle": 11, "Caption": 35, "TOCHeading": 39, "TOC1": 39, "TOC2": 39, "TOC3": 39}

DOC_DEFAULTS = (
    f'<w:docDefaults {nsdecls("w")}>'
    f'<w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
    f'{_sz(11)}<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after="160" w:line="276" w:lineRule="auto"/>'
    "</w:pPr></w:pPrDefault></w:docDefaults>"
)


def _levels(kind: str) -> str:
    bullets = ["\u2022", "\u25e6", "\u25aa"]
    formats = [("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}.")]
    out = []
    for i in range(9):
        if kind == "bullet":
            fmt, text = "bullet", bullets[i % 3]
        else:
            fmt, text = formats[i % 3][0], formats[i % 3][1].format(n=i + 1)
        out.append(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{LIST_STEP * (i + 1)}" w:hanging="{LIST_STEP}"/></w:pPr>'
            f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:hint="default"/></w:rPr></w:lvl>')
    return "".join(out)


NUMBERING = (
    f'<w:numbering {nsdecls("w")}>'
    f'<w:abstractNum w:abstractNumId="0"><w:nsid w:val="5B1E0A01"/><w:multiLevelType w:val="multilevel"/>'
    f'<w:tmpl w:val="5B1E0A01"/>{_levels("bullet")}</w:abstractNum>'
    f'<w:abstractNum w:abstractNumId="1"><w:nsid w:val="5B1E0A02"/><w:multiLevelType w:val="multilevel"/>'
    f'<w:tmpl w:val="5B1E0A02"/>{_levels("number")}</w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    "</w:numbering>"
)

APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Template>master.docx</Template><Application>tenderpack</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)

TOC_PLACEHOLDER = "Update this table to show the contents: right-click it and choose Update Field."

# ------------------------------------------------------------------------- building


def _drop_clutter(doc) -> None:
    """Remove the parts of python-docx's default template a council document has no use for."""
    unwanted = {RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
    for rel in list(doc.part.rels.values()):
        if rel.reltype in unwanted:
            doc.part.rels.pop(rel.rId)
    package_rels = doc.part.package.rels
    for rel in list(package_rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rel.rId)


def _theme_fonts(doc) -> None:
    """Point the theme's heading and body fonts at Arial, so styles a user adds match."""
    theme = doc.part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    xml = re.sub(r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*(")', rf"\g<1>{FONT}\g<2>", xml)
    theme._blob = xml.encode("utf-8")


def _styles(doc) -> None:
    root = doc.styles.element
    # The default template carries ~140 table styles and theme-bound fonts and colours:
    # drop the table styles, unbind the rest from the theme so the house style is explicit.
    for style in root.findall(qn("w:style")):
        sid = style.get(qn("w:styleId"))
        if style.get(qn("w:type")) == "table" and sid not in ("TableNormal", "TableGrid"):
            root.remove(style)
        elif sid in STYLES or sid.endswith("Char") and sid[:-4] in STYLES:
            root.remove(style)
    for el in root.iter(qn("w:rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            el.attrib.pop(qn(f"w:{attr}"), None)
    for el in root.iter(qn("w:color")):
        for attr in ("themeColor", "themeShade", "themeTint"):
            el.attrib.pop(qn(f"w:{attr}"), None)
    for el in list(root.iter(qn("w:rsid"))):
        el.getparent().remove(el)

    old = root.find(qn("w:docDefaults"))
    old.addprevious(parse_xml(DOC_DEFAULTS))
    root.remove(old)

    anchor = root.find(qn("w:latentStyles"))
    for sid, (kind, name, based, nxt, ppr, rpr, extra) in STYLES.items():
        parts = [f'<w:style {nsdecls("w")} w:type="{kind}" w:styleId="{sid}"'
                 + (' w:default="1"' if sid == "Normal" else "") + ">",
                 f'<w:name w:val="{name}"/>']
        if based:
            parts.append(f'<w:basedOn w:val="{based}"/>')
        if nxt:
            parts.append(f'<w:next w:val="{nxt}"/>')
        parts.append(f'<w:uiPriority w:val="{UI_PRIORITY.get(sid, 20 + QUICK.index(sid) if sid in QUICK else 99)}"/>')
        if sid in QUICK:
            parts.append("<w:qFormat/>")
        if ppr:
            parts.append(f"<w:pPr>{ppr}</w:pPr>")
        if rpr:
            parts.append(f"<w:rPr>{rpr}</w:rPr>")
        parts.append(extra + "</w:style>")
        element = parse_xml("".join(parts))
        anchor.addnext(element)
        anchor = element


def _numbering(doc) -> None:
    part = doc.part.numbering_part
    fresh = parse_xml(NUMBERING)
    root = part.element
    for child in list(root):
        root.remove(child)
    for child in list(fresh):
        root.append(child)


def _settings(doc) -> None:
    settings = doc.settings.element
    for el in list(settings):
        if el.tag in (qn("w:rsids"), qn("w:proofState"), qn("w:updateFields")):
            settings.remove(el)
    settings.find(qn("w:compat")).addprevious(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))
    for setting in settings.find(qn("w:compat")).findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")  # Word 2013 and later: no "Compatibility Mode"
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), "en-GB")
    settings.find(qn("w:themeFontLang")).attrib.pop(qn("w:eastAsia"), None)


def _core_properties(doc) -> None:
    props = doc.core_properties
    for name in ("title", "subject", "author", "keywords", "comments", "last_modified_by", "category"):
        setattr(props, name, "")
    props.language = "en-GB"
    props.revision = 1
    props.created = props.modified = dt.datetime(2026, 1, 1)
    app = next(rel.target_part for rel in doc.part.package.rels.values() if rel.reltype == RT.EXTENDED_PROPERTIES)
    app._blob = APP_XML.encode("utf-8")


def _field(paragraph, instruction: str, cached: str) -> None:
    """A complex field (PAGE, NUMPAGES) with a cached result Word and LibreOffice replace."""
    p = paragraph._p
    for xml in (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {nsdecls("w")}><w:t>{cached}</w:t></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'):
        p.append(parse_xml(xml))


def _page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    section.left_margin = section.right_margin = Twips(MARGIN)
    section.top_margin = section.bottom_margin = Twips(MARGIN)
    section.header_distance = section.footer_distance = Twips(709)
    section.gutter = Twips(0)
    section.different_first_page_header_footer = True  # the cover has no header or footer

    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.add_run("{{ reference }}")
    header.add_run("\t{{ document_title }}")

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.add_run("{{ buyer }}\tPage ")
    _field(footer, "PAGE", "2")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "2")

    for story in (section.first_page_header, section.first_page_footer):
        story.is_linked_to_previous = False  # an explicit, empty first-page header and footer
        story.paragraphs[0].style = doc.styles["Normal"]
        story.paragraphs[0].paragraph_format.space_after = Twips(0)


def _cover_and_contents(doc) -> None:
    add = doc.add_paragraph
    add("{%p if logo %}")
    add("{{ logo }}", style="Cover Logo")
    add("{%p endif %}")
    add("{%p for name in (buyers or [buyer]) %}")
    add("{{ name }}", style="Cover Buyer")
    add("{%p endfor %}")
    add("{{ document_title }}", style="Cover Document Title")
    add("{{ title }}", style="Title")
    add("{%p if subtitle %}")
    add("{{ subtitle }}", style="Subtitle")
    add("{%p endif %}")
    for label, tag in (("Reference", "reference"), ("Date", "date")):
        p = add(style="Cover Detail")
        p.add_run(label).bold = True
        p.add_run(f"\t{{{{ {tag} }}}}")

    add("{%p if toc %}")
    add("Contents", style="TOC Heading")
    toc = add(style="toc 1")
    toc._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    toc._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u '
                            "</w:instrText></w:r>"))
    toc._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    toc.add_run(TOC_PLACEHOLDER)
    toc._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    add("{%p endif %}")
    add("{{ body }}")


def build() -> bytes:
    doc = Document()
    _drop_clutter(doc)
    _theme_fonts(doc)
    _styles(doc)
    _numbering(doc)
    _settings(doc)
    _core_properties(doc)
    _page(doc)
    _cover_and_contents(doc)
    raw = io.BytesIO()
    doc.save(raw)
    return normalise_zip(raw.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", nargs="?", type=Path, default=TARGET)
    args = parser.parse_args()
    args.target.write_bytes(build())
    print(f"wrote {args.target}")


if __name__ == "__main__":
    main()

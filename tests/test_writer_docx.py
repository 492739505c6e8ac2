"""The Word writer: every generated .docx is read back with python-docx and checked."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from conftest import HOSTILE, make_sample_document, sample_context
from tenderpack.errors import WriterError
from tenderpack.templates import Templates
from tenderpack.tree import Document, KeyFacts, ListBlock, Paragraph, Section, Table
from tenderpack.writers.docx import DocxWriter

MASTER = Path(__file__).resolve().parents[1] / "templates" / "master.docx"


def write(document: Document, tmp_path: Path, name: str = "out.docx", template_dir: Path | None = None) -> Path:
    target = tmp_path / name
    DocxWriter().write(document, target, Templates(template_dir))
    return target


def one_section(*blocks, **doc_args) -> Document:
    return Document(id="t", title="Test", context=sample_context(), sections=[Section("Only", list(blocks))],
                    **doc_args)


def texts(d) -> list[str]:
    return [p.text for p in d.paragraphs]


def xpath(element, path: str):
    return element.xpath(path)


@pytest.fixture
def written(sample_document, tmp_path):
    path = write(sample_document, tmp_path)
    return path, docx.Document(str(path))


# ---------------------------------------------------------------------------- structure


def test_file_is_a_valid_package(written):
    """The .docx is a zip whose parts parse as XML, with [Content_Types].xml first."""
    path, _ = written
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        assert z.namelist()[0] == "[Content_Types].xml"
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_section_titles_and_headings_use_word_heading_styles(written):
    """Section titles are Heading 1 and Heading nodes level 2/3 are Heading 2/3 (built-in style ids)."""
    _, d = written
    by_text = {p.text: p for p in d.paragraphs}
    for title in ("About this tender", "Evaluation", "Terms"):
        assert by_text[title].style.style_id == "Heading1"
        assert by_text[title].style.name == "Heading 1"
    assert by_text["What we are buying"].style.style_id == "Heading2"
    assert by_text["Sub heading"].style.style_id == "Heading3"


def test_two_writes_give_identical_bytes(sample_document, tmp_path):
    """The same document always gives the same bytes (no clock, no random ids in the file)."""
    first = write(sample_document, tmp_path, "a.docx").read_bytes()
    second = write(make_sample_document(), tmp_path, "b.docx").read_bytes()
    assert first == second


# ---------------------------------------------------------------------------- text


def test_hostile_text_comes_out_literally_in_body_tables_and_cover(written):
    """Template syntax, markup, entities, quotes and emoji are data: they appear exactly as typed."""
    _, d = written
    body = texts(d)
    for text in HOSTILE:
        assert text in body
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert "Row 0 {{ 7*7 }}" in cells and "Row 2 <b>not bold</b>" in cells
    assert "Criterion & weight" in cells
    assert "Home care <outcomes> & {{ 7*7 }}" in body  # the cover title, from the context
    assert not any("49" in t for t in body)


def test_docxtpl_escape_sequences_in_context_stay_literal(tmp_path):
    """docxtpl rewrites {_{ to {{ after rendering; a context value containing it must survive."""
    title = "{_{ x }_} {_% y %_} {_{_{"
    doc = one_section(Paragraph.of("x"))
    doc.context["title"] = title
    d = docx.Document(str(write(doc, tmp_path)))
    assert title in texts(d)


def test_runs_keep_bold_italic_and_links(written):
    """Bold and italic runs are marked, and a link is a real w:hyperlink to an external target."""
    _, d = written
    p = next(p for p in d.paragraphs if p.text.startswith("We want"))
    assert [r.text for r in p.runs if r.bold] == ["better"]
    assert [r.text for r in p.runs if r.italic] == ["soon"]
    links = xpath(p._p, "./w:hyperlink")
    assert len(links) == 1
    rel = d.part.rels[links[0].get(qn("r:id"))]
    assert rel.is_external and rel.target_ref == "https://example.org/a?b=1&c=2"
    assert "".join(xpath(links[0], ".//w:t/text()")) == "the portal"


def test_paragraph_roles_use_their_own_styles(tmp_path):
    """Roles "note" and "lead" get the master's Note and Lead styles; an unknown role is Normal."""
    d = docx.Document(str(write(one_section(Paragraph.of("Intro", role="lead"), Paragraph.of("Mind", role="note"),
                                            Paragraph.of("Plain", role="whatever")), tmp_path)))
    styles = {p.text: p.style.name for p in d.paragraphs}
    assert styles == {**styles, "Intro": "Lead", "Mind": "Note", "Plain": "Normal"}


# ---------------------------------------------------------------------------- lists


def _num_ids(d, texts_wanted):
    out = []
    for p in d.paragraphs:
        if p.text in texts_wanted:
            out.append(int(xpath(p._p, "./w:pPr/w:numPr/w:numId/@w:val")[0]))
    return out


def test_each_numbered_list_restarts_at_one(written):
    """Two numbered lists get different w:numId, each a new w:num with startOverride 1 on List Number's definition."""
    _, d = written
    first = _num_ids(d, {"Step one", "Step two"})
    second = _num_ids(d, {"Again one", "Again two"})
    assert len(set(first)) == 1 and len(set(second)) == 1 and first[0] != second[0]
    numbering = d.part.numbering_part.element
    style_num = xpath(d.styles["List Number"].element, "./w:pPr/w:numPr/w:numId/@w:val")[0]
    abstract = xpath(numbering, f'./w:num[@w:numId="{style_num}"]/w:abstractNumId/@w:val')[0]
    for num_id in (first[0], second[0]):
        num = xpath(numbering, f'./w:num[@w:numId="{num_id}"]')[0]
        assert xpath(num, "./w:abstractNumId/@w:val") == [abstract]
        assert xpath(num, './w:lvlOverride[@w:ilvl="0"]/w:startOverride/@w:val') == ["1"]
    styles = {p.text: p.style.name for p in d.paragraphs}
    assert styles["Step one"] == "List Number" and styles["First bullet"] == "List Bullet"


def test_nested_lists_indent_one_level(tmp_path):
    """A list inside a list item is one level deeper: List Bullet 2 / level 1 of the numbering."""
    tree = ListBlock([[Paragraph.of("outer"), ListBlock.of("inner a", "inner b"),
                       ListBlock.of("inner 1", ordered=True), Paragraph.of("more about outer")]])
    d = docx.Document(str(write(one_section(tree), tmp_path)))
    by_text = {p.text: p for p in d.paragraphs}
    assert by_text["outer"].style.name == "List Bullet"
    assert by_text["inner a"].style.name == "List Bullet 2"
    assert by_text["inner 1"].style.name == "List Number 2"
    assert xpath(by_text["inner 1"]._p, "./w:pPr/w:numPr/w:ilvl/@w:val") == ["1"]
    assert by_text["more about outer"].style.name == "List Continue"


# ---------------------------------------------------------------------------- tables, boxes, clauses


def test_table_header_repeats_and_rows_do_not_split(written):
    """The header row is marked w:tblHeader, every row w:cantSplit; the caption sits above; widths follow 3:1."""
    _, d = written
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "Criterion & weight")
    rows = table._tbl.tr_lst
    assert xpath(rows[0], "./w:trPr/w:tblHeader")
    assert not xpath(rows[1], "./w:trPr/w:tblHeader")
    assert all(xpath(tr, "./w:trPr/w:cantSplit") for tr in rows)
    assert table.style.name == "Tender Table"
    assert xpath(rows[0], "./w:tc/w:tcPr/w:shd/@w:fill")  # shaded header
    caption = table._tbl.getprevious()
    assert caption.style == "Caption" and "".join(xpath(caption, ".//w:t/text()")) == "Award criteria"
    widths = [int(w) for w in xpath(table._tbl, "./w:tblGrid/w:gridCol/@w:w")]
    assert abs(widths[0] / widths[1] - 3) < 0.01


def test_key_facts_is_a_boxed_two_column_table(written):
    """Key facts: a title row across both columns, then bold, shaded labels beside their values."""
    _, d = written
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "Key facts")
    assert table.style.name == "Key Facts Table"
    assert [(r.cells[0].text, r.cells[1].text) for r in table.rows[1:]] == [
        ("Buyer", "Dunmore City Council"), ("Value", "£1,200,000"), ("Deadline", "{{ 7*7 }}")]
    label = table.rows[1].cells[0]
    assert label.paragraphs[0].style.name == "Table Heading"
    assert d.styles["Table Heading"].font.bold
    assert xpath(label._tc, "./w:tcPr/w:shd/@w:fill")


def test_clauses_are_numbered_headings_from_the_tree(written):
    """A clause heading uses Clause Heading with the tree's number ("1<tab>Payment"); its text is indented."""
    _, d = written
    paragraphs = d.paragraphs
    heading = next(p for p in paragraphs if p.text == "1\tPayment" and not p.style.name.startswith("toc"))
    assert heading.style.name == "Clause Heading"
    assert not xpath(heading._p, "./w:pPr/w:numPr")  # the number is text, not Word numbering
    body = paragraphs[paragraphs.index(heading) + 1]
    assert body.text == "We pay within 30 days." and body.paragraph_format.left_indent > 0
    assert any(p.text == "2\tTermination" for p in paragraphs)


def test_page_breaks(written):
    """Section.page_break_before and PageBreak both start a new page."""
    _, d = written
    by_text = {p.text: p for p in d.paragraphs}
    assert by_text["Evaluation"].paragraph_format.page_break_before
    assert not by_text["Terms"].paragraph_format.page_break_before
    assert by_text["After the page break."].paragraph_format.page_break_before


def test_adjacent_tables_stay_apart_and_document_may_end_with_a_table(tmp_path):
    """Two tables in a row are kept separate (Word would merge them), and a final table is allowed."""
    doc = one_section(Table.of(["A"], [["1"]]), KeyFacts.of([("B", "2")]), Table.of(["C"], [["3"]]))
    path = write(doc, tmp_path)
    d = docx.Document(str(path))
    assert len(d.tables) == 3
    body = d.element.body
    for tbl in body.findall(qn("w:tbl")):
        assert tbl.getnext().tag in (qn("w:p"), qn("w:sectPr"))


# ---------------------------------------------------------------------------- page furniture


def test_language_and_properties(written):
    """en-GB is the default language of the styles and of the file; title, subject and author are set."""
    _, d = written
    assert xpath(d.styles.element, "./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val") == ["en-GB"]
    props = d.core_properties
    assert props.language == "en-GB"
    assert props.title == "Invitation to tender: Home care <outcomes> & {{ 7*7 }}"
    assert props.subject == "DCC-2026-0142" and props.author == "Dunmore City Council"
    assert props.created.date().isoformat() == "2026-03-06" and props.revision == 1


def test_footer_has_page_x_of_y_fields_and_cover_is_clean(written):
    """The footer shows "Page X of Y" with real PAGE and NUMPAGES fields; the cover has its own empty header."""
    _, d = written
    section = d.sections[0]
    instructions = " ".join(xpath(section.footer._element, ".//w:instrText/text()"))
    assert "PAGE" in instructions.split() and "NUMPAGES" in instructions.split()
    assert "Dunmore City Council" in section.footer.paragraphs[0].text
    header = section.header.paragraphs[0].text
    assert "DCC-2026-0142" in header and "Invitation to tender" in header
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""


def test_contents_field_is_present_and_prefilled(written):
    """A TOC \\o "1-3" field with a cached result listing the headings, and Word told to update fields."""
    _, d = written
    instructions = xpath(d.element.body, ".//w:instrText/text()")
    assert any(i.split() == ["TOC", "\\o", '"1-3"', "\\h", "\\z", "\\u"] for i in instructions)
    toc = [p.text for p in d.paragraphs if p.style.name.startswith("toc ")]
    assert toc[:3] == ["About this tender", "What we are buying", "Evaluation"]
    assert "1\tPayment" in toc
    assert xpath(d.settings.element, "./w:updateFields/@w:val") == ["true"]


def test_no_contents_page_when_the_document_has_none(tmp_path):
    """Document.toc False leaves out the contents page and Word's update prompt."""
    d = docx.Document(str(write(one_section(Paragraph.of("x"), toc=False), tmp_path)))
    assert not xpath(d.element.body, ".//w:instrText")
    assert "Contents" not in texts(d)
    assert not xpath(d.settings.element, "./w:updateFields")


def test_logo_from_the_template_folder_goes_on_the_cover(tmp_path):
    """logo.png in the template folder appears on the cover, with alt text naming the buyers."""
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "logo.png").write_bytes(_png())
    d = docx.Document(str(write(one_section(Paragraph.of("x")), tmp_path, template_dir=folder)))
    descriptions = xpath(d.element.body, ".//wp:docPr/@descr")
    assert descriptions == ["Logo of Dunmore City Council and Eastvale Borough Council"]


# ---------------------------------------------------------------------------- templates and errors


def _master_with(tmp_path: Path, edit) -> Path:
    folder = tmp_path / "override"
    folder.mkdir(exist_ok=True)
    master = docx.Document(str(MASTER))
    edit(master)
    master.save(str(folder / "master.docx"))
    return folder


def test_custom_master_with_the_same_tags_is_used(sample_document, tmp_path):
    """A buyer's master from --template-dir wins over the built-in one and gets the same body."""
    def edit(master):
        master.paragraphs[0].insert_paragraph_before("Procurement team · {{ reference }}")
    folder = _master_with(tmp_path, edit)
    d = docx.Document(str(write(sample_document, tmp_path, template_dir=folder)))
    body = texts(d)
    assert "Procurement team · DCC-2026-0142" in body
    assert "About this tender" in body and "Fish & Chips Ltd" in body


def test_master_made_from_scratch_borrows_missing_styles(sample_document, tmp_path):
    """A master with only the tags still works: styles it lacks are taken from the built-in master."""
    folder = tmp_path / "plain"
    folder.mkdir()
    master = docx.Document()
    master.add_paragraph("{{ title }}")
    master.add_paragraph("{{ body }}")
    master.save(str(folder / "master.docx"))
    d = docx.Document(str(write(sample_document, tmp_path, template_dir=folder)))
    styles = {p.text: p.style.name for p in d.paragraphs}
    assert styles["1\tPayment"] == "Clause Heading" and styles["After the page break."] == "Note"


def test_master_without_body_tag_is_a_clear_error(sample_document, tmp_path):
    """A master with no {{ body }} paragraph raises WriterError naming the template file."""
    def edit(master):
        placeholder = next(p for p in master.paragraphs if p.text == "{{ body }}")
        placeholder.text = "No body here"
    folder = _master_with(tmp_path, edit)
    with pytest.raises(WriterError, match=r"override/master\.docx.*\{\{ body \}\}"):
        write(sample_document, tmp_path, template_dir=folder)
    assert not (tmp_path / "out.docx").exists()


def test_broken_template_syntax_is_a_writer_error(sample_document, tmp_path):
    """A Jinja error in the master becomes a WriterError naming the file."""
    folder = _master_with(tmp_path, lambda m: m.add_paragraph("{% if %}"))
    with pytest.raises(WriterError, match=r"master\.docx.*template error"):
        write(sample_document, tmp_path, template_dir=folder)


def test_master_that_is_not_a_docx_is_a_writer_error(sample_document, tmp_path):
    """A master.docx that is not a Word file gives a WriterError, not a crash."""
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / "master.docx").write_text("not a zip")
    with pytest.raises(WriterError, match="master.docx"):
        write(sample_document, tmp_path, template_dir=folder)


def test_unknown_node_is_a_writer_error(tmp_path):
    """A node type the writer does not know fails loudly instead of being dropped."""
    class Mystery:
        kind = "mystery"

    doc = one_section(Paragraph.of("fine"), Mystery())
    with pytest.raises(WriterError, match="Mystery"):
        write(doc, tmp_path)


def _png() -> bytes:
    """A tiny valid PNG (2x1 pixels), built without an imaging library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00" + b"\x1f\x38\x64" * 2
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_narrow_columns_are_widened_to_fit_their_longest_word():
    """Relative widths are kept unless a column could not hold its longest word; then it is widened."""
    from tenderpack.writers.docx import column_widths

    columns = [[("Id", True), ("Q1", False)], [("Criterion", True), ("Achieving the outcomes", False)],
               [("Minimum score", True), ("None", False)]]
    widths = column_widths(9072, [1, 8, 1], columns)
    assert sum(widths) == 9072
    assert widths[2] > widths[0]                  # "Minimum" needs more room than "Id"
    assert widths[1] > 4 * widths[2]              # the wide column stays wide
    assert column_widths(9000, [1, 1, 1], [[("a", False)]] * 3) == [3000, 3000, 3000]

"""Words longer than a line can hold break in the PDF, and lay out fast.

WeasyPrint laid out an unbreakable word in time that grows with the square of its length
(a 100,000-character word took minutes). The PDF writer gives such words invisible break
opportunities, so long addresses and reference strings wrap instead of overflowing.
"""

from __future__ import annotations

import re
import time

from conftest import sample_context
from pypdf import PdfReader

from tenderpack.templates import Templates
from tenderpack.tree import Document, Heading, Paragraph, Section, Table
from tenderpack.writers.layout import BREAK_EVERY, LINE_MAX_CHARS, ZERO_WIDTH_SPACE, break_long_words
from tenderpack.writers.pdf import HtmlBuilder, PdfWriter


def document(*blocks, title: str = "Invitation to tender", toc: bool = False) -> Document:
    return Document(id="long", title=title, toc=toc, context=sample_context(layout="brief", title=title),
                    sections=[Section("Only section", key="only", blocks=list(blocks))])


def letters(n: int) -> str:
    return ("abcdefghij" * (n // 10 + 1))[:n]


def test_words_a_line_can_hold_are_left_as_they_are():
    """Text without a word over LINE_MAX_CHARS comes back unchanged (the same PDF as before)."""
    text = f"See {letters(LINE_MAX_CHARS)} and https://example.org/a/b?c=d for more."
    assert break_long_words(text) == text


def test_a_longer_word_gets_a_break_opportunity_every_few_letters():
    word = letters(LINE_MAX_CHARS + 1)
    broken = break_long_words(f"before {word} after")
    pieces = broken.split(" ")[1].split(ZERO_WIDTH_SPACE)
    assert broken.replace(ZERO_WIDTH_SPACE, "") == f"before {word} after"
    assert len(pieces) > 1 and max(map(len, pieces)) <= BREAK_EVERY


def test_breaks_never_split_a_letter_from_its_accent():
    """A combining accent stays with its letter, so é is never drawn on its own."""
    word = "e\u0301" * 400
    broken = break_long_words(word)
    assert ZERO_WIDTH_SPACE in broken
    assert f"{ZERO_WIDTH_SPACE}\u0301" not in broken and broken.replace(ZERO_WIDTH_SPACE, "") == word


def test_paragraphs_table_cells_and_contents_entries_get_the_breaks():
    word = letters(1000)
    builder = HtmlBuilder()
    html = str(builder.document(document(Paragraph.of(word), Table.of(["A", "B"], [["x", word]]),
                                         Heading(word, level=2))))
    html = re.sub(r'id="[^"]*"', "", html)   # identifiers are not shown
    assert word not in html and html.count(break_long_words(word)) == 3
    assert builder.toc[0]["children"][0]["text"] == break_long_words(word)


def test_a_100000_character_word_lays_out_in_seconds(tmp_path):
    """Measured: minutes before (quadratic), about a second now; every letter is still in
    the PDF, wrapped into lines of the page's width."""
    word = letters(100_000)
    target = tmp_path / "long.pdf"
    start = time.perf_counter()
    PdfWriter().write(document(Paragraph.of(f"Reference: {word} (end)")), target, Templates())
    elapsed = time.perf_counter() - start
    assert elapsed < 20, f"{elapsed:.1f} s"
    text = "\n".join(page.extract_text() or "" for page in PdfReader(target).pages)
    lines = [line for line in text.splitlines() if re.fullmatch(r"[a-j]+", line)]
    assert "".join(lines) in word and len("".join(lines)) > 99_000
    assert max(map(len, lines)) <= 110   # wrapped at the page's width, not overflowing it


def test_a_long_word_in_the_title_breaks_but_the_metadata_keeps_it(tmp_path):
    """The cover shows the title with break opportunities; the PDF's title is the text as typed."""
    title = f"Title {letters(300)}"
    html, _ = PdfWriter().render_html(document(Paragraph.of("x"), title=title), Templates())
    assert break_long_words(title) in html and letters(300) not in html
    target = tmp_path / "title.pdf"
    PdfWriter().write(document(Paragraph.of("x"), title=title), target, Templates())
    assert PdfReader(target).metadata.title.endswith(title)

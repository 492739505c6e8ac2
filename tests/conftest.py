"""Shared fixtures."""

from __future__ import annotations

import pytest

from tenderpack.tree import (Clause, Document, Heading, KeyFacts, ListBlock, PageBreak,
                             Paragraph, Run, Section, Table)

# Text a buyer might type that must come out literally in every format.
HOSTILE = ['{{ 7*7 }}', '{% if x %}yes{% endif %}', '<b>not bold</b>', 'Fish & Chips Ltd',
           '"double" and \'single\' quotes', 'emoji 😀 ✅', '&amp; stays']


@pytest.fixture(autouse=True)
def render_cache(tmp_path_factory, monkeypatch):
    """Each test gets an empty render cache of its own (never the user's), so no test can
    pass on a file rendered by another."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("TENDERPACK_CACHE_DIR", str(folder))
    return folder


def sample_context(**extra) -> dict:
    ctx = {
        "title": "Home care <outcomes> & {{ 7*7 }}",
        "reference": "DCC-2026-0142",
        "document_title": "Invitation to tender",
        "subtitle": "Stage 1 of a competitive flexible procedure",
        "buyer": "Dunmore City Council",
        "buyers": ["Dunmore City Council", "Eastvale Borough Council"],
        "date": "6 March 2026",
        "date_iso": "2026-03-06",
        "audience": "full",
        "layout": "full",
        "language": "en-GB",
        "generator": "tenderpack test",
    }
    ctx.update(extra)
    return ctx


def make_sample_document(rows: int = 3) -> Document:
    """A document that uses every node type, with hostile text in each."""
    table_rows = [[f"Row {i} {HOSTILE[i % len(HOSTILE)]}", f"{i * 10}%"] for i in range(rows)]
    return Document(
        id="sample",
        title="Invitation to tender",
        context=sample_context(),
        sections=[
            Section("About this tender", key="about", blocks=[
                KeyFacts.of([("Buyer", "Dunmore City Council"), ("Value", "£1,200,000"),
                             ("Deadline", HOSTILE[0])], title="Key facts"),
                Paragraph([Run("We want "), Run("better", bold=True), Run(" home care, "),
                           Run("soon", italic=True), Run(". See "),
                           Run("the portal", url="https://example.org/a?b=1&c=2"), Run(".")]),
                *[Paragraph.of(h) for h in HOSTILE],
                Heading("What we are buying", level=2),
                ListBlock.of("First bullet", "Second bullet <i>"),
                ListBlock.of("Step one", "Step two", ordered=True),
                Paragraph.of("Between two numbered lists."),
                ListBlock.of("Again one", "Again two", ordered=True),
            ]),
            Section("Evaluation", key="evaluation", page_break_before=True, blocks=[
                Table.of(["Criterion & weight", "Weight"], table_rows, caption="Award criteria", widths=[3, 1]),
                Heading("Sub heading", level=3),
                PageBreak(),
                Paragraph.of("After the page break.", role="note"),
            ]),
            Section("Terms", key="terms", blocks=[
                Clause("Payment", [Paragraph.of("We pay within 30 days.")], key="core:payment", number="1"),
                Clause("Termination", [Paragraph.of("Either party may end it."),
                                       ListBlock.of("for breach", "for convenience", ordered=True)],
                       key="core:termination", number="2"),
            ]),
        ],
    )


@pytest.fixture
def sample_document() -> Document:
    return make_sample_document()


# ---------------------------------------------------------------------------- examples

from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def load_example(name: str):
    """Read and validate examples/<name> with the same reader the CLI uses."""
    from tenderpack.reader import read_spec

    return read_spec(EXAMPLES / name)

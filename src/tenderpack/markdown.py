"""The small Markdown subset allowed in spec text fields, parsed into tree nodes.

Only paragraphs, bullet and numbered lists, bold, italic and links are recognised. Raw
HTML, entities and everything else stay literal text: text from a spec is data.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .tree import Block, ListBlock, Paragraph, Run


if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> "MarkdownIt":
    # Imported here, not at the top: `tenderpack validate` never parses Markdown.
    from markdown_it import MarkdownIt

    # "zero" turns every rule off; enable only the subset we promise, so headings, code,
    # HTML and entities are left as literal text.
    return MarkdownIt("zero").enable(["list", "emphasis", "link", "newline"])


def parse(text: str) -> list[Block]:
    """Parse Markdown text into paragraphs and lists of runs."""
    tokens = _parser().parse(text)
    blocks, _ = _blocks(tokens, 0, None)
    return blocks


def inline(text: str) -> list[Run]:
    """Parse one line of Markdown into runs (for short fields inside tables)."""
    tokens = _parser().parseInline(text)
    return _runs(tokens[0].children or []) if tokens else []


def _blocks(tokens, i: int, close: str | None) -> tuple[list[Block], int]:
    out: list[Block] = []
    while i < len(tokens):
        tok = tokens[i]
        if close and tok.type == close:
            return out, i + 1
        if tok.type == "paragraph_open":
            out.append(Paragraph(_runs(tokens[i + 1].children or [])))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            ordered = tok.type == "ordered_list_open"
            items: list[list[Block]] = []
            i += 1
            end = tok.type.replace("_open", "_close")
            while tokens[i].type != end:
                item, i = _blocks(tokens, i + 1, "list_item_close")
                items.append(item)
            out.append(ListBlock(items, ordered=ordered))
            i += 1
        elif tok.type == "inline":  # tight list items hold inline tokens directly
            out.append(Paragraph(_runs(tok.children or [])))
            i += 1
        else:
            i += 1
    return out, i


def _runs(children) -> list[Run]:
    runs: list[Run] = []
    bold = italic = False
    url: str | None = None
    for tok in children:
        t = tok.type
        if t == "strong_open":
            bold = True
        elif t == "strong_close":
            bold = False
        elif t == "em_open":
            italic = True
        elif t == "em_close":
            italic = False
        elif t == "link_open":
            url = str(tok.attrs.get("href", ""))
        elif t == "link_close":
            url = None
        elif t in ("softbreak", "hardbreak"):
            _append(runs, Run(" ", bold, italic, url))
        elif tok.content:
            _append(runs, Run(tok.content, bold, italic, url))
    return runs


def _append(runs: list[Run], run: Run) -> None:
    """Merge a run into the previous one when the formatting is the same."""
    if runs and (runs[-1].bold, runs[-1].italic, runs[-1].url) == (run.bold, run.italic, run.url):
        runs[-1] = Run(runs[-1].text + run.text, run.bold, run.italic, run.url)
    else:
        runs.append(run)

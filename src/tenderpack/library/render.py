"""Render a clause body into tree blocks, keeping spec values as data.

The body is rendered in the sandbox first. Every value a placeholder prints is swapped for
a private token and kept aside, so that Markdown, references and defined terms are read
only from the clause author's own text: a spec value holding ``**``, ``[[core:x]]``,
``{Term}``, ``{{ }}`` or ``<b>`` comes out exactly as typed. The tokens become plain runs
after the Markdown is parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


from .. import markdown
from ..tree import Block, Clause, ListBlock, Paragraph, Run
from ..transforms.definitions import TermUse
from ..transforms.references import Reference
from .frontmatter import slug
from .model import REF_RE, SUBCLAUSE_RE, TERM_USE_RE
from .sandbox import _values, finalize  # noqa: F401  (finalize: re-exported)

TOKEN_RE = re.compile("\ue000(\\d+)\ue001|\ue002(\\d+)\ue003|\ue004(\\d+)\ue005")


@dataclass
class Rendered:
    """A clause body rendered for one spec."""

    blocks: list[Block]
    refs: list[str] = field(default_factory=list)      # targets, as written
    terms: list[str] = field(default_factory=list)     # terms, as written


def render_text(template, data: dict[str, Any]) -> tuple[str, list[str]]:
    """Run a compiled template; the text holds value tokens, the list their text."""
    values: list[str] = []
    token = _values.set(values)
    try:
        return template.render(data), values
    finally:
        _values.reset(token)


class Tokens:
    """Swaps references and terms in rendered text for tokens, and tokens back for runs."""

    def __init__(self, values: list[str], where_ref, where_term, canonical):
        self.values = values
        self.refs: list[str] = []
        self.terms: list[str] = []
        self._where_ref, self._where_term, self._canonical = where_ref, where_term, canonical

    def mark(self, text: str) -> str:
        def ref(match: re.Match) -> str:
            self.refs.append(match.group(1))
            return f"\ue002{len(self.refs) - 1}\ue003"

        def term(match: re.Match) -> str:
            self.terms.append(match.group(1))
            return f"\ue004{len(self.terms) - 1}\ue005"

        return TERM_USE_RE.sub(term, REF_RE.sub(ref, text))

    def plain(self, text: str) -> str:
        """Tokens back to words (for titles and links)."""
        def sub(match: re.Match) -> str:
            if match.group(1) is not None:
                return self.values[int(match.group(1))]
            if match.group(2) is not None:
                return f"[[{self.refs[int(match.group(2))]}]]"
            return self.terms[int(match.group(3))]
        return TOKEN_RE.sub(sub, text)

    def runs(self, runs: list[Run]) -> list[Run]:
        out: list[Run] = []
        for run in runs:
            url = self.plain(run.url) if run.url else run.url
            pos = 0
            for match in TOKEN_RE.finditer(run.text):
                if match.start() > pos:
                    _add(out, Run(run.text[pos:match.start()], run.bold, run.italic, url))
                if match.group(1) is not None:
                    _add(out, Run(self.values[int(match.group(1))], run.bold, run.italic, url))
                elif match.group(2) is not None:
                    target = self.refs[int(match.group(2))]
                    out.append(Reference(f"[[{target}]]", run.bold, run.italic, url,
                                         target=target, where=self._where_ref(target)))
                else:
                    written = self.terms[int(match.group(3))]
                    out.append(TermUse(written, run.bold, run.italic, url, term=self._canonical(written),
                                       where=self._where_term(written)))
                pos = match.end()
            if pos < len(run.text):
                _add(out, Run(run.text[pos:], run.bold, run.italic, url))
        return out

    def blocks(self, blocks: list[Block]) -> list[Block]:
        for block in blocks:
            if isinstance(block, Paragraph):
                block.runs = self.runs(block.runs)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    self.blocks(item)
        return blocks


def _add(out: list[Run], run: Run) -> None:
    if not run.text:
        return
    last = out[-1] if out else None
    if (last is not None and type(last) is Run and (last.bold, last.italic, last.url) == (run.bold, run.italic, run.url)):
        out[-1] = Run(last.text + run.text, run.bold, run.italic, run.url)
    else:
        out.append(run)


def body_blocks(text: str, tokens: Tokens, key: str) -> list[Block]:
    """Rendered body text -> blocks; '## Title' lines start numbered sub-clauses."""
    marked = tokens.mark(text)
    parts = SUBCLAUSE_RE.split(marked)
    blocks: list[Block] = tokens.blocks(markdown.parse(parts[0])) if parts[0].strip() else []
    for i in range(1, len(parts), 2):
        title = tokens.plain(parts[i])
        blocks.append(Clause(title, tokens.blocks(markdown.parse(parts[i + 1])), key=f"{key}#{slug(title)}"))
    return blocks


def inline_runs(text: str, tokens: Tokens) -> list[Run]:
    return tokens.runs(markdown.inline(" ".join(tokens.mark(text).split())))

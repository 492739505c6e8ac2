"""The lint report of a whole pack: JSON for machines, HTML for people, lines for the terminal."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BuildError, PlainLanguageError  # noqa: F401  (re-exported)
from . import reuse
from .engine import CheckFailure, DocumentLint, StyleKit, Thresholds, lint_document
from .reuse import Store

REPORT_VERSION = 1


@dataclass
class LintReport:
    """Every document's lint, the settings used and the word lists in force."""

    documents: list[DocumentLint]
    thresholds: dict[str, Thresholds]
    kit: StyleKit
    failures: list[CheckFailure] = field(default_factory=list)
    reference: str = ""
    title: str = ""

    @property
    def gate_failures(self) -> list[DocumentLint]:
        """Gated documents (small firms' by default) that miss a threshold."""
        return [d for d in self.documents if d.gated and not d.passed]

    @property
    def passed(self) -> bool:
        return not self.gate_failures

    def problems(self, limit: int = 0) -> list[str]:
        """Why the gate stops the build: each miss, naming the document, section, clause and sentence."""
        lines: list[str] = []
        for doc in self.gate_failures:
            name = f"{doc.path or doc.id} ({doc.title})"
            for miss in doc.misses:
                lines.append(f"{name}: {miss}")
            by_sentence: dict[int, list] = {}
            for f in doc.blocking:
                by_sentence.setdefault(id(f.sentence), []).append(f)
            for found in by_sentence.values():
                sentence = found[0].sentence
                lines.append(f"{name}, {sentence.where}:")
                lines.append(f"    \"{_clip(sentence.text, 240)}\"")
                lines.extend(f"    - {f.code}: {f.message}" for f in found)
        return lines[:limit] if limit else lines

    def to_data(self) -> dict[str, Any]:
        """The JSON report (lint-report.json): deterministic, so the same pack gives the same bytes."""
        return {
            "report": "tenderpack plain-English lint",
            "version": REPORT_VERSION,
            "reference": self.reference,
            "title": self.title,
            "passed": self.passed,
            "measures": {
                "reading_ease": "Flesch reading ease (textstat); 0 to 100, higher is easier; 60 and above is plain English",
                "grade": "Flesch-Kincaid grade (textstat); US school grade; add 5 for a reading age",
                "scored": f"sentences of {3} words or more in paragraphs, lists, table cells and key facts",
            },
            "thresholds": {k: v.describe() for k, v in self.thresholds.items()},
            "word_lists": [w.describe() for w in self.kit.word_lists],
            "checks": [{"code": c.code, "title": c.title, "gate": c.gate, "plugin": c.plugin} for c in self.kit.checks],
            "failures": [str(f) for f in self.failures],
            "documents": [d.to_data() for d in self.documents],
        }

    # ------------------------------------------------------------------ terminal

    def summary_lines(self, details: int = 5) -> list[str]:
        """A concise report for the terminal: one line per document, then what to fix."""
        lines = []
        width = max((len(d.path or d.id) for d in self.documents), default=10)
        for d in self.documents:
            m = d.metrics
            ease = "-" if m["reading_ease"] is None else f"{m['reading_ease']:.1f}"
            grade = "-" if m["grade"] is None else f"{m['grade']:.1f}"
            state = ("ok" if d.passed else "FAILS") if d.gated else ("ok" if d.passed else "misses thresholds")
            gate = "gated" if d.gated else "reported"
            lines.append(f"  {d.path or d.id:<{width}}  ease {ease:>5}  grade {grade:>4}  "
                         f"long {m['long_sentences']:>2}  words {m['words_to_avoid']:>2}  passive {m['passive']:>2}  "
                         f"{gate}: {state}")
        for d in self.documents:
            shown = [f for f in d.findings if f.code != "PASSIVE"][:details]
            if not shown and not d.misses:
                continue
            lines.append("")
            lines.append(f"  {d.path or d.id} ({d.title}):")
            for miss in d.misses:
                lines.append(f"    {miss}")
            for f in shown:
                lines.append(f"    {f.code} {f.sentence.where}: {f.message}")
                lines.append(f"      \"{_clip(f.sentence.text)}\"")
            more = len([f for f in d.findings if f.code != "PASSIVE"]) - len(shown)
            if more > 0:
                lines.append(f"    … and {more} more (see lint-report.html)")
        for failure in self.failures:
            lines.append(f"  {failure}")
        return lines

    # ------------------------------------------------------------------ html

    def to_html(self) -> str:
        """A readable report: a summary table, then one table of findings per document."""
        e = html.escape
        out = ["<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
               f"<title>Plain-English report: {e(self.reference)} {e(self.title)}</title>",
               f"<style>{_CSS}</style>", "</head>", "<body>",
               f"<h1>Plain-English report</h1>",
               f"<p class=lead>{e(self.reference)}: {e(self.title)}</p>",
               f"<p>{'All documents for small firms meet their thresholds.' if self.passed else 'Some documents for small firms miss their thresholds: the build stops until they are fixed.'}</p>",
               "<h2>Summary</h2>",
               "<table><thead><tr><th scope=col>Document</th><th scope=col>Audience</th><th scope=col>Reading ease</th>"
               "<th scope=col>Grade</th><th scope=col>Sentences</th><th scope=col>Long sentences</th>"
               "<th scope=col>Words to avoid</th><th scope=col>Passive</th><th scope=col>Result</th></tr></thead><tbody>"]
        for d in self.documents:
            m = d.metrics
            result = ("passes" if d.passed else "fails") if d.gated else ("meets thresholds" if d.passed else "reported")
            out.append(f"<tr><td><a href=\"#{e(d.id)}\">{e(d.title)}</a><br><small>{e(d.path)}</small></td>"
                       f"<td>{'small firms' if d.audience == 'sme' else 'full pack'}</td>"
                       f"<td>{_num(m['reading_ease'])}</td><td>{_num(m['grade'])}</td><td>{m['sentences']}</td>"
                       f"<td>{m['long_sentences']}</td><td>{m['words_to_avoid']}</td><td>{m['passive']}</td>"
                       f"<td class=\"{'bad' if d.gated and not d.passed else 'ok'}\">{result}</td></tr>")
        out.append("</tbody></table>")
        out.append("<h2>Thresholds</h2><ul>")
        for audience, t in self.thresholds.items():
            name = "Documents for small firms" if audience == "sme" else "The rest of the pack"
            parts = []
            if t.min_reading_ease is not None:
                parts.append(f"reading ease at least {t.min_reading_ease:g}")
            if t.max_grade is not None:
                parts.append(f"grade at most {t.max_grade:g}")
            if t.max_sentence_words is not None:
                parts.append(f"sentences of {t.max_sentence_words} words or fewer")
            if not t.allow_words_to_avoid:
                parts.append("no words to avoid")
            out.append(f"<li>{name}: {e(', '.join(parts))} ({'stops the build' if t.gate else 'reported only'})</li>")
        out.append("</ul>")
        for d in self.documents:
            out.append(f"<h2 id=\"{e(d.id)}\">{e(d.title)}</h2>")
            for miss in d.misses:
                out.append(f"<p class=bad>{e(miss[0].upper() + miss[1:])}.</p>")
            if not d.findings:
                out.append("<p>Nothing to report.</p>")
                continue
            out.append("<table><thead><tr><th scope=col>Where</th><th scope=col>Check</th>"
                       "<th scope=col>What to change</th><th scope=col>Sentence</th></tr></thead><tbody>")
            for f in d.findings:
                cls = " class=bad" if f.gate and d.gated else ""
                source = f"<br><small>{e(f.source)}</small>" if f.source else ""
                out.append(f"<tr{cls}><td>{e(f.sentence.where)}</td><td>{e(f.code)}</td><td>{e(f.message)}{source}</td>"
                           f"<td>{e(f.sentence.text)}</td></tr>")
            out.append("</tbody></table>")
        out.append("<h2>Word lists</h2><ul>")
        for w in self.kit.word_lists:
            origin = f", from plugin {w.plugin}" if w.plugin else ""
            out.append(f"<li>{e(w.title)}: version {e(w.version)}, as of {e(str(w.as_of))}{e(origin)}. "
                       f"Source: {e(w.source)}</li>")
        out.append("</ul>")
        if self.failures:
            out.append("<h2>Checks that failed</h2><ul>")
            out.extend(f"<li>{e(str(f))}</li>" for f in self.failures)
            out.append("</ul>")
        out.append("<p><small>Reading ease and grade: Flesch formulas, computed by textstat. "
                   "Sentences of fewer than 3 words (amounts, dates, names) are not scored.</small></p>")
        out.append("</body></html>")
        return "\n".join(out) + "\n"


def lint_pack(spec: Any, documents: list[tuple[Any, Any]], kit: StyleKit, kept: Store | None = None) -> LintReport:
    """Lint composed documents: ``documents`` is a list of (DocumentType, Document tree).

    With ``kept`` (the render cache), a document whose text and measures are unchanged since
    an earlier build takes that build's lint (see tenderpack.lint.reuse).
    """
    from ..cache import content_digest
    from .engine import thresholds_from_spec

    thresholds = thresholds_from_spec(spec.plain_language)
    failures = list(kit.failures)
    kit_key = reuse.kit_digest(kit) if kept is not None else None
    results = []
    for doc_type, tree in documents:
        audience = tree.audience if tree.audience in thresholds else "full"
        path = getattr(doc_type, "stem", tree.id)
        entry = reuse.key(content_digest(tree), thresholds[audience], path, kit_key) if kit_key else None
        result = reuse.fetch(kept, entry, thresholds[audience], tree.id) if kept is not None and entry else None
        if result is None:
            failed: list[CheckFailure] = []
            result = lint_document(tree, thresholds[audience], kit, path=path, failures=failed)
            failures.extend(f for f in failed if not any(seen.code == f.code for seen in failures))
            if kept is not None and entry and not failed:
                reuse.keep(kept, entry, result)
        results.append(result)
    return LintReport(results, thresholds, kit, failures, reference=spec.reference, title=spec.title)


def write_report(report: LintReport, folder: Path, json_writer) -> list[tuple[str, str]]:
    """Write lint-report.json (with the engine's JSON writer) and lint-report.html into ``folder``."""
    json_writer.write(report.to_data(), folder / "lint-report.json", None)
    HtmlWriter().write(report, folder / "lint-report.html", None)
    return [("lint-report.json", "json"), ("lint-report.html", "html")]


class HtmlWriter:
    """Writes an HTML page: ``content`` is an object with ``to_html()`` (such as a LintReport) or a string."""

    format = "html"
    extension = ".html"

    def write(self, content, target: Path, templates) -> None:
        text = content.to_html() if hasattr(content, "to_html") else content
        if not isinstance(text, str):
            raise TypeError(f"the html writer needs a string or an object with to_html(), not a {type(content).__name__}")
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)


def _clip(text: str, most: int = 160) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _num(value) -> str:
    return "-" if value is None else f"{value:.1f}"


_CSS = """
body{font-family:Arial,Helvetica,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#0b0c0c;line-height:1.4}
h1{font-size:2em}h2{margin-top:2em;border-bottom:1px solid #b1b4b6}.lead{font-size:1.2em}
table{border-collapse:collapse;width:100%;margin:1em 0}th,td{border:1px solid #b1b4b6;padding:.3em .5em;
text-align:left;vertical-align:top}th{background:#f3f2f1}.bad{color:#d4351c;font-weight:bold}.ok{color:#00703c}
tr.bad td{background:#fbeae8;font-weight:normal;color:#0b0c0c}
""".strip()

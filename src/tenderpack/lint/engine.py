"""The plain-English lint: measure every document of the pack, and gate the small firms' ones.

For each document: Flesch reading ease and Flesch-Kincaid grade (textstat), sentences
over the length limit, words from the versioned word lists (with plain swaps), the passive
voice where it is reliably found, and any check a plugin adds. Documents for small firms
must meet their thresholds or the build stops; the rest of the pack is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import exited
from ..tree import Document
from .passive import find_passives
from .sentences import Sentence, document_sentences
from .words import Entry, WordList, builtin_word_lists

AUDIENCES = ("sme", "full")
FRAGMENT_WORDS = 3   # shorter pieces (amounts, dates, names in tables) are not scored for reading ease


@dataclass(frozen=True)
class StyleCheck:
    """A check of each sentence, added by a plugin through ``register_style_checks``.

    ``check(sentence)`` gets a ``Sentence`` (``text``, ``words``, ``document``, ``section``,
    ``clause``, ``kind``) and returns messages in plain words (or None). ``gate``: whether a
    finding stops the build for documents for small firms. ``prose_only``: skip headings,
    titles and labels.
    """

    code: str
    title: str
    check: Callable[[Sentence], Iterable[str] | None]
    gate: bool = False
    prose_only: bool = True
    plugin: str = field(default="", compare=False)


@dataclass(frozen=True)
class Thresholds:
    """What one audience's documents must meet; ``gate`` makes a miss stop the build."""

    gate: bool
    min_reading_ease: float | None
    max_sentence_words: int | None
    max_grade: float | None = None
    allow_words_to_avoid: bool = False

    def describe(self) -> dict[str, Any]:
        return {"gate": self.gate, "min_reading_ease": self.min_reading_ease,
                "max_sentence_words": self.max_sentence_words, "max_grade": self.max_grade,
                "allow_words_to_avoid": self.allow_words_to_avoid}


def thresholds_from_spec(plain_language: Any) -> dict[str, Thresholds]:
    """The thresholds per audience ("sme", "full") from the spec's ``plain_language``."""
    out: dict[str, Thresholds] = {}
    for audience in AUDIENCES:
        profile = getattr(plain_language, audience, None)
        gate = getattr(profile, "gate", None)
        out[audience] = Thresholds(
            gate=(audience == "sme") if gate is None else bool(gate),
            min_reading_ease=_first(getattr(profile, "min_reading_ease", None), plain_language.min_reading_ease),
            max_sentence_words=_first(getattr(profile, "max_sentence_words", None), plain_language.max_sentence_words),
            max_grade=getattr(profile, "max_grade", None),
            allow_words_to_avoid=bool(getattr(profile, "allow_words_to_avoid", False)),
        )
    return out


def _first(*values):
    return next((v for v in values if v is not None), None)


@dataclass(frozen=True)
class LintFinding:
    """One thing the lint found in one sentence."""

    code: str
    message: str
    sentence: Sentence
    gate: bool = False            # counts against the thresholds (when the audience is gated)
    word: str | None = None
    swap: str | None = None
    source: str | None = None     # the word list (title and version) a word comes from

    def to_data(self) -> dict[str, Any]:
        data = {"code": self.code, "message": self.message, "sentence": self.sentence.text,
                "words": self.sentence.words, "section": self.sentence.section, "clause": self.sentence.clause,
                "kind": self.sentence.kind, "counts_against_threshold": self.gate}
        if self.word:
            data["word"] = self.word
        if self.swap:
            data["swap"] = self.swap
        if self.source:
            data["word_list"] = self.source
        return data


@dataclass
class DocumentLint:
    """The lint of one document: its scores, what was found, and whether it passes."""

    id: str
    title: str
    audience: str
    path: str
    thresholds: Thresholds
    metrics: dict[str, Any]
    findings: list[LintFinding]

    @property
    def misses(self) -> list[str]:
        """Each threshold this document misses, in words (whether or not it is gated)."""
        out = []
        t, m = self.thresholds, self.metrics
        if t.min_reading_ease is not None and m["sentences"] and m["reading_ease"] < t.min_reading_ease:
            out.append(f"reading ease {m['reading_ease']:.1f} is below {t.min_reading_ease:g}")
        if t.max_grade is not None and m["sentences"] and m["grade"] > t.max_grade:
            out.append(f"grade {m['grade']:.1f} is above {t.max_grade:g}")
        return out

    @property
    def blocking(self) -> list[LintFinding]:
        """Findings that count against the thresholds."""
        return [f for f in self.findings if f.gate]

    @property
    def passed(self) -> bool:
        return not self.misses and not self.blocking

    @property
    def gated(self) -> bool:
        return self.thresholds.gate

    def to_data(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.code] = counts.get(f.code, 0) + 1
        return {"id": self.id, "title": self.title, "audience": self.audience, "path": self.path,
                "gated": self.gated, "passed": self.passed, "metrics": self.metrics,
                "thresholds": self.thresholds.describe(), "misses": self.misses, "counts": counts,
                "findings": [f.to_data() for f in self.findings]}


@dataclass
class CheckFailure:
    """A plugin's style check that raised: named, and the other checks still ran."""

    plugin: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"style check {self.code!r} from plugin {self.plugin!r} failed: {self.message}"


@dataclass
class StyleKit:
    """The word lists and checks in force: the built-in lists plus what plugins added."""

    word_lists: list[WordList]
    checks: list[StyleCheck]
    failures: list[CheckFailure] = field(default_factory=list)


def load_style_kit(plugins: Any | None = None) -> StyleKit:
    """The built-in word lists, and every word list and check registered by a plugin.

    A plugin whose ``register_style_checks`` raises, or registers something that is not a
    ``WordList``, ``StyleCheck`` or path to a word-list file, is recorded as a failure.
    """
    lists = list(builtin_word_lists())
    checks: list[StyleCheck] = []
    failures: list[CheckFailure] = []
    if plugins is not None:
        for name, function, argnames in plugins.implementations("register_style_checks"):
            def register(item: Any, _plugin: str = name) -> None:
                from pathlib import Path
                from dataclasses import replace

                if isinstance(item, str | Path):
                    item = WordList.load(item)
                if isinstance(item, WordList):
                    clash = next((w for w in lists if w.name == item.name), None)
                    if clash is not None:
                        raise ValueError(f"a word list called {item.name!r} is already loaded"
                                         + (f" from plugin {clash.plugin!r}" if clash.plugin else " (built in)"))
                    lists.append(replace(item, plugin=_plugin))
                elif isinstance(item, StyleCheck):
                    if any(c.code == item.code for c in checks):
                        raise ValueError(f"a style check with the code {item.code!r} is already loaded")
                    checks.append(replace(item, plugin=_plugin))
                else:
                    raise TypeError(f"registered a {type(item).__name__}; expected a WordList, a StyleCheck "
                                    "or the path of a word-list file")

            try:
                function(**{k: v for k, v in {"register": register}.items() if k in argnames})
            except Exception as exc:
                failures.append(CheckFailure(name, "register_style_checks", f"{type(exc).__name__}: {exc}"))
    return StyleKit(lists, checks, failures)


def lint_document(document: Document, thresholds: Thresholds, kit: StyleKit,
                  path: str = "", failures: list[CheckFailure] | None = None) -> DocumentLint:
    """Measure one composed document."""
    from .readability import scores

    sentences = document_sentences(document)
    findings: list[LintFinding] = []
    limit = thresholds.max_sentence_words
    for sentence in sentences:
        if sentence.prose and limit is not None and sentence.words > limit:
            findings.append(LintFinding("LONG-SENTENCE", f"{sentence.words} words; the most is {limit}",
                                        sentence, gate=True))
        for word_list in kit.word_lists:
            for found, entry in word_list.find(sentence.text):
                findings.append(_word_finding(word_list, entry, found, sentence, thresholds))
        if sentence.prose:
            for phrase in find_passives(sentence.text):
                findings.append(LintFinding("PASSIVE", f"passive voice: '{phrase}'; say who does what", sentence,
                                            word=phrase))
        for check in kit.checks:
            if check.prose_only and not sentence.prose:
                continue
            try:
                messages = list(check.check(sentence) or ())
            except (Exception, SystemExit) as exc:   # a check's sys.exit() is its failure, not the program's end
                if failures is not None and not any(f.code == check.code for f in failures):
                    reason = exited(exc) if isinstance(exc, SystemExit) else f"{type(exc).__name__}: {exc}"
                    failures.append(CheckFailure(check.plugin, check.code, reason))
                continue
            findings.extend(LintFinding(check.code, str(m), sentence, gate=check.gate) for m in messages)
    scored = [s.text for s in sentences if s.prose and s.words >= FRAGMENT_WORDS]
    metrics = scores(scored)
    metrics["long_sentences"] = sum(1 for f in findings if f.code == "LONG-SENTENCE")
    metrics["passive"] = sum(1 for f in findings if f.code == "PASSIVE")
    metrics["words_to_avoid"] = sum(1 for f in findings if f.code.startswith("WORD-"))
    return DocumentLint(document.id, document.title, document.audience, path, thresholds, metrics, findings)


def _word_finding(word_list: WordList, entry: Entry, found: str, sentence: Sentence,
                  thresholds: Thresholds) -> LintFinding:
    message = f"'{found}'"
    if entry.swap:
        message += f": say '{entry.swap}'"
    else:
        message += ": check it" if entry.report_only else ": avoid it"
    if entry.note:
        message += f" ({entry.note})"
    counts = word_list.gate and not entry.report_only and not thresholds.allow_words_to_avoid
    return LintFinding(f"WORD-{word_list.category.upper()}", message, sentence, gate=counts,
                       word=found, swap=entry.swap, source=f"{word_list.title}, version {word_list.version}")

"""The plain-English lint: readability, long sentences, words to avoid and the passive voice.

Used by ``tenderpack lint`` and by every build (which writes lint-report.json and
lint-report.html into the pack, and stops when a document for small firms misses its
thresholds). Plugins add word lists and checks through ``register_style_checks``::

    @tenderpack.hookimpl
    def register_style_checks(register):
        register(tenderpack.WordList.load(Path(__file__).parent / "our-words.yaml"))
        register(tenderpack.StyleCheck("NO-CAPITALS", "Shouting", lambda s: ...))

textstat (the readability library) is imported only when a document is measured, so that
``tenderpack validate`` stays fast.
"""

from __future__ import annotations

from . import reuse
from .engine import (CheckFailure, DocumentLint, LintFinding, StyleCheck, StyleKit, Thresholds,
                     lint_document, load_style_kit, thresholds_from_spec)
from .passive import find_passives
from .report import HtmlWriter, LintReport, PlainLanguageError, lint_pack, write_report
from .sentences import Sentence, count_words, document_sentences, split_sentences
from .words import Entry, WordList, builtin_word_lists

__all__ = [
    "CheckFailure", "DocumentLint", "Entry", "HtmlWriter", "LintFinding", "LintReport", "PlainLanguageError", "Sentence",
    "StyleCheck", "StyleKit", "Thresholds", "WordList", "builtin_word_lists", "count_words",
    "document_sentences", "find_passives", "lint_document", "lint_pack", "load_style_kit",
    "split_sentences", "thresholds_from_spec", "write_report",
]

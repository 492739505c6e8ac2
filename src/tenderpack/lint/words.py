"""Versioned word lists: words to avoid, legal archaisms, old terms; each with plain swaps.

A word list is data (a YAML file with a source and an "as of" date), not code, so that it
can be updated when the guidance changes. Plugins add their own through
``register_style_checks``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
BUILTIN_LISTS = ("plain-words.yaml", "legal-archaisms.yaml")


@dataclass(frozen=True, slots=True)
class Entry:
    """One word or phrase to flag, with a plainer swap and a note."""

    word: str
    swap: str | None = None
    note: str | None = None
    only: str | None = None          # "verb": flag only where it is used as a verb
    case_sensitive: bool = False     # for abbreviations such as MEAT or PQQ
    report_only: bool = False        # reported, but never stops a build
    fine_in: tuple[str, ...] = ()    # phrases in which the word is fine ("key performance indicator")

    def __post_init__(self):
        if isinstance(self.fine_in, list | str):
            object.__setattr__(self, "fine_in", (self.fine_in,) if isinstance(self.fine_in, str) else tuple(self.fine_in))

    def pattern(self) -> str:
        """A regular expression for the word and its inflected forms (whole words: see WordList)."""
        word = self.word
        if " " in word or not word[-1].isalpha():
            forms = [re.escape(word)]
        else:
            forms = [re.escape(f) for f in _inflections(word)]
        body = "|".join(sorted(forms, key=len, reverse=True))
        if self.only == "verb":
            # "impacted", "impacting", or the bare word after a word that makes it a verb
            base = re.escape(word)
            body = rf"{base}(?:ed|ing)|(?:to|will|would|may|might|can|could|should|must|not|shall|does|did|do)\s+{base}s?"
        return body


def _inflections(word: str) -> list[str]:
    forms = {word, f"{word}s", f"{word}es", f"{word}ed", f"{word}ing"}
    if word.endswith("e"):
        forms |= {f"{word}d", f"{word[:-1]}ing"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {f"{word[:-1]}ies", f"{word[:-1]}ied"}
    return sorted(forms)


@dataclass(frozen=True)
class WordList:
    """A versioned list of words to flag; ``category`` names what kind (avoid, archaism, old-term).

    ``gate``: whether a word from this list in a document for small firms stops the build
    (entries marked ``report_only`` never do). Load one from a YAML file with
    ``WordList.load(path)``; register it through ``register_style_checks``.
    """

    name: str
    title: str
    category: str
    version: str
    source: str
    as_of: dt.date | str
    entries: tuple[Entry, ...]
    gate: bool = True
    plugin: str = field(default="", compare=False)

    def __post_init__(self):
        if not re.fullmatch(r"[a-z][a-z0-9-]*", self.name):
            raise ValueError(f"word list name {self.name!r} must be lower-case letters, digits and hyphens")
        if not self.entries:
            raise ValueError(f"word list {self.name!r} has no entries")

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "WordList":
        """A word list from the mapping of a YAML file (see lint/data/plain-words.yaml)."""
        missing = [k for k in ("name", "category", "version", "source", "as_of", "entries") if k not in data]
        if missing:
            raise ValueError(f"word list needs {', '.join(missing)}")
        entries = []
        for item in data["entries"]:
            item = {"word": item} if isinstance(item, str) else dict(item)
            entries.append(Entry(**item))
        return cls(name=data["name"], title=data.get("title") or data["name"], category=data["category"],
                   version=str(data["version"]), source=" ".join(str(data["source"]).split()),
                   as_of=data["as_of"], entries=tuple(entries), gate=bool(data.get("gate", True)))

    @classmethod
    def load(cls, path: str | Path) -> "WordList":
        """Read a word list from a YAML file."""
        path = Path(path)
        try:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when installed: faster
            return cls.from_data(yaml.load(path.read_text(encoding="utf-8"), Loader=loader))
        except (OSError, yaml.YAMLError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}: not a valid word list: {exc}") from exc

    def describe(self) -> dict[str, Any]:
        """What the lint report says about this list."""
        return {"name": self.name, "title": self.title, "category": self.category, "version": self.version,
                "as_of": str(self.as_of), "source": self.source, "entries": len(self.entries),
                "gate": self.gate, "plugin": self.plugin}

    @cached_property
    def _matchers(self) -> tuple[re.Pattern | None, re.Pattern | None, dict[str, Entry]]:
        """One regex for the case-insensitive entries, one for the case-sensitive ones."""
        lookup: dict[str, Entry] = {}
        plain: list[str] = []
        exact: list[str] = []
        for i, entry in enumerate(self.entries):
            group = f"e{i}"
            lookup[group] = entry
            (exact if entry.case_sensitive else plain).append(f"(?P<{group}>{entry.pattern()})")
        def whole(parts: list[str], flags: int = 0) -> re.Pattern | None:
            # one boundary check for every entry: much faster than one per entry
            return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", flags) if parts else None

        return whole(plain, re.I), whole(exact), lookup

    def find(self, text: str) -> list[tuple[str, Entry]]:
        """Every (matched text, entry) in ``text``, in order."""
        plain, exact, lookup = self._matchers
        hits: list[tuple[int, str, Entry]] = []
        for regex in (plain, exact):
            if regex is None:
                continue
            for match in regex.finditer(text):
                assert match.lastgroup is not None   # every alternative is a named group
                entry = lookup[match.lastgroup]
                if entry.fine_in and _inside(text, match.start(), match.end(), entry.fine_in):
                    continue
                hits.append((match.start(), match.group(), entry))
        return [(found, entry) for _, found, entry in sorted(hits, key=lambda h: h[0])]


def _inside(text: str, start: int, end: int, phrases: tuple[str, ...]) -> bool:
    """Whether text[start:end] lies within one of ``phrases`` (any case)."""
    lowered = text.lower()
    for phrase in phrases:
        phrase = phrase.lower()
        at = lowered.find(phrase)
        while at != -1:
            if at <= start and end <= at + len(phrase):
                return True
            at = lowered.find(phrase, at + 1)
    return False


def builtin_word_lists() -> list[WordList]:
    """The word lists that ship with tenderpack (GOV.UK words to avoid; legal archaisms)."""
    return [_load_builtin(name) for name in BUILTIN_LISTS]


_CACHE: dict[str, WordList] = {}


def _load_builtin(name: str) -> WordList:
    if name not in _CACHE:
        _CACHE[name] = WordList.load(DATA / name)
    return _CACHE[name]

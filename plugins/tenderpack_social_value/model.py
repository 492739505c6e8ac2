"""The social value models (models/*.yaml): versioned data, looked up by the name a spec gives.

Each file holds one model: its themes (PPN 002 calls them missions), outcomes, model award
criteria with sub-criteria and reporting metrics (each with the evidence that backs it), the pattern of its question and its
evaluation guidance, with the source and the date it was checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

# libyaml's loader when PyYAML has it: the same data, several times faster than pure Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Entry:
    """One model award criterion."""

    id: str
    title: str
    outcome: str          # the model outcome it belongs to, such as "Skills for growth"
    outcome_id: str
    mission: str          # the theme or mission
    sub_criteria: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()    # for each metric, the records that back its figures ("" when none)


@dataclass(frozen=True)
class Model:
    name: str
    names: tuple[str, ...]
    source: str
    url: str | None
    version: int
    as_of: str
    status: str
    theme_word: str
    question: str
    covers: tuple[str, ...]
    evaluation: tuple[str, ...]
    entries: dict[str, Entry]               # by normalised criterion id
    outcomes: dict[str, tuple[str, ...]]    # outcome id -> its criterion ids

    def applies_to(self, model_name: str) -> bool:
        """Whether a spec's social_value.model names this model."""
        return _key(model_name) in {_key(n) for n in (self.name, *self.names)}

    def lookup(self, id_: str) -> list[Entry]:
        """The criteria an id stands for: one model award criterion, or every criterion of an outcome."""
        key = _id(id_)
        if key in self.entries:
            return [self.entries[key]]
        if key in self.outcomes:
            return [self.entries[_id(c)] for c in self.outcomes[key]]
        return []

    def ids(self) -> list[str]:
        return [e.id for e in self.entries.values()]


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _id(value: str) -> str:
    """'MAC 2.2', '2.2' and ' 2a ' compare as the same id."""
    return re.sub(r"^(mac|criterion)\s*", "", value.strip().lower()).replace(" ", "")


@lru_cache(maxsize=1)
def _files() -> tuple:
    """The model files, in name order."""
    folder = resources.files(__package__).joinpath("models")
    return tuple(item for item in sorted(folder.iterdir(), key=lambda p: p.name) if item.name.endswith(".yaml"))


@lru_cache(maxsize=None)
def _read(item) -> Model:
    return _parse(yaml.load(item.read_text(encoding="utf-8"), Loader=_LOADER))


def models() -> tuple[Model, ...]:
    return tuple(_read(item) for item in _files())


def _parse(raw: dict) -> Model:
    entries: dict[str, Entry] = {}
    outcomes: dict[str, tuple[str, ...]] = {}
    for theme in raw["themes"]:
        for outcome in theme["outcomes"]:
            ids = []
            for c in outcome["criteria"]:
                metrics = [_metric(m) for m in c.get("metrics", ())]
                entry = Entry(str(c["id"]), c["title"], outcome["title"], str(outcome["id"]), theme["name"],
                              tuple(c.get("sub_criteria", ())), tuple(m for m, _ in metrics),
                              tuple(e for _, e in metrics))
                entries[_id(entry.id)] = entry
                ids.append(entry.id)
            outcomes[_id(str(outcome["id"]))] = tuple(ids)
    return Model(raw["model"], tuple(raw.get("names", ())), raw["source"], raw.get("url"), int(raw["version"]),
                 str(raw["as_of"]), str(raw.get("status", "")), raw.get("theme_word", "theme"),
                 " ".join(raw["question"].split()), tuple(raw.get("covers", ())), tuple(raw.get("evaluation", ())),
                 entries, outcomes)


def _metric(raw) -> tuple[str, str]:
    """A reporting metric and its evidence: written as {metric, evidence}, or as the metric alone."""
    if isinstance(raw, dict):
        return str(raw["metric"]), str(raw.get("evidence") or "")
    return str(raw), ""


def find(model_name: str) -> Model | None:
    """The model a spec names, or None when tenderpack has no data for it.

    Reads the files one at a time, up to the first that matches: a spec naming the
    current model does not pay for parsing the older ones."""
    return next((m for m in map(_read, _files()) if m.applies_to(model_name)), None)


def load() -> Model:
    """The current model (PPN 002), the default of social_value.model."""
    current = find("PPN 002 (2025)")
    assert current is not None   # its data file ships with the plugin
    return current

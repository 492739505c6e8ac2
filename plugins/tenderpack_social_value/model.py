"""The social value model data (model.yaml): look up an id to find its title and mission."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    outcome: str          # the model outcome the criterion belongs to, such as "Skills for growth"
    mission: str


@dataclass(frozen=True)
class Model:
    name: str
    source: str
    version: int
    as_of: str
    entries: dict[str, Entry]

    def applies_to(self, model_name: str) -> bool:
        """Whether a spec's social_value.model names this model (so its ids can be looked up)."""
        def key(s: str) -> str:
            return "".join(s.lower().split())
        return key(model_name).startswith(key(self.name).split("(")[0])

    def lookup(self, model_name: str, id_: str) -> Entry | None:
        if not self.applies_to(model_name):
            return None
        return self.entries.get(id_.strip().lower())


@lru_cache(maxsize=1)
def load() -> Model:
    raw = yaml.safe_load(resources.files(__package__).joinpath("model.yaml").read_text(encoding="utf-8"))
    entries: dict[str, Entry] = {}
    for mission in raw["missions"]:
        for outcome in mission["outcomes"]:
            for c in outcome["criteria"]:
                entries[str(c["id"]).lower()] = Entry(str(c["id"]), c["title"], outcome["title"], mission["mission"])
    return Model(raw["model"], raw["source"], int(raw["version"]), str(raw["as_of"]), entries)

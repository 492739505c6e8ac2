"""The glossary of the SME pack: every procurement term the pack uses, in plain English.

The terms and their meanings live in glossary.yaml (versioned data). Each term says which
packs use it; the glossary lists only the terms this pack uses, in alphabetical order.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

import tenderpack
from tenderpack import Paragraph, Section, Table

from .glance import joint_paragraphs


@lru_cache(maxsize=1)
def data() -> dict:
    text = resources.files(__package__).joinpath("glossary.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))   # libyaml when installed


def conditions(spec: tenderpack.Spec) -> set[str]:
    """The features of this pack that decide which terms it uses."""
    p, t = spec.procedure, spec.timetable
    stages = {s.type.value for s in p.stages}
    found = {"always", p.type.value}
    found.add("not_below_threshold" if p.type.value != "below_threshold" else "below_threshold")
    if spec.lots.items:
        found.add("lots")
    if spec.buyer.participants:
        found.add("joint")
    if any(s.shortlist_size or s.shortlist_criteria for s in p.stages) or "shortlisting" in stages:
        found.add("shortlist")
    found |= stages & {"negotiation", "dialogue", "final_tender"}
    if p.innovation_phases:
        found.add("innovation")
        if any(ph.seed_funding is not None for ph in p.innovation_phases):
            found.add("seed_funding")
        if any(ph.test_bed for ph in p.innovation_phases):
            found.add("test_bed")
    if spec.outcomes or spec.problem:
        found.add("outcomes")
    if any(o.payment.type.value != "none" for o in spec.outcomes):
        found.add("outcome_payments")
    if any(o.payment.type.value == "fee_at_risk" for o in spec.outcomes):
        found.add("fee_at_risk")
    if spec.social_value is not None:
        found.add("social_value")
    if spec.social_value is not None or any(o.kpi for o in spec.outcomes):
        found.add("kpi")
    if spec.commercial.tupe:
        found.add("tupe")
    if t.standstill_end is not None:
        found.add("standstill")
    if t.extensions:
        found.add("extensions")
    if spec.value.budget_ceiling is not None:
        found.add("budget")
    criteria = spec.award.criteria
    if any(c.weight is not None for c in criteria):
        found.add("weights")
    if any(c.rank is not None and c.weight is None for c in criteria):
        found.add("ranks")
    if any(c.minimum_score is not None for c in criteria):
        found.add("minimum_score")
    return found


def _mentioned(entry: dict, texts: list[str]) -> bool:
    forms = [entry["term"], *entry.get("also", [])]
    return any(re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", t, re.I) for f in forms for t in texts)


def terms(spec: tenderpack.Spec, clauses=()) -> list[tuple[str, str]]:
    """(term, meaning) for every term this pack uses, in alphabetical order: the terms its
    features call for, and any term in the title or summary of a clause in the contract."""
    on = conditions(spec)
    clause_texts = [f"{c.title}. {c.summary}" for c in clauses or ()]
    out = []
    for entry in data()["terms"]:
        when = entry["when"] if isinstance(entry["when"], list) else [entry["when"]]
        if on.intersection(when) or _mentioned(entry, clause_texts):
            out.append((entry["term"], " ".join(entry["means"].split()).format(payment_days=spec.commercial.payment_days)))
    return sorted(out, key=lambda pair: pair[0].casefold())


def sections(spec: tenderpack.Spec, clauses=()) -> list[Section]:
    rows = [[term, meaning] for term, meaning in terms(spec, clauses)]
    blocks = [Paragraph.of("These are the procurement terms used in this pack, and what they mean."),
              *joint_paragraphs(spec),
              Table.of(["Term", "What it means"], rows, caption="Glossary", widths=[2, 5])]
    return [Section("Terms we use", blocks, order=10, key="sme-glossary:terms")]

"""The glossary of the SME pack: every procurement term the pack uses, in plain English.

The terms and their meanings live in glossary.yaml (versioned data). Each term says which
tenders use it, by the features of the spec (tenderpack_sme.facts.features): the glossary
lists only the terms this tender's pack uses, in alphabetical order, each with the meaning
that is true for this tender (below the threshold, good practice is the buyer's choice; a
section of the Act is cited only through tenderpack.law, where that duty applies).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

import tenderpack
from tenderpack import Paragraph, Section, Table

from . import facts

PLACEHOLDER = re.compile(r"\{(\w+)(?::([\w-]+))?\}")


@lru_cache(maxsize=1)
def data() -> dict:
    text = resources.files(__package__).joinpath("glossary.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))   # libyaml when installed


def conditions(spec: tenderpack.Spec) -> set[str]:
    """The features of this tender that decide which terms its pack uses: the SME pack's, and the words of the
    pricing model and of the contract's form, which only the glossary asks about."""
    return facts.features(spec) | pricing_terms(spec) | form_terms(spec)


def pricing_terms(spec: tenderpack.Spec) -> set[str]:
    """How bidders price, when it is rated: the model, its basket (rates are evaluated on one), the evaluated price."""
    p = spec.pricing
    if not p.rated:
        return set()
    return {p.kind, "evaluated_price"} | ({"basket"} if p.kind in ("schedule_of_rates", "rate_card") else set())


def form_terms(spec: tenderpack.Spec) -> set[str]:
    """The words of an NEC4 or JCT form the pack names: its Contract Data or Contract Particulars, Z clauses
    (the buyer's part of an NEC4 form is titled with them), its Options."""
    form = spec.contract
    if form is None or form.data_name is None:
        return set()
    if form.family == "jct":
        return {"contract_particulars"}
    on = {"contract_data", "z_clause"}
    if form.form == "nec4_ecsc":   # the Short Contract's Contract Data has no parts
        on.add("contract_data_no_parts")
    if form.option_list():
        on.add("nec4_options")
    if form.main_option is not None:
        on.add("nec4_main_option")
    return on


def _listed(value) -> list[str]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def applies(entry: dict, on: set[str]) -> bool:
    return bool(on.intersection(_listed(entry.get("when")))) and not on.intersection(_listed(entry.get("unless")))


KINDS = {"quality": "quality", "price": "price", "social_value": "social value"}


def criteria_kinds(spec: tenderpack.Spec) -> str:
    """'quality, price and social value': the kinds of award criteria this tender has, in order."""
    found: list[str] = []
    for c in spec.award.criteria:
        if KINDS[c.type.value] not in found:
            found.append(KINDS[c.type.value])
    return tenderpack.text.join(found)


def meaning(entry: dict, spec: tenderpack.Spec, on: set[str]) -> str:
    """The meaning of a term that is true for this tender, with its placeholders filled in."""
    chosen = entry["means"]
    for variant in entry.get("variants", []):
        if on.intersection(_listed(variant.get("when"))):
            chosen = variant["means"]
            break
    framework = facts.framework(spec)
    values = {"payment_days": str(spec.commercial.payment_days), "standstill_days": facts.count(facts.standstill_days()),
              "budget_rule": facts.budget_rule(spec), "criteria_kinds": criteria_kinds(spec),
              # what is awarded and signed: the contract, or the framework and its framework agreement
              "award": "the framework" if framework else "the contract",
              "this_award": "this framework" if framework else "this contract",
              "signed": "the framework agreement" if framework else "the contract",
              "work_contract": "a call-off contract" if framework else "the contract",
              # the pack's document of our part of an NEC4 or JCT form (terms used only with such a form)
              "data_name": spec.contract.data_name or "" if spec.contract is not None else ""}

    def fill(match: re.Match) -> str:
        name, key = match.group(1), match.group(2)
        if name.lower() == "law" and key:
            cited = facts.cite(spec, key, capital=name == "Law")
            if cited is None:
                raise ValueError(f"glossary.yaml: {entry['term']!r} cites {key!r}, which does not apply to this tender; "
                                 "put the citation in a variant for the regime where it applies")
            return cited
        if name not in values and name[:1].isupper() and name.lower() in values:   # {This_award}: capital first letter
            found = values[name.lower()]
            return found[:1].upper() + found[1:]
        return values[name]

    return PLACEHOLDER.sub(fill, " ".join(chosen.split()))


def terms(spec: tenderpack.Spec, clauses=()) -> list[tuple[str, str]]:
    """(term, meaning) for every term this tender's pack uses, in alphabetical order."""
    on = conditions(spec)
    out = [(entry["term"], meaning(entry, spec, on)) for entry in data()["terms"] if applies(entry, on)]
    return sorted(out, key=lambda pair: pair[0].casefold())


def sections(spec: tenderpack.Spec, clauses=()) -> list[Section]:
    rows = [[term, meaning_] for term, meaning_ in terms(spec, clauses)]
    blocks: list[tenderpack.Block] = [
        Paragraph.of("These are the procurement terms used in this pack, and what they mean for this tender."),
        Paragraph.of(facts.we_means(spec)),
        Table.of(["Term", "What it means"], rows, caption="Glossary", widths=[2, 5])]
    return [Section("Terms we use", blocks, order=10, key="sme-glossary:terms")]

"""Rules on conditions of participation, lots and the specification."""

from __future__ import annotations

import re
from decimal import Decimal

import tenderpack
from tenderpack import Finding, text

from .common import add_months, annual_value, lots_mentioned, lots_words, pounds
from .data import load

_INSURANCE = re.compile(r"\binsur", re.I)
_AT_AWARD = re.compile(r"\b(award|if you win|winning|contract start|before the contract starts|start of the contract)", re.I)
_OR_EQUIVALENT = re.compile(r"\bor\s+(?:an?\s+)?equivalent\b", re.I)


def audited_accounts(spec: tenderpack.Spec):
    """No audited accounts, except from suppliers that must have them audited anyway."""
    if spec.conditions.audited_accounts_required:
        yield Finding("Audited accounts cannot be demanded, except from suppliers that are required to have their "
                      "accounts audited anyway (under the Companies Act 2006 or similar). Ask for other evidence "
                      "of financial standing, or waive this warning with the reason.",
                      ("conditions", "audited_accounts_required"))


def insurance(spec: tenderpack.Spec):
    """Insurance is asked for at award, not before."""
    c = spec.conditions
    for i, cover in enumerate(c.insurance):
        if cover.when not in ("award", "contract_start"):
            yield Finding(f"{cover.type} insurance can be required at award or at contract start, not with the tender.",
                          ("conditions", "insurance", i, "when"))
    for group in ("legal", "financial", "technical"):
        for i, condition in enumerate(getattr(c, group)):
            if _INSURANCE.search(condition) and not _AT_AWARD.search(condition):
                yield Finding("This condition asks about insurance without saying it is needed only at award. "
                              "Insurance cannot be a condition of taking part; list it under conditions.insurance "
                              "with when: award.", ("conditions", group, i))


def turnover(spec: tenderpack.Spec):
    """A minimum turnover above twice the yearly value shuts out small firms."""
    asked = spec.conditions.minimum_turnover
    if asked is None:
        return
    multiple = tenderpack.law.amount("thresholds", "turnover", "max_multiple_of_annual_value")
    yearly, worked_out = annual_value(spec)
    if Decimal(asked) > multiple * yearly:
        how = " (worked out from the total value and the term)" if worked_out else ""
        yield Finding(f"The minimum turnover of {pounds(asked)} is more than {multiple:f} times the yearly value of "
                      f"{pounds(yearly)}{how}. Keep it at or below {pounds(multiple * yearly)}, or give the reason.",
                      ("conditions", "minimum_turnover"))


def lots_reasons(spec: tenderpack.Spec):
    """When the contract is not divided into lots, the reasons are given."""
    lots = spec.lots
    if tenderpack.law.applies(spec, "lots") and not lots.items and not (lots.reasons_not_divided or "").strip():
        yield Finding("The contract is not divided into lots and no reason is given. Say why in "
                      "lots.reasons_not_divided, or divide it into lots.", ("lots", "reasons_not_divided"))


def lots_cap(spec: tenderpack.Spec):
    """A cap on the lots one supplier can win comes with an objective way to allocate them."""
    lots = spec.lots
    if lots.max_per_supplier is None:
        return
    bids = lots.max_bids_per_supplier
    if not lots.items:
        yield Finding("A limit on lots per supplier is set, but the contract has no lots.",
                      ("lots", "max_per_supplier"))
    elif bids is not None and lots.max_per_supplier >= bids:
        return   # no supplier can win more lots than it may bid for: TP-LOTS-BIDS-NO-LIMIT says so
    elif lots.max_per_supplier < len(lots.items) and not (lots.allocation_method or "").strip():
        # A cap at or above the number of lots caps nothing: lots_cap_no_limit says so.
        n = lots.max_per_supplier
        yield Finding(f"This limits the lots one supplier can win, not the lots it can bid for (every supplier can "
                      f"bid for every lot). Suppliers can win at most {n} of the {len(lots.items)} lots, but "
                      f"lots.allocation_method does not say which lots a supplier gets when it comes first in more "
                      f"than {n}. Describe an objective method.", ("lots", "max_per_supplier"))


def lots_cap_no_limit(spec: tenderpack.Spec):
    """A cap on the lots one supplier can win that is not below the number of lots caps nothing."""
    lots = spec.lots
    if lots.max_per_supplier is None or not lots.items or lots.max_per_supplier < len(lots.items):
        return
    n, total = lots.max_per_supplier, len(lots.items)
    yield Finding(f"The limit is {n} lots per supplier and there are {total} lots, so it limits nothing. "
                  "max_per_supplier is the most lots one supplier can win, not the most it can bid for, and every "
                  "supplier can already bid for and win every lot. Leave it out; to limit the lots one supplier can "
                  f"win, set it below {total} and describe lots.allocation_method.", ("lots", "max_per_supplier"))


def lots_bids_no_limit(spec: tenderpack.Spec):
    """A cap on the lots one supplier can bid for limits something: it is below the number of lots, and a cap on
    the lots one supplier can win is below it (a supplier cannot win a lot it did not bid for)."""
    lots = spec.lots
    bids = lots.max_bids_per_supplier
    if bids is None or not lots.items:
        return
    total = len(lots.items)
    if bids >= total:
        yield Finding(f"The limit is {bids} lots to bid for per supplier and there are {total} lots, so it limits "
                      "nothing: every supplier can already bid for every lot. Leave it out, or set it below "
                      f"{total}.", ("lots", "max_bids_per_supplier"))
    elif lots.max_per_supplier is not None and lots.max_per_supplier >= bids:
        wins = lots.max_per_supplier
        yield Finding(f"Suppliers can bid for at most {bids} lots, so none can win more than {bids}: the limit of "
                      f"{wins} lots to win (lots.max_per_supplier) limits nothing. Leave max_per_supplier out, or set "
                      f"it below {bids} and describe lots.allocation_method.", ("lots", "max_per_supplier"))


_RESERVED_WHO = {"sme": "small and medium-sized enterprises",
                 "sme_vcse": "small and medium-sized enterprises and voluntary, community and social enterprises",
                 "supported_employment": "supported employment providers",
                 "public_service_mutual": "public service mutuals"}


def lot_reserved_public(spec: tenderpack.Spec):
    """A public contract is never reserved for small firms: the Act reserves a public contract only for supported
    employment providers (s.32) and, for some light-touch services, public service mutuals (s.33). A warning could be
    waived and the pack would then tell bidders of a reservation with no power behind it."""
    law = tenderpack.law
    if not law.regime(spec).public_contract:
        return
    for i, lot in enumerate(spec.lots.items):
        if lot.reserved_for in ("sme", "sme_vcse"):
            allowed = [f"{who} ({law.duty(key).citation})" for key, who in (
                ("reserve-supported-employment", "supported employment providers"),
                ("reserve-public-service-mutuals", "public service mutuals, for some light-touch services"))
                if law.applies(spec, key)]
            yield Finding(f"Lot {lot.number} is reserved for {_RESERVED_WHO[lot.reserved_for]}, but this is a public "
                          f"contract, which can be reserved only for {text.join(allowed, 'or')}, not for small firms. "
                          "Open the lot to every supplier (leave out reserved_for); help small firms through the "
                          "size of the lot and proportionate conditions instead.",
                          ("lots", "items", i, "reserved_for"))


def lot_reserved(spec: tenderpack.Spec):
    """A reserved lot has a power to reserve it. For a public contract the Act reserves only for supported employment
    providers (a competitive flexible procedure) and public service mutuals (light-touch services, a competitive
    flexible procedure, a term of 5 years at most); below the threshold, a power to reserve for small firms is not
    confirmed here (law.yaml, status check)."""
    law = tenderpack.law
    regime = law.regime(spec)
    flexible = spec.procedure.type.value == "competitive_flexible"
    for i, lot in enumerate(spec.lots.items):
        kind = lot.reserved_for
        if kind is None:
            continue
        where = ("lots", "items", i, "reserved_for")
        said = f"Lot {lot.number} is reserved for {_RESERVED_WHO[kind]}"
        keep = ("Open the lot to every supplier (leave out reserved_for), or waive this warning with the legal basis "
                "for the reservation.")
        if kind in ("sme", "sme_vcse"):
            if regime.public_contract:
                continue   # no power at all: rule TP-LOT-RESERVED-PUBLIC, an error, says so
            else:
                status = law.duty("reserve-below-threshold-sme").status
                yield Finding(f"{said}. A power to reserve a below-threshold contract for them needs regulations "
                              "under the Act, and whether they are in force is not confirmed here (law.yaml: "
                              f"reserve-below-threshold-sme, status {status}). Check the power and its conditions, "
                              "then waive this warning with your reason.", where)
            continue
        key = "reserve-supported-employment" if kind == "supported_employment" else "reserve-public-service-mutuals"
        missing = []
        if not law.applies(spec, key):
            missing.append("a public contract for light-touch services" if kind == "public_service_mutual"
                           else "a public contract")
        if not flexible:
            missing.append("the competitive flexible procedure")
        if kind == "public_service_mutual":
            term = text.term(spec, lot)   # the lot is a contract of its own: its own term counts
            if add_months(term.start, 60) <= term.latest_end:
                missing.append("a term of 5 years or less, with every extension")
        if missing:
            yield Finding(f"{said}, which {law.duty(key).citation} allows only with {text.join(missing)}. {keep}",
                          where)


# A lot's own contract dates are carried by every document of the pack, and by the contract data of an NEC4 or JCT
# form (each lot's starting and completion dates). Still refused: a framework's lots (they run for its one term; a
# call-off contract's dates are its call-off details'); and, under an NEC4 form, an access date outside a lot's
# contract (contract.data.access_dates are every lot's: the spec does not say which lot a part of the site is in).


def _own_term_fields(spec: tenderpack.Spec, lot) -> list[str]:
    """The fields of ``lot`` that give it a term other than the timetable's."""
    t = spec.timetable
    return [field for field in ("contract_start", "contract_end", "extensions")
            if getattr(lot, field) is not None and getattr(lot, field) != getattr(t, field)]


def lot_dates(spec: tenderpack.Spec):
    """A lot's own contract dates only where every document that gives the dates can carry them."""
    form = spec.contract
    for i, lot in enumerate(spec.lots.items):
        own = _own_term_fields(spec, lot)
        if not own:
            continue
        where = ("lots", "items", i, own[0])
        fields = text.join([f"lots.items[{i}].{field}" for field in own])
        if text.is_framework(spec):
            yield Finding(f"Lot {lot.number} has its own contract dates ({fields}), but this tender sets up a "
                          "framework: every lot runs for the framework's term (timetable.contract_start, "
                          "contract_end and extensions), and each call-off contract gets its own dates when it is "
                          "awarded, in its call-off details. Leave the lot's own dates out.", where)
        elif form is not None and form.data is not None:
            yield from _access_outside(spec, lot, i)


def _access_outside(spec: tenderpack.Spec, lot, index: int):
    """Each access date of the NEC4 form's contract data falls within the contract of ``lot`` (its own dates): the
    contract data gives every lot the same access dates."""
    form = spec.contract
    assert form is not None and form.data is not None
    term = text.term(spec, lot)
    start, end = (f"lots.items[{index}].{field}" if getattr(lot, field) is not None else f"timetable.{field}"
                  for field in ("contract_start", "contract_end"))
    for i, access in enumerate(form.data.access_dates):
        if term.start <= access.date <= term.end:
            continue
        side = (f"before the contract for lot {lot.number} starts ({text.date(term.start)}, {start})"
                if access.date < term.start else
                f"after the works of lot {lot.number} must be complete ({text.date(term.end)}, {end})")
        yield Finding(f"The access date for “{access.part}” ({text.date(access.date)}) is {side}. The "
                      f"{text.form_data_title(spec)} gives every lot's contract the same access dates, so the "
                      f"contract for lot {lot.number} would give access to the site outside its own dates. Give "
                      "access dates that fall within every lot's dates, or leave access_dates out.",
                      ("contract", "data", "access_dates", i, "date"))


def or_equivalent(spec: tenderpack.Spec):
    """A brand or standard named in a requirement is followed by 'or equivalent'."""
    names = load("named_products")
    standard = re.compile(names["standards_pattern"])
    brand = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(b) for b in names["brands"]) + r")(?![\w-])")
    places: list[tuple[tuple[str | int, ...], str]] = [
        (("requirements", i), r) for i, r in enumerate(spec.requirements)]
    places += [(("conditions", "technical", i), r) for i, r in enumerate(spec.conditions.technical)]
    for path, requirement in places:
        named = [m.group() for m in standard.finditer(requirement)] + [m.group() for m in brand.finditer(requirement)]
        named += re.findall(r"\b\w+[™®]", requirement)
        if named and not _OR_EQUIVALENT.search(requirement):
            listed = ", ".join(dict.fromkeys(named))
            yield Finding(f"This names {listed} without 'or equivalent'. Add 'or equivalent' so that suppliers "
                          "offering something as good are not shut out.", path)


# ----------------------------------------------------------------------------- exclusion

# Words that make a condition about exclusion, each with the term to quote back to the buyer.
_EXCLUSION = [(re.compile(pattern, re.I), term) for pattern, term in (
    (r"\bexclud(?:ed|able)\s+(?:suppliers?|persons?|compan(?:y|ies)|bidders?)\b", "excluded or excludable suppliers"),
    (r"\bexcludable\b", "excludable suppliers"),
    (r"\bexcluded\s+from\s+(?:bidding|tendering|taking\s+part|(?:public\s+)?(?:procurements?|contracts))\b",
     "being excluded from bidding"),
    (r"\bdebar(?:red|ment)\b", "debarment"),
    (r"\b(?:grounds?\s+(?:for|of)\s+exclusion|exclusion\s+grounds?|(?:mandatory|discretionary)\s+exclusions?)\b",
     "grounds for exclusion"),
    (r"\bexclusion\s+declaration\b", "the exclusion declaration"),
)]


def _about_exclusion(words: str) -> str | None:
    for pattern, term in _EXCLUSION:
        if pattern.search(words):
            return term
    return None


def _conditions(spec: tenderpack.Spec):
    """Every condition of participation, with its path: the spec's own, then each lot's."""
    for group in ("legal", "financial", "technical"):
        for i, condition in enumerate(getattr(spec.conditions, group)):
            yield ("conditions", group, i), condition, None
    for k, lot in enumerate(spec.lots.items):
        for i, condition in enumerate(lot.conditions):
            yield ("lots", "items", k, "conditions", i), condition, lot.number


def exclusion(spec: tenderpack.Spec):
    """Exclusion is not a condition of participation: the pack asks for the exclusion declaration separately."""
    for path, condition, _ in _conditions(spec):
        found = _about_exclusion(condition)
        if found:
            yield Finding(f"This condition is about exclusion (it mentions {found}). Exclusion is not a condition of "
                          "participation: a supplier is excluded or excludable on the grounds the Act sets, and the "
                          "pack asks every supplier for its exclusion declaration separately. Take this condition out.",
                          path)


# ----------------------------------------------------------------------------- lot scope


def _lot_places(spec: tenderpack.Spec):
    """(path, words, the lots it is attached to ([] = every lot), what it is, its lots field or its kind).

    The last item is the field that attaches it to lots ("outcomes[0].lots"), or, for
    requirements and conditions, which list of a lot it belongs in ("requirements").
    """
    for i, o in enumerate(spec.outcomes):
        for field, words in ((("statement",), o.statement), (("indicator", "name"), o.indicator.name),
                             (("indicator", "definition"), o.indicator.definition)):
            yield ("outcomes", i, *field), words, list(o.lots), f"Outcome {o.id}", f"outcomes[{i}].lots"
    for i, phase in enumerate(spec.procedure.innovation_phases):
        if phase.lots:   # without lots, TP-PHASES-LOTS asks which lot it belongs to
            for attr, words in (("name", phase.name), ("description", phase.description)):
                yield (("procedure", "innovation_phases", i, attr), words, list(phase.lots), phase.name,
                       f"procedure.innovation_phases[{i}].lots")
    for i, words in enumerate(spec.requirements):
        yield ("requirements", i), words, [], "This requirement", "requirements"
    for path, words, lot in _conditions(spec):
        if lot is None:
            yield path, words, [], "This condition", "conditions"
    for k, lot in enumerate(spec.lots.items):
        for kind, items in (("requirements", lot.requirements), ("conditions", lot.conditions)):
            for i, words in enumerate(items):
                yield (("lots", "items", k, kind, i), words, [lot.number],
                       f"This {kind[:-1]} of lot {lot.number}", kind)


def lot_scope(spec: tenderpack.Spec):
    """Something that names a lot in its words is attached to that lot."""
    numbers = [lot.number for lot in spec.lots.items]
    if not numbers:
        return
    index = {lot.number: k for k, lot in enumerate(spec.lots.items)}

    def attach(field: str, lots: list[int], every: bool) -> str:
        if field.endswith(".lots"):
            return f"set {field}: [{', '.join(str(n) for n in sorted(lots))}]"
        places = text.join([f"lots.items[{index[n]}].{field}" for n in sorted(lots)])
        return f"move it to {places}" + ("" if every else f", or to {field} if it is for every lot")

    for path, words, attached, what, field in _lot_places(spec):
        named = lots_mentioned(words)
        if not named:
            continue
        missing = sorted(n for n in named if n not in index)
        if missing:
            yield Finding(f"{what} mentions {lots_words(missing)}, but there is no {lots_words(missing)}: the lots "
                          f"are {lots_words(numbers)}. Correct the lot number.", path)
        elif not attached and not set(named) >= set(numbers):
            yield Finding(f"{what} mentions {lots_words(named)}, but it applies to every lot. If it is for "
                          f"{lots_words(named)} only, {attach(field, sorted(named), True)}; if it is for every lot, "
                          "take the lot out of its words.", path)
        elif attached and set(named) - set(attached):
            outside = sorted(set(named) - set(attached))
            fix = (f"add {lots_words(outside)} to {field}" if field.endswith(".lots")
                   else attach(field, outside, False))
            yield Finding(f"{what} mentions {lots_words(outside)}, but it belongs to {lots_words(attached)} only. If "
                          f"it is for {lots_words(outside)}, {fix}; if not, take {lots_words(outside)} out of its "
                          "words.", path)

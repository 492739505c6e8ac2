"""Rules on the commercial model: budget against value and prices, lot values, fees at risk,
the contract the pack names, and each contract's own value in a joint procurement.

Periods are compared like with like: the estimated value (value.estimated_excluding_vat),
each lot's value and the pricing schedule's quantities cover the whole term with every
extension; value.annual_value covers a year; the budget covers what value.budget_covers
says. A figure for one period is turned into another in proportion to the time.
"""

from __future__ import annotations

import re
from decimal import Decimal

import tenderpack
from tenderpack import Finding, text

from .common import (annual_value, close, initial_years, lots_words, period_words, period_years, pounds, share,
                     term_years, valued_lots, years_words)
from .data import amount, as_of, load

_PERIODS = ("whole_term", "initial_term", "year")
_SHORT = {"whole_term": "the whole term", "initial_term": "the initial term", "year": "one year"}


def _tolerance() -> Decimal:
    return amount("commercial", "tolerance", "match_percent")


def _estimates(spec: tenderpack.Spec) -> dict[str, tuple[Decimal, str]]:
    """The estimated value (excluding VAT) for each period a budget can cover, and where it comes from."""
    whole = Decimal(spec.value.estimated_excluding_vat)
    years = term_years(spec)
    yearly, worked_out = annual_value(spec)
    initial = whole * initial_years(spec) / years if not valued_lots(spec) else whole * share(spec, "initial_term")
    return {
        "whole_term": (whole, "value.estimated_excluding_vat"),
        "initial_term": (initial, "value.estimated_excluding_vat, for the initial term's share of the whole term"
                         + ("" if not valued_lots(spec) else " (each lot's own, weighted by the lots' values)")),
        "year": (yearly, "worked out from value.estimated_excluding_vat and the term" if worked_out else "value.annual_value"),
    }


def _tenders_price(spec: tenderpack.Spec) -> str:
    if spec.pricing.items:
        return "the pricing schedule's quantities over the whole term, with every extension"
    return "each year of the whole term, with every extension"


def budget_period(spec: tenderpack.Spec):
    """The budget compared like with like: against the estimated value for the period it pays for, lots and prices."""
    v = spec.value
    covers = v.budget_covers
    if v.budget_ceiling is None:
        if covers != "whole_term":
            yield Finding(f"value.budget_covers says the budget pays for {period_words(spec, covers)}, but there is no "
                          "budget: give value.budget_ceiling, or leave budget_covers out.", ("value", "budget_covers"))
        if v.over_budget != "may_reject":
            yield Finding("value.over_budget says tenders above the budget are rejected, but there is no budget: give "
                          "value.budget_ceiling, or leave over_budget out.", ("value", "over_budget"))
        return
    tol = _tolerance()
    budget = Decimal(v.budget_ceiling)
    estimates = _estimates(spec)
    own, source = estimates[covers]
    mismatched = False
    if not close(budget, own, tol):
        for other in _PERIODS:
            est, _ = estimates[other]
            if other == covers or not close(budget, est, tol) or close(est, own, tol):
                continue
            mismatched = True
            yield Finding(f"The budget of {pounds(budget)} is what {period_words(spec, other)} is estimated to cost "
                          f"({pounds(est)}), but value.budget_covers says it pays for {period_words(spec, covers)}, "
                          f"estimated at {pounds(own)}. Tenders price {_tenders_price(spec)}, so they must be "
                          f"compared with a budget for the same period. If the budget is for {_SHORT[other]}, set "
                          f"budget_covers: {other}; if it is for {_SHORT[covers]}, change the budget.",
                          ("value", "budget_covers"))
            break
    if not mismatched and budget < own * (1 - tol / 100):
        fate = "are rejected" if v.over_budget == "reject" else "may be rejected"
        yield Finding(f"The budget ({pounds(budget)} for {period_words(spec, covers)}) is less than the estimated value "
                      f"for that period ({pounds(own)}, from {source}). Tenders above the budget {fate}, and a tender "
                      "priced near the estimate would be above it, so many tenders would likely be rejected. Raise "
                      "the budget, or check the estimated value.", ("value", "budget_ceiling"))
    for i, lot in enumerate(spec.lots.items):
        if lot.value is None:
            continue
        part = Decimal(lot.value) * period_years(spec, covers, lot) / term_years(spec, lot)   # the lot's own term
        if part > budget * (1 + tol / 100):
            about = "" if covers == "whole_term" else f", about {pounds(part)} for {period_words(spec, covers)}"
            yield Finding(f"Lot {lot.number} is worth {pounds(lot.value)} over the whole term{about}: more than the "
                          f"whole contract's budget for that period ({pounds(budget)}). Tenders for this lot alone "
                          "would be above the budget. Check the lot's value or the budget.",
                          ("lots", "items", i, "value"))
    whole_budget = budget / (period_years(spec, covers) / term_years(spec) if not valued_lots(spec)
                             else share(spec, covers))
    for j, price in enumerate(spec.award.price.example_prices):
        if Decimal(price) > whole_budget * (1 + tol / 100):
            about = (f" ({pounds(budget)})" if covers == "whole_term" else
                     f" ({pounds(budget)} for {period_words(spec, covers)}, about {pounds(whole_budget)} over the whole term)")
            yield Finding(f"The worked example prices a tender at {pounds(price)}, above the budget{about}. Tenders "
                          f"price {_tenders_price(spec)}: use example prices within the budget, so the example shows "
                          "tenders we can accept.", ("award", "price", "example_prices", j))


def annual(spec: tenderpack.Spec):
    """value.annual_value agrees with the estimated value over the whole term."""
    v = spec.value
    if v.annual_value is None:
        return
    lots = valued_lots(spec)
    years = term_years(spec) if not lots else 1 / share(spec, "year")   # lots' own terms, weighted by value
    implied = Decimal(v.annual_value) * years
    whole = Decimal(v.estimated_excluding_vat)
    allowed = amount("commercial", "tolerance", "annual_value_percent")
    if not close(implied, whole, allowed):
        term = (f"the whole term of {years_words(years)}" if not lots else
                f"the lots' whole terms (on average {years_words(years).removeprefix('about ')}, weighted by "
                "the lots' values)")
        yield Finding(f"value.annual_value is {pounds(v.annual_value)} a year; over {term}, with every "
                      f"extension, that is about {pounds(implied)}, but the "
                      f"estimated value for the whole term is {pounds(whole)}. Make them agree: about "
                      f"{pounds(whole / years)} a year, or change the estimated value.", ("value", "annual_value"))


def lot_values(spec: tenderpack.Spec):
    """The lots' values add up to the estimated value of the contract."""
    values = [lot.value for lot in spec.lots.items if lot.value is not None]
    if not values:
        return
    total = sum((Decimal(x) for x in values), Decimal(0))
    whole = Decimal(spec.value.estimated_excluding_vat)
    every = len(values) == len(spec.lots.items)
    if (every and not close(total, whole, _tolerance())) or (not every and total > whole * (1 + _tolerance() / 100)):
        which = "The lots' values add up to" if every else "The lots that have a value add up to"
        yield Finding(f"{which} {pounds(total)}, but the estimated value of the contract is {pounds(whole)}. Both "
                      "cover the whole term, so make them agree: the estimated value is the sum of the lots.",
                      ("lots", "items"))


# ----------------------------------------------------------------------------- fees at risk


def _fee_outcomes(spec: tenderpack.Spec):
    return [(i, o) for i, o in enumerate(spec.outcomes) if o.payment.type.value == "fee_at_risk"]


def _lots_of(spec: tenderpack.Spec, outcome) -> list[int]:
    return list(outcome.lots) or [lot.number for lot in spec.lots.items]


def fee_at_risk(spec: tenderpack.Spec):
    """A fee put at risk is identifiable (its lot is named) and a modest share of the fee."""
    most = amount("commercial", "fee_at_risk", "max_percent")
    numbers = [lot.number for lot in spec.lots.items]
    for i, o in _fee_outcomes(spec):
        p = Decimal(o.payment.percent_at_risk)
        if numbers and not o.lots:
            yield Finding(f"Outcome {o.id} puts {text.percent(p)} of the fee at risk but does not say which lot's fee. "
                          f"The contract has {lots_words(numbers)}: name the lot or lots whose fee is at risk in "
                          f"outcomes[{i}].lots, such as lots: [{numbers[0]}].", ("outcomes", i, "lots"))
        if p > most:
            yield Finding(f"Outcome {o.id} puts {text.percent(p)} of the fee at risk. More than {text.percent(most)} "
                          f"({as_of('commercial')}) puts small firms off and adds the price of the risk to tenders. "
                          f"Keep it at {text.percent(most)} or less, or waive this warning with the reason.",
                          ("outcomes", i, "payment", "percent_at_risk"))
    for scope, fees in _at_risk_by_scope(spec).items():
        total = sum((p for _, _, p in fees), Decimal(0))
        if len(fees) > 1 and most < total <= 100:
            ids = text.join([o.id for _, o, _ in fees])
            whose = f"{lots_words([scope])}'s fee" if scope is not None else "the fee"
            yield Finding(f"Outcomes {ids} together put {text.percent(total)} of {whose} at risk, more than "
                          f"{text.percent(most)} ({as_of('commercial')}). Lower the shares at risk, or waive this "
                          "warning with the reason.", ("outcomes",))


def _at_risk_by_scope(spec: tenderpack.Spec) -> dict[int | None, list]:
    """Lot number (None without lots) -> [(index, outcome, percent)] of the fees at risk on it."""
    out: dict[int | None, list] = {}
    for i, o in _fee_outcomes(spec):
        scopes: list[int | None] = [*_lots_of(spec, o)] or [None]
        for scope in scopes:
            out.setdefault(scope, []).append((i, o, Decimal(o.payment.percent_at_risk)))
    return out


def fee_exists(spec: tenderpack.Spec):
    """A fee put at risk exists: its lot has pricing items, and no more than the whole fee is at risk."""
    priced = {item.lot for item in spec.pricing.items}
    if spec.lots.items and spec.pricing.items:
        for i, o in _fee_outcomes(spec):
            unpriced = [n for n in _lots_of(spec, o) if n not in priced]
            if not unpriced:
                continue
            where = ("outcomes", i, "lots") if o.lots else ("outcomes", i, "payment", "type")
            applies = "" if o.lots else " (it names no lot, so it applies to every lot)"
            yield Finding(f"Outcome {o.id} puts part of the fee for {lots_words(unpriced)} at risk{applies}, but the "
                          f"pricing schedule has no items for {lots_words(unpriced)}, so there is no fee to put at "
                          f"risk. Add pricing items for {lots_words(unpriced)}, or name only priced lots in "
                          f"outcomes[{i}].lots.", where)
    for scope, fees in _at_risk_by_scope(spec).items():
        total = sum((p for _, _, p in fees), Decimal(0))
        if total > 100:
            ids = text.join([o.id for _, o, _ in fees])
            whose = f"{lots_words([scope])}'s fee" if scope is not None else "the fee"
            yield Finding(f"Outcomes {ids} together put {text.percent(total)} of {whose} at risk: more than the whole "
                          "fee. Lower the shares at risk so they add up to 100% at most.", ("outcomes",))


# ----------------------------------------------------------------------------- the contract


def _model_patterns():
    out = []
    for entry in load("model_contracts")["names"]:
        flags = 0 if entry.get("acronym") else re.I
        out.append((entry["name"], re.compile(r"(?<![\w-])(?:" + entry["pattern"] + r")(?![\w-])", flags)))
    return out


# The forms of spec.contract that a name of model_contracts.yaml fits: naming it in contract_form is true only
# when the pack ships one of them. A name not here (FIDIC, the Public Sector Contract…) fits no form it can ship.
_NEC4 = frozenset({"nec4_ecc", "nec4_ecsc", "nec4_tsc"})
_JCT = frozenset({"jct_db", "jct_sbc", "jct_ic", "jct_mw"})
_FITS = {"Short Form Contract": frozenset({"short_form"}), "Mid-tier Contract": frozenset({"mid_tier"}),
         "Model Services Contract": frozenset({"model_services"}), "NEC": _NEC4,
         "Engineering and Construction Contract": frozenset({"nec4_ecc"}), "JCT": _JCT,
         "Joint Contracts Tribunal form": _JCT}
# Words that name one form of a family, read only beside the family's own name ("JCT … minor works"), so that
# "design and build" in an NEC4 contract's description is not taken for the JCT form.
_ONE_FORM = [
    (_NEC4, "NEC4 Term Service Contract", re.compile(r"term\s+service\s+contract", re.I), "nec4_tsc"),
    (_NEC4, "NEC4 Engineering and Construction Short Contract", re.compile(r"short\s+contract", re.I), "nec4_ecsc"),
    (_JCT, "JCT Design and Build Contract", re.compile(r"design\s+and\s+build", re.I), "jct_db"),
    (_JCT, "JCT Standard Building Contract", re.compile(r"standard\s+building", re.I), "jct_sbc"),
    (_JCT, "JCT Intermediate Building Contract", re.compile(r"intermediate\s+building", re.I), "jct_ic"),
    (_JCT, "JCT Minor Works Building Contract", re.compile(r"minor\s+works", re.I), "jct_mw"),
]


def _named(words: str) -> list[tuple[str, frozenset[str]]]:
    """Each contract that ``words`` name, with the forms of spec.contract it fits (none for NEC3, an older edition)."""
    out = []
    for name, pattern in _model_patterns():
        found = pattern.search(words)
        if found is None:
            continue
        fits = _FITS.get(name, frozenset())
        if name == "NEC" and "3" in found.group(0):
            name, fits = "NEC3 contract", frozenset()
        out.append((name, fits))
    families = {form for _, fits in out for form in fits}
    for family, name, pattern, form in _ONE_FORM:
        if family & families and pattern.search(words):
            out.append((name, frozenset({form})))
    return out


def model_contract(spec: tenderpack.Spec):
    """commercial.contract_form names no contract but the one the pack ships (spec.contract, else its own)."""
    words = spec.commercial.contract_form
    if not words:
        return
    named = _named(words)
    c = spec.contract
    if c is None and named:
        name, fits = named[0]
        how = (f"If the contract is the {name}, say so in contract: (form, edition and the rest), and the pack names "
               "it; otherwise describe" if fits else "Describe")
        yield Finding(f"commercial.contract_form names the {name}, but the pack carries its own draft contract "
                      f"({as_of('model_contracts')}), and a bidder signs what the pack names. {how} the contract "
                      "without naming a form, such as 'services contract with outcome payments', or leave "
                      "contract_form out.", ("commercial", "contract_form"))
        return
    wrong = [name for name, fits in named if c is not None and c.form not in fits]
    if c is not None and wrong:
        yield Finding(f"commercial.contract_form names the {wrong[0]}, but the contract the pack ships is the "
                      f"{c.name} (contract.form: {c.form}), and a bidder signs what the pack names. Name the {c.name} "
                      "here, or describe the contract without naming a form, such as 'works contract for a new "
                      "footbridge'.", ("commercial", "contract_form"))


def attached_contract(spec: tenderpack.Spec):
    """No attached file is offered as a contract but the one the pack ships."""
    c = spec.contract
    parts = {id(a) for _, a in c.parts(spec.attachments)} if c is not None else set()
    for i, attachment in enumerate(spec.attachments):
        if attachment.kind != "model-contract" or id(attachment) in parts:
            continue
        if c is None:
            yield Finding(f"attachments[{i}] ({attachment.title}) is a model contract, but the pack carries its own "
                          "draft contract, and the invitation tells bidders that is the contract they sign. Two "
                          "contracts in one pack would contradict each other. If it is the contract, say so in "
                          "contract: (form, edition, and attachment: its title). If the file is for information, "
                          "give it kind: other and say what it is for in its description; otherwise leave it out.",
                          ("attachments", i, "kind"))
        else:
            ships = ("the attachment named in contract.attachment" if c.family == "model"
                     else "named, never carried")
            yield Finding(f"attachments[{i}] ({attachment.title}) is a model contract, but the contract is the "
                          f"{c.name} ({ships}). Two contracts in one pack would contradict each other. If the file is "
                          "part of the contract, name it in contract.documents; if it is for information, give it "
                          "kind: other and say what it is for in its description; otherwise leave it out.",
                          ("attachments", i, "kind"))


# ----------------------------------------------------------------------------- joint procurement


def _separate_contracts(spec: tenderpack.Spec) -> bool:
    return bool(spec.buyer.participants) and spec.buyer.contracts == "each_authority"


def _share_path(spec: tenderpack.Spec, k: int) -> tuple:
    return ("buyer", "lead", "share_percent") if k == 0 else ("buyer", "participants", k - 1, "share_percent")


def shares(spec: tenderpack.Spec):
    """When each authority signs its own contract, the shares of the value add up to 100%."""
    if not _separate_contracts(spec):
        return
    given = [a.share_percent for a in spec.authorities if a.share_percent is not None]
    if len(given) != len(spec.authorities):
        return
    total = sum((Decimal(s) for s in given), Decimal(0))
    if total != 100:
        parts = text.join([f"{a.name} {text.percent(s)}" for a, s in zip(spec.authorities, given)])
        yield Finding(f"Each authority signs its own contract, and the shares of the estimated value add up to "
                      f"{text.percent(total)} ({parts}), not 100%. Change share_percent so they add up to 100.",
                      ("buyer", "lead", "share_percent"))


def kpi_value(spec: tenderpack.Spec):
    """Each contract's own value is known when it decides the KPI duty of a joint procurement or a lot."""
    r = tenderpack.law.regime(spec)
    if not r.kpi_duty_unknown or r.framework:   # a framework's call-off contracts have no value of their own yet
        return
    duty = tenderpack.law.duty("kpis").citation
    least = int(tenderpack.law.figure("thresholds", "key_performance_indicators", "minimum"))
    why = (f"whether a contract needs at least {least} KPIs ({duty}) depends on that contract's own value. The total is "
           f"{pounds(r.value_including_vat)} including VAT, over {pounds(r.kpi_value)}, so each contract's value "
           "matters")
    if _separate_contracts(spec):
        for k, authority in enumerate(spec.authorities):
            if authority.share_percent is None:
                yield Finding(f"{authority.name} has no share of the value. Each authority signs its own contract, and "
                              f"{why}: give {authority.name}'s share of the estimated value, in percent, in "
                              "share_percent.", _share_path(spec, k))
    for i, lot in enumerate(spec.lots.items):
        if lot.value is None:
            yield Finding(f"Lot {lot.number} has no value. Each lot is its own contract, and {why}: give the lot's "
                          "estimated value, excluding VAT.", ("lots", "items", i, "value"))


def cap_share(spec: tenderpack.Spec):
    """A cap shared by several suppliers' contracts says how it is shared, so a bidder can price its risk."""
    for i, outcome in enumerate(spec.outcomes):
        p = outcome.payment
        if p.cap is None or p.cap_per != "all_contracts":
            continue
        lots = [lot for lot in spec.lots.items if text.for_lot(outcome.lots, lot.number)]
        if any(text.winners(spec, lot) > 1 for lot in (lots or (None,))):
            yield Finding(f"The cap on {outcome.id}'s payments is for all contracts together, but several suppliers "
                          "can win them, so no bidder can tell how much of it it may earn. Set payment.cap_per to "
                          "supplier (each supplier across its contracts) or contract (each contract on its own).",
                          ("outcomes", i, "payment", "cap_per"))

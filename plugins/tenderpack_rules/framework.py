"""Rules on frameworks (spec.framework): the term, the call-off procedures, who competes, reopening.

Whether the Act's rules on frameworks apply (a framework that is a public contract) is asked of
``tenderpack.law`` (the "framework" regime); the figures (4 years, 8 for defence and security
and utilities frameworks) live in law.yaml with how sure we are. Every rule here runs only
when the spec sets up a framework.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import tenderpack
from tenderpack import Finding, text

from .common import add_months, lots_words, years_words, years

FW = ("framework",)


def _max_months(spec: tenderpack.Spec) -> int:
    fw = spec.framework
    assert fw is not None   # asked only of a framework
    key = "max_months_defence_or_utilities" if fw.defence_or_utilities else "max_months"
    return int(tenderpack.law.figure("law", "frameworks", "term", key))


def term(spec: tenderpack.Spec):
    """A framework that is a public contract runs for at most 4 years (8 for defence and security or utilities)
    unless the spec gives the reasons for a longer term."""
    fw = spec.framework
    if fw is None or not tenderpack.law.applies(spec, "framework-term") or fw.longer_term_reason:
        return
    t = spec.timetable
    limit = _max_months(spec)
    end = text.term(spec).latest_end   # the framework's one term: its lots have none of their own (TP-LOT-DATES)
    if end <= add_months(t.contract_start, limit) - dt.timedelta(days=1):
        return
    cited = tenderpack.law.cite(spec, "framework-term")
    assert cited is not None   # law.applies above
    kind = ("a defence and security framework or a utilities framework" if fw.defence_or_utilities
            else "a framework that is not for defence and security or utilities")
    longest = years_words(Decimal(limit) / 12)
    with_extensions = ", with every extension" if t.extensions else ""
    yield Finding(f"The framework runs from {text.date(t.contract_start)} to {text.date(end)}{with_extensions}: "
                  f"{years_words(years(t.contract_start, end))}. {cited[:1].upper()}{cited[1:]} allows {kind} {longest} at most, unless "
                  f"reasons are given. Shorten it (timetable.contract_end, timetable.extensions), or give the reasons "
                  f"for a longer term in framework.longer_term_reason.", (*FW, "longer_term_reason"))


def reopening(spec: tenderpack.Spec):
    """An open framework gives the dates it is reopened to new suppliers, inside its term; a closed one gives none."""
    fw = spec.framework
    if fw is None:
        return
    here = (*FW, "reopening")
    if fw.type == "closed":
        if fw.reopening:
            yield Finding("A closed framework is not reopened: only the suppliers appointed now are on it. Leave "
                          "framework.reopening out, or make the framework open (framework.type: open).", here)
        return
    if not fw.reopening:
        yield Finding("An open framework is reopened to new suppliers at set points, but framework.reopening gives no "
                      "date. Give the date of each reopening, such as reopening: [2029-09-01], or make the framework "
                      "closed (framework.type: closed).", here)
        return
    t = spec.timetable
    end = text.term(spec).latest_end   # the framework's one term: its lots have none of their own (TP-LOT-DATES)
    for i, day in enumerate(fw.reopening):
        if not t.contract_start < day <= end:
            yield Finding(f"{text.date(day)} is outside the framework's term ({text.date(t.contract_start)} to "
                          f"{text.date(end)}): it can be reopened only while it runs, after it starts.", (*here, i))
    seen: set[dt.date] = set()
    for i, day in enumerate(fw.reopening):
        if day in seen:
            yield Finding(f"{text.date(day)} is given twice; give each reopening once.", (*here, i))
        seen.add(day)


def direct_award_terms(spec: tenderpack.Spec):
    """A direct award of call-off contracts states the objective terms that decide which supplier gets each one."""
    fw = spec.framework
    if fw is None or fw.call_off.direct_award is None or fw.call_off.direct_award.terms:
        return
    cited = tenderpack.law.cite(spec, "framework-call-off")
    law = f" ({cited})" if cited else ""
    yield Finding("Call-off contracts are awarded directly, but the framework does not say on what terms. A direct "
                  f"award without a competition rests on objective terms the framework sets{law}: write them in "
                  "framework.call_off.direct_award.terms, such as 'to the supplier ranked first on the lot; if it "
                  "cannot start within 10 working days, to the next in rank order'.",
                  (*FW, "call_off", "direct_award", "terms"))


def competition_criteria(spec: tenderpack.Spec):
    """A call-off competition states its criteria: names with weights that add up to 100, or a description."""
    fw = spec.framework
    if fw is None or fw.call_off.competition is None:
        return
    competition = fw.call_off.competition
    here = (*FW, "call_off", "competition")
    if not competition.criteria and not competition.description:
        yield Finding("Call-off contracts are awarded after a competition among the framework's suppliers, but the "
                      "framework does not say how a competition is judged. List its criteria with their weights in "
                      "framework.call_off.competition.criteria (such as name: Price, weight: 60), or describe how "
                      "they are set in framework.call_off.competition.description.", (*here, "criteria"))
        return
    weights = [c.weight for c in competition.criteria]
    given = [w for w in weights if w is not None]
    if given and len(given) != len(weights):
        yield Finding("Some call-off criteria have a weight and some do not. Give every criterion a weight, or none "
                      "(and say in framework.call_off.competition.description how each call-off weights them).",
                      (*here, "criteria"))
    elif given and sum(given, Decimal(0)) != 100:
        total = sum(given, Decimal(0)).normalize()
        yield Finding(f"The weights of the call-off criteria add up to {total:f}, not 100.", (*here, "criteria"))
    elif not given and not competition.description:
        yield Finding("The call-off criteria have no weights, and nothing says how they are weighed. Give each a "
                      "weight, or say how each call-off weights them in framework.call_off.competition.description.",
                      (*here, "criteria"))


def competition_suppliers(spec: tenderpack.Spec):
    """A competition needs more than one supplier to compete: where a lot (or the framework) appoints one supplier,
    its call-offs can be awarded directly only."""
    fw = spec.framework
    if fw is None or fw.call_off.competition is None or fw.call_off.direct_award is not None:
        return
    if spec.lots.items:
        single = [lot.number for lot in spec.lots.items if text.winners(spec, lot) == 1]
        if single:
            yield Finding(f"Call-off contracts are awarded only after a competition among the lot's suppliers, but "
                          f"{lots_words(single)} {'appoints' if len(single) == 1 else 'appoint'} one supplier, so "
                          "no one competes with it. Appoint more suppliers to it (lots.items[].suppliers), or add a "
                          "direct award on objective terms (framework.call_off.direct_award).",
                          (*FW, "call_off", "competition"))
    elif text.winners(spec) == 1:
        yield Finding("Call-off contracts are awarded only after a competition among the framework's suppliers, but "
                      "the framework appoints one supplier (award.suppliers), so no one competes with it. Appoint "
                      "more suppliers, or award call-offs directly on objective terms (framework.call_off.direct_award).",
                      (*FW, "call_off", "competition"))

"""The facts of a tender that decide what the SME pack may say, worked out once.

Every document of the SME pack asks here rather than reading the spec its own way, so they
agree: which law applies (through ``tenderpack.law``), who "we" are, how many suppliers win
each lot, what the budget covers, which lots an outcome or phase belongs to, and the set of
features (outcomes, phases, KPIs, standstill...) that decides which words may appear at all.
"""

from __future__ import annotations

import re

import tenderpack
from tenderpack import law, text

NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}


def count(n: int) -> str:
    """'one' to 'nine' in words, 10 and over in figures (GOV.UK style)."""
    return NUMBERS.get(n, str(n))


def a(description: str) -> str:
    """'a services contract', 'an outcome-based contract' (a description from the spec)."""
    description = description.strip().rstrip(".")
    if description.lower().startswith(("a ", "an ")):
        return description
    return f"{'an' if description[:1].lower() in 'aeiou' else 'a'} {description}"


# A description that names a model contract is left out: the pack's own "Draft contract" is what
# a bidder signs (the rules plugin refuses the name), or the form spec.contract names, which the
# documents for small firms name themselves (contract_form.py).
MODEL_CONTRACT = re.compile(r"short[- ]form|mid[- ]tier|model\s+services?\s+contract|public\s+sector\s+contract|"
                            r"\bNEC\s?[34]?\b|\bJCT\b|\bFIDIC\b|PPC\s?2000|core\s+terms", re.I)


def contract_description(spec: tenderpack.Spec) -> str | None:
    """'It is a services contract with outcome payments.', or None.

    A description that speaks of something this tender lacks (outcomes, phases...) is left
    out; one that speaks of outcome payments or outcomes that belong to some lots only says
    which: 'Outcome payments apply to lot 1 only.'"""
    form = spec.commercial.contract_form
    if not form or MODEL_CONTRACT.search(form) or missing(spec, form):
        return None
    out = f"It is {a(form)}."
    if re.search(r"\boutcome payments?\b|\bpayments? (by|for) (results|outcomes)\b", form, re.I):
        if lots := paid_outcome_lots(spec):
            out += f" Outcome payments apply to {lot_names(lots)} only."
    elif any(re.search(w, form, re.I) for w in FEATURE_WORDS["outcomes"]):
        if lots := outcome_lots(spec):
            out += f" The outcomes are for {lot_names(lots)} only."
    return out


def plural(n: int, word: str, many: str | None = None) -> str:
    return word if n == 1 else (many or word + "s")


# --------------------------------------------------------------------------- who we are


def buyer_names(spec: tenderpack.Spec) -> str:
    return text.join([a.name for a in spec.authorities])


def joint(spec: tenderpack.Spec) -> bool:
    return bool(spec.buyer.participants)


def each_signs(spec: tenderpack.Spec) -> bool:
    """Each authority signs its own contract with the supplier."""
    return joint(spec) and spec.buyer.contracts == "each_authority"


def we_means(spec: tenderpack.Spec) -> str:
    return f"“We” means {buyer_names(spec)}."


def all_of_us(spec: tenderpack.Spec) -> str:
    return "both of us" if len(spec.authorities) == 2 else "all of us"


def lead_runs(spec: tenderpack.Spec) -> str | None:
    """'Dunmore City Council runs this tender for both of us.' in a joint procurement."""
    if not joint(spec):
        return None
    return f"{spec.buyer.lead.name} runs this tender for {all_of_us(spec)}."


def who_signs(spec: tenderpack.Spec) -> str | None:
    """How the contract is signed in a joint procurement: one contract, or one per authority."""
    if not joint(spec):
        return None
    winner = "each supplier that wins" if several_win(spec) else "the supplier that wins"
    if framework(spec):
        winner = "each supplier that wins a place on it" if several_win(spec) else "the supplier that wins a place on it"
        return f"We sign one framework agreement together with {winner}."
    if each_signs(spec):
        return f"Each of us signs its own contract with {winner}."
    return f"We sign one contract together with {winner}."


def the_contract(spec: tenderpack.Spec, capital: bool = False) -> str:
    """What is signed after the award: 'the contract', or 'the contracts' when each authority signs its own;
    for a framework, 'the framework agreement' (tenderpack.text.agreement)."""
    out = text.agreement(spec) if framework(spec) else "the contracts" if each_signs(spec) else "the contract"
    return out.capitalize() if capital else out


def the_award(spec: tenderpack.Spec, capital: bool = False) -> str:
    """What is awarded, starts and ends: the_contract, or for a framework 'the framework' (tenderpack.text.awarded)."""
    out = text.awarded(spec) if framework(spec) else the_contract(spec)
    return out.capitalize() if capital else out


def framework(spec: tenderpack.Spec) -> bool:
    """The tender sets up a framework: places on it are won now, the work is bought by call-off contracts later."""
    return text.is_framework(spec)


def if_you_win(spec: tenderpack.Spec) -> str:
    """'If you win', or 'If you win a place on the framework' (tenderpack.text.if_you_win)."""
    return text.if_you_win(spec)


def councillors(spec: tenderpack.Spec) -> bool:
    return all("council" in a.name.lower() for a in spec.authorities)


# --------------------------------------------------------------------------- the law


def public(spec: tenderpack.Spec) -> bool:
    """A public contract: at or above the threshold, so Parts 3 to 5 of the Act apply."""
    return law.regime(spec).public_contract


def cite(spec: tenderpack.Spec, key: str, capital: bool = False) -> str | None:
    found = law.cite(spec, key)
    if found and capital:
        return found[0].upper() + found[1:]
    return found


def standstill_days() -> int:
    return int(law.figure("thresholds", "standstill", "working_days"))


# --------------------------------------------------------------------------- lots and winners


def lot_names(numbers: list[int]) -> str:
    """'lot 1', 'lots 1 and 2'."""
    numbers = sorted(set(numbers))
    if len(numbers) == 1:
        return f"lot {numbers[0]}"
    return "lots " + text.join([str(n) for n in numbers])


def only_some_lots(spec: tenderpack.Spec, numbers: list[int]) -> list[int]:
    """The lots something belongs to, or [] when it belongs to every lot (or there are no lots)."""
    every = {lot.number for lot in spec.lots.items}
    named = set(numbers) & every
    if not every or not named or named == every:
        return []
    return sorted(named)


def scope(spec: tenderpack.Spec, items_lots) -> list[int]:
    """The lots shared by a group of things that each name lots ([] for every lot)."""
    found: set[int] = set()
    for numbers in items_lots:
        some = only_some_lots(spec, list(numbers))
        if not some:
            return []
        found |= set(some)
    every = {lot.number for lot in spec.lots.items}
    return [] if found == every else sorted(found)


def outcome_lots(spec: tenderpack.Spec) -> list[int]:
    return scope(spec, [o.lots for o in spec.outcomes]) if spec.outcomes else []


def paid_outcome_lots(spec: tenderpack.Spec) -> list[int]:
    paid = [o for o in spec.outcomes if o.payment.type.value != "none"]
    return scope(spec, [o.lots for o in paid]) if paid else []


def phase_lots(spec: tenderpack.Spec) -> list[int]:
    phases = spec.procedure.innovation_phases
    return scope(spec, [p.lots for p in phases]) if phases else []


def winners(spec: tenderpack.Spec, lot=None) -> int:
    """How many suppliers win the contract, or this lot (tenderpack.text.winners)."""
    return text.winners(spec, lot)


def several_win(spec: tenderpack.Spec) -> bool:
    return text.several_winners(spec)


def _suppliers(n: int) -> str:
    return "one supplier" if n == 1 else f"up to {count(n)} suppliers"


def winners_sentence(spec: tenderpack.Spec) -> str | None:
    """'We will choose up to three suppliers for lot 1 and one supplier for lot 2.' (for a framework, the
    suppliers we appoint to it: 'We will appoint up to four suppliers to each lot.')"""
    lots = spec.lots.items
    if framework(spec):
        if not lots:
            return f"We will appoint {_suppliers(winners(spec))} to the framework."
        places: dict[int, list[int]] = {}
        for lot in lots:
            places.setdefault(winners(spec, lot), []).append(lot.number)
        if len(places) == 1:
            (n, _), = places.items()
            return f"We will appoint {_suppliers(n)} to each lot."
        return f"We will appoint {text.join([f'{_suppliers(n)} to {lot_names(numbers)}' for n, numbers in places.items()])}."
    if not lots:
        n = winners(spec)
        return f"We will choose {_suppliers(n)}." if n > 1 else None
    groups: dict[int, list[int]] = {}
    for lot in lots:
        groups.setdefault(winners(spec, lot), []).append(lot.number)
    if len(groups) == 1:
        (n, _), = groups.items()
        return f"We will choose {_suppliers(n)} for each lot."
    parts = [f"{_suppliers(n)} for {lot_names(numbers)}" for n, numbers in groups.items()]
    return f"We will choose {text.join(parts)}."


# --------------------------------------------------------------------------- questions


def written_criteria(spec: tenderpack.Spec) -> list:
    """The award criteria a bidder answers in writing: quality, and social value when the spec asks for it."""
    return [c for c in spec.award.criteria
            if c.type.value == "quality" or (c.type.value == "social_value" and spec.social_value is not None)]


def criterion_lots(spec: tenderpack.Spec, criterion) -> list:
    """The lots a criterion applies to (every lot when no lot names its criteria)."""
    return [lot for lot in spec.lots.items if not lot.criteria or criterion.id in lot.criteria]


def lot_weight(lot, criterion):
    """A criterion's weight in a lot: the lot's own weight when it has one, else the criterion's."""
    if lot.weights and criterion.id in lot.weights:
        return lot.weights[criterion.id]
    return criterion.weight


def stage_question_ids(spec: tenderpack.Spec) -> list[str]:
    return [q.id for s in spec.procedure.stages for q in s.questions]


def lot_question_ids(spec: tenderpack.Spec, lot) -> list[str]:
    """Every written question a bidder for this lot answers: the stage questions, then the lot's criteria."""
    return stage_question_ids(spec) + [c.id for c in written_criteria(spec) if lot in criterion_lots(spec, c)]


def all_question_ids(spec: tenderpack.Spec) -> list[str]:
    return stage_question_ids(spec) + [c.id for c in written_criteria(spec)]


def lots_with_fewer_questions(spec: tenderpack.Spec) -> list:
    """The lots whose bidders answer only some of the written questions."""
    every = all_question_ids(spec)
    return [lot for lot in spec.lots.items if lot_question_ids(spec, lot) != every]


def questions_by_lot(spec: tenderpack.Spec) -> list[str]:
    """Which questions a bidder for each lot answers, when some lots have fewer ('If you bid only for lot 2,
    answer S1, S2, Q2, Q4 and SV1.'), and that a question shared by lots is answered once."""
    if len(spec.lots.items) < 2:
        return []
    out = [f"If you bid only for lot {lot.number}, answer {text.join(lot_question_ids(spec, lot))}."
           for lot in lots_with_fewer_questions(spec)]
    weighed = " with the lot's own weight" if weights_differ(spec) else ""
    out.append(f"If you bid for several lots, answer each question once for all of them: we score it for each lot{weighed}.")
    return out


def weights_differ(spec: tenderpack.Spec) -> bool:
    """Some written question weighs differently in different lots."""
    for c in written_criteria(spec):
        if len({lot_weight(lot, c) for lot in criterion_lots(spec, c)}) > 1:
            return True
    return False


def minimum_rules(spec: tenderpack.Spec) -> list[str]:
    """Each written question with a minimum score, a pass mark or a rule that rejects a tender, named:
    'S1, S2, Q1, Q2 and Q3 have a minimum score of 2.'"""
    by_score: dict[int, list[str]] = {}
    passes: list[str] = []
    for s in spec.procedure.stages:
        for q in s.questions:
            if q.pass_fail:
                passes.append(q.id)
            elif q.minimum_score is not None:
                by_score.setdefault(q.minimum_score, []).append(q.id)
    for c in spec.award.criteria:
        if c.minimum_score is not None:
            by_score.setdefault(c.minimum_score, []).append(c.id)
    out = [f"{text.join(ids)} {'has' if len(ids) == 1 else 'have'} a minimum score of {score}."
           for score, ids in by_score.items()]
    if passes:
        out.append(f"We mark {text.join(passes)} pass or fail.")
    if rejects := [c.id for c in spec.award.criteria if c.disqualifies]:
        out.append(f"{text.join(rejects)} also {'has a rule' if len(rejects) == 1 else 'have rules'} "
                   "that can mean we reject a tender.")
    return out


# --------------------------------------------------------------------------- money


def extension_months(spec: tenderpack.Spec, term: "text.Term | None" = None) -> int:
    """Months of every extension together: of ``term``, else of the term every contract shares."""
    return sum((term or text.one_term(spec) or text.term(spec)).extensions)


# --------------------------------------------------------------------------- each lot's term
# Each lot is a contract of its own, and may run for a term of its own (tenderpack.text.terms): when the
# lots' terms differ, every document says each lot's; when they are the same, it says the term once.


def lots_differ(spec: tenderpack.Spec) -> bool:
    """Whether the lots' contracts run for terms that differ from one another."""
    return text.one_term(spec) is None


def extended(spec: tenderpack.Spec) -> bool:
    """Whether some contract (some lot's) can be extended."""
    return any(x.extensions for x, _ in text.terms(spec))


def contract_for(spec: tenderpack.Spec, numbers: list[int]) -> str:
    """'the contract for lot 2', 'the contracts for lot 1' (when each of us signs its own), 'the contracts for
    lots 1 and 3'."""
    many = each_signs(spec) or len(numbers) > 1
    return f"the contract{'s' if many else ''} for {lot_names(numbers)}"


def lot_terms(spec: tenderpack.Spec, words) -> str:
    """'Lot 1: <words(term)>. Lot 2: <words(term)>.': each lot's term, lots with the same term together."""
    return " ".join(f"{lot_names(numbers).capitalize()}: {words(x)}." for x, numbers in text.terms(spec))


def value_sentences(spec: tenderpack.Spec) -> list[str]:
    """What the work is worth, over what period, and what each lot is worth."""
    v = spec.value
    whole = "over the whole term, including any extensions" if extended(spec) else "over the whole term"
    if lots_differ(spec):
        whole = whole.replace("the whole term", "each lot's whole term")
    if text.whole_works(spec):   # a works form: a completion date, not a term
        whole = "for the whole of the works"
    amount = text.money(v.estimated_excluding_vat)
    if framework(spec):
        out = [f"We think the call-off contracts under the framework will be worth about {amount} in total, "
               f"excluding VAT, {whole}."]
    elif spec.lots.items or each_signs(spec):
        what = "the contracts are" if each_signs(spec) and not spec.lots.items else "the work is"
        out = [f"We think {what} worth about {amount} in total, excluding VAT, {whole}."]
    else:
        out = [f"We think the contract is worth about {amount} excluding VAT, {whole}."]
    valued = [(lot.number, lot.value) for lot in spec.lots.items if lot.value is not None]
    if valued:
        parts = [f"lot {number}{' is worth' if i == 0 else ''} about {text.money(value)}"
                 for i, (number, value) in enumerate(valued)]
        out.append(f"Of this, {text.join(parts)}.")
    if shares_said(spec):
        shares = spec.authorities
        parts = [f"{a.name} {text.percent(a.share_percent)}" for a in shares
                 if a.share_percent is not None]   # shares_said: every authority has one
        out.append(f"Each of us signs its own contract, for its share of the value: {text.join(parts)}.")
    return out


def shares_said(spec: tenderpack.Spec) -> bool:
    """Whether the value sentences say that each authority signs its own contract, for its share."""
    return each_signs(spec) and all(a.share_percent is not None for a in spec.authorities)


BUDGET_COVERS = {
    "whole_term": "for the whole term, including any extensions",
    "initial_term": "for the first term, before any extension",
    "year": "for each year of the contract",
}


def budget_published(spec: tenderpack.Spec) -> bool:
    return spec.value.budget_ceiling is not None and spec.value.budget_published


def budget_rule(spec: tenderpack.Spec) -> str:
    """What happens to a tender priced above the budget, compared for the period the budget covers."""
    verb = "will" if spec.value.over_budget == "reject" else "may"
    what = {"whole_term": "a tender priced above it",
            "initial_term": "a tender whose prices for the first term are above it",
            "year": "a tender whose price for a year is above it"}[spec.value.budget_covers]
    return f"We {verb} reject {what}."


def budget_sentences(spec: tenderpack.Spec) -> list[str]:
    """The budget, what it covers, and what happens to a price above it (only when published)."""
    if not budget_published(spec):
        return []
    v = spec.value
    assert v.budget_ceiling is not None   # budget_published
    covers = BUDGET_COVERS[v.budget_covers]
    if v.budget_covers == "whole_term" and not extended(spec):
        covers = "for the whole term"
    if lots_differ(spec):   # each lot's own term
        covers = covers.replace("the whole term", "each lot's whole term").replace("the first term",
                                                                                  "each lot's first term")
    if text.whole_works(spec) and v.budget_covers != "year":   # a works form: a completion date, not a term
        covers = "for the whole of the works"
    together = " for all the lots together" if spec.lots.items else ""
    return [f"Our budget{together} is {text.money(v.budget_ceiling)} excluding VAT, {covers}.", budget_rule(spec)]


# --------------------------------------------------------------------------- stages


def stage_short(stage) -> str:
    """'Stage 1' from 'Stage 1: conditions of participation', else the whole name."""
    return stage.name.split(":", 1)[0].strip() if ":" in stage.name else stage.name


def stage_names(stages: list) -> str:
    """'Stage 1', 'Stages 2 and 4', or the stages' short names joined."""
    shorts = [stage_short(s) for s in stages]
    numbers = [m.group(1) for x in shorts if (m := re.fullmatch(r"Stage (\d+)", x))]
    if len(shorts) > 1 and len(numbers) == len(shorts):
        return "Stages " + text.join(numbers)
    return text.join(shorts)


def tender_stages(spec: tenderpack.Spec):
    """In a procedure with stages: the first stage that asks for tenders, and the final tender stage
    (None when it is the same stage, or there is none)."""
    stages = spec.procedure.stages
    first = next((i for i, s in enumerate(stages) if s.type.value == "tender"), None)
    final = next((i for i, s in enumerate(stages) if s.type.value == "final_tender"), None)
    if first is None:
        first, final = final, None
    return first, final


def negotiated(spec: tenderpack.Spec) -> str | None:
    """'negotiation' or 'the discussions' when a stage of negotiation or dialogue comes before final tenders
    (the terms of the draft contract may change before then), else None."""
    on = features(spec)
    if "final_tender" not in on:
        return None
    if "negotiation" in on:
        return "negotiation"
    return "the discussions" if "dialogue" in on else None


# --------------------------------------------------------------------------- features


def features(spec: tenderpack.Spec) -> set[str]:
    """The facts of this tender that decide which words the SME pack may use.

    A word for a feature not in this set must not appear: no outcomes, no "outcome"; no
    phases, no "go/no-go"; below the threshold, no standstill."""
    p = spec.procedure
    stage_types = {s.type.value for s in p.stages}
    on = {"always"}
    on.add("public_contract" if public(spec) else "below_threshold")
    if p.type.value == "open" and public(spec):
        on.add("open")
    if p.type.value == "competitive_flexible":
        on.add("competitive_flexible")
    if p.stages:
        on.add("stages")
    else:
        on.add("one_stage")
    on |= stage_types & {"participation", "negotiation", "dialogue", "final_tender"}
    if any(s.shortlist_size or s.shortlist_criteria for s in p.stages) or "shortlisting" in stage_types:
        on.add("shortlist")
    if spec.lots.items:
        on.add("lots")
    if joint(spec):
        on.add("joint")
    if each_signs(spec):
        on.add("each_authority")
    if p.innovation_phases:
        on.add("phases")
        if any(ph.seed_funding is not None for ph in p.innovation_phases):
            on.add("seed_funding")
        if any(ph.test_bed for ph in p.innovation_phases):
            on.add("test_bed")
        if any(ph.go_no_go or ph.decision for ph in p.innovation_phases):
            on.add("go_no_go")
    if spec.outcomes:
        on.add("outcomes")
        if any(o.payment.type.value != "none" for o in spec.outcomes):
            on.add("outcome_payments")
        if any(o.payment.type.value == "fee_at_risk" for o in spec.outcomes):
            on.add("fee_at_risk")
    if spec.social_value is not None:
        on.add("social_value")
    if spec.social_value is not None or spec.kpis or any(o.kpi for o in spec.outcomes) or law.regime(spec).kpi_duty:
        on.add("kpi")
    if spec.commercial.tupe:
        on.add("tupe")
    if law.applies(spec, "standstill") or spec.timetable.standstill_end is not None:
        on.add("standstill")
    if extended(spec):
        on.add("extensions")
    if budget_published(spec):
        on.add("budget")
    criteria = spec.award.criteria
    if any(c.weight is not None for c in criteria):
        on.add("weights")
    if any(c.rank is not None and c.weight is None for c in criteria):
        on.add("ranks")
    if any(c.minimum_score is not None for c in criteria) or \
            any(q.minimum_score is not None for s in p.stages for q in s.questions):
        on.add("minimum_score")
    if several_win(spec) and not framework(spec):
        on.add("several_winners")
    if (fw := spec.framework) is not None:
        on.add("framework")
        if fw.type == "open":
            on.add("framework_open")
        if fw.call_off.direct_award is not None:
            on.add("framework_direct_award")
        if fw.call_off.competition is not None:
            on.add("framework_competition")
        if fw.fee_percent is not None:
            on.add("framework_fee")
    if spec.commercial.payment_days == 30:
        on.add("payment_30_days")
    if law.applies(spec, "central-digital-platform"):
        on.add("central_digital_platform")
    return on


# Words that show a sentence speaks of a feature (used to keep other tenders' words out).
FEATURE_WORDS: dict[str, list[str]] = {
    "outcomes": [r"\boutcomes?\b", r"\boutcome payments?\b", r"\bbaselines?\b"],
    "phases": [r"\bphases?\b", r"research and development", r"\bresearch\b"],
    "go_no_go": [r"go/no-go"],
    "seed_funding": [r"seed funding"],
    "kpi": [r"\bKPIs?\b", r"key performance indicators?"],
    "tupe": [r"\bTUPE\b"],
    "social_value": [r"social value"],
    "lots": [r"\blots?\b"],
    "standstill": [r"standstill"],
    "joint": [r"joint procurement", r"lead authority", r"participating authorit"],
    "stages": [r"\bstages?\b"],
    "several_winners": [r"\bwinners\b"],
    "framework": [r"\bframeworks?\b", r"\bcall-offs?\b"],
}


def missing(spec: tenderpack.Spec, sentence: str, on: set[str] | None = None) -> list[str]:
    """The features a sentence speaks of that this tender lacks."""
    on = features(spec) if on is None else on
    return [f for f, words in FEATURE_WORDS.items()
            if f not in on and any(re.search(w, sentence, re.I) for w in words)]

"""A covering matrix of tender shapes, as spec dicts, for tests/test_matrix.py.

Each shape is a choice on every factor below (procedure, buyers, lots, outcomes, phases,
TUPE, value, social value, contract KPIs apart from the outcomes). The matrix is not the full product: ``covering_shapes()`` picks,
greedily and deterministically, shapes until every pair of factor levels that a valid spec
can have appears together in at least one shape (a pairwise covering array). Each shape is
then written out as a small valid spec by ``spec_for(shape)``, with consistent dates: the
standstill's last day from ``tenderpack.law.standstill_last_day``, a signature on or after
the day the contract may be signed, and tenders valid until then.

The text written into these specs is shape-neutral on purpose: a spec with no phases never
says "phase" in its own words, so a word in a document can only come from a plugin.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import zlib
from dataclasses import dataclass
from decimal import Decimal

import tenderpack.law

# ----------------------------------------------------------------------------- the factors

FACTORS: dict[str, tuple[str, ...]] = {
    "procedure": ("open", "competitive_flexible", "below_threshold"),
    "buyer": ("one", "joint_one_contract", "joint_each_authority"),
    "lots": ("none", "two"),
    "outcomes": ("none", "kpi", "no_kpi"),
    "phases": ("none", "some"),
    "tupe": ("no", "yes"),
    "value": ("small", "big_one_contract", "big_split_in_lots"),
    "social_value": ("absent", "present"),
    "kpis": ("none", "three"),            # contract KPIs apart from the outcomes (spec.kpis)
}


@dataclass(frozen=True)
class Shape:
    procedure: str
    buyer: str
    lots: str
    outcomes: str
    phases: str
    tupe: str
    value: str
    social_value: str
    kpis: str = "none"

    @property
    def name(self) -> str:
        """A short, readable id, such as 'cf-joint_each-lots-kpi-phases-tupe-big_one-sv'."""
        proc = {"open": "open", "competitive_flexible": "cf", "below_threshold": "below"}[self.procedure]
        buyer = {"one": "one_buyer", "joint_one_contract": "joint_one", "joint_each_authority": "joint_each"}[self.buyer]
        parts = [proc, buyer, "lots" if self.lots == "two" else "no_lots",
                 {"none": "no_outcomes", "kpi": "outcomes_kpi", "no_kpi": "outcomes_no_kpi"}[self.outcomes],
                 "phases" if self.phases == "some" else "no_phases", "tupe" if self.tupe == "yes" else "no_tupe",
                 {"small": "small", "big_one_contract": "big_one", "big_split_in_lots": "big_split"}[self.value],
                 "kpis" if self.kpis == "three" else "no_kpis",
                 "sv" if self.social_value == "present" else "no_sv"]
        return "-".join(parts)


def allowed(shape: Shape) -> bool:
    """The shapes a valid spec can have (and that the rules accept without a finding)."""
    if shape.phases == "some" and shape.procedure != "competitive_flexible":
        return False                       # phases need the competitive flexible procedure
    if shape.procedure == "below_threshold" and shape.value != "small":
        return False                       # below the threshold means a small value
    if shape.value == "big_split_in_lots" and shape.lots != "two":
        return False                       # a big total split into lots each under £5m
    if shape.value == "big_one_contract" and shape.outcomes != "kpi" and shape.kpis != "three":
        return False                       # a contract over £5m needs three KPIs (s.52, rule PA23-S52-KPIS)
    return True


def all_shapes() -> list[Shape]:
    return [s for s in (Shape(*combo) for combo in itertools.product(*FACTORS.values())) if allowed(s)]


def _pairs(shape: Shape) -> set[tuple[tuple[str, str], tuple[str, str]]]:
    items = list(zip(FACTORS, (getattr(shape, f) for f in FACTORS)))
    return {(a, b) for a, b in itertools.combinations(items, 2)}


def coverable_pairs() -> set:
    """Every pair of factor levels that some valid shape has."""
    out: set = set()
    for shape in all_shapes():
        out |= _pairs(shape)
    return out


def covering_shapes() -> list[Shape]:
    """A small set of shapes that covers every coverable pair (greedy, deterministic)."""
    todo = coverable_pairs()
    candidates = all_shapes()
    chosen: list[Shape] = []
    while todo:
        best = max(candidates, key=lambda s: len(_pairs(s) & todo))   # first best wins: deterministic
        chosen.append(best)
        todo -= _pairs(best)
    return chosen


# ----------------------------------------------------------------------------- the spec

CLARIFY = dt.datetime(2027, 2, 22, 12, 0)
NOTICE = dt.date(2027, 2, 1)
FIRST_DEADLINE = dt.datetime(2027, 3, 8, 12, 0)

# Competitive flexible stages: stage 1 (participation) ends at the timetable's tender_deadline.
STAGE2 = dict(starts=dt.date(2027, 3, 22), ends=dt.date(2027, 4, 23), deadline=dt.datetime(2027, 4, 23, 12, 0),
              clarification_deadline=dt.datetime(2027, 4, 9, 12, 0))
STAGE3 = dict(starts=dt.date(2027, 5, 10), ends=dt.date(2027, 6, 4), deadline=dt.datetime(2027, 6, 4, 12, 0),
              clarification_deadline=dt.datetime(2027, 5, 26, 12, 0))

# Values excluding VAT; VAT at 20% is given, so each contract's own value is value x 1.2.
VALUES = {
    # below the threshold (£207,720 with VAT for councils): £72,000 with VAT
    ("below_threshold", "small"): (Decimal(60000), [Decimal(36000), Decimal(24000)]),
    # a public contract under £5m with VAT, each lot too: £1.8m with VAT
    ("public", "small"): (Decimal(1500000), [Decimal(900000), Decimal(600000)]),
    # one contract over £5m with VAT: £12m; lot 1 £9.6m; with each authority's own contract at 75%: £9m, lot 1 £7.2m
    ("public", "big_one_contract"): (Decimal(10000000), [Decimal(8000000), Decimal(2000000)]),
    # a total over £5m with VAT (£7.2m), split into lots of £4.2m and £3m with VAT: no contract over £5m
    ("public", "big_split_in_lots"): (Decimal(6000000), [Decimal(3500000), Decimal(2500000)]),
}


def _iso(value):
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _plain(data):
    """Dates as ISO text, Decimals as numbers: what a buyer would write in YAML."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, Decimal):
        return int(data) if data == data.to_integral_value() else float(data)
    return _iso(data)


def spec_for(shape: Shape) -> dict:
    """A small valid spec of this shape, as YAML-ready data."""
    cf = shape.procedure == "competitive_flexible"
    below = shape.procedure == "below_threshold"
    lots = shape.lots == "two"
    joint = shape.buyer != "one"
    phases = shape.phases == "some"
    sv = shape.social_value == "present"
    total, lot_values = VALUES[("below_threshold" if below else "public", shape.value)]

    data: dict = {
        "tenderpack": 1,
        "reference": f"MX-{zlib.crc32(shape.name.encode()) % 10000:04d}",
        "title": "Grounds and open spaces care",
        "summary": "We want a firm to look after our parks, playing fields and cemeteries. The work covers grass, "
                   "hedges, trees, paths and litter.",
        "category": "services",
        "cpv": ["77314000-4"],                      # grounds maintenance: not a light-touch service
        "buyer": {"lead": {"name": "Ashby Vale District Council",
                           "address": "Council Offices, Mill Road, Ashby Vale AV1 2CD",
                           "website": "https://www.ashbyvale.example",
                           "signatory": "Head of Environment"}},
        "value": {"estimated_excluding_vat": total, "estimated_including_vat": total * Decimal("1.2"),
                  "annual_value": (total / 4).quantize(Decimal(1)),
                  "budget_ceiling": total, "budget_covers": "whole_term", "budget_published": True},
        "procedure": {"type": shape.procedure,
                      "reasons": "We chose this procedure because it suits the work and the market."},
        "timetable": {},
        "lots": {},
        "requirements": ["Cut grass on every site at least every two weeks from March to October.",
                         "Take green waste to a licensed composting site."],
        "award": {"criteria": [], "price": {"formula": "lowest_price_ratio"},
                  "tie_break": "If two tenders have the same total score, we choose the one with the higher quality score."},
        "conditions": {"technical": ["One example of similar work in the last three years."],
                       "audited_accounts_required": False,
                       "insurance": [{"type": "Public liability", "amount": 5000000, "when": "award"}]},
        "commercial": {"contract_form": "grounds maintenance services contract", "payment_days": 30,
                       "price_basis": "A fixed yearly price, paid monthly",
                       "tupe": shape.tupe == "yes"},
        "submission": {"portal": {"name": "Ashby Vale Tenders", "url": "https://tenders.ashbyvale.example"},
                       "format": "Answers and documents sent through the portal, in PDF or Word",
                       "documents": ["Answers to the quality questions", "Price form", "Form of tender, signed"]},
        "contacts": [{"name": "Procurement team", "role": "Questions about this tender",
                      "email": "procurement@ashbyvale.example"}],
    }
    if sv:
        data["submission"]["documents"].insert(1, "Social value answer")
    if shape.tupe == "yes":   # staff who may transfer come from a current supplier: their figures
        data["commercial"]["transferring_staff"] = {
            "staff": 6, "full_time_equivalent": Decimal("5.5"), "annual_cost": 150000,
            "pensions": "Two of them are members of the Local Government Pension Scheme.",
            "data_available_from": NOTICE}   # a date test_matrix.known_dates knows (it has no TUPE or spend dates)
        data["incumbent"] = {"current": "supplier"}

    # ---------------------------------------------------------------- buyers
    if joint:
        other = {"name": "Brackley Borough Council", "address": "Town Hall, Brackley BB3 4EF",
                 "website": "https://www.brackley.example", "signatory": "Director of Place"}
        data["buyer"]["participants"] = [other]
        if shape.buyer == "joint_each_authority":
            data["buyer"]["contracts"] = "each_authority"
            data["buyer"]["lead"]["share_percent"] = 75
            other["share_percent"] = 25
            data["buyer"]["joint_arrangement"] = ("Ashby Vale District Council runs this tender for both councils. "
                                                  "Each council signs its own contract and pays its own invoices.")
        else:
            data["buyer"]["contracts"] = "one"
            data["buyer"]["joint_arrangement"] = ("Ashby Vale District Council runs this tender for both councils. "
                                                  "Both councils sign one contract with the supplier.")

    # ---------------------------------------------------------------- lots
    if lots:
        data["lots"] = {"items": [
            {"number": 1, "title": "Parks and playing fields",
             "description": "Grass, hedges and paths in the parks and playing fields.",
             "value": lot_values[0],
             "requirements": ["Mark out the sports pitches before each season."],
             "conditions": ["You must hold a licence to use pesticides, or show you will hold one before work starts."]},
            {"number": 2, "title": "Cemeteries",
             "description": "Grass, hedges and paths in the cemeteries.",
             "value": lot_values[1]},
        ]}
        data["pricing"] = {"items": [
            {"lot": 1, "item": "Grass cutting in the parks, one visit", "unit": "visit", "quantity": 200},
            {"lot": 2, "item": "Grass cutting in the cemeteries, one visit", "unit": "visit", "quantity": 150},
        ]}
    else:
        data["lots"] = {"reasons_not_divided": "The sites are close together, so one firm can look after them all."}

    # ---------------------------------------------------------------- award criteria
    quality_weight = 50 if sv else 60
    criteria = [
        {"id": "Q1", "name": "How you will do the work", "type": "quality", "weight": quality_weight - 20,
         "question": "How will you plan and do the work through the year?",
         "guidance": "Give us a simple plan for a typical month in summer and in winter.",
         "word_limit": 750, "minimum_score": 2},
        {"id": "Q2", "name": "Your team and equipment", "type": "quality", "weight": 20,
         "question": "Who will do the work, and what equipment will you use?", "word_limit": 500},
        {"id": "P1", "name": "Price", "type": "price", "weight": 40},
    ]
    if sv:
        criteria.append({"id": "SV1", "name": "Social value", "type": "social_value", "weight": 10})
        data["social_value"] = {"weighting": 10, "model": "PPN 002 (2025)", "character_limit": 1500,
                                "reporting": "quarterly",
                                "outcomes": [{"id": "1a", "commitment_hint": "Jobs for local young people."},
                                             {"id": "4a", "commitment_hint": "Lower emissions from mowers and vans."}]}
    data["award"]["criteria"] = criteria
    if phases:
        data["award"]["suppliers"] = 3
        if lots:
            data["lots"]["items"][0]["suppliers"] = 3

    # ---------------------------------------------------------------- outcomes
    if shape.outcomes != "none":
        data["problem"] = {
            "context": "Our parks and cemeteries are busy, and residents tell us they are not always well kept.",
            "problem": "Grass is often too long, and litter is not cleared often enough.",
            "good_looks_like": "Residents are happy with their parks, and the sites are clean and safe.",
        }
        data["outcomes"] = _outcomes(shape)

    # ---------------------------------------------------------------- contract KPIs
    if shape.kpis == "three":
        data["kpis"] = _kpis(shape)

    # ---------------------------------------------------------------- phases
    if phases:
        data["procedure"]["innovation_phases"] = _phases(shape)

    # ---------------------------------------------------------------- stages and dates
    t = data["timetable"]
    t["notice"] = NOTICE
    t["clarification_deadline"] = CLARIFY if not cf else dt.datetime(2027, 2, 15, 12, 0)
    t["tender_deadline"] = FIRST_DEADLINE
    if cf:
        data["procedure"]["stages"] = [
            {"type": "participation", "name": "Stage 1: conditions of participation",
             "description": "You tell us who you are and answer two short questions.",
             "starts": NOTICE, "ends": FIRST_DEADLINE.date(), "shortlist_size": 4,
             "questions": [
                 {"id": "S1", "question": "Tell us about similar work you have done in the last three years.",
                  "word_limit": 500, "weight": 50, "minimum_score": 2},
                 {"id": "S2", "question": "Tell us how you keep your staff and the public safe.",
                  "word_limit": 500, "weight": 50, "minimum_score": 2}]},
            {"type": "tender", "name": "Stage 2: initial tenders",
             "description": "Shortlisted bidders send an initial tender. We give feedback on it.", **STAGE2},
            {"type": "final_tender", "name": "Stage 3: final tenders",
             "description": "Bidders send a final tender, which we score to choose the winner.", **STAGE3},
        ]
        t["evaluation_end"] = dt.date(2027, 6, 18)
        t["award"] = dt.date(2027, 6, 25)
        t["contract_start"] = dt.date(2027, 8, 2)
        t["contract_end"] = dt.date(2030, 7, 31)
    else:
        t["evaluation_end"] = dt.date(2027, 3, 26)
        t["award"] = dt.date(2027, 4, 1)
        t["contract_start"] = dt.date(2027, 5, 4)
        t["contract_end"] = dt.date(2030, 5, 3)
    t["extensions"] = [12]
    t["milestones"] = [{"date": dt.date(2027, 2, 10), "event": "Site visit (meet at the council offices at 10am)"}]
    if not below:
        t["standstill_end"] = tenderpack.law.standstill_last_day(t["award"])
        signing_from = t["standstill_end"] + dt.timedelta(days=1)
        t["contract_signature"] = signing_from + dt.timedelta(days=7)
        t["mobilisation"] = "Hire and train the team, and get the mowers and vans ready."
    signature = t.get("contract_signature") or t["contract_start"]
    final = STAGE3["deadline"] if cf else FIRST_DEADLINE
    data["submission"]["validity_days"] = (signature - final.date()).days + 30   # tenders stay valid past signature

    return _plain(data)


def _outcomes(shape: Shape) -> list[dict]:
    lots = [1] if shape.lots == "two" else []
    kpi = shape.outcomes == "kpi"
    start = dt.date(2027, 8, 2) if shape.procedure == "competitive_flexible" else dt.date(2027, 5, 4)
    first, second = dt.date(start.year + 1, 3, 31), dt.date(start.year + 2, 3, 31)
    out = [
        {"id": "O1", "statement": "Residents are happy with how their parks look.", "priority": "primary",
         "indicator": {"name": "Residents who say they are happy with their parks", "unit": "percent",
                       "definition": "Answers of 'happy' or 'very happy' in the yearly residents' survey."},
         "baseline": {"value": "61%", "date": dt.date(2026, 3, 31), "source": "Residents' survey 2026"},
         "targets": [{"value": "70%", "by": first}, {"value": "80%", "by": second}],
         "data_source": "Yearly residents' survey", "frequency": "yearly",
         "verified_by": "The council's performance team",
         "payment": {"type": "bonus", "amount": 10000, "cap": 30000, "cap_per": "supplier", "timing": "yearly"},
         "kpi": kpi},
        {"id": "O2", "statement": "Grass is cut on time.", "priority": "primary",
         "indicator": {"name": "Planned cuts done within two days of the planned date", "unit": "percent"},
         "baseline": {},
         "targets": [{"value": "95%", "by": first}],
         "data_source": "The supplier's work records, checked on site", "frequency": "monthly",
         "verified_by": "Council officers, by site checks",
         "payment": {"type": "fee_at_risk", "percent_at_risk": 5, "timing": "monthly in arrears"}, "kpi": kpi},
    ]
    if kpi:
        out.append(
            {"id": "O3", "statement": "Litter is cleared quickly.", "priority": "secondary",
             "indicator": {"name": "Litter reports cleared within one working day", "unit": "percent"},
             "baseline": {"value": "80%", "date": dt.date(2026, 12, 31), "source": "Council fault reports, 2026"},
             "targets": [{"value": "95%", "by": first}],
             "data_source": "Council fault reports", "frequency": "monthly",
             "verified_by": "Council officers, from the fault reports", "kpi": True})
    for o in out:
        if lots:
            o["lots"] = lots
    return out


def _kpis(shape: Shape) -> list[dict]:
    """Three contract KPIs, one for each way of dealing with a missed target; with lots, the third is lot 1's."""
    out = [
        {"name": "Grass cut on time", "measure": "Planned cuts done within two days of the planned date, as a share "
                                                 "of all planned cuts", "target": "95%", "reporting": "monthly",
         "if_missed": "service_credit", "service_credit_percent": 2},
        {"name": "Litter cleared", "measure": "Litter reports cleared within one working day, as a share of all "
                                              "litter reports", "target": "90%", "reporting": "quarterly"},
        {"name": "Site safety", "measure": "Safety incidents on our sites that must be reported by law",
         "target": "None", "reporting": "yearly", "if_missed": "other",
         "if_missed_details": "We review your safety plan with you within one month"},
    ]
    if shape.lots == "two":
        out[2]["lots"] = [1]
    return out


def _phases(shape: Shape) -> list[dict]:
    lots = [1] if shape.lots == "two" else []
    out = [
        {"name": "Phase 1: design", "description": "Design new ways of caring for the sites with residents.",
         "duration_months": 4, "starts": dt.date(2027, 8, 2), "decision": dt.date(2027, 11, 26),
         "budget": 60000, "suppliers": 3, "seed_funding": 20000,
         "go_no_go": ["A written design, agreed with residents"],
         "selection": "If more than two pass, the two with the highest design scores (0 to 5) go on."},
        {"name": "Phase 2: test", "description": "Try the new ways on two sites and measure the results.",
         "duration_months": 6, "starts": dt.date(2027, 12, 1), "decision": dt.date(2028, 5, 26),
         "budget": 100000, "suppliers": 2, "seed_funding": 50000,
         "test_bed": "two parks in the north of the district",
         "go_no_go": ["Results on the test sites at least as good as today"]},
    ]
    for p in out:
        if lots:
            p["lots"] = lots
    return out


# ----------------------------------------------------------------------------- the matrix

EXAMPLE_SHAPES = {
    # The two examples, described on the same factors (for the messages and the vocabulary checks).
    "innovation-home-care.yaml": Shape("competitive_flexible", "joint_each_authority", "two", "kpi", "some", "yes",
                                       "big_split_in_lots", "present"),
    "small-open-grounds.yaml": Shape("below_threshold", "one", "none", "none", "none", "no", "small", "present"),
}


def with_lot_detail(data: dict) -> dict:
    """A spec of two lots given each lot's own detail: CPV codes, place, a shortlist size of its own, a cap on the
    lots one supplier can bid for, lot 2 reserved (for supported employment providers: the reservation the Act
    allows in a competitive flexible procedure), and a criterion used in lot 2 only, weighted by lot 2 alone."""
    data = copy.deepcopy(data)
    first, second = data["lots"]["items"]
    first["cpv"], second["cpv"] = ["77313000-7"], ["77314000-4", "77313000-7"]
    first["place"] = {"region": "The parks in the north of the district", "itl": "TLF22"}
    second["place"] = {"addresses": ["Northfield Cemetery, Church Road, Ashby Vale AV3 5LM"]}
    first["shortlist_size"] = 5
    second["reserved_for"] = "supported_employment"
    data["lots"]["max_bids_per_supplier"] = 1
    criteria = data["award"]["criteria"]
    data["award"]["criteria"] = [*criteria[:2], {
        "id": "Q3", "name": "Looking after graves and memorials", "type": "quality", "word_limit": 300,
        "question": "How will you work around graves and memorials, and around families visiting them?"}, *criteria[2:]]
    first["criteria"] = [c["id"] for c in criteria]
    second["criteria"] = [c["id"] for c in data["award"]["criteria"]]
    second["weights"] = {c["id"]: c["weight"] - (10 if c["id"] == "Q1" else 0) for c in criteria} | {"Q3": 10}
    return data


# A dedicated member with each lot's own detail (lots.items[]: cpv, place, shortlist_size, reserved_for, a criterion
# of one lot; lots.max_bids_per_supplier), on the first competitive flexible shape with lots.
LOT_DETAIL = "-lot_detail"


def with_framework(data: dict, kind: str) -> dict:
    """The spec as a framework (spec.framework). "several": an open framework of several suppliers on each lot,
    reopened once, with a fee, named bodies and a described class that may call off, and call-offs by direct award
    and by competition. "one": a closed framework of one supplier (no lots), used by the buyer alone, with call-offs
    by direct award only."""
    data = copy.deepcopy(data)
    start = dt.date.fromisoformat(data["timetable"]["contract_start"])
    direct = {"terms": "The buyer offers the work to the supplier ranked first. If that supplier cannot start "
                       "within 10 working days, the buyer offers it to the next in rank order."}
    if kind == "one":
        data["award"]["suppliers"] = 1
        direct = {"terms": "The buyer awards each call-off contract to the framework's supplier, at the prices of its "
                           "tender."}
        data["framework"] = {"type": "closed", "call_off": {"direct_award": direct}}
    else:
        for lot in data["lots"]["items"]:
            lot["suppliers"] = 3
        data["framework"] = {
            "type": "open", "reopening": [_plain(start.replace(year=start.year + 2))],
            "who_may_call_off": {"named": [a["name"] for a in [data["buyer"]["lead"], *data["buyer"].get("participants", [])]],
                                 "described": "Every district council in the county.", "locations": ["The county"]},
            "call_off": {"direct_award": direct,
                         "competition": {"criteria": [{"name": "Price", "weight": 60},
                                                      {"name": "How you will do the job", "weight": 40}]}},
            "fee_percent": 1.5}
    if data["buyer"].get("joint_arrangement"):
        data["buyer"]["joint_arrangement"] = ("Ashby Vale District Council runs this tender for both councils. "
                                              "Both councils sign the framework agreement.")
    return data


# Dedicated members that set up a framework: one of several suppliers on each lot (on the first open shape with
# lots and no joint contracts of each authority's own), one of a single supplier (on the first below-threshold
# shape without lots).
FRAMEWORKS = {"several": lambda s: s.procedure == "open" and s.lots == "two" and s.buyer != "joint_each_authority"
              and s.value != "big_one_contract",
              "one": lambda s: s.procedure == "below_threshold" and s.lots == "none"
              and s.buyer != "joint_each_authority"}


def matrix() -> list[tuple[str, Shape, dict | None]]:
    """(name, shape, data) for every member of the matrix; data None for an example file."""
    out: list[tuple[str, Shape, dict | None]] = [(s.name, s, spec_for(s)) for s in covering_shapes()]
    base = next(s for s in covering_shapes() if s.procedure == "competitive_flexible" and s.lots == "two")
    out.append((base.name + LOT_DETAIL, base, with_lot_detail(spec_for(base))))
    for kind, fits in FRAMEWORKS.items():
        base = next(s for s in covering_shapes() if fits(s) and s.phases == "none")
        out.append((f"{base.name}-framework_{kind}", base, with_framework(spec_for(base), kind)))
    out += [(f"example:{name}", shape, None) for name, shape in EXAMPLE_SHAPES.items()]
    return out

"""The procurement rules, as a first-party plugin: the Procurement Act 2023 and policy notes.

Each rule has a stable code, a severity, a plain title and its source. Figures that change
with policy (thresholds, minimum periods, bank holidays, brand names) live in the dated
files in data/, not in code. Rules built on figures that are believed true but not
confirmed are warnings, which a spec can waive with a written reason.

The plugin also adds the list of old procurement terms (MEAT, PQQ, contract notice…) to
the plain-English lint.
"""

from __future__ import annotations

from pathlib import Path

import tenderpack
from tenderpack import Rule, hookimpl

from . import (award, commercial, framework, innovation, light_touch, money, participation, pricing, staff, timetable,
               works)

ACT = "Procurement Act 2023"
MODEL = "tenderpack: a consistent commercial model"


def _section(key: str) -> str:
    """The section of a duty, from law.yaml (tenderpack.law), for a rule's source."""
    return tenderpack.law.duty(key).section

RULES = [
    Rule("PA23-S23-WEIGHTS", "error", "Award criteria weights add up to 100, or the criteria are ranked",
         f"{ACT} s.23", award.weights),
    Rule("PA23-S23-SCALE", "error", "Every criterion is scored on a sound scale (or by the price formula)",
         f"{ACT} s.23", award.scale),
    Rule("PA23-S54-TENDER-PERIOD", "error", "At least 25 days to tender (10 after a qualifying planned procurement notice)",
         f"{ACT} s.54", timetable.tender_period),
    Rule("PA23-S68-PAYMENT", "error", "Payment within 30 days of a valid invoice",
         f"{ACT} s.68, s.73, s.88", money.payment),
    Rule("PA23-S52-KPIS", "warning", "Three or more KPIs for a contract over £5 million",
         f"{ACT} s.52", money.kpis),
    Rule("PA23-S18-LOTS-REASONS", "error", "Reasons given when the contract is not divided into lots",
         f"{ACT} s.18", participation.lots_reasons),
    Rule("PA23-S23-LOTS-CAP", "error", "A cap on lots per supplier comes with an objective allocation method",
         f"{ACT} s.23", participation.lots_cap),
    Rule("TP-LOTS-CAP-NO-LIMIT", "warning", "A cap on the lots one supplier can win is below the number of lots",
         "tenderpack: lots.max_per_supplier caps the lots one supplier wins, not its bids",
         participation.lots_cap_no_limit),
    Rule("TP-LOTS-BIDS-NO-LIMIT", "warning", "A cap on the lots one supplier can bid for is below the number of lots, "
         "and above the cap on the lots it can win", "tenderpack: lots.max_bids_per_supplier caps bids, "
         "lots.max_per_supplier caps wins", participation.lots_bids_no_limit),
    Rule("TP-LOT-RESERVED-PUBLIC", "error", "A public contract's lot is not reserved for small firms",
         f"{ACT} s.32 and s.33 (the only reservations of a public contract)", participation.lot_reserved_public),
    Rule("TP-LOT-RESERVED", "warning", "A lot reserved for small firms has a power to reserve it",
         f"{ACT} s.32 and s.33 (the only reservations of a public contract); below the threshold, law.yaml "
         "reserve-below-threshold-sme [check]", participation.lot_reserved),
    Rule("TP-LOT-DATES", "error", "A lot's own contract dates are carried by every document that gives the dates",
         "tenderpack: a framework's lots run for its one term; an NEC4 form's access dates are every lot's "
         "contract's", participation.lot_dates),
    Rule("PA23-S22-AUDITED-ACCOUNTS", "warning", "No demand for audited accounts",
         f"{ACT} s.22", participation.audited_accounts),
    Rule("PA23-S22-INSURANCE", "warning", "Insurance required at award, not as a condition of taking part",
         f"{ACT} s.22", participation.insurance),
    Rule("PA23-S22-TURNOVER", "warning", "Minimum turnover no more than twice the yearly value",
         f"{ACT} s.22 (proportionate conditions); figure from guidance", participation.turnover),
    Rule("PPN002-SV-WEIGHTING", "warning", "Social value weighted at 10% or more of the total score",
         "PPN 002 (2025), Social Value Model", award.social_value_weighting),
    Rule("PA23-S56-OR-EQUIVALENT", "warning", "A brand or standard named in the requirements says 'or equivalent'",
         f"{ACT} s.56", participation.or_equivalent),
    Rule("PA23-SCH1-THRESHOLD", "warning", "The procedure fits the value: at or above the threshold, a competitive procedure",
         f"{ACT} Schedule 1 (thresholds)", money.threshold_check),
    Rule("PA23-S9-LIGHT-TOUCH", "warning", "Whether the contract is light-touch agrees with its CPV codes and category",
         f"{ACT} s.{_section('light-touch')}; Procurement Regulations 2024, Schedule 1 (light_touch_cpv.yaml) [check]",
         light_touch.light_touch),
    Rule("PA23-S51-STANDSTILL", "error", "The standstill ends on the eighth working day, counting the day of the award notice",
         f"{ACT} s.51(2)", timetable.standstill),
    Rule("PA23-S51-STANDSTILL-SHOWN", "warning", "A public contract's timetable shows the standstill; a below-threshold one has none",
         f"{ACT} s.51", timetable.standstill_missing),
    Rule("TP-DATES-ORDER", "error", "Dates in order: questions before each deadline, signature by the start, "
         "milestones and targets within the contract", "tenderpack: a workable timetable", timetable.dates_in_order),
    Rule("TP-VALIDITY", "error", "Tenders stay valid until the contract is signed, and signing waits for the standstill",
         f"Good practice (tenders valid through evaluation, award, standstill and signature); {ACT} s.51",
         timetable.validity),
    Rule("TP-STAGE-QUESTIONS", "error", "A stage that shortlists asks questions for bidders to answer",
         f"{ACT} s.20 (competitive flexible procedure); tenderpack", timetable.stage_questions),
    Rule("TP-STAGE-CLARIFICATION", "warning", "A later stage with a deadline says until when bidders can ask questions",
         "Good practice: equal treatment of bidders in each stage", timetable.stage_clarification),
    Rule("TP-BUDGET-PERIOD", "warning", "The budget is compared with the estimated value, lots and prices for the same period",
         f"{MODEL} (value.budget_covers)", commercial.budget_period),
    Rule("TP-ANNUAL-VALUE", "warning", "The yearly value agrees with the estimated value over the whole term",
         f"{MODEL}; tolerance in commercial.yaml", commercial.annual),
    Rule("TP-LOT-VALUES", "warning", "The lots' values add up to the estimated value",
         MODEL, commercial.lot_values),
    Rule("TP-PHASES-WINNERS", "error", "A phase funds no more suppliers than win its lots, nor than the phase before",
         f"{MODEL} (innovation phases in a competitive flexible procedure, {ACT} s.20)", innovation.winners),
    Rule("TP-PHASES-SELECTION", "warning", "A phase that funds fewer suppliers than the one before says how places are chosen",
         f"{MODEL}; equal treatment and transparency ({ACT} s.12)", innovation.selection),
    Rule("TP-PHASES-LOTS", "warning", "With lots, each phase says which lot it belongs to",
         f"{MODEL}; a lot's phases apply to that lot only", innovation.phase_lots),
    Rule("TP-PHASES-SEED", "error", "Seed funding for every funded supplier fits in the phase's budget",
         MODEL, innovation.seed_funding),
    Rule("TP-PHASES-BUDGET", "warning", "The phases' budgets fit in the budget and in the estimated value for their time",
         MODEL, innovation.budgets),
    Rule("TP-FEE-AT-RISK", "warning", "A fee at risk names its lot and is a modest share of the fee",
         "tenderpack domain notes (outcome payments); figure in commercial.yaml [check]", commercial.fee_at_risk),
    Rule("TP-CAP-SHARE", "warning", "A payment cap shared by several suppliers' contracts says how it is shared",
         f"{MODEL} (outcome payments)", commercial.cap_share),
    Rule("TP-FEE-AT-RISK-FEE", "error", "A fee at risk exists: its lot is priced, and no more than the whole fee is at risk",
         MODEL, commercial.fee_exists),
    Rule("TP-LOT-SCOPE", "warning", "An outcome, requirement or condition that names a lot is attached to that lot",
         f"{ACT} s.18 (lots); tenderpack: a lot's terms apply to that lot only", participation.lot_scope),
    Rule("TP-EXCLUSION-IN-CONDITIONS", "error", "Exclusion is asked for separately, not as a condition of participation",
         f"{ACT} s.22 (conditions of participation), s.26 to 28 and s.57 (exclusion)", participation.exclusion),
    Rule("TP-MODEL-CONTRACT", "error", "The contract form names no contract but the one the pack ships",
         "tenderpack: a bidder signs what the pack names (spec.contract, else its own draft contract); list in "
         "model_contracts.yaml", commercial.model_contract),
    Rule("TP-ATTACHED-CONTRACT", "error", "No attached file is offered as a contract beside the one the pack ships",
         "tenderpack: a bidder signs what the pack names (spec.contract, else its own draft contract)",
         commercial.attached_contract),
    # The contract's form (spec.contract): NEC4, JCT or a government model contract.
    Rule("TP-CONTRACT-CATEGORY", "error", "An NEC4 or JCT form fits the category: works forms for works",
         "tenderpack: the category decides the threshold and every document's words; the forms' own scope",
         works.category),
    Rule("TP-MODEL-CONTRACT-FIT", "warning", "A government model contract is used where guidance says it fits: not "
         "for works, and the Short Form not with TUPE", "Cabinet Office model contracts (Short Form: simple goods and "
         "services, not works, not TUPE) [policy]", works.model_fit),
    Rule("TP-CONTRACT-FRAMEWORK", "error",
         "A framework's call-offs use an NEC4 or JCT form, never an attached model contract",
         "tenderpack: each call-off fills in its own contract data", works.framework),
    Rule("TP-CONTRACT-SOCIAL-VALUE", "error", "Social value with an attached model contract needs its order form",
         "tenderpack: the pack points bidders to the order form for the winning commitments", works.social_value),
    Rule("TP-CONTRACT-KPIS", "error", "An attached model contract's KPIs are in its own schedules, not in kpis",
         "tenderpack: the pack does not read or change the buyer's attached contract", works.kpis_model),
    Rule("TP-WORKS-KPI-CREDIT", "error", "No service credit with an NEC4 or JCT form",
         "tenderpack: service credits are a term of its own services contract; NEC4 and JCT have none",
         works.kpi_credit),
    Rule("TP-CONTRACT-PAYMENTS", "error", "Outcome payments and research phases come with tenderpack's own "
         "contract only, for now", "tenderpack: they are terms of its own draft contract (the charges schedule, the "
         "clause on the phases)", works.payments),
    Rule("TP-CONTRACT-EXTENSIONS", "warning", "An NEC4 or JCT contract is extended only by a clause of the buyer's "
         "own", "tenderpack: the forms have no option to extend their term", works.extensions),
    Rule("TP-NEC4-CONSTRUCTION-ACT", "warning", "An NEC4 Engineering and Construction Contract in Great Britain uses "
         "Options W2 and Y(UK)2", "Housing Grants, Construction and Regeneration Act 1996, Part 2 [check]",
         works.construction_act),
    Rule("TP-NEC4-CONTRACT-DATA", "warning", "An NEC4 Engineering and Construction Contract's Contract Data part "
         "one has every entry the form asks of the Client", "NEC4 Engineering and Construction Contract, Contract "
         "Data part one", works.contract_data),
    Rule("TP-WORKS-VAT", "warning", "Works whose VAT decides the threshold give their value including VAT",
         f"{ACT} Schedule 1 (works threshold, VAT included); thresholds.yaml [check]", works.threshold_vat),
    Rule("TP-JOINT-SHARES", "error", "When each authority signs its own contract, the shares add up to 100%",
         MODEL, commercial.shares),
    Rule("TP-KPI-VALUE", "warning", "Each contract's own value is known when it decides the KPI duty",
         f"{ACT} s.52 and Schedule 3 (each contract's own value)", commercial.kpi_value),
    Rule("TP-TUPE-DATA", "warning", "Staff information (TUPE) promised for a day comes before bidders' last "
         "questions and their tenders", "tenderpack domain notes: a council pack carries TUPE information where "
         "relevant; good practice (bidders price the staff they take on)", staff.tupe_data),
    # Frameworks (spec.framework): sections from law.yaml, the regime "framework".
    Rule("PA23-S47-FRAMEWORK-TERM", "error", "A framework runs for at most 4 years (8 for defence and security or "
         "utilities), or gives its reasons", f"{ACT} s.{_section('framework-term')}; figures in law.yaml [check]",
         framework.term),
    Rule("PA23-S46-DIRECT-AWARD-TERMS", "error", "A direct award of call-off contracts states its objective terms",
         f"{ACT} s.{_section('framework-call-off')}", framework.direct_award_terms),
    Rule("PA23-S46-COMPETITION-CRITERIA", "error", "A call-off competition states its criteria, with weights that "
         "add up to 100 or a description", f"{ACT} s.{_section('framework-call-off')}; s.23 (relative importance)",
         framework.competition_criteria),
    Rule("TP-FRAMEWORK-COMPETITION", "error", "A call-off competition has more than one supplier to compete",
         f"{MODEL} (call-offs by competition among the framework's suppliers, {ACT} s.{_section('framework-call-off')})",
         framework.competition_suppliers),
    Rule("TP-FRAMEWORK-REOPENING", "error", "An open framework gives its reopening dates, inside its term; a closed "
         "one gives none", f"{ACT} s.{_section('open-framework')} (open frameworks reopened at set points) [check]; "
         "tenderpack", framework.reopening),
    # Pricing models (spec.pricing.model): a schedule of rates, a rate card, a percentage fee.
    Rule("TP-PRICE-FRAMEWORK-WHOLE", "warning", "A framework with several suppliers is priced by rates, not by one "
         "price for all its work", f"{MODEL} (a framework sets the terms of later call-offs, {ACT} "
         f"s.{_section('framework')}): never the whole value of a framework as one price", pricing.whole_value),
    Rule("TP-PRICE-BASKET-VALUE", "warning", "A schedule of rates' basket costs no more than the work expected, "
         "and not a sliver of it", f"{MODEL}; figures in pricing.yaml [check]", pricing.basket_value),
    Rule("TP-PRICE-SECTION-UNEVALUATED", "warning", "Every section bidders adjust has a line in the basket",
         f"{MODEL}: every price a bidder gives is evaluated (one that is not invites loading)",
         pricing.sections_evaluated),
    Rule("TP-PRICE-SCHEDULE-SOURCE", "warning", "Bidders can read the schedule of rates they adjust",
         f"{MODEL}: bidders price only what they can read", pricing.schedule_readable),
]


@hookimpl
def register_rules(register: tenderpack.RegisterRule) -> None:
    for rule in RULES:
        register(rule)


@hookimpl
def register_style_checks(register: tenderpack.RegisterStyleCheck) -> None:
    register(tenderpack.WordList.load(Path(__file__).parent / "data" / "procurement-terms.yaml"))

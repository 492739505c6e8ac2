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

from . import award, money, participation, timetable

ACT = "Procurement Act 2023"

RULES = [
    Rule("PA23-S23-WEIGHTS", "error", "Award criteria weights add up to 100, or the criteria are ranked",
         f"{ACT} s.23", award.weights),
    Rule("PA23-S23-SCALE", "error", "Every criterion is scored on a sound scale (or by the price formula)",
         f"{ACT} s.23", award.scale),
    Rule("PA23-S54-TENDER-PERIOD", "error", "At least 25 days to tender (10 after a qualifying planned procurement notice)",
         f"{ACT} s.54", timetable.tender_period),
    Rule("PA23-S68-PAYMENT", "error", "Payment within 30 days of a valid invoice",
         f"{ACT} s.68, s.73", money.payment),
    Rule("PA23-S52-KPIS", "warning", "Three or more KPIs for a contract over £5 million",
         f"{ACT} s.52", money.kpis),
    Rule("PA23-S18-LOTS-REASONS", "error", "Reasons given when the contract is not divided into lots",
         f"{ACT} s.18", participation.lots_reasons),
    Rule("PA23-S23-LOTS-CAP", "error", "A cap on lots per supplier comes with an objective allocation method",
         f"{ACT} s.23", participation.lots_cap),
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
    Rule("PA23-S51-STANDSTILL", "error", "The standstill ends on the eighth working day, counting the day of the award notice",
         f"{ACT} s.51(2)", timetable.standstill),
    Rule("PA23-S51-STANDSTILL-SHOWN", "warning", "A public contract's timetable shows the standstill; a below-threshold one has none",
         f"{ACT} s.51", timetable.standstill_missing),
    Rule("TP-DATES-ORDER", "error", "Dates in order: questions before the deadline, milestones and targets within the contract",
         "tenderpack: a workable timetable", timetable.dates_in_order),
]


@hookimpl
def register_rules(register) -> None:
    for rule in RULES:
        register(rule)


@hookimpl
def register_style_checks(register) -> None:
    register(tenderpack.WordList.load(Path(__file__).parent / "data" / "procurement-terms.yaml"))

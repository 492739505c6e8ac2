"""Procurement rules: each built-in rule fires on a small bad spec and stays quiet on good ones.

Every test writes a spec derived from tests/fixtures/minimal.yaml (a small, valid,
below-threshold tender) and runs the rules the way ``tenderpack validate`` does, so that
findings are located in the file.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import tenderpack.law
from tenderpack import Finding, Rule
from tenderpack.cli import cli
from tenderpack.plugins import Plugins
from tenderpack.rules import collect_rules, run_rules
from tenderpack.tender import Tender

HERE = Path(__file__).parent
ROOT = HERE.parent
MINIMAL = HERE / "fixtures" / "minimal.yaml"
RULE_PLUGINS = HERE / "plugins" / "rules"
EXAMPLE = ROOT / "examples" / "innovation-home-care.yaml"
BASE = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
# The pack carries its own draft contract: a spec naming a model contract breaks TP-MODEL-CONTRACT,
# so the specs derived here describe the contract instead.
BASE["commercial"]["contract_form"] = "window cleaning contract"
INNOVATION = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def write_spec(tmp_path: Path, change=None, name: str = "tender.yaml") -> Path:
    """A copy of the minimal spec, changed by ``change(data)``, written to ``tmp_path``."""
    data = copy.deepcopy(BASE)
    if change:
        change(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write_example(tmp_path: Path, change=None, name: str = "example.yaml") -> Path:
    """A copy of the innovation example (joint, competitive flexible, lots, phases, outcomes), changed."""
    data = copy.deepcopy(INNOVATION)
    if change:
        change(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def findings(path: Path, plugins_dirs=()) -> dict[str, list]:
    """code -> the problems (not waived) that rule found."""
    report = Tender.load(path, Plugins(plugins_dirs)).checks()
    out: dict[str, list] = {}
    for p in report.problems:
        out.setdefault(p.code, []).append(p)
    return out


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def above_threshold(data, value=300000):
    """Make the minimal spec an open procedure above the threshold for councils."""
    data["procedure"] = {"type": "open"}
    data["value"] = {"estimated_excluding_vat": value, "estimated_including_vat": value * 1.2}


# --------------------------------------------------------------------------- good specs


@pytest.mark.parametrize("spec", ["examples/innovation-home-care.yaml", "examples/small-open-grounds.yaml",
                                  "tests/fixtures/minimal.yaml"])
def test_good_specs_break_no_built_in_rule(spec):
    """The examples and the minimal spec pass every built-in rule: no error, no warning."""
    report = Tender.load(ROOT / spec, Plugins()).checks()
    mine = [p for p in report.problems if p.plugin == "rules"]
    assert mine == [], [str(p) for p in mine]
    assert report.failures == []


def test_every_built_in_rule_has_code_severity_title_and_source():
    """Each built-in rule names its code, severity (error or warning), title and source."""
    rules, failures = collect_rules(Plugins())
    mine = [r for r in rules if r.plugin == "rules"]
    assert failures == [] and len(mine) >= 15
    for r in mine:
        assert r.code and r.severity in ("error", "warning") and r.title and r.source, r


def test_data_files_carry_source_and_as_of_date():
    """The figures the rules use live in data files with a source and an 'as of' date: the plugin's own, and the law's."""
    folder = ROOT / "plugins" / "tenderpack_rules" / "data"
    for name in ("tendering_periods", "named_products", "model_contracts", "commercial", "procurement-terms"):
        data = yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8"))
        assert data["source"] and isinstance(data["as_of"], dt.date), name
    for name in ("thresholds", "bank_holidays", "law"):
        data = tenderpack.law.data(name)
        assert data["source"] and data["as_of"], name


def test_check_figures_are_warnings():
    """Rules built on figures marked [check] (thresholds, turnover, brands, fee at risk, tolerances) are warnings."""
    rules = {r.code: r for r in collect_rules(Plugins())[0]}
    for code in ("PA23-SCH1-THRESHOLD", "PA23-S22-TURNOVER", "PA23-S56-OR-EQUIVALENT", "TP-FEE-AT-RISK",
                 "TP-ANNUAL-VALUE", "TP-BUDGET-PERIOD", "TP-KPI-VALUE"):
        assert rules[code].severity == "warning", code


def test_rules_use_the_law_module_not_private_copies():
    """The plugin keeps no copy of the law's figures or regime: no thresholds or bank holidays in its data folder."""
    folder = ROOT / "plugins" / "tenderpack_rules"
    assert not (folder / "data" / "thresholds.yaml").exists() and not (folder / "data" / "bank_holidays.yaml").exists()
    common = (folder / "common.py").read_text(encoding="utf-8")
    for dead in ("def value_with_vat", "def threshold(", "def is_light_touch", "def above_threshold_procedure"):
        assert dead not in common, dead


# --------------------------------------------------------------------------- each rule


def test_weights_must_add_up_to_100(tmp_path):
    """PA23-S23-WEIGHTS: weights of 60 and 30 add up to 90, an error at award.criteria."""
    path = write_spec(tmp_path, lambda d: d["award"]["criteria"][1].update(weight=30))
    [p] = findings(path)["PA23-S23-WEIGHTS"]
    assert p.severity == "error" and "90%" in p.message and p.where.path == "award.criteria"
    assert p.where.file == str(path) and p.where.line is not None


def test_ranked_criteria_need_no_weights(tmp_path):
    """PA23-S23-WEIGHTS: criteria ranked 1 and 2, without weights, are fine."""
    def ranked(d):
        for i, c in enumerate(d["award"]["criteria"]):
            c.pop("weight")
            c["rank"] = i + 1
    assert "PA23-S23-WEIGHTS" not in findings(write_spec(tmp_path, ranked))


def test_weights_and_ranks_cannot_be_mixed(tmp_path):
    """PA23-S23-WEIGHTS: one criterion weighted and another only ranked is an error."""
    def mixed(d):
        d["award"]["criteria"][1].pop("weight")
        d["award"]["criteria"][1]["rank"] = 1
    [p] = findings(write_spec(tmp_path, mixed))["PA23-S23-WEIGHTS"]
    assert p.where.path == "award.criteria[1]"


def test_minimum_score_must_be_on_the_scale(tmp_path):
    """PA23-S23-SCALE: a minimum score of 7 on the 0 to 5 scale is an error."""
    path = write_spec(tmp_path, lambda d: d["award"]["criteria"][0].update(minimum_score=7))
    [p] = findings(path)["PA23-S23-SCALE"]
    assert p.severity == "error" and p.where.path == "award.criteria[0].minimum_score"


def test_tendering_period_at_least_25_days(tmp_path):
    """PA23-S54-TENDER-PERIOD: 14 days from the notice to the deadline is an error at the deadline."""
    def short(d):
        above_threshold(d)
        d["timetable"]["clarification_deadline"] = dt.datetime(2027, 2, 8, 12)
        d["timetable"]["tender_deadline"] = dt.datetime(2027, 2, 15, 12)
    [p] = findings(write_spec(tmp_path, short))["PA23-S54-TENDER-PERIOD"]
    assert p.severity == "error" and p.where.path == "timetable.tender_deadline"
    assert "14 days" in p.message and "25 days" in p.message and "26 February 2027" in p.message


def test_qualifying_planned_procurement_notice_allows_10_days(tmp_path):
    """PA23-S54-TENDER-PERIOD: after a planned procurement notice 60 days earlier, 14 days is enough."""
    def short(d):
        above_threshold(d)
        d["procedure"]["planned_procurement_notice"] = dt.date(2026, 12, 3)
        d["timetable"]["clarification_deadline"] = dt.datetime(2027, 2, 8, 12)
        d["timetable"]["tender_deadline"] = dt.datetime(2027, 2, 15, 12)
    assert "PA23-S54-TENDER-PERIOD" not in findings(write_spec(tmp_path, short))


def test_late_planned_procurement_notice_does_not_qualify(tmp_path):
    """PA23-S54-TENDER-PERIOD: a planned procurement notice 20 days before does not shorten the period."""
    def short(d):
        above_threshold(d)
        d["procedure"]["planned_procurement_notice"] = dt.date(2027, 1, 12)
        d["timetable"]["clarification_deadline"] = dt.datetime(2027, 2, 8, 12)
        d["timetable"]["tender_deadline"] = dt.datetime(2027, 2, 15, 12)
    [p] = findings(write_spec(tmp_path, short))["PA23-S54-TENDER-PERIOD"]
    assert "does not shorten it" in p.message


def test_payment_within_30_days(tmp_path):
    """PA23-S68-PAYMENT: payment 45 days after a valid invoice is an error."""
    path = write_spec(tmp_path, lambda d: d["commercial"].update(payment_days=45))
    [p] = findings(path)["PA23-S68-PAYMENT"]
    assert p.severity == "error" and p.where.path == "commercial.payment_days"
    assert p.source == "Procurement Act 2023 s.68, s.73, s.88"


def test_three_kpis_above_5_million(tmp_path):
    """PA23-S52-KPIS: a £7.2m contract (with VAT) and no KPIs is reported."""
    path = write_spec(tmp_path, lambda d: above_threshold(d, 6_000_000))
    [p] = findings(path)["PA23-S52-KPIS"]
    assert p.severity == "warning" and "at least 3" in p.message


def test_reasons_needed_when_not_divided_into_lots(tmp_path):
    """PA23-S18-LOTS-REASONS: an open procedure with no lots and no reasons is an error."""
    def no_reasons(d):
        above_threshold(d)
        d.pop("lots")
    [p] = findings(write_spec(tmp_path, no_reasons))["PA23-S18-LOTS-REASONS"]
    assert p.severity == "error" and p.where.path == "lots.reasons_not_divided"


def test_lot_cap_needs_allocation_method(tmp_path):
    """PA23-S23-LOTS-CAP: at most one lot per supplier, with no allocation method, is an error."""
    def capped(d):
        d["lots"] = {"items": [{"number": 1, "title": "North"}, {"number": 2, "title": "South"}],
                     "max_per_supplier": 1}
    [p] = findings(write_spec(tmp_path, capped))["PA23-S23-LOTS-CAP"]
    assert p.severity == "error" and p.where.path == "lots.max_per_supplier"

    def allocated(d):
        capped(d)
        d["lots"]["allocation_method"] = "The highest total score across lots wins the choice."
    assert "PA23-S23-LOTS-CAP" not in findings(write_spec(tmp_path, allocated, "ok.yaml"))


def test_no_audited_accounts(tmp_path):
    """PA23-S22-AUDITED-ACCOUNTS: demanding audited accounts is reported."""
    path = write_spec(tmp_path, lambda d: d.setdefault("conditions", {}).update(audited_accounts_required=True))
    [p] = findings(path)["PA23-S22-AUDITED-ACCOUNTS"]
    assert p.where.path == "conditions.audited_accounts_required"


def test_insurance_only_at_award(tmp_path):
    """PA23-S22-INSURANCE: a condition asking for insurance when bidding is reported."""
    path = write_spec(tmp_path, lambda d: d.setdefault("conditions", {}).update(
        financial=["You must hold public liability insurance of £5m when you bid."]))
    [p] = findings(path)["PA23-S22-INSURANCE"]
    assert p.where.path == "conditions.financial[0]"


def test_turnover_above_twice_yearly_value_warns(tmp_path):
    """PA23-S22-TURNOVER: £100,000 turnover for a £12,000-a-year contract is a warning."""
    def turnover(d):
        d["value"]["annual_value"] = 12000
        d["conditions"] = {"minimum_turnover": 100000}
    [p] = findings(write_spec(tmp_path, turnover))["PA23-S22-TURNOVER"]
    assert p.severity == "warning" and "£24,000" in p.message


def test_social_value_weighting_at_least_10(tmp_path):
    """PPN002-SV-WEIGHTING: social value at 5% of the score is reported."""
    def low(d):
        d["award"]["criteria"][0]["weight"] = 55
        d["award"]["criteria"].append({"id": "SV1", "name": "Social value", "type": "social_value", "weight": 5})
        d["social_value"] = {"weighting": 5}
    [p] = findings(write_spec(tmp_path, low))["PPN002-SV-WEIGHTING"]
    assert p.severity == "warning" and p.where.path == "social_value.weighting"


def test_named_standard_needs_or_equivalent(tmp_path):
    """PA23-S56-OR-EQUIVALENT: a requirement naming BS EN 1177 without 'or equivalent' is reported."""
    path = write_spec(tmp_path, lambda d: d.update(requirements=["Surfacing must meet BS EN 1177.",
                                                                  "Use Stihl or equivalent tools."]))
    [p] = findings(path)["PA23-S56-OR-EQUIVALENT"]
    assert p.where.path == "requirements[0]" and "BS EN 1177" in p.message


def test_value_above_threshold_needs_a_competitive_procedure(tmp_path):
    """PA23-SCH1-THRESHOLD: a £360,000 (with VAT) services contract cannot be below_threshold."""
    def big(d):
        d["value"] = {"estimated_excluding_vat": 300000, "estimated_including_vat": 360000}
    [p] = findings(write_spec(tmp_path, big))["PA23-SCH1-THRESHOLD"]
    assert p.severity == "warning" and p.where.path == "procedure.type" and "£207,720" in p.message


def test_standstill_of_8_working_days(tmp_path):
    """PA23-S51-STANDSTILL: award notice on Monday 15 March 2027, that day counted: the last day is 24 March; an error."""
    def standstill(end):
        def change(d):
            above_threshold(d)
            d["timetable"]["standstill_end"] = end
        return change
    [p] = findings(write_spec(tmp_path, standstill(dt.date(2027, 3, 18))))["PA23-S51-STANDSTILL"]
    assert p.severity == "error" and p.where.path == "timetable.standstill_end"
    assert "24 March 2027" in p.message and "2027-03-24" in p.message
    assert "PA23-S51-STANDSTILL" not in findings(write_spec(tmp_path, standstill(dt.date(2027, 3, 24)), "ok.yaml"))


def test_standstill_counts_bank_holidays(tmp_path):
    """PA23-S51-STANDSTILL: notice on Friday 20 August 2027, bank holiday on the 30th: the last day is 1 September."""
    def not_light_touch(d, end=dt.date(2027, 8, 31)):
        d["cpv"] = ["79410000-1"]   # business consultancy: not a light-touch service
        d["timetable"]["standstill_end"] = end
    [p] = findings(write_example(tmp_path, not_light_touch))["PA23-S51-STANDSTILL"]
    assert "1 September 2027" in p.message
    ok = write_example(tmp_path, lambda d: not_light_touch(d, dt.date(2027, 9, 1)), name="ok.yaml")
    assert "PA23-S51-STANDSTILL" not in findings(ok)


def test_a_light_touch_standstill_is_the_buyers_choice(tmp_path):
    """PA23-S51-STANDSTILL: light-touch contracts are believed exempt from the mandatory standstill (s.51(3),
    check), so a standstill the buyer keeps, of any length, is not reported."""
    path = write_example(tmp_path, lambda d: d["timetable"].update(standstill_end=dt.date(2027, 8, 31)))
    assert "PA23-S51-STANDSTILL" not in findings(path)


def test_standstill_shown_for_a_public_contract(tmp_path):
    """PA23-S51-STANDSTILL-SHOWN: a public contract's timetable without standstill_end is reported, with the date."""
    [p] = findings(write_spec(tmp_path, above_threshold))["PA23-S51-STANDSTILL-SHOWN"]
    assert p.severity == "warning" and p.where.path == "timetable.standstill_end" and "2027-03-24" in p.message


def test_dates_in_order(tmp_path):
    """TP-DATES-ORDER: questions closing after the tender deadline, or a milestone before the notice, are errors."""
    def disorder(d):
        d["timetable"]["clarification_deadline"] = dt.datetime(2027, 3, 1, 13)
        d["timetable"]["milestones"] = [{"date": dt.date(2027, 1, 5), "event": "Briefing"}]
    found = findings(write_spec(tmp_path, disorder))["TP-DATES-ORDER"]
    assert {p.where.path for p in found} == {"timetable.clarification_deadline", "timetable.milestones[0].date"}
    assert all(p.severity == "error" for p in found)


# --------------------------------------------------------------------------- the commercial model


def extended(d, estimated=36000, budget=None, covers="whole_term"):
    """The minimal spec (one-year initial term) with two one-year extensions: three years in all."""
    d["timetable"]["extensions"] = [12, 12]
    d["value"] = {"estimated_excluding_vat": estimated}
    if budget is not None:
        d["value"].update(budget_ceiling=budget, budget_covers=covers)


def test_budget_for_the_initial_term_said_to_cover_the_whole_term(tmp_path):
    """TP-BUDGET-PERIOD: a budget equal to the initial term's estimate, said to cover the whole term, is reported."""
    path = write_spec(tmp_path, lambda d: extended(d, 36000, 12000, "whole_term"))
    [p] = findings(path)["TP-BUDGET-PERIOD"]
    assert p.severity == "warning" and p.where.path == "value.budget_covers"
    assert "£12,000" in p.message and "£36,000" in p.message and "budget_covers: initial_term" in p.message


def test_budget_for_the_initial_term_said_so_is_fine(tmp_path):
    """TP-BUDGET-PERIOD: the same budget with budget_covers: initial_term is compared like with like: no finding."""
    path = write_spec(tmp_path, lambda d: extended(d, 36000, 12000, "initial_term"))
    assert "TP-BUDGET-PERIOD" not in findings(path)


def test_yearly_budget_compared_with_the_yearly_value(tmp_path):
    """TP-BUDGET-PERIOD: a yearly budget of £12,000 against £12,000 a year is fine; a whole-term budget of £12,000 is not."""
    assert "TP-BUDGET-PERIOD" not in findings(write_spec(tmp_path, lambda d: extended(d, 36000, 12000, "year")))


def test_budget_below_the_estimated_value_warns(tmp_path):
    """TP-BUDGET-PERIOD: a budget of £30,000 for a £36,000 whole term is a warning at value.budget_ceiling; £40,000 is fine."""
    [p] = findings(write_spec(tmp_path, lambda d: extended(d, 36000, 30000)))["TP-BUDGET-PERIOD"]
    assert p.where.path == "value.budget_ceiling" and "£30,000" in p.message and "£36,000" in p.message
    assert "rejected" in p.message
    assert "TP-BUDGET-PERIOD" not in findings(write_spec(tmp_path, lambda d: extended(d, 36000, 40000), "ok.yaml"))


def test_lot_worth_more_than_the_budget_warns(tmp_path):
    """TP-BUDGET-PERIOD: a lot worth £15,000 against a budget of £12,000 for the same whole term is reported at its value."""
    def lots(d):
        d["value"]["budget_ceiling"] = 12000
        d["lots"] = {"items": [{"number": 1, "title": "Town hall", "value": 15000},
                               {"number": 2, "title": "Library", "value": 2000}]}
    found = findings(write_spec(tmp_path, lots))["TP-BUDGET-PERIOD"]
    assert [p.where.path for p in found] == ["lots.items[0].value"] and "Lot 1" in found[0].message


def test_example_price_above_the_budget_warns(tmp_path):
    """TP-BUDGET-PERIOD: a worked-example price of £13,000 above a £12,000 budget is reported at that price."""
    def prices(d):
        d["value"]["budget_ceiling"] = 12000
        d["award"]["price"] = {"example_prices": [11000, 13000]}
    [p] = findings(write_spec(tmp_path, prices))["TP-BUDGET-PERIOD"]
    assert p.where.path == "award.price.example_prices[1]" and "£13,000" in p.message


def test_budget_covers_without_a_budget_warns(tmp_path):
    """TP-BUDGET-PERIOD: budget_covers: year with no budget_ceiling is reported there."""
    [p] = findings(write_spec(tmp_path, lambda d: d["value"].update(budget_covers="year")))["TP-BUDGET-PERIOD"]
    assert p.where.path == "value.budget_covers"


def test_annual_value_must_agree_with_the_estimated_value(tmp_path):
    """TP-ANNUAL-VALUE: £20,000 a year for a one-year £12,000 contract is reported; £12,000 a year is fine."""
    [p] = findings(write_spec(tmp_path, lambda d: d["value"].update(annual_value=20000)))["TP-ANNUAL-VALUE"]
    assert p.severity == "warning" and p.where.path == "value.annual_value" and "£12,000 a year" in p.message
    assert "TP-ANNUAL-VALUE" not in findings(write_spec(tmp_path, lambda d: d["value"].update(annual_value=12000), "ok.yaml"))


def test_lot_values_add_up_to_the_estimated_value(tmp_path):
    """TP-LOT-VALUES: lots of £5,000 and £5,000 for a £12,000 contract are reported; £7,000 and £5,000 are fine."""
    def lots(a, b):
        def change(d):
            d["lots"] = {"items": [{"number": 1, "title": "Town hall", "value": a},
                                   {"number": 2, "title": "Library", "value": b}]}
        return change
    [p] = findings(write_spec(tmp_path, lots(5000, 5000)))["TP-LOT-VALUES"]
    assert p.where.path == "lots.items" and "£10,000" in p.message and "£12,000" in p.message
    assert "TP-LOT-VALUES" not in findings(write_spec(tmp_path, lots(7000, 5000), "ok.yaml"))


def test_tenders_stay_valid_until_signature(tmp_path):
    """TP-VALIDITY: tenders valid 20 days after a 1 March deadline lapse before the contract starts (and is signed) on 1 April."""
    [p] = findings(write_spec(tmp_path, lambda d: d.update(submission={"portal": {"name": "P"}, "validity_days": 20})))["TP-VALIDITY"]
    assert p.severity == "error" and p.where.path == "submission.validity_days"
    assert "21 March 2027" in p.message and "31 or more" in p.message


def test_validity_counts_from_the_final_deadline(tmp_path):
    """TP-VALIDITY: in the example, validity counts from the final tenders (23 July), not stage 1: 60 days is enough, 40 is not."""
    assert "TP-VALIDITY" not in findings(write_example(tmp_path, lambda d: d["submission"].update(validity_days=60)))
    [p] = findings(write_example(tmp_path, lambda d: d["submission"].update(validity_days=40), "short.yaml"))["TP-VALIDITY"]
    assert "23 July 2027" in p.message and "49 or more" in p.message


def test_signature_waits_for_the_standstill(tmp_path):
    """TP-VALIDITY: a public contract signed on 20 March, inside the standstill that ends on 24 March, is an error."""
    def early(day):
        def change(d):
            above_threshold(d)
            d["timetable"].update(standstill_end=dt.date(2027, 3, 24), contract_signature=day)
        return change
    [p] = findings(write_spec(tmp_path, early(dt.date(2027, 3, 20))))["TP-VALIDITY"]
    assert p.where.path == "timetable.contract_signature" and "25 March 2027" in p.message
    assert "TP-VALIDITY" not in findings(write_spec(tmp_path, early(dt.date(2027, 3, 25)), "ok.yaml"))


def test_contract_start_inside_the_standstill_without_a_signature_date(tmp_path):
    """TP-VALIDITY: with no contract_signature, a public contract starting on the standstill's last day is an error at contract_start."""
    def change(d):
        above_threshold(d)
        d["timetable"].update(standstill_end=dt.date(2027, 3, 24), contract_start=dt.date(2027, 3, 24))
    [p] = findings(write_spec(tmp_path, change))["TP-VALIDITY"]
    assert p.where.path == "timetable.contract_start"


def test_signature_after_the_contract_starts(tmp_path):
    """TP-DATES-ORDER: a contract signed after it starts is an error at timetable.contract_signature."""
    found = findings(write_spec(tmp_path, lambda d: d["timetable"].update(contract_signature=dt.date(2027, 4, 5))))
    assert [p.where.path for p in found["TP-DATES-ORDER"]] == ["timetable.contract_signature"]


def test_stage_questions_close_before_the_stage_deadline(tmp_path):
    """TP-DATES-ORDER: questions in stage 2 closing after its deadline are an error at that stage's clarification_deadline."""
    path = write_example(tmp_path, lambda d: d["procedure"]["stages"][1].update(
        clarification_deadline=dt.datetime(2027, 5, 28, 13)))
    [p] = findings(path)["TP-DATES-ORDER"]
    assert p.where.path == "procedure.stages[1].clarification_deadline"


def test_shortlisting_stage_needs_questions(tmp_path):
    """TP-STAGE-QUESTIONS: a participation stage that shortlists to 4 but asks no questions is an error."""
    path = write_example(tmp_path, lambda d: d["procedure"]["stages"][0].pop("questions"))
    [p] = findings(path)["TP-STAGE-QUESTIONS"]
    assert p.severity == "error" and p.where.path == "procedure.stages[0].questions" and "shortlists 4 bidders" in p.message
    assert "TP-STAGE-QUESTIONS" not in findings(write_example(tmp_path, name="ok.yaml"))


def test_later_stage_needs_a_deadline_for_questions(tmp_path):
    """TP-STAGE-CLARIFICATION: stage 2 with a deadline but no deadline for questions is a warning."""
    path = write_example(tmp_path, lambda d: d["procedure"]["stages"][1].pop("clarification_deadline"))
    [p] = findings(path)["TP-STAGE-CLARIFICATION"]
    assert p.severity == "warning" and p.where.path == "procedure.stages[1].clarification_deadline"


def test_phase_cannot_fund_more_suppliers_than_win_its_lot(tmp_path):
    """TP-PHASES-WINNERS: phase 1 funding 4 suppliers when 3 win lot 1 is an error at its suppliers."""
    def four(d):
        d["procedure"]["innovation_phases"][0].update(suppliers=4, seed_funding=30000)
    [p] = findings(write_example(tmp_path, four))["TP-PHASES-WINNERS"]
    assert p.severity == "error" and p.where.path == "procedure.innovation_phases[0].suppliers"
    assert "3" in p.message and "lot 1" in p.message and "lots.items[0].suppliers" in p.message


def test_phase_winners_fall_back_on_award_suppliers(tmp_path):
    """TP-PHASES-WINNERS: without lots.items[0].suppliers, one supplier wins lot 1 (award.suppliers), so 3 in phase 1 is an error."""
    [p, *_] = findings(write_example(tmp_path, lambda d: d["lots"]["items"][0].pop("suppliers")))["TP-PHASES-WINNERS"]
    assert p.where.path == "procedure.innovation_phases[0].suppliers" and "award.suppliers" in p.message


def test_later_phase_cannot_fund_more_suppliers(tmp_path):
    """TP-PHASES-WINNERS: phase 3 funding 3 suppliers after phase 2 funded 2 is an error at phase 3."""
    [p] = findings(write_example(tmp_path, lambda d: d["procedure"]["innovation_phases"][2].update(suppliers=3)))["TP-PHASES-WINNERS"]
    assert p.where.path == "procedure.innovation_phases[2].suppliers"


def test_phases_say_which_lot(tmp_path):
    """TP-PHASES-LOTS: with lots, a phase without lots is a warning at its lots, one for each phase."""
    def unlotted(d):
        for phase in d["procedure"]["innovation_phases"]:
            phase.pop("lots")
    found = findings(write_example(tmp_path, unlotted))["TP-PHASES-LOTS"]
    assert [p.where.path for p in found] == [f"procedure.innovation_phases[{i}].lots" for i in range(3)]
    assert all(p.severity == "warning" and "lots: [1]" in p.message for p in found)


def test_seed_funding_fits_the_phase_budget(tmp_path):
    """TP-PHASES-SEED: £50,000 to each of 3 suppliers is more than phase 1's £120,000 budget: an error."""
    path = write_example(tmp_path, lambda d: d["procedure"]["innovation_phases"][0].update(seed_funding=50000))
    [p] = findings(path)["TP-PHASES-SEED"]
    assert p.severity == "error" and p.where.path == "procedure.innovation_phases[0].budget" and "£150,000" in p.message


def fitted_phases(d):
    """Phase 3 of the example within lot 1's share of the initial term: £3.6m x 3/5 = £2.16m for the three phases."""
    d["procedure"]["innovation_phases"][2]["budget"] = 1740000


def test_phase_budgets_fit_the_lot_value_for_their_time(tmp_path):
    """TP-PHASES-BUDGET: £2.88m of lot 1 phases over 3 of 5 years is more than lot 1's £3.6m allows (£2.16m); £2.16m is fine."""
    def whole_budget(d):
        d["procedure"]["innovation_phases"][2]["budget"] = 2460000
    [p] = findings(write_example(tmp_path, whole_budget))["TP-PHASES-BUDGET"]
    assert p.severity == "warning" and "£2,880,000" in p.message and "£2,160,000" in p.message
    assert "TP-PHASES-BUDGET" not in findings(write_example(tmp_path, fitted_phases, "ok.yaml"))


def test_phase_budgets_fit_the_budget(tmp_path):
    """TP-PHASES-BUDGET: phases costing more than the budget for the initial term they run in are reported."""
    def small_budget(d):
        fitted_phases(d)
        d["value"]["budget_ceiling"] = 2000000
    found = findings(write_example(tmp_path, small_budget))["TP-PHASES-BUDGET"]
    assert [p.where.path for p in found] == ["procedure.innovation_phases"] and "£2,000,000" in found[0].message


def test_fee_at_risk_names_its_lot(tmp_path):
    """TP-FEE-AT-RISK: with lots, a fee-at-risk outcome that names no lot is a warning at its lots."""
    [p] = findings(write_example(tmp_path, lambda d: d["outcomes"][0].pop("lots")))["TP-FEE-AT-RISK"]
    assert p.severity == "warning" and p.where.path == "outcomes[0].lots"


def test_fee_at_risk_over_20_percent_warns(tmp_path):
    """TP-FEE-AT-RISK: 25% of the fee at risk on one outcome is reported (figure in commercial.yaml)."""
    path = write_example(tmp_path, lambda d: d["outcomes"][0]["payment"].update(percent_at_risk=25))
    [p] = findings(path)["TP-FEE-AT-RISK"]
    assert p.where.path == "outcomes[0].payment.percent_at_risk" and "commercial.yaml" in p.message


def test_fees_at_risk_add_up_per_lot(tmp_path):
    """TP-FEE-AT-RISK: 15% and 10% of lot 1's fee on two outcomes, 25% in all, is reported at outcomes."""
    def two(d):
        d["outcomes"][0]["payment"]["percent_at_risk"] = 15
        d["outcomes"][3]["payment"] = {"type": "fee_at_risk", "percent_at_risk": 10}
    [p] = findings(write_example(tmp_path, two))["TP-FEE-AT-RISK"]
    assert p.where.path == "outcomes" and "25%" in p.message and "lot 1" in p.message


def test_fee_at_risk_needs_a_priced_lot(tmp_path):
    """TP-FEE-AT-RISK-FEE: a fee at risk for lot 2 when the pricing schedule has no items for lot 2 is an error."""
    def unpriced(d):
        d["outcomes"][0]["lots"] = [2]
        d["pricing"]["items"] = [i for i in d["pricing"]["items"] if i["lot"] == 1]
    [p] = findings(write_example(tmp_path, unpriced))["TP-FEE-AT-RISK-FEE"]
    assert p.severity == "error" and p.where.path == "outcomes[0].lots" and "lot 2" in p.message


def test_fees_at_risk_cannot_exceed_the_whole_fee(tmp_path):
    """TP-FEE-AT-RISK-FEE: 60% and 50% of lot 1's fee at risk, 110% in all, is an error."""
    def too_much(d):
        d["outcomes"][0]["payment"]["percent_at_risk"] = 60
        d["outcomes"][3]["payment"] = {"type": "fee_at_risk", "percent_at_risk": 50}
    [p] = findings(write_example(tmp_path, too_much))["TP-FEE-AT-RISK-FEE"]
    assert p.where.path == "outcomes" and "110%" in p.message


def test_outcome_naming_another_lot(tmp_path):
    """TP-LOT-SCOPE: a lot 1 outcome whose statement mentions lot 2 is a warning at its statement."""
    path = write_example(tmp_path, lambda d: d["outcomes"][3].update(statement="Care visits in lot 2 happen on time."))
    [p] = findings(path)["TP-LOT-SCOPE"]
    assert p.severity == "warning" and p.where.path == "outcomes[3].statement" and "outcomes[3].lots" in p.message


def test_requirement_for_every_lot_naming_one(tmp_path):
    """TP-LOT-SCOPE: a requirement for every lot that mentions lot 2 is reported, pointing to lot 2's requirements."""
    path = write_example(tmp_path, lambda d: d["requirements"].append("For lot 2, alarms must be answered within 60 seconds."))
    [p] = findings(path)["TP-LOT-SCOPE"]
    assert p.where.path == "requirements[1]" and "lots.items[1].requirements" in p.message


def test_lot_condition_naming_another_or_missing_lot(tmp_path):
    """TP-LOT-SCOPE: lot 1's condition mentioning lot 2, and one mentioning a lot 3 that does not exist, are reported."""
    def conditions(d):
        d["lots"]["items"][0]["conditions"] += ["Experience of the care technology in lot 2.", "As for lot 3."]
    found = findings(write_example(tmp_path, conditions))["TP-LOT-SCOPE"]
    assert [p.where.path for p in found] == ["lots.items[0].conditions[1]", "lots.items[0].conditions[2]"]
    assert "there is no lot 3" in found[1].message


def test_exclusion_is_not_a_condition_of_participation(tmp_path):
    """TP-EXCLUSION-IN-CONDITIONS: a condition about excluded suppliers or debarment is an error at that condition."""
    def excluded(d):
        d["conditions"] = {"legal": ["You must not be an excluded supplier.", "You must hold a waste carrier licence."],
                           "technical": ["You are not on the debarment list."]}
    found = findings(write_spec(tmp_path, excluded))["TP-EXCLUSION-IN-CONDITIONS"]
    assert [p.where.path for p in found] == ["conditions.legal[0]", "conditions.technical[0]"]
    assert all(p.severity == "error" for p in found)


def test_exclusion_in_a_lot_condition(tmp_path):
    """TP-EXCLUSION-IN-CONDITIONS: a lot's condition about excludable suppliers is an error too."""
    path = write_example(tmp_path, lambda d: d["lots"]["items"][0]["conditions"].append("You must not be excludable."))
    [p] = findings(path)["TP-EXCLUSION-IN-CONDITIONS"]
    assert p.where.path == "lots.items[0].conditions[1]"


@pytest.mark.parametrize("form", ["Short Form Contract", "the government's Mid-tier contract", "NEC4 Term Service Contract",
                                  "JCT Minor Works", "Model Services Contract"])
def test_contract_form_names_no_model_contract(tmp_path, form):
    """TP-MODEL-CONTRACT: a contract_form naming a model contract the pack does not carry is an error."""
    [p] = findings(write_spec(tmp_path, lambda d: d["commercial"].update(contract_form=form)))["TP-MODEL-CONTRACT"]
    assert p.severity == "error" and p.where.path == "commercial.contract_form"


@pytest.mark.parametrize("form", ["grounds maintenance services contract", "contract for necessary repairs",
                                  "short contract for window cleaning"])
def test_contract_form_describing_the_contract_is_fine(tmp_path, form):
    """TP-MODEL-CONTRACT: a description of the contract (even with words like 'necessary' or 'short') is fine."""
    assert "TP-MODEL-CONTRACT" not in findings(write_spec(tmp_path, lambda d: d["commercial"].update(contract_form=form)))


def test_shares_add_up_to_100(tmp_path):
    """TP-JOINT-SHARES: shares of 60% and 50% when each authority signs its own contract are an error."""
    path = write_example(tmp_path, lambda d: d["buyer"]["participants"][0].update(share_percent=50))
    [p] = findings(path)["TP-JOINT-SHARES"]
    assert p.severity == "error" and p.where.path == "buyer.lead.share_percent" and "110%" in p.message


def test_kpi_value_unknown_without_shares(tmp_path):
    """TP-KPI-VALUE: each authority signs its own contract, the total is over £5m, and Eastvale's share is missing."""
    path = write_example(tmp_path, lambda d: d["buyer"]["participants"][0].pop("share_percent"))
    [p] = findings(path)["TP-KPI-VALUE"]
    assert p.severity == "warning" and p.where.path == "buyer.participants[0].share_percent"
    assert "Eastvale Borough Council" in p.message and "£5,760,000" in p.message


def joint(d, total=6_000_000, contracts="each_authority"):
    """The minimal spec as a joint open procedure worth `total` (VAT at 20%), shared 50:50."""
    above_threshold(d, total)
    d["buyer"]["lead"]["share_percent"] = 50
    d["buyer"]["participants"] = [{"name": "Other Town Council", "share_percent": 50}]
    d["buyer"]["contracts"] = contracts


def test_kpis_follow_each_contracts_own_value(tmp_path):
    """PA23-S52-KPIS: £7.2m with VAT shared 50:50, each council signing its own £3.6m contract: no KPI duty, no finding."""
    assert "PA23-S52-KPIS" not in findings(write_spec(tmp_path, joint))


def test_kpis_for_one_contract_signed_by_both(tmp_path):
    """PA23-S52-KPIS: the same £7.2m as one contract signed by both councils needs three KPIs."""
    [p] = findings(write_spec(tmp_path, lambda d: joint(d, contracts="one")))["PA23-S52-KPIS"]
    assert "£7,200,000" in p.message and "at least 3" in p.message


def test_kpis_per_lot(tmp_path):
    """PA23-S52-KPIS: lot 1 worth £6m with VAT needs three KPIs for lot 1; KPIs for lot 2 only do not count."""
    def lots(d):
        above_threshold(d, 6_000_000)
        d["lots"] = {"items": [{"number": 1, "title": "North", "value": 5_000_000},
                               {"number": 2, "title": "South", "value": 1_000_000}]}
    [p] = findings(write_spec(tmp_path, lots))["PA23-S52-KPIS"]
    assert p.message.startswith("Lot 1 (£6,000,000) is worth over £5,000,000") and "for lot 1" in p.message


# --------------------------------------------------------------------------- validate


def test_validate_groups_problems_by_severity_with_codes(tmp_path):
    """validate lists errors, then warnings, each with its code, place and source; exit code 2."""
    def bad(d):
        d["commercial"]["payment_days"] = 45
        d["value"]["annual_value"] = 12000
        d["conditions"] = {"minimum_turnover": 100000}
    path = write_spec(tmp_path, bad)
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    out = result.output
    assert "1 error, 1 warning" in out
    assert out.index("errors:") < out.index("[PA23-S68-PAYMENT]") < out.index("warnings:") < out.index("[PA23-S22-TURNOVER]")
    line = next(line for line in out.splitlines() if "PA23-S68-PAYMENT" in line)
    assert line.strip().startswith(f"{path}:") and "commercial.payment_days" in line
    assert "(Procurement Act 2023 s.68, s.73, s.88)" in line


def test_validate_warnings_only_exit_0_and_strict_exit_2(tmp_path):
    """Warnings alone: validate exits 0; with --strict it exits 2."""
    def warn(d):
        d["value"]["annual_value"] = 12000
        d["conditions"] = {"minimum_turnover": 100000}
    path = write_spec(tmp_path, warn)
    ok = run("validate", path)
    assert ok.exit_code == 0 and "valid, 0 errors, 1 warning" in ok.output
    assert run("validate", path, "--strict").exit_code == 2


# --------------------------------------------------------------------------- waivers


def turnover_warning(d):
    d["value"]["annual_value"] = 12000
    d["conditions"] = {"minimum_turnover": 100000}


def test_waived_warning_is_shown_as_waived(tmp_path):
    """A waived warning is not a problem any more: validate shows it as waived, with the reason."""
    def waived(d):
        turnover_warning(d)
        d["waivers"] = [{"rule": "PA23-S22-TURNOVER", "reason": "Our finance team set this figure for a reason."}]
    result = run("validate", write_spec(tmp_path, waived))
    assert result.exit_code == 0, result.output
    assert "0 warnings, 1 waived" in result.output
    assert "waived:" in result.output and "Our finance team set this figure" in result.output


def test_waiver_for_unknown_rule_is_an_error(tmp_path):
    """A waiver naming a rule that does not exist is an error at waivers[0].rule, with a suggestion."""
    def unknown(d):
        d["waivers"] = [{"rule": "PA23-S22-TURNOVR", "reason": "A typo in the rule code here."}]
    path = write_spec(tmp_path, unknown)
    [p] = findings(path)["WAIVER-UNKNOWN-RULE"]
    assert p.severity == "error" and p.where.path == "waivers[0].rule" and "did you mean 'PA23-S22-TURNOVER'" in p.message
    assert run("validate", path).exit_code == 2


def test_waiving_an_error_is_an_error(tmp_path):
    """Only warnings can be waived: a waiver for an error rule is itself an error, and the error stays."""
    def waive_error(d):
        d["commercial"]["payment_days"] = 45
        d["waivers"] = [{"rule": "PA23-S68-PAYMENT", "reason": "We always pay in 45 days here."}]
    found = findings(write_spec(tmp_path, waive_error))
    assert found["WAIVER-OF-ERROR"][0].where.path == "waivers[0].rule"
    assert "PA23-S68-PAYMENT" in found


# --------------------------------------------------------------------------- plugins


def test_raising_rule_plugin_is_named_and_other_rules_still_run(tmp_path):
    """A rule that raises, and a plugin whose registration raises, are named; the built-in rules still run."""
    path = write_spec(tmp_path, turnover_warning)
    result = run("validate", path, "--plugins-dir", RULE_PLUGINS / "raising")
    assert result.exit_code == 1, result.output
    assert "rule BROKEN-CHECK from plugin 'raising_rule' failed: RuntimeError: the rules server is down" in result.output
    assert "plugin 'raising_register' failed in hook register_rules: ValueError" in result.output
    assert "[PA23-S22-TURNOVER]" in result.output


def test_outside_plugin_adds_a_rule(tmp_path):
    """A plugin's own rule runs with the built-in ones and its findings are located."""
    found = findings(MINIMAL, [RULE_PLUGINS / "house"])
    [p] = found["HOUSE-CONTACT-PHONE"]
    assert p.plugin == "house_rules" and p.where.path == "contacts[0].phone" and p.where.line == 41


def test_duplicate_rule_code_is_reported_against_the_second_plugin(tmp_path):
    """Two plugins registering one code: the second is named and its rule dropped."""
    (tmp_path / "copycat.py").write_text(
        "from tenderpack import Rule, hookimpl\n"
        "@hookimpl\n"
        "def register_rules(register):\n"
        "    register(Rule('PA23-S68-PAYMENT', 'warning', 'Mine', 'me', lambda spec: []))\n")
    rules, failures = collect_rules(Plugins([tmp_path]))
    assert [str(f) for f in failures] == [
        "plugin 'copycat' failed in hook register_rules: rule code 'PA23-S68-PAYMENT' is already used by plugin 'rules'"]
    assert next(r for r in rules if r.code == "PA23-S68-PAYMENT").plugin == "rules"


def test_rule_paths_may_be_strings():
    """A finding's path may be written as a string; it is located like a tuple."""
    from tenderpack.reader import read_spec

    spec = read_spec(MINIMAL)
    rule = Rule("X-STRING-PATH", "warning", "t", "s", lambda s: [Finding("m", "award.criteria[1].weight")])
    report = run_rules(spec, [rule], None, "f.yaml")
    assert report.problems[0].where.path == "award.criteria[1].weight"


# --------------------------------------------------------------------------- build


def small_build_args(out):
    return ["-o", out, "--format", "docx", "--only", "invitation-to-tender"]


def test_build_stops_on_errors_and_keeps_the_earlier_pack(tmp_path):
    """A spec breaking a rule: build exits 2, writes nothing, and leaves the earlier pack as it was."""
    out = tmp_path / "out"
    (tmp_path / "good").mkdir()
    first = run("build", write_spec(tmp_path / "good"), *small_build_args(out))
    assert first.exit_code == 0, first.output
    before = sorted((p.name, p.read_bytes()) for p in out.rglob("*") if p.is_file())
    bad = write_spec(tmp_path, lambda d: d["commercial"].update(payment_days=45))
    result = run("build", bad, *small_build_args(out))
    assert result.exit_code == 2, result.output
    assert "[PA23-S68-PAYMENT]" in result.output and "nothing was written" in result.output
    assert "wrote" not in result.output
    assert sorted((p.name, p.read_bytes()) for p in out.rglob("*") if p.is_file()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good", "out", "tender.yaml"]


def test_build_goes_on_with_warnings_and_strict_stops(tmp_path):
    """Warnings are shown and the build goes on; with --strict the build stops with exit 2."""
    path = write_spec(tmp_path, turnover_warning)
    ok = run("build", path, *small_build_args(tmp_path / "ok"))
    assert ok.exit_code == 0, ok.output
    assert "[PA23-S22-TURNOVER]" in ok.output
    manifest = json.loads((tmp_path / "ok" / "manifest.json").read_text())
    assert [w["code"] for w in manifest["warnings"]] == ["PA23-S22-TURNOVER"]
    strict = run("build", path, *small_build_args(tmp_path / "strict"), "--strict")
    assert strict.exit_code == 2 and not (tmp_path / "strict").exists()


def test_waivers_are_recorded_in_the_manifest(tmp_path):
    """A waiver, its reason and the findings it covers are recorded in manifest.json."""
    def waived(d):
        turnover_warning(d)
        d["waivers"] = [{"rule": "PA23-S22-TURNOVER", "reason": "Our finance team set this figure for a reason."}]
    result = run("build", write_spec(tmp_path, waived), *small_build_args(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    [waiver] = manifest["waivers"]
    assert waiver["rule"] == "PA23-S22-TURNOVER" and waiver["reason"].startswith("Our finance team")
    assert waiver["source"].startswith("Procurement Act 2023 s.22")
    assert waiver["findings"][0]["path"] == "conditions.minimum_turnover"
    assert manifest["warnings"] == []


def test_build_stops_when_a_rule_plugin_raises(tmp_path):
    """A rule plugin that raises stops the build (exit 1) after naming it; nothing is written."""
    result = run("build", write_spec(tmp_path), *small_build_args(tmp_path / "out"), "--plugins-dir", RULE_PLUGINS / "raising")
    assert result.exit_code == 1
    assert "BROKEN-CHECK" in result.output and not (tmp_path / "out").exists()


def test_phases_that_narrow_say_how_places_are_chosen(tmp_path):
    """TP-PHASES-SELECTION: phase 1 funds three suppliers and phase 2 two; without a selection rule on
    phase 1, the spec is reported at that phase; with one, it is not."""
    def no_selection(d):
        d["procedure"]["innovation_phases"][0].pop("selection", None)
    [p] = findings(write_example(tmp_path, no_selection))["TP-PHASES-SELECTION"]
    assert p.severity == "warning" and p.where.path == "procedure.innovation_phases[0]"
    assert "TP-PHASES-SELECTION" not in findings(write_example(tmp_path, name="ok.yaml"))


def test_a_cap_shared_by_several_suppliers_says_how(tmp_path):
    """TP-CAP-SHARE: lot 1 has up to three winners; a cap 'for all contracts together' leaves no bidder able to
    price its share, so it is reported; a cap per supplier is not."""
    def shared(d):
        d["outcomes"][1]["payment"]["cap_per"] = "all_contracts"
    [p] = findings(write_example(tmp_path, shared))["TP-CAP-SHARE"]
    assert p.severity == "warning" and p.where.path == "outcomes[1].payment.cap_per"
    assert "TP-CAP-SHARE" not in findings(write_example(tmp_path, name="ok.yaml"))


def test_the_payment_rule_cites_the_section_of_the_tender_s_regime(tmp_path):
    # s.68 implies the 30-day term into public contracts; s.88 into below-threshold ones.
    examples = Path(__file__).parents[1] / "examples"
    for name, says in (("small-open-grounds.yaml", "every below-threshold contract (s.88)"),
                       ("innovation-home-care.yaml", "every public contract (s.68)")):
        data = yaml.safe_load((examples / name).read_text(encoding="utf-8"))
        data["commercial"]["payment_days"] = 45
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        found = findings(path)["PA23-S68-PAYMENT"]
        assert len(found) == 1 and says in found[0].message, (name, found)

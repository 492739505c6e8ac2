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

from tenderpack import Finding, Rule
from tenderpack.cli import cli
from tenderpack.plugins import Plugins
from tenderpack.rules import check_file, collect_rules, run_rules

HERE = Path(__file__).parent
ROOT = HERE.parent
MINIMAL = HERE / "fixtures" / "minimal.yaml"
RULE_PLUGINS = HERE / "plugins" / "rules"
BASE = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))


def write_spec(tmp_path: Path, change=None, name: str = "tender.yaml") -> Path:
    """A copy of the minimal spec, changed by ``change(data)``, written to ``tmp_path``."""
    data = copy.deepcopy(BASE)
    if change:
        change(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def findings(path: Path, plugins_dirs=()) -> dict[str, list]:
    """code -> the problems (not waived) that rule found."""
    _, report = check_file(path, Plugins(plugins_dirs))
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
    _, report = check_file(ROOT / spec, Plugins())
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
    """The figures the rules use live in data files with a source and an 'as of' date."""
    folder = ROOT / "plugins" / "tenderpack_rules" / "data"
    for name in ("thresholds", "tendering_periods", "bank_holidays", "named_products"):
        data = yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8"))
        assert data["source"] and isinstance(data["as_of"], dt.date), name


def test_check_figures_are_warnings():
    """Rules built on figures marked [check] (thresholds, turnover, brands, bank holidays) are warnings."""
    rules = {r.code: r for r in collect_rules(Plugins())[0]}
    for code in ("PA23-SCH1-THRESHOLD", "PA23-S22-TURNOVER", "PA23-S56-OR-EQUIVALENT", "PA23-S51-STANDSTILL"):
        assert rules[code].severity == "warning", code


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
    assert p.source == "Procurement Act 2023 s.68, s.73"


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
    """PA23-S51-STANDSTILL: three working days after the award is too short; Good Friday is not a working day."""
    def standstill(end):
        def change(d):
            above_threshold(d)
            d["timetable"]["standstill_end"] = end
        return change
    [p] = findings(write_spec(tmp_path, standstill(dt.date(2027, 3, 18))))["PA23-S51-STANDSTILL"]
    assert "25 March 2027" in p.message
    assert "PA23-S51-STANDSTILL" not in findings(write_spec(tmp_path, standstill(dt.date(2027, 3, 25)), "ok.yaml"))


def test_standstill_counts_bank_holidays(tmp_path):
    """PA23-S51-STANDSTILL: with the August bank holiday, 1 September 2027 is a day short."""
    data = yaml.safe_load((ROOT / "examples" / "innovation-home-care.yaml").read_text(encoding="utf-8"))
    data["timetable"]["standstill_end"] = dt.date(2027, 9, 1)
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    [p] = findings(path)["PA23-S51-STANDSTILL"]
    assert "2 September 2027" in p.message


def test_dates_in_order(tmp_path):
    """TP-DATES-ORDER: questions closing after the tender deadline, or a milestone before the notice, are errors."""
    def disorder(d):
        d["timetable"]["clarification_deadline"] = dt.datetime(2027, 3, 1, 13)
        d["timetable"]["milestones"] = [{"date": dt.date(2027, 1, 5), "event": "Briefing"}]
    found = findings(write_spec(tmp_path, disorder))["TP-DATES-ORDER"]
    assert {p.where.path for p in found} == {"timetable.clarification_deadline", "timetable.milestones[0].date"}
    assert all(p.severity == "error" for p in found)


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
    assert "(Procurement Act 2023 s.68, s.73)" in line


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
    first = run("build", MINIMAL, *small_build_args(out))
    assert first.exit_code == 0, first.output
    before = sorted((p.name, p.read_bytes()) for p in out.rglob("*") if p.is_file())
    bad = write_spec(tmp_path, lambda d: d["commercial"].update(payment_days=45))
    result = run("build", bad, *small_build_args(out))
    assert result.exit_code == 2, result.output
    assert "[PA23-S68-PAYMENT]" in result.output and "nothing was written" in result.output
    assert "wrote" not in result.output
    assert sorted((p.name, p.read_bytes()) for p in out.rglob("*") if p.is_file()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "tender.yaml"]


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
    result = run("build", MINIMAL, *small_build_args(tmp_path / "out"), "--plugins-dir", RULE_PLUGINS / "raising")
    assert result.exit_code == 1
    assert "BROKEN-CHECK" in result.output and not (tmp_path / "out").exists()

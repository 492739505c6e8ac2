"""Contract KPIs apart from the outcomes (spec.kpis): measure, target, reporting, what happens when missed.

They count towards the three KPIs a public contract over £5 million needs (s.52, rule
PA23-S52-KPIS), reach the draft contract (its KPI clause and Schedule 3) and the contract
summary for small firms. The OCDS tender notice has no place for KPIs (the UK profile keeps
them for contract details notices), so it is left as it was. Nothing changes without kpis.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

import tenderpack
from tenderpack.errors import SpecError
from tenderpack.plugins import Plugins
from tenderpack.reader import read_spec
from tenderpack.tender import Tender
from tenderpack.tree import to_data

from _packs import docx_tables, docx_text
from conftest import EXAMPLES

HERE = Path(__file__).parent
BASE = yaml.safe_load((HERE / "fixtures" / "minimal.yaml").read_text(encoding="utf-8"))

ON_TIME = {"name": "Windows cleaned on time",
           "measure": "Planned cleans done within two working days of the planned date, as a share of all planned cleans",
           "target": "95%", "reporting": "monthly", "if_missed": "service_credit", "service_credit_percent": 2}
COMPLAINTS = {"name": "Complaints answered",
              "measure": "Complaints answered within five working days, as a share of all complaints",
              "target": "90%"}
SAFETY = {"name": "Safety incidents", "measure": "Safety incidents on site that must be reported by law",
          "target": "None", "reporting": "yearly", "if_missed": "other",
          "if_missed_details": "We review your safety plan with you within one month"}


def big(d, kpis=(ON_TIME, COMPLAINTS, SAFETY)):
    """The minimal spec as an open procedure for one contract worth £7.2m with VAT, with these contract KPIs."""
    d["commercial"]["contract_form"] = "window cleaning contract"
    d["procedure"] = {"type": "open"}
    d["value"] = {"estimated_excluding_vat": 6_000_000, "estimated_including_vat": 7_200_000}
    d["timetable"]["standstill_end"] = "2027-03-24"
    if kpis is not None:
        d["kpis"] = [copy.deepcopy(k) for k in kpis]


def write(tmp_path: Path, change, name: str = "tender.yaml") -> Path:
    data = copy.deepcopy(BASE)
    change(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def errors(path: Path) -> list[str]:
    with pytest.raises(SpecError) as info:
        read_spec(path)
    return [str(i) for i in info.value.issues]


def kpi_findings(path: Path) -> list:
    return [p for p in Tender.load(path, Plugins(())).checks().problems if p.code == "PA23-S52-KPIS"]


# --------------------------------------------------------------------------- the spec


def test_kpis_are_read_with_their_defaults(tmp_path):
    """A KPI needs a name, a measure and a target; it is reported quarterly and met with a plan unless it says."""
    spec = read_spec(write(tmp_path, big))
    complaints = spec.kpis[1]
    assert complaints.reporting == "quarterly" and complaints.if_missed.value == "remedial_plan"
    assert complaints.lots == [] and complaints.service_credit_percent is None
    assert spec.kpis[0].service_credit_percent == 2


@pytest.mark.parametrize("change, where, words", [
    (lambda k: k[0].pop("service_credit_percent"), "kpis[0].service_credit_percent",
     "is required with if_missed: service_credit"),
    (lambda k: k[1].update(service_credit_percent=3), "kpis[1].service_credit_percent",
     "is used only with if_missed: service_credit, not remedial_plan"),
    (lambda k: k[2].pop("if_missed_details"), "kpis[2].if_missed_details", "is required with if_missed: other"),
    (lambda k: k[1].update(name="windows cleaned  on time"), "kpis[1].name",
     "is already the name of kpis[0]"),
    (lambda k: k[0].update(lots=[1]), "kpis[0].lots", "the contract is not divided into lots"),
    (lambda k: k[0].update(reporting="weekly"), "kpis[0].reporting", "monthly"),
    (lambda k: k[0].update(service_credit_percent=150), "kpis[0].service_credit_percent", "100"),
    (lambda k: k[1].pop("target"), "kpis[1].target", "required"),
])
def test_a_kpi_that_cannot_be_applied_is_an_error_at_its_field(tmp_path, change, where, words):
    """Each error names the KPI's field and says what to write."""
    def spec(d):
        big(d)
        change(d["kpis"])
    found = errors(write(tmp_path, spec))
    assert any(f": {where}: " in e and words in e for e in found), found


# --------------------------------------------------------------------------- the KPI duty (s.52)


def test_three_contract_kpis_meet_the_duty(tmp_path):
    """A £7.2m contract with three contract KPIs (and no outcomes) needs no more."""
    assert kpi_findings(write(tmp_path, big)) == []


def test_contract_kpis_and_outcome_kpis_count_together(tmp_path):
    """Two contract KPIs and one outcome marked kpi make three."""
    def mixed(d):
        big(d, (ON_TIME, COMPLAINTS))
        d["outcomes"] = [{"id": "O1", "statement": "Residents find the town hall clean.",
                          "indicator": {"name": "Residents who say the windows are clean", "unit": "percent"},
                          "targets": [{"value": "80%", "by": "2028-03-31"}], "data_source": "Yearly survey",
                          "frequency": "yearly", "verified_by": "The council's performance team"}]
    assert kpi_findings(write(tmp_path, mixed)) == []


def test_two_contract_kpis_are_too_few(tmp_path):
    """Two contract KPIs: a warning at kpis, saying how many more to add and how."""
    [p] = kpi_findings(write(tmp_path, lambda d: big(d, (ON_TIME, COMPLAINTS))))
    assert p.where.path == "kpis" and "The spec has 2" in p.message
    assert "add 1 or more under kpis:" in p.message and "if_missed" in p.message


def test_a_lots_own_kpis_count_for_that_lot_only(tmp_path):
    """Lot 1 is worth £6m with VAT: three KPIs for lot 2 do not give lot 1 any."""
    def lots(d):
        big(d, [dict(k, lots=[2]) for k in (ON_TIME, COMPLAINTS, SAFETY)])
        d["lots"] = {"items": [{"number": 1, "title": "North", "value": 5_000_000},
                               {"number": 2, "title": "South", "value": 1_000_000}]}
    [p] = kpi_findings(write(tmp_path, lots))
    assert p.message.startswith("Lot 1 (£6,000,000)") and "add 3 or more under kpis: with lots: [1]" in p.message

    def lot_one(d):
        lots(d)
        for k in d["kpis"]:
            k["lots"] = [1]
    assert kpi_findings(write(tmp_path, lot_one, "lot1.yaml")) == []


# --------------------------------------------------------------------------- the documents


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    """The draft contract and the contract summary of the £7.2m contract with three contract KPIs, in Word."""
    from tenderpack.build import BuildOptions, build

    folder = tmp_path_factory.mktemp("kpis")
    out = folder / "pack"
    build(write(folder, big), out, BuildOptions(formats=("docx",), only=("draft-contract", "contract-summary")))
    return out


def _table(path: Path, header: str) -> list[list[str]]:
    return next(t for t in docx_tables(path) if t[0][0] == header and "How we measure it" in t[0])


def test_schedule_3_lists_each_kpi_with_its_measure_target_reporting_and_what_happens(pack):
    """Schedule 3 (KPIs) has one row per contract KPI: KPI, how we measure it, target, reporting, if missed."""
    rows = _table(pack / "draft-contract.docx", "KPI")
    assert rows[0] == ["KPI", "How we measure it", "Target", "Reporting", "If the target is missed"]
    on_time, complaints, safety = rows[1:]
    assert on_time[:4] == ["Windows cleaned on time", ON_TIME["measure"], "95%", "Every month"]
    assert on_time[4].startswith("We take 2% off the charges for that month (a service credit). If you miss it two "
                                 "months in a row, you send us a plan to put it right (clause ")
    assert complaints[3] == "Every quarter"
    assert complaints[4].startswith("If you miss it two quarters in a row, you send us a plan to put it right")
    assert safety[4].startswith("We review your safety plan with you within one month. If you miss it two years in a "
                                "row")


def test_the_kpi_clause_gives_the_service_credit_and_schedule_3_the_duty(pack):
    """The KPI clause says how a service credit works (only because a KPI has one); Schedule 3 gives the s.52
    and s.71 duties of this £7.2m contract."""
    words = docx_text(pack / "draft-contract.docx")
    assert ("If Schedule 3 (KPIs) gives a service credit for a KPI and you miss its target in a reporting period, "
            "we reduce the charges for that period by the service credit.") in words
    assert "Schedule 3 (KPIs) sets out the KPIs for the Services, how each is measured and its target." in words
    assert ("Section 52 of the Procurement Act 2023 requires at least three KPIs for it, set out in this schedule "
            "before it is signed.") in words
    assert "Schedule 3: Not used" not in words


def test_no_service_credit_no_service_credit_words(tmp_path):
    """Without a service credit, neither the clause nor the schedule speaks of one."""
    from tenderpack.build import BuildOptions, build

    out = tmp_path / "pack"
    build(write(tmp_path, lambda d: big(d, (COMPLAINTS, SAFETY, dict(COMPLAINTS, name="Invoices right")))), out,
          BuildOptions(formats=("docx",), only=("draft-contract", "contract-summary")))
    assert "service credit" not in docx_text(out / "draft-contract.docx").lower()
    assert "service credit" not in docx_text(out / "sme" / "contract-summary.docx").lower()


def test_the_contract_summary_mentions_them_in_one_paragraph(pack):
    """The contract in brief for small firms: how many KPIs, where they are, and the service credit."""
    words = docx_text(pack / "sme" / "contract-summary.docx")
    line = next(x for x in words.splitlines() if "key performance indicators" in x)
    assert line == ("The contract sets three key performance indicators (KPIs) for your work, each with a target. "
                    "Schedule 3 of the draft contract says how we measure each KPI and what happens if you miss its "
                    "target. For one of the KPIs, if you miss the target, we pay less for that period (a service "
                    "credit).")


def test_the_notice_has_no_place_for_kpis_and_stays_as_it_was():
    """The UK profile has no tender-notice field for KPIs (noAgreedMetricsRationale is a contract's, for contract
    details notices): the notice of a spec with KPIs is the notice without them, and it validates."""
    from tenderpack_ocds import validation
    from tenderpack_ocds.notice import release_package

    def spec(kpis):
        data = copy.deepcopy(BASE)
        big(data, kpis)
        return tenderpack.Spec.model_validate(data)
    with_kpis = release_package(spec((ON_TIME, COMPLAINTS, SAFETY)), [])
    assert validation.errors(with_kpis) == []
    assert json.dumps(with_kpis, sort_keys=True) == json.dumps(release_package(spec(None), []), sort_keys=True)
    assert "Windows cleaned on time" not in json.dumps(with_kpis)


def _trees(spec: tenderpack.Spec) -> dict:
    from tenderpack.compose import compose, plan
    from tenderpack.library import load_library

    plugins = Plugins(())
    library = load_library(plugins).for_spec(spec)
    return {doc.id: json.dumps(to_data(compose(spec, plugins, doc, clauses=library).sections), sort_keys=True)
            for doc in plan(spec, plugins)}


@pytest.mark.parametrize("example", ["small-open-grounds.yaml", "innovation-home-care.yaml"])
def test_nothing_changes_without_kpis(example):
    """An empty kpis: composes every document exactly as a spec without the key."""
    data = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    without = tenderpack.Spec.model_validate(data)
    data["kpis"] = []
    assert _trees(tenderpack.Spec.model_validate(data)) == _trees(without)

"""Procedures, outcomes, evaluation and joint buying at full depth, and the bad input that stops
a build: stages out of order, an outcome without an indicator, lot weights that do not add up."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import yaml

import tenderpack
from tenderpack import text
from tenderpack.errors import SpecError
from tenderpack.reader import read_spec

from _packs import built, docx_text, flat, pdf_text
from conftest import EXAMPLES as EXAMPLES_DIR, load_example
from test_plugins_content import cell_rows, plain, sections, tables

HOME = "innovation-home-care.yaml"
GROUNDS = "small-open-grounds.yaml"


def data_of(example: str) -> dict:
    return yaml.safe_load((EXAMPLES_DIR / example).read_text(encoding="utf-8"))


def errors_of(tmp_path, data: dict) -> str:
    """The message of the SpecError that reading ``data`` raises (or fail)."""
    spec_file = tmp_path / "tender.yaml"
    spec_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(SpecError) as exc:
        read_spec(spec_file)
    return str(exc.value)


def lines_for(message: str, path: str) -> list[str]:
    return [line for line in message.splitlines() if f": {path}: " in line]


# --------------------------------------------------------------------------- stages in order


def _swap(i, j):
    def change(d):
        st = d["procedure"]["stages"]
        st[i], st[j] = st[j], st[i]
    return change


@pytest.mark.parametrize("change, path, words", [
    (_swap(1, 3), "procedure.stages[1].type", "final tenders come before any tender"),
    (_swap(1, 2), "procedure.stages[1].type", "negotiation comes before any tender stage"),
    (_swap(0, 1), "procedure.stages[1].type", "participation must be the first stage"),
    (lambda d: d["procedure"]["stages"].append({"type": "tender", "name": "Stage 5: more tenders"}),
     "procedure.stages[4].type", "only a presentation can follow final tenders"),
    (lambda d: d["procedure"]["stages"][0].update(type="shortlisting"), "procedure.stages[0].type",
     "shortlisting needs something to shortlist from"),
])
def test_stages_in_an_order_that_makes_no_sense_are_errors(tmp_path, change, path, words):
    """Final tenders before tenders, negotiation before any tender, participation not first, a stage
    after final tenders, shortlisting with nothing to shortlist: each an error at the stage's type."""
    data = data_of(HOME)
    change(data)
    found = lines_for(errors_of(tmp_path, data), path)
    assert found and words in found[0], found


@pytest.mark.parametrize("change, path, words", [
    (lambda d: d["procedure"]["stages"][2].update(starts="2027-05-01"), "procedure.stages[2].starts",
     "is before procedure.stages[1] ends"),
    (lambda d: d["procedure"]["stages"][1].update(ends="2027-04-01"), "procedure.stages[1].ends",
     "is before the stage starts"),
    (lambda d: d["procedure"]["stages"][0].update(starts="2027-02-01"), "procedure.stages[0].starts",
     "is before the tender notice"),
    (lambda d: d["procedure"]["stages"][3].update(ends="2027-09-01"), "procedure.stages[3].ends",
     "after the evaluation ends"),
    (lambda d: d["procedure"]["stages"][1].update(deadline="2027-06-30T12:00"), "procedure.stages[1].deadline",
     "outside the stage's own dates"),
    (lambda d: d["procedure"]["stages"][0].update(deadline="2027-04-02T12:00"), "procedure.stages[0].deadline",
     "the timetable's tender_deadline"),
])
def test_stage_dates_out_of_order_are_errors(tmp_path, change, path, words):
    """Stage dates must follow the notice and one another, and each deadline must sit in its stage."""
    data = data_of(HOME)
    change(data)
    found = lines_for(errors_of(tmp_path, data), path)
    assert found and words in found[0], found


@pytest.mark.parametrize("change, path, words", [
    (lambda d: d["procedure"]["innovation_phases"][1].update(starts="2028-01-15"),
     "procedure.innovation_phases[1].starts", "before the go/no-go decision"),
    (lambda d: d["procedure"]["innovation_phases"][0].update(starts="2027-09-01"),
     "procedure.innovation_phases[0].starts", "before the contract starts"),
    (lambda d: d["procedure"]["innovation_phases"][0].update(decision="2027-09-30"),
     "procedure.innovation_phases[0].decision", "before the phase starts"),
])
def test_phase_dates_out_of_order_are_errors(tmp_path, change, path, words):
    """Research and development phases run in order inside the contract, each decision after its start."""
    data = data_of(HOME)
    change(data)
    found = lines_for(errors_of(tmp_path, data), path)
    assert found and words in found[0], found


def test_an_outcome_without_an_indicator_says_what_is_missing(tmp_path):
    """A missing indicator is an error at outcomes[i].indicator that says what an indicator is."""
    data = data_of(HOME)
    del data["outcomes"][1]["indicator"]
    data["outcomes"][2]["id"] = "3rd"   # another error in the same outcomes list is still reported
    message = errors_of(tmp_path, data)
    line = lines_for(message, "outcomes[1].indicator")[0]
    assert re.match(r".*tender\.yaml:\d+:\d+: outcomes\[1\]\.indicator: is required: every outcome needs an indicator", line)
    assert "what is measured (name) and in what unit" in line
    assert lines_for(message, "outcomes[2].id")


def test_a_lot_that_names_a_missing_criterion_is_an_error(tmp_path):
    """A lot's criteria must be award criteria ids."""
    data = data_of(HOME)
    data["lots"]["items"][1]["criteria"] = ["Q1", "Q9"]
    assert "no award criterion has the id 'Q9'" in lines_for(errors_of(tmp_path, data), "lots.items[1].criteria[1]")[0]


@pytest.mark.parametrize("weights, path, words", [
    ({"Q1": 30, "Q2": 15, "Q3": 10, "Q4": 10, "P1": 20, "SV1": 10}, "lots.items[0].weights", "add up to 95, not 100"),
    ({"Q1": 25, "P1": 25}, "lots.items[0].weights", "missing: Q2, Q3, Q4, SV1"),
    ({"Q1": 25, "Q2": 15, "Q3": 10, "Q4": 10, "P1": 25, "SV1": 10, "Z1": 5}, "lots.items[0].weights.Z1", "no award criterion"),
])
def test_lot_weights_must_cover_the_lot_and_add_up(tmp_path, weights, path, words):
    """Weights per lot name real criteria, cover every criterion of the lot, and add up to 100."""
    data = data_of(HOME)
    data["lots"]["items"][0]["weights"] = weights
    found = lines_for(errors_of(tmp_path, data), path)
    assert found and words in found[0], found


def test_nothing_is_built_from_bad_input(tmp_path):
    """With stages out of order, the CLI exits 2 and no pack folder appears."""
    from click.testing import CliRunner

    from tenderpack.cli import cli

    data = data_of(HOME)
    _swap(1, 3)(data)
    spec_file = tmp_path / "tender.yaml"
    spec_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(spec_file), "-o", str(tmp_path / "pack")])
    assert result.exit_code == 2 and "procedure.stages[1].type" in result.output
    assert not (tmp_path / "pack").exists()


# --------------------------------------------------------------------------- the procedure in the invitation


def test_invitation_describes_each_stage_with_its_deadline():
    """Each stage has its dates and its deadline; a stage without a description gets a plain one."""
    data = data_of(HOME)
    data["procedure"]["stages"][2].pop("description")
    spec = tenderpack.Spec.model_validate(data)
    body = plain(sections(spec, "invitation-to-tender"))
    assert "We negotiate with each bidder on its tender, one bidder at a time." in body
    assert f"Deadline: send your tender by {text.datetime(spec.procedure.stages[1].deadline)}." in body
    assert f"Deadline: send your final tender by {text.datetime(spec.procedure.stages[3].deadline)}." in body
    assert (f"Deadline: send {text.STAGE_SENDS['participation']} by {text.datetime(spec.timetable.tender_deadline)}."
            in body)


def test_timetable_follows_the_stages_and_phases():
    """The timetable lists each stage, each stage deadline and each phase with its go/no-go decision, in date order."""
    spec = load_example(HOME)
    rows = cell_rows(tables(sections(spec, "invitation-to-tender"), "Timetable")[0])
    events = [r[1] for r in rows]
    order = []
    for stage in spec.procedure.stages:
        order.append(events.index(stage.name))
        if stage.deadline:
            order.append(next(i for i, e in enumerate(events) if e.startswith("Deadline for") and stage.name in e))
    assert order == sorted(order)
    for phase in spec.procedure.innovation_phases:
        owner = f" (lot {phase.lots[0]})" if phase.lots else ""   # the phases belong to their lot
        assert f"{phase.name}{owner}" in events
        if phase.decision:
            assert f"Go/no-go decision: {phase.name}{owner}" in events
            i = events.index(f"Go/no-go decision: {phase.name}{owner}")
            assert rows[i][0] == text.date(phase.decision, weekday=True)


def test_phases_have_dates_budgets_and_gates_in_the_outcome_specification():
    """Each phase shows when it runs, its budget, seed funding and the date of its go/no-go decision."""
    spec = load_example(HOME)
    rows = cell_rows(tables(sections(spec, "outcome-specification"), "Phases and budgets")[0])
    for row, phase in zip(rows, spec.procedure.innovation_phases):
        assert row[0] == phase.name and text.money(phase.budget) == row[2]
        assert row[1].startswith(f"{text.date(phase.starts)} to {text.date(phase.ends)}")
        if phase.decision:
            assert row[5] == text.date(phase.decision)


def test_open_procedure_is_one_stage():
    """The open procedure of a public contract is one stage that any supplier can enter, cited through the law;
    below the threshold the same competition is the buyer's own open competition, with no citation of section 20."""
    data = data_of(GROUNDS)
    data["procedure"]["type"] = "open"
    data["value"].update(estimated_excluding_vat=400000, estimated_including_vat=480000, budget_ceiling=400000)
    spec = tenderpack.Spec.model_validate(data)
    body = plain(sections(spec, "invitation-to-tender"))
    assert f"We are using the open procedure ({tenderpack.law.cite(spec, 'competitive-procedures')})." in body
    assert "There is one stage." in body
    data = data_of(GROUNDS)
    data["procedure"]["type"] = "open"
    body = plain(sections(tenderpack.Spec.model_validate(data), "invitation-to-tender"))
    assert "We are running an open competition in one stage." in body and "section 20" not in body


# --------------------------------------------------------------------------- outcomes


def test_outcome_table_has_every_column_the_specification_needs():
    """The table of outcomes gives statement, priority, indicator with unit, baseline or 'set in year 1',
    targets with dates, data source and frequency, who checks, payment link and KPI."""
    spec = load_example(HOME)
    secs = sections(spec, "outcome-specification")
    measured = cell_rows(tables(secs, "Outcomes at a glance")[0])
    checked = cell_rows(tables(secs, "How each outcome is checked and paid")[0])
    for o, m, c in zip(spec.outcomes, measured, checked):
        assert m[1] == o.statement and m[2] == o.priority.capitalize()
        assert m[3] == f"{o.indicator.name} ({o.indicator.unit})"
        assert m[4].startswith(o.baseline.value) if o.baseline.value else m[4] == "Set in year 1"
        for t in o.targets:
            assert f"{t.value} by {text.date(t.by)}" in m[5]
        assert c[1] == f"{o.data_source} ({o.frequency})" and c[2] == o.verified_by
        assert c[4] == ("Yes" if o.kpi else "No")


def test_payment_mechanism_says_who_pays_how_much_on_what_evidence_and_when():
    """For each paid outcome: who pays, the amount and its unit, the cap, the evidence, who checks it and when."""
    spec = load_example(HOME)
    secs = sections(spec, "outcome-specification")
    body = plain(secs)
    o2 = next(o for o in spec.outcomes if o.payment.type.value == "price_per_outcome")
    assert (f"For outcome {o2.id}, the authorities pay you {text.money(o2.payment.amount)} excluding VAT "
            f"for each {o2.payment.unit}.") in body
    for o in spec.outcomes:
        if o.payment.type.value == "none":
            continue
        assert f"Evidence: {o.data_source}, measured {o.frequency}." in body
        assert f"Who checks it: {o.verified_by}." in body
        assert f"We pay {o.payment.timing}, within {spec.commercial.payment_days} days of a valid invoice." in body
    rows = cell_rows(tables(secs, "Payment for outcomes")[0])
    assert [r[0] for r in rows] == [o.id for o in spec.outcomes if o.payment.type.value != "none"]
    assert rows[1][2] == f"£650 for each {o2.payment.unit}" and rows[1][3] == text.money(o2.payment.cap)


def test_a_single_buyer_pays_in_its_own_name():
    """Buying alone, the payment sentences name the buyer."""
    data = data_of(HOME)
    data["buyer"]["participants"] = []
    spec = tenderpack.Spec.model_validate(data)
    assert "For outcome O2, Dunmore City Council pays you £650" in plain(sections(spec, "outcome-specification"))


# --------------------------------------------------------------------------- evaluation


def test_lots_with_their_own_weights_get_a_table_and_their_own_price_sum():
    """Weights per lot are shown for every lot, and the price example says which weight each lot uses."""
    data = data_of(HOME)
    data["lots"]["items"][1]["criteria"] = []   # every criterion, with this lot's own weights
    data["lots"]["items"][1]["weights"] = {"Q1": 20, "Q2": 10, "Q3": 10, "Q4": 10, "P1": 40, "SV1": 10}
    spec = tenderpack.Spec.model_validate(data)
    secs = sections(spec, "evaluation-methodology")
    rows = cell_rows(tables(secs, "Weights for each lot")[0])
    assert rows[4] == ["P1: Price", "25%", "40%"] and rows[-1] == ["Total", "100%", "100%"]
    assert "For lot 2, price counts for 40%. The sum for that lot uses 40 instead of 25." in plain(secs)


def test_tie_break_is_always_explained():
    """With no tie-break in the spec, the methodology still says what happens on a tie."""
    data = data_of(GROUNDS)
    data["award"].pop("tie_break")
    body = plain(sections(tenderpack.Spec.model_validate(data), "evaluation-methodology"))
    assert "If two tenders have the same total score, we choose the tender with the higher total score for quality." in body
    assert "If they are still level, we choose the tender with the lower price." in body


def test_evaluation_read_back_from_word_and_pdf_has_scale_minimums_formula_and_example():
    """The Word and PDF files of the methodology carry the weights, the scale with its descriptors,
    the minimum scores, the price formula with the worked example from the spec, and the tie-break."""
    spec = load_example(GROUNDS)
    pack = built(GROUNDS)
    for body in (flat(docx_text(pack / "evaluation-methodology.docx")), flat(pdf_text(pack / "evaluation-methodology.pdf"))):
        for c in spec.award.criteria:
            assert c.name in body and text.percent(c.weight) in body
        assert "An excellent answer, complete and backed by strong evidence." in body
        assert "Price score = lowest price ÷ your price × 30" in body
        prices = spec.award.price.example_prices
        lowest = min(prices)
        for p in prices:
            score = (lowest / p * 30).quantize(Decimal("0.01"))
            assert f"{text.money(lowest)} ÷ {text.money(p)} × 30" in body and f"{score:.2f}" in body
        assert spec.award.tie_break in body
        assert "A score below 2 on this question." in body


# --------------------------------------------------------------------------- joint procurement


FULL_DOCUMENTS = ["invitation-to-tender", "evaluation-methodology", "outcome-specification", "social-value",
                  "social-value-schedule"]


def test_the_invitation_names_the_lead_the_participants_and_who_signs():
    """In a joint procurement, the invitation's "Who is buying" names the lead authority, the others and who
    signs for each (read back from the Word file)."""
    spec = load_example(HOME)
    body = flat(docx_text(built(HOME) / "invitation-to-tender.docx"))
    assert "lead authority" in body
    for a in spec.authorities:
        assert a.name in body and a.signatory in body, a.name


@pytest.mark.parametrize("doc_id", FULL_DOCUMENTS)
def test_every_document_names_both_councils(doc_id):
    """Each document of the full pack names every authority (a short "we means X and Y" is enough)."""
    spec = load_example(HOME)
    body = flat(docx_text(built(HOME) / f"{doc_id}.docx"))
    for a in spec.authorities:
        assert a.name in body, a.name


def test_the_joint_paragraph_is_not_repeated_in_the_evaluation_methodology():
    """The joint-procurement paragraph (text.joint_buyers) belongs in the invitation's "Who is buying" only."""
    spec = load_example(HOME)
    joint = text.joint_buyers(spec)
    body = plain(sections(spec, "evaluation-methodology"))
    assert not [s for s in joint if s in body]
    assert joint[0] in plain([s for s in sections(spec, "invitation-to-tender") if s.key == "itt:who"])

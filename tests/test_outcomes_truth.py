"""The outcome specification, the social value documents and the contract schedules say only what
is true for the tender they are in: the KPI duties for each contract's own value, payment formulas
with worked examples, outcomes and phases on their own lots, who signs which contract, one
instruction for the social value question, KPIs fixed before signature, and no sentence without
its fact.

The documents are composed as trees from the plugins (no rendering), and read as plain text.
"""

from __future__ import annotations

from _packs import section_units

import importlib
import re

import pytest
import yaml

import tenderpack
from tenderpack import text
from tenderpack.tree import Heading, KeyFacts, Paragraph, Table, plain_text, walk

from conftest import EXAMPLES, ROOT

outcomes_plugin = importlib.import_module("tenderpack_outcomes")
sv_plugin = importlib.import_module("tenderpack_social_value")
contract_plugin = importlib.import_module("tenderpack_contract")

HOME = "innovation-home-care.yaml"
GROUNDS = "small-open-grounds.yaml"


# --------------------------------------------------------------------------- helpers


def spec_of(example: str, change=None) -> tenderpack.Spec:
    data = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    if change:
        change(data)
    return tenderpack.Spec.model_validate(data)


def secs(spec, doc_id: str) -> list[tenderpack.Section]:
    """The sections the three plugins give a document (the contract without its clauses)."""
    doc = tenderpack.DocumentType(id=doc_id, title=doc_id)
    out = []
    out += outcomes_plugin.document_sections(spec=spec, document=doc) or []
    out += sv_plugin.document_sections(spec=spec, document=doc) or []
    out += contract_plugin.document_sections(spec=spec, document=doc, clauses=[]) or []
    return sorted(out, key=lambda s: s.order)


def units(sections) -> list[str]:
    return section_units(sections)


def body(sections) -> str:
    return "\n".join(units(sections))


def schedules(spec) -> str:
    """The text of the contract's five schedules."""
    return body([s for s in secs(spec, "draft-contract") if s.key.startswith("schedule:")])


def section(spec, doc_id: str, key: str) -> tenderpack.Section:
    return next(s for s in secs(spec, doc_id) if s.key == key)


def table_rows(sections, caption: str) -> list[list[str]]:
    table = next(b for s in sections for b in walk(s.blocks) if isinstance(b, Table) and b.caption == caption)
    return [[plain_text(c) for c in row] for row in table.rows]


def big_lot_one(d):
    """One contract for both councils, lot 1 worth £5.4m including VAT: only lot 1's contract is over £5m."""
    d["buyer"]["contracts"] = "one"
    d["lots"]["items"][0]["value"] = 4500000
    d["value"]["estimated_excluding_vat"] = 5700000
    d["value"]["estimated_including_vat"] = 6840000


def no_social_value(d):
    d.pop("social_value")
    d["award"]["criteria"] = [c for c in d["award"]["criteria"] if c["type"] != "social_value"]
    d["award"]["criteria"][0]["weight"] += 10


def no_phases(d):
    d["procedure"]["innovation_phases"] = []


def grounds_with_fee_at_risk(d):
    """The grounds contract (no lots, one buyer) with one outcome whose fee is at risk."""
    d["outcomes"] = [{
        "id": "G1", "statement": "Residents are happy with the parks.",
        "indicator": {"name": "Residents satisfied with the parks", "unit": "percent"},
        "targets": [{"value": "80%", "by": "2028-03-31"}],
        "data_source": "Yearly residents' survey", "frequency": "yearly", "verified_by": "The Town Clerk",
        "payment": {"type": "fee_at_risk", "percent_at_risk": 5, "timing": "yearly in arrears"}, "kpi": True}]


# --------------------------------------------------------------------------- 1. KPIs and the law


def test_plugins_hard_code_no_kpi_threshold_or_section():
    """The £5m KPI threshold and the sections of the Act come from tenderpack.law, never from the plugins."""
    for name in ("tenderpack_outcomes", "tenderpack_social_value", "tenderpack_contract"):
        for path in (ROOT / "plugins" / name).glob("*.py"):
            source = path.read_text(encoding="utf-8")
            assert not re.search(r"KPI_\w*THRESHOLD|5_?000_?000|£5 million|section \d", source), path


@pytest.mark.parametrize("doc_id", ["draft-contract", "social-value-schedule"])
def test_kpi_duty_is_not_claimed_when_no_contract_is_over_5_million(doc_id):
    """Each council signs its own contract for a lot of £3.6m or £1.2m: no contract is over £5m, so no
    sentence cites section 52 or 71 or says the contract is worth more than £5 million."""
    spec = spec_of(HOME)
    assert not tenderpack.law.regime(spec).kpi_duty
    words = body(secs(spec, doc_id))
    for phrase in ("section 52", "section 71", "Section 52", "£5,000,000", "5 million", "worth more than"):
        assert phrase not in words, phrase


def test_kpi_duty_is_cited_for_the_contract_whose_own_value_is_over_5_million():
    """When lot 1's own contract is over £5m, Schedule 3 cites section 52 for that contract only, and
    section 71 for publishing performance; lot 2's contract is not named."""
    spec = spec_of(HOME, big_lot_one)
    kpis = body([section(spec, "draft-contract", "schedule:kpis")])
    assert "Each contract is judged on its own value: the contract for lot 1 is worth more than £5,000,000 including VAT." in kpis
    assert ("Section 52 of the Procurement Act 2023 requires at least three KPIs for that contract, "
            "set out in this schedule before it is signed.") in kpis
    assert "as section 71 of the Procurement Act 2023 requires" in kpis
    assert "lot 2" not in kpis


def test_social_value_schedule_cites_section_71_for_yearly_publication():
    """Publishing performance against KPIs at least yearly is section 71 (never 52), and only where the duty applies."""
    words = body(secs(spec_of(HOME, big_lot_one), "social-value-schedule"))
    assert "at least every 12 months, as section 71 of the Procurement Act 2023 requires" in words
    assert "section 52" not in words


def test_a_single_contract_over_5_million_says_so_in_its_own_words():
    """One buyer, no lots, worth over £5m including VAT: 'This contract is worth more than £5,000,000'."""
    def change(d):
        d["procedure"]["type"] = "open"
        d["value"].update(estimated_excluding_vat=6000000, estimated_including_vat=7200000, budget_ceiling=6000000)
    spec = spec_of(GROUNDS, change)
    kpis = body([section(spec, "draft-contract", "schedule:kpis")])
    assert "This contract is worth more than £5,000,000 including VAT." in kpis
    assert "Section 52 of the Procurement Act 2023 requires at least three KPIs for it" in kpis


def test_below_the_threshold_no_kpi_schedule_cites_the_act():
    """A below-threshold contract: neither KPI schedule mentions the Procurement Act."""
    spec = spec_of(GROUNDS)
    assert "Procurement Act" not in body([section(spec, "draft-contract", "schedule:kpis")])
    assert "Procurement Act" not in body(secs(spec, "social-value-schedule"))


# --------------------------------------------------------------------------- 2. payment formulas


def test_fee_at_risk_has_a_formula_and_worked_example_in_the_specification_and_the_contract():
    """For a fee at risk: the formula in words, all-or-nothing achievement when the spec defines no
    partial achievement, which target applies, and a worked example from the spec's own figures,
    the same in the outcome specification and in Schedule 2 of the contract."""
    spec = spec_of(HOME)
    for words in (body(secs(spec, "outcome-specification")), body([section(spec, "draft-contract", "schedule:charges")])):
        assert ("At-risk share for a quarter = charges for lot 1 for the quarter × 10%. "
                "Amount paid of the at-risk share = at-risk share × achievement.") in words
        assert ("Achievement is 1 when the result for the quarter meets the target, and 0 when it misses it. "
                "There is no part payment.") in words
        assert ("The target for a quarter is the one in force on its last day: 82% from 30 September 2028 "
                "and 86% from 30 September 2030.") in words
        # Dunmore's 60% of lot 1's £3,600,000, split between its 3 suppliers, over the 60 months of the whole
        # term (36 + two extensions of 12): £720,000 / 60 × 3 = £36,000 a quarter.
        assert ("For example, take Dunmore City Council's contract for lot 1 with one supplier, with charges of "
                "£36,000 for a quarter.") in words
        assert "The at-risk share is £36,000 × 10% = £3,600." in words
        assert ("If the result meets the target, the amount paid of the at-risk share is £3,600 × 1 = £3,600. "
                "Dunmore City Council pays all £36,000.") in words
        assert ("If it misses, the amount paid of the at-risk share is £3,600 × 0 = £0. "
                "Dunmore City Council pays £32,400.") in words
        assert "in line with your results" not in words


def test_fee_at_risk_applies_only_to_the_charges_of_its_lots():
    """O1 belongs to lot 1: the share at risk is of the lot 1 charges, never of both lots."""
    spec = spec_of(HOME)
    words = body(secs(spec, "outcome-specification"))
    assert "For outcome O1, 10% of your charges for lot 1 are at risk." in words
    assert "10% of charges for lot 1 at risk" in words          # the summary table
    assert "both lots" not in words and "of your total price" not in words


def test_fee_at_risk_without_lots_uses_the_whole_contract():
    """No lots: the share is of 'your charges', and the example comes from the contract's estimated value."""
    spec = spec_of(GROUNDS, grounds_with_fee_at_risk)
    words = body(secs(spec, "outcome-specification"))
    assert "For outcome G1, 5% of your charges are at risk." in words
    # £60,000 over 36 months (24 + a 12-month extension) is £20,000 a year.
    assert "For example, take charges of £20,000 for a year. That is the contract's estimated value, £60,000" in words
    assert "The at-risk share is £20,000 × 5% = £1,000." in words
    assert "If the result meets the target, the amount paid of the at-risk share is £1,000 × 1 = £1,000. We pay all £20,000." in words
    assert "lot" not in words.lower().replace("allot", "")


def test_price_per_outcome_is_amount_times_results_above_the_baseline_capped():
    """A price per outcome: amount × the number of results above the baseline, with an example and the cap."""
    words = body([section(spec_of(HOME), "draft-contract", "schedule:charges")])
    assert "Payment for a quarter = £650 × the number of results in the quarter." in words
    assert "One result is one person above the baseline who needs no ongoing care." in words
    assert "Those 20 results give 20 × £650 = £13,000." in words
    assert ("The most we pay for this outcome is £400,000 excluding VAT, for each supplier, across all its contracts "
            "for lot 1.") in words


def test_bonus_is_amount_for_each_year_the_target_is_met_capped():
    """A bonus: amount × the years in which the target is met, with an example and the cap."""
    words = body(secs(spec_of(HOME), "outcome-specification"))
    assert "Bonus = £25,000 × the number of years in which the result meets the target." in words
    assert "For example, if the result meets the target in 2 years, the bonus is 2 × £25,000 = £50,000." in words
    assert ("The most we pay for this outcome is £75,000 excluding VAT, for each supplier, across all its contracts "
            "for lot 1.") in words


def test_the_contract_gives_the_same_payment_sentences_as_the_outcome_specification():
    """Every sentence of the payment mechanism in the outcome specification is in the contract's Schedule 2."""
    spec = spec_of(HOME)
    spec_section = units([section(spec, "outcome-specification", "outcomes:payment")])
    contract = units([section(spec, "draft-contract", "schedule:charges")])
    mechanism = [u for u in spec_section if u.startswith(("For outcome", "At-risk share", "Payment for a", "Bonus =",
                                                           "For example", "The most we pay", "Achievement is",
                                                           "The baseline is a percentage", "If the result"))]
    assert len(mechanism) >= 10
    for line in mechanism:
        assert line in contract, line


def test_at_risk_share_and_amount_paid_are_named_consistently():
    """The at-risk share is charges × percent at risk, whatever the result; the amount paid of it is the
    at-risk share × achievement. 'At-risk share' never names the amount paid."""
    spec = spec_of(HOME)
    o1 = next(o for o in spec.outcomes if o.id == "O1")
    lines = tenderpack.payments.fee_at_risk(spec, o1)
    share, paid = lines[1].split(". ")
    assert share == "At-risk share for a quarter = charges for lot 1 for the quarter × 10%"
    assert "achievement" not in share
    assert paid == "Amount paid of the at-risk share = at-risk share × achievement."


def test_fee_at_risk_example_is_one_councils_contract_with_one_supplier():
    """When each authority signs its own contract, the worked example is the lead authority's own contract
    (its share_percent of the lot) with one of the lot's suppliers, and says so."""
    words = body(secs(spec_of(HOME), "outcome-specification"))
    assert ("That is Dunmore City Council's 60% share of the estimated value of lot 1, £3,600,000, split equally "
            "between the 3 suppliers of lot 1. We spread it evenly over the 60 months of the whole term.") in words
    assert "£180,000" not in words


def test_fee_at_risk_example_without_shares_says_it_is_for_illustration():
    """Each authority signs its own contract but no share is given: the example says plainly that its figures
    are across all contracts together, for illustration only."""
    def change(d):
        d["buyer"]["lead"].pop("share_percent")
        d["buyer"]["participants"][0].pop("share_percent")
    words = body(secs(spec_of(HOME, change), "outcome-specification"))
    assert "across all contracts together, for illustration only" in words


def test_a_percentage_baseline_says_how_the_number_above_it_is_counted():
    """A price per result above a percentage baseline: results = count − (baseline % × total), with the count
    and total named, no payment at or below the baseline, and a worked example."""
    words = body([section(spec_of(HOME), "draft-contract", "schedule:charges")])
    assert ("The baseline is a percentage, so we count the results for a quarter like this: "
            "results = count − (baseline % × total).") in words
    assert ("The count is the number of people who need no ongoing care package six weeks after reablement ends, "
            "in the quarter. The total is everyone the indicator divides by in the quarter.") in words
    assert ("For example, suppose the baseline set in the first year is 40%, and the total for a quarter is 200. "
            "Then baseline % × total = 40% × 200 = 80.") in words
    assert "If the count is 100, there are 100 − 80 = 20 results." in words


def test_a_known_percentage_baseline_is_used_in_the_example():
    """When the baseline is known, the example counts from it, not from a supposed figure."""
    spec = spec_of(HOME, lambda d: d["outcomes"][1]["baseline"].update(value="42.5%", date="2026-03-31"))
    words = body(secs(spec, "outcome-specification"))
    assert ("For example, with the baseline of 42.5%, suppose the total for a quarter is 200. "
            "Then baseline % × total = 42.5% × 200 = 85.") in words
    assert "set in the first year is" not in words


def test_a_cap_shared_by_several_contracts_says_so_once_with_the_cap():
    """Several contracts carry the payment: each cap says what it is for (here each supplier), said once
    with the cap in the payment mechanism, not in a separate sentence for every limit."""
    spec = spec_of(HOME)
    words = body(secs(spec, "outcome-specification"))
    assert "Each limit below" not in words
    capped = [o for o in spec.outcomes if o.payment.cap is not None]
    assert words.count("for each supplier, across all its contracts for lot 1") == len(capped) == 2
    assert "over the contract is" not in words


def test_a_cap_of_one_contract_is_over_the_contract():
    """One buyer, one supplier, no lots: the cap is over the contract, and nothing mentions other contracts."""
    def change(d):
        grounds_with_fee_at_risk(d)
        d["outcomes"][0]["payment"]["cap"] = 3000
    words = body(secs(spec_of(GROUNDS, change), "outcome-specification"))
    assert "The most we pay for the at-risk share of this outcome over the contract is £3,000 excluding VAT." in words
    assert "contracts together" not in words


# --------------------------------------------------------------------------- 3. lots


def test_each_outcome_says_which_lot_it_belongs_to():
    """The outcome specification, the invitation summary and Schedule 1 each show every outcome's lot."""
    spec = spec_of(HOME)
    spec_secs = secs(spec, "outcome-specification")
    assert [r[-1] for r in table_rows(spec_secs, "Outcomes at a glance")] == ["Lot 1"] * 4
    assert "Every outcome belongs to lot 1 only. They apply to you only if you win lot 1." in body(spec_secs)
    itt = outcomes_plugin.document_sections(spec=spec, document=tenderpack.DocumentType(id="invitation-to-tender", title="x"))
    assert [r[-1] for r in table_rows(itt, "The outcomes we want")] == ["Lot 1"] * 4
    assert "The outcomes are part of lot 1 only." in body([section(spec, "draft-contract", "schedule:specification")])


def test_an_outcome_with_no_lots_applies_to_every_lot():
    """Outcome.lots empty means every lot, and the documents say so."""
    spec = spec_of(HOME, lambda d: [o.pop("lots") for o in d["outcomes"]])
    words = body(secs(spec, "outcome-specification"))
    assert "Every outcome applies to every lot." in words
    assert "For outcome O1, 10% of your charges for each lot are at risk." in words


def test_phases_say_which_lot_they_belong_to():
    """Phases belong to Phase.lots: the outcome specification and Schedule 2 say lot 1 only."""
    spec = spec_of(HOME)
    assert "The phases are part of lot 1 only." in body(secs(spec, "outcome-specification"))
    assert "The phases are part of lot 1 only." in body([section(spec, "draft-contract", "schedule:charges")])
    assert [r[-1] for r in table_rows(secs(spec, "outcome-specification"), "Phases and budgets")] == ["Lot 1"] * 3


def test_lot_requirements_are_shown_for_their_lot_only():
    """A lot's own requirements are listed under that lot, in the specification and in Schedule 1."""
    spec = spec_of(HOME)
    for words in (body(secs(spec, "outcome-specification")),
                  body([section(spec, "draft-contract", "schedule:specification")])):
        assert "lot 1 (Reablement and home care) only" in words
        for item in spec.lots.items[0].requirements:
            assert item in words


# --------------------------------------------------------------------------- 4. who signs which contract


def test_social_value_schedule_is_part_of_each_authoritys_own_contract():
    """Each council signs its own contract: the schedule never speaks of one contract between both and the supplier."""
    words = body(secs(spec_of(HOME), "social-value-schedule"))
    assert "This schedule is part of each authority's contract with the supplier" in words
    assert "between Dunmore City Council and Eastvale Borough Council and the supplier" not in words


def test_social_value_schedule_names_the_one_contract_when_the_authorities_sign_together():
    """buyer.contracts: one -> the one contract between the authorities and the supplier."""
    words = body(secs(spec_of(HOME, lambda d: d["buyer"].update(contracts="one")), "social-value-schedule"))
    assert ("This schedule is part of the one contract between Dunmore City Council and Eastvale Borough Council "
            "and the supplier.") in words


def test_contract_signatures_follow_buyer_contracts():
    """Each authority signs its own contract, or all sign one, as buyer.contracts says."""
    own = body([section(spec_of(HOME), "draft-contract", "contract:signatures")])
    assert "Each authority signs its own contract with you" in own
    one = body([section(spec_of(HOME, lambda d: d["buyer"].update(contracts="one")), "draft-contract", "contract:signatures")])
    assert "sign this one contract" in one and "its own contract" not in one


@pytest.mark.parametrize("doc_id", ["outcome-specification", "social-value", "social-value-schedule"])
def test_joint_procurement_wording_is_not_repeated_in_these_documents(doc_id):
    """The joint-procurement paragraph belongs to the invitation and the contract; here a short 'we means' is enough."""
    spec = spec_of(HOME)
    words = body(secs(spec, doc_id))
    for sentence in text.joint_buyers(spec):
        assert sentence not in words
    assert "Dunmore City Council and Eastvale Borough Council" in words


def test_the_contract_says_the_joint_procurement_wording_once():
    """The draft contract carries the joint-procurement sentences once."""
    spec = spec_of(HOME)
    words = units(secs(spec, "draft-contract"))
    for sentence in text.joint_buyers(spec):
        assert words.count(sentence) == 1


# --------------------------------------------------------------------------- 5. the social value question


def test_social_value_question_gives_one_instruction_everywhere():
    """Bidders address every chosen award criterion: the requirements, the invitation, the evaluation and the
    response form say so, and nothing invites them to choose only some."""
    spec = spec_of(HOME)
    for doc_id in ("social-value", "invitation-to-tender", "response-form", "evaluation-methodology"):
        words = body(secs(spec, doc_id))
        assert "one or more" not in words and "one of them or more" not in words, doc_id
    for doc_id in ("social-value", "invitation-to-tender", "response-form"):
        assert ("Make a commitment towards each of these award criteria. If your answer makes no commitment "
                "towards one of them, we score the answer lower.") in body(secs(spec, doc_id)), doc_id


# --------------------------------------------------------------------------- 6. KPIs before signature


def test_kpis_are_set_in_the_schedule_before_signature():
    """Schedule 3 holds the KPIs before signature; nothing says they will be agreed later."""
    spec = spec_of(HOME)
    kpis = body([section(spec, "draft-contract", "schedule:kpis")])
    assert "These are the KPIs of this contract. We set them here before we sign it." in kpis
    assert [o.id for o in spec.outcomes if o.kpi] == ["O1", "O2", "O4"]
    for o in ("O1", "O2", "O4"):
        assert f"\n{o}\n" in kpis
    everything = body(secs(spec, "draft-contract")) + body(secs(spec, "social-value-schedule"))
    assert "agree the KPIs" not in everything


def test_winning_commitments_become_kpis_written_in_at_signature():
    """Social value commitments are written into the schedule before signing, and are KPIs from signature."""
    spec = spec_of(GROUNDS)
    assert "From signature, each commitment is a performance indicator (KPI) of the contract." in body(
        secs(spec, "social-value-schedule"))
    assert "The KPIs of this contract are your social value commitments." in body(
        [section(spec, "draft-contract", "schedule:kpis")])
    assert "Agreed with you" not in schedules(spec)


# --------------------------------------------------------------------------- 7. nothing without its fact


def test_no_outcomes_no_outcome_or_phase_words_in_the_schedules():
    """The grounds contract has no outcomes and no phases: the schedules never mention them."""
    words = schedules(spec_of(GROUNDS)).lower()
    for word in ("outcome", "phase", "go/no-go", "seed funding", "at risk", "bonus"):
        assert word not in words, word


def test_no_social_value_no_social_value_words_and_no_kpi_claim():
    """No social value and no outcomes: Schedules 3 and 4 are 'Not used' and nothing claims KPIs or social value."""
    spec = spec_of(GROUNDS, no_social_value)
    words = schedules(spec)
    assert "Schedule 3: Not used" in words and "Schedule 4: Not used" in words
    assert "social value" not in words.lower() and "KPI" not in words


def test_no_phases_no_phase_words():
    """No phases: neither the outcome specification nor the schedules speak of phases or go/no-go."""
    spec = spec_of(HOME, no_phases)
    for words in (body(secs(spec, "outcome-specification")), schedules(spec)):
        for word in ("phase", "go/no-go", "seed funding"):
            assert word not in words.lower(), word


# --------------------------------------------------------------------------- 8. deadlines


def test_the_contract_points_to_each_stages_questions_deadline_without_repeating_it():
    """In a competitive flexible procedure, the contract says to raise a term by the last time for questions of the
    stage a bidder is at, and leaves the dates to the invitation's timetable: said once, a moved deadline cannot
    leave the contract out of date (and does not re-render it)."""
    spec = spec_of(HOME)
    words = body([section(spec, "draft-contract", "contract:about")])
    assert ("tell us through the portal, by the last time for questions in the stage you are at. The timetable in "
            "the Invitation to tender gives that time for each stage.") in words
    for when in [spec.timetable.clarification_deadline, *(s.clarification_deadline for s in spec.procedure.stages)]:
        if when is not None:
            assert text.datetime(when) not in words
    assert "tender deadline" not in words.lower()


def test_budget_says_what_it_covers():
    """The published budget says whether it covers the first term, the whole term or a year."""
    spec = spec_of(HOME)
    assert "Our budget is £2,880,000 excluding VAT for the first term, to 30 September 2030, before any extension." in body(
        secs(spec, "outcome-specification"))


def test_the_contract_and_the_outcome_specification_share_one_payment_module():
    """One home for the payment wording: both plugins use tenderpack.payments, so the two documents cannot drift apart."""
    for path in ("plugins/tenderpack_outcomes/specification.py", "plugins/tenderpack_contract/schedules.py"):
        assert "from tenderpack import payments" in (ROOT / path).read_text(encoding="utf-8"), path
    assert not (ROOT / "plugins/tenderpack_contract/payments.py").exists()
    assert not (ROOT / "plugins/tenderpack_outcomes/payment.py").exists()



def test_a_cap_per_supplier_is_said_so():
    """With payment.cap_per: supplier, the cap is said to be for each supplier across its contracts."""
    body_text = body(secs(spec_of(HOME), "outcome-specification"))
    assert "The most we pay for this outcome is £400,000 excluding VAT, for each supplier, across all its " \
           "contracts for lot 1." in body_text

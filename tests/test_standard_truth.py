"""The standard documents say only what is true for the tender, and give bidders what they answer.

Each test composes the invitation to tender and the evaluation methodology from the
standard plugin alone (no rendering), for the two examples or a variant of one, and reads
the text back: the law cited only where it applies, exclusion apart from the conditions of
participation, deadlines named by stage, tenders valid until after signature, the budget's
period, prices per lot, winners per lot, the pack's own draft contract, lots with their own
requirements, and the joint-procurement paragraph in one place.
"""

from __future__ import annotations

import importlib
import re
from decimal import Decimal

import pytest
import yaml

import tenderpack
from tenderpack import text
from tenderpack.tree import Heading, KeyFacts, ListBlock, Paragraph, Table, plain_text, walk

from conftest import EXAMPLES, ROOT, load_example

STANDARD = importlib.import_module("tenderpack_standard")
HOME = "innovation-home-care.yaml"
GROUNDS = "small-open-grounds.yaml"
ITT = "invitation-to-tender"
EVAL = "evaluation-methodology"


# --------------------------------------------------------------------------- helpers


def documents(spec) -> dict[str, tenderpack.DocumentType]:
    found: list[tenderpack.DocumentType] = []
    STANDARD.register_documents(register=found.append, spec=spec)
    return {d.id: d for d in found}


def sections(spec, doc_id: str) -> list[tenderpack.Section]:
    """The sections the standard plugin gives a document, in order."""
    return sorted(STANDARD.document_sections(spec=spec, document=documents(spec)[doc_id]), key=lambda s: s.order)


def section(spec, doc_id: str, key: str) -> tenderpack.Section:
    return next(s for s in sections(spec, doc_id) if s.key == key)


def units(blocks) -> list[str]:
    """Each piece of text a reader sees: paragraphs, headings, table cells, facts."""
    out: list[str] = []
    for block in walk(blocks):
        if isinstance(block, Paragraph):
            out.append(plain_text(block.runs))
        elif isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [plain_text(c) for c in block.header] + [plain_text(c) for row in block.rows for c in row]
        elif isinstance(block, KeyFacts):
            for label, value in block.items:
                out += [label, plain_text(value)]
    return [u for u in out if u.strip()]


def plain(secs) -> str:
    return "\n".join(u for s in secs for u in [s.title, *units(s.blocks)])


def sentences(secs) -> list[str]:
    return [x for line in plain(secs).splitlines() for x in re.split(r"(?<=[.!?:])\s+", line) if x.strip()]


def rows(table: Table) -> list[list[str]]:
    return [[plain_text(c) for c in row] for row in table.rows]


def table(secs, caption: str) -> Table:
    return next(b for s in secs for b in walk(s.blocks) if isinstance(b, Table) and b.caption == caption)


def data_of(example: str) -> dict:
    return yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))


def variant(example: str, change) -> tenderpack.Spec:
    data = data_of(example)
    change(data)
    return tenderpack.Spec.model_validate(data)


def spec_text(spec) -> set[str]:
    """Every sentence the buyer wrote in the spec (stage descriptions, reasons...): not the plugin's words."""
    found: set[str] = set()

    def visit(value):
        if isinstance(value, str):
            found.update(x.strip().rstrip(".") for x in re.split(r"(?<=[.!?])\s+", " ".join(value.split())) if x.strip())
        elif isinstance(value, dict):
            for v in value.values():
                visit(v)
        elif isinstance(value, list):
            for v in value:
                visit(v)
    visit(spec.model_dump(mode="json"))
    return found


CITED = re.compile(r"\bsections? (\d+)(?: (to|and) (\d+))?")


def cited_sections(body: str) -> set[str]:
    """The section numbers a text cites: 'section 19', 'sections 81 to 83', 'sections 57 and 58'."""
    out: set[str] = set()
    for a, how, b in CITED.findall(body):
        if how == "to":
            out |= {str(n) for n in range(int(a), int(b) + 1)}
        else:
            out |= {a, *([b] if b else [])}
    return out


def _cfp_below(d):
    """The home care procedure, shrunk below the threshold (a below-threshold regime with stages)."""
    d["value"].update(estimated_excluding_vat=150000, estimated_including_vat=180000, annual_value=30000,
                      budget_ceiling=90000)
    for lot, v in zip(d["lots"]["items"], (100000, 50000)):
        lot["value"] = v
    for ph in d["procedure"]["innovation_phases"]:
        ph.update(budget=10000, seed_funding=None)


VARIANTS = {
    "home care": lambda: load_example(HOME),
    "grounds": lambda: load_example(GROUNDS),
    "grounds, open, above the threshold": lambda: variant(GROUNDS, lambda d: (
        d["procedure"].update(type="open"),
        d["value"].update(estimated_excluding_vat=400000, estimated_including_vat=480000, budget_ceiling=400000))),
    "grounds, open, below the threshold": lambda: variant(GROUNDS, lambda d: d["procedure"].update(type="open")),
    "home care, below the threshold": lambda: variant(HOME, _cfp_below),
}


# --------------------------------------------------------------------------- the law where it applies


@pytest.mark.parametrize("name", VARIANTS)
def test_every_section_cited_applies_to_this_tender(name):
    """A section of the Act is cited only when law.yaml says its duty applies to this tender's regime."""
    spec = VARIANTS[name]()
    allowed = tenderpack.law.sections_in_force(spec)
    for doc_id in (ITT, EVAL):
        body = plain(sections(spec, doc_id))
        assert cited_sections(body) <= allowed, (doc_id, cited_sections(body) - allowed)


def test_the_plugin_never_hard_codes_a_section_number():
    """Citations come from tenderpack.law: no 'section 19' or 's.20' written in the plugin's code."""
    for path in (ROOT / "plugins" / "tenderpack_standard").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(?:[Ss]ections?|s\.)\s?\d", source), path.name
        assert "Procurement Act 2023" not in source, path.name


@pytest.mark.parametrize("name", ["grounds", "home care, below the threshold", "grounds, open, below the threshold"])
def test_below_the_threshold_the_award_basis_is_the_buyers_choice(name):
    """Below the threshold: 'We will award ... most advantageous tender', never 'as the Act requires'."""
    spec = VARIANTS[name]()
    for doc_id in (ITT, EVAL):
        body = plain(sections(spec, doc_id))
        assert "most advantageous tender" in body
        assert "requires" not in " ".join(s for s in sentences(sections(spec, doc_id)) if "advantageous" in s)
        assert "Procurement Act 2023" not in body.replace(tenderpack.law.cite(spec, "below-threshold-no-suitability"), "")


def test_a_public_contract_cites_the_award_duty_through_the_law():
    """For a public contract, the basis of award cites law.cite(spec, 'most-advantageous-tender')."""
    spec = load_example(HOME)
    where = tenderpack.law.cite(spec, "most-advantageous-tender")
    for doc_id in (ITT, EVAL):
        assert f"as {where} requires" in plain(sections(spec, doc_id))


def test_the_procedure_cites_section_20_only_for_a_public_contract():
    """The competitive flexible procedure is named with its section for a public contract only."""
    public, below = load_example(HOME), VARIANTS["home care, below the threshold"]()
    assert (f"We are using the competitive flexible procedure ({tenderpack.law.cite(public, 'competitive-procedures')})."
            in plain([section(public, ITT, "itt:procedure")]))
    body = plain([section(below, ITT, "itt:procedure")])
    assert "Procurement Act" not in body and "stages that we have designed" in body


def test_below_threshold_no_suitability_stage_is_cited_through_the_law():
    """Below the threshold, 'no separate stage to check suppliers' cites the below-threshold rule."""
    spec = load_example(GROUNDS)
    where = tenderpack.law.cite(spec, "below-threshold-no-suitability")
    assert where and f"There is no separate stage to check suppliers before they bid ({where})." in plain(
        [section(spec, ITT, "itt:procedure")])


# --------------------------------------------------------------------------- exclusion and conflicts


def test_exclusion_is_its_own_section_apart_from_conditions():
    """The ITT has an 'Exclusion' section before 'Conditions of participation'; the conditions never
    treat exclusion as a condition."""
    for spec in (load_example(HOME), load_example(GROUNDS)):
        keys = [s.key for s in sections(spec, ITT)]
        assert keys.index("itt:exclusion") < keys.index("itt:conditions")
        conditions = plain([section(spec, ITT, "itt:conditions")]).lower()
        assert "excluded supplier" not in conditions and "must not be" not in conditions


def test_exclusion_for_a_public_contract_covers_every_part_with_its_citation():
    """Excluded and excludable suppliers, connected and associated persons, subcontractors, the debarment
    list, the central digital platform, self-cleaning and the declaration, each cited through the law."""
    spec = load_example(HOME)
    body = plain([section(spec, ITT, "itt:exclusion")])
    for words in ("excluded supplier", "excludable supplier", "mandatory exclusion ground",
                  "discretionary exclusion ground", "connected persons", "associated persons", "subcontractors",
                  "debarment list", "central digital platform", "core supplier information", "self-cleaning",
                  "Stage questionnaire"):
        assert words in body, words
    for key in ("exclusion", "associated-persons", "debarment-list", "excluded-in-competition"):
        assert tenderpack.law.cite(spec, key) in body, key
    cdp = next(line for line in body.splitlines() if "central digital platform" in line and "register" in line)
    assert not re.search(r"\bsection|regulation", cdp, re.I)


def test_exclusion_below_the_threshold_is_the_buyers_own_test():
    """Below the threshold: the buyer's own test, the same reach and self-cleaning, and no citation."""
    spec = load_example(GROUNDS)
    body = plain([section(spec, ITT, "itt:exclusion")])
    assert "our own test" in body and "connected persons" in body and "subcontractor" in body
    assert "self-cleaning" in body and "form of tender" in body
    assert "Procurement Act" not in body and "excluded supplier" not in body


def test_conflicts_of_interest_section_says_what_we_do_and_what_you_declare():
    """Public contract: the conflicts duty is cited; below the threshold it is good practice; both ask the bidder
    to declare a conflict and say where."""
    public, below = load_example(HOME), load_example(GROUNDS)
    body = plain([section(public, ITT, "itt:conflicts")])
    assert tenderpack.law.cite(public, "conflicts") in body and "Declare it in" in body
    body = plain([section(below, ITT, "itt:conflicts")])
    assert "As good practice" in body and "Procurement Act" not in body and "Declare it in the form of tender." in body


# --------------------------------------------------------------------------- conditions by lot


def test_lot_conditions_are_listed_under_their_lot_only():
    """A lot's own condition sits under a 'Lot N only' heading; general conditions apply to every lot."""
    spec = load_example(HOME)
    conditions = section(spec, ITT, "itt:conditions")
    lot = spec.lots.items[0]
    headings = [b.text for b in conditions.blocks if isinstance(b, Heading)]
    heading = f"Lot {lot.number} only: {lot.title}"
    assert heading in headings
    after = conditions.blocks[[getattr(b, "text", None) for b in conditions.blocks].index(heading):]
    own = next(b for b in after if isinstance(b, ListBlock))
    assert [plain_text(i[0].runs) for i in own.items] == lot.conditions
    before = conditions.blocks[:[getattr(b, "text", None) for b in conditions.blocks].index(heading)]
    assert lot.conditions[0] not in plain([tenderpack.Section("x", before)])
    assert "The conditions below apply to every lot. Lot 1 also has its own." in plain([conditions])


# --------------------------------------------------------------------------- deadlines by stage


def test_the_first_deadline_is_named_by_its_stage_in_the_key_facts():
    """In a competitive flexible procedure the timetable's tender_deadline is the first stage's deadline,
    and the key facts say so; the final tenders' deadline is there too."""
    spec = load_example(HOME)
    facts = dict((label, plain_text(v)) for b in walk(section(spec, ITT, "itt:about").blocks)
                 if isinstance(b, KeyFacts) for label, v in b.items)
    assert "Tender deadline" not in facts
    assert facts[text.first_deadline_name(spec)] == text.datetime(spec.timetable.tender_deadline)
    assert facts["Deadline for final tenders"] == text.datetime(text.final_deadline(spec))


def test_no_sentence_calls_the_first_stage_deadline_the_tender_deadline():
    """With stages, 'the tender deadline' never appears: every deadline is named by its stage."""
    spec = load_example(HOME)
    for doc_id in (ITT, EVAL):
        assert "tender deadline" not in plain(sections(spec, doc_id)).lower(), doc_id


def test_timetable_lists_each_stage_deadline_and_question_deadline():
    """The timetable has, for every stage, its deadline (what to send) and its last time to ask questions."""
    spec = load_example(HOME)
    events = {r[1]: r[0] for r in rows(table(sections(spec, ITT), "Timetable"))}
    for i, stage in enumerate(spec.procedure.stages):
        deadline = text.stage_deadline(spec, i)
        if deadline is not None:
            label = next(e for e in events if e.startswith(f"Deadline for {stage.name} (send "))
            assert events[label] == f"{text.date(deadline.date(), weekday=True)}, {text.time(deadline)}"
        asks = stage.clarification_deadline or (spec.timetable.clarification_deadline if i == 0 else None)
        if asks is not None:
            assert events[f"Last time to ask questions in {stage.name}"].startswith(text.date(asks.date(), weekday=True))


def test_questions_section_covers_every_stage():
    """'Questions' tells bidders how to ask in every stage, with each stage's last time to ask; a stage with
    no time of its own but an end date says 'Before the stage ends on …', as the SME pack's "How to bid" does."""
    spec = load_example(HOME)
    found = rows(table(sections(spec, ITT), "Questions in each stage"))
    assert [r[0] for r in found] == [s.name for s in spec.procedure.stages]
    for i, (r, stage) in enumerate(zip(found, spec.procedure.stages)):
        if stage.clarification_deadline:
            assert r[1] == text.datetime(stage.clarification_deadline)
        elif i and text.stage_deadline(spec, i) is None:
            assert r[1] == f"Before the stage ends on {text.date(stage.ends)}."
    assert "last time to ask when the stage starts" not in plain(sections(spec, ITT))


def test_how_to_bid_sends_each_stage_by_its_own_deadline():
    """'How to bid' lists what each stage asks for, by that stage's deadline (text.STAGE_SENDS)."""
    spec = load_example(HOME)
    body = plain([section(spec, ITT, "itt:how-to-bid")])
    for i, stage in enumerate(spec.procedure.stages):
        deadline = text.stage_deadline(spec, i)
        if deadline is not None:
            assert f"For {stage.name}, send {text.STAGE_SENDS[stage.type.value]} by {text.datetime(deadline)}." in body


def test_one_home_for_the_stage_words():
    """STAGE_SENDS and stage_deadline live in tenderpack.text only, not copied into the plugin."""
    words = importlib.import_module("tenderpack_standard.words")
    assert not hasattr(words, "STAGE_SENDS") and not hasattr(words, "stage_deadline")


# --------------------------------------------------------------------------- validity


@pytest.mark.parametrize("example", [HOME, GROUNDS])
def test_tenders_stay_valid_from_the_final_deadline_to_a_stated_date(example):
    """Validity counts from the final deadline, names that date, and lasts until after the planned signature."""
    spec = load_example(example)
    end = text.validity_end(spec)
    body = plain([section(spec, ITT, "itt:how-to-bid")])
    assert (f"Your tender must stay open for {spec.submission.validity_days} days after "
            f"{text.final_deadline_name(spec)}, until {text.date(end, weekday=True)}.") in body
    assert end >= text.signature_date(spec)


# --------------------------------------------------------------------------- budget and price examples


@pytest.mark.parametrize("over, verb", [("may_reject", "may"), ("reject", "will")])
def test_budget_says_what_it_covers_and_what_happens_above_it(over, verb):
    """The budget names its period and says 'we may reject' or 'we will reject' as the spec says."""
    spec = variant(GROUNDS, lambda d: d["value"].update(over_budget=over, budget_covers="year"))
    body = plain([section(spec, ITT, "itt:what")])
    assert "It covers one year of the contract." in body
    assert "Your total price covers the whole term, including the optional extension." in body
    assert ("For the budget, we count only one year's share of your total price: "
            "12 of the 36 months the prices cover.") in body
    assert f"We {verb} reject a tender if that part of its price is above the budget." in body
    whole = variant(GROUNDS, lambda d: d["value"].update(over_budget=over))
    body = plain([section(whole, ITT, "itt:what")])
    assert "We compare it with your total price." in body
    assert f"We {verb} reject a tender priced above the budget." in body


def test_a_budget_for_all_lots_is_never_applied_to_one_lot():
    """With lots, the budget is for all lots together, and a lot's tender is judged against the total."""
    spec = load_example(HOME)
    body = plain([section(spec, ITT, "itt:what")])
    assert "Our budget for all the lots together is £2,880,000 excluding VAT." in body
    assert "The budget is for all the lots together, not for each lot." not in body   # said once
    assert "It covers the initial term, 1 October 2027 to 30 September 2030, before any extension." in body
    assert "We may reject a tender priced above the budget." not in body


def test_price_examples_come_from_each_lots_own_value_over_the_whole_term():
    """Each lot's worked example uses 80% to 100% of the lot's own value over the whole term with every
    extension (the period its pricing schedule total covers, so the example prices what we score), never a
    share of the whole budget; no sentence says the examples cover the budget's period instead."""
    spec = load_example(HOME)
    secs = sections(spec, EVAL)
    for lot in spec.lots.items:
        prices = [r[1] for r in rows(table(secs, f"Worked example of price scoring for lot {lot.number}"))]
        assert prices == [text.money(lot.value * Decimal(s)) for s in ("0.8", "0.9", "1")], lot.number
    body = plain(secs)
    assert ("of our estimate for lot 2 over the whole term, including both optional extensions "
            f"({text.money(1200000)})") in body
    assert "the period our budget covers" not in body


def test_the_spec_s_own_example_prices_are_used_once():
    """When the spec gives example prices, one worked example uses them as they are."""
    spec = load_example(GROUNDS)
    found = rows(table(sections(spec, EVAL), "Worked example of price scoring"))
    assert [r[1] for r in found] == [text.money(p) for p in spec.award.price.example_prices]


# --------------------------------------------------------------------------- winners and phases


def test_a_lot_with_several_winners_says_so():
    """Lot.suppliers > 1: 'we award the lot to up to N suppliers: the N highest-scoring tenders'."""
    spec = load_example(HOME)
    lot = spec.lots.items[0]
    n = lot.suppliers
    for doc_id in (ITT, EVAL):
        assert f"We award lot 1 to up to {n} suppliers: the {n} highest-scoring tenders." in plain(sections(spec, doc_id))
    generated = [s for s in sentences(sections(spec, ITT)) + sentences(sections(spec, EVAL))
                 if s.rstrip(".") not in spec_text(spec)]
    assert not [s for s in generated if "most advantageous tender for each lot" in s]


def test_award_suppliers_applies_to_a_contract_without_lots():
    """award.suppliers > 1 without lots: the contract goes to the N highest-scoring tenders."""
    spec = variant(GROUNDS, lambda d: d["award"].update(suppliers=2))
    assert "We award the contract to up to 2 suppliers: the 2 highest-scoring tenders." in plain(sections(spec, EVAL))


def test_phases_belong_to_their_lots():
    """Phases of lot 1 are presented as lot 1's, in the procedure and in the timetable."""
    spec = load_example(HOME)
    body = plain([section(spec, ITT, "itt:procedure")])
    assert "Lot 1 has three research and development phases" in body
    events = [r[1] for r in rows(table(sections(spec, ITT), "Timetable"))]
    for phase in spec.procedure.innovation_phases:
        assert f"{phase.name} (lot 1)" in events


# --------------------------------------------------------------------------- the contract


@pytest.mark.parametrize("example", [HOME, GROUNDS])
def test_the_contract_is_the_packs_own_draft_contract(example):
    """The ITT names the pack's 'Draft contract'; contract_form is only a description."""
    spec = load_example(example)
    body = plain([section(spec, ITT, "itt:contract")])
    assert "“Draft contract” in this pack" in body
    assert f"The contract is the {spec.commercial.contract_form}" not in body
    bare = variant(example, lambda d: d["commercial"].pop("contract_form"))
    assert "“Draft contract” in this pack" in plain([section(bare, ITT, "itt:contract")])


def test_tupe_only_when_staff_may_transfer():
    """TUPE appears only when commercial.tupe is true."""
    assert "TUPE" in plain(sections(load_example(HOME), ITT))
    assert "TUPE" not in plain(sections(load_example(GROUNDS), ITT))


# --------------------------------------------------------------------------- lots in the ITT


def test_each_lot_shows_its_requirements_outcomes_and_criteria():
    """The ITT shows, for each lot, its own requirements, the outcomes that apply, and its criteria; the
    spec's requirements are for every lot."""
    spec = load_example(HOME)
    body = plain([section(spec, ITT, "itt:what")])
    assert "Requirements for every lot" in body and spec.requirements[0] in body
    for req in spec.lots.items[0].requirements:
        assert req in body
    assert "Outcomes O1, O2, O3 and O4 apply to this lot." in body
    assert "None of the outcomes in the “Outcome specification” applies to this lot." in body
    assert body.count("Every award criterion applies to this lot") == 1   # lot 1; lot 2 has its own
    assert "These award criteria apply to this lot, with these weights:" in body and "Q2: People, families and staff, 30%" in body


def test_a_lot_with_its_own_weights_lists_them():
    """A lot with its own weights lists each criterion with that lot's weight."""
    spec = variant(HOME, lambda d: d["lots"]["items"][1].update(
        criteria=[], weights={"Q1": 20, "Q2": 10, "Q3": 10, "Q4": 10, "P1": 40, "SV1": 10}))
    body = plain([section(spec, ITT, "itt:what")])
    assert "P1: Price, 40%" in body and "Q1: Achieving the outcomes, 20%" in body


# --------------------------------------------------------------------------- joint procurement


def test_the_joint_paragraph_is_in_who_is_buying_only():
    """text.joint_buyers appears in the ITT's 'Who is buying' and nowhere else in the standard documents."""
    spec = load_example(HOME)
    joint = text.joint_buyers(spec)[0]
    assert joint in plain([section(spec, ITT, "itt:who")])
    others = [s for s in sections(spec, ITT) if s.key != "itt:who"] + sections(spec, EVAL)
    assert joint.split(".")[0] not in plain(others)
    assert "“we” means Dunmore City Council and Eastvale Borough Council" in plain(sections(spec, EVAL))


def test_each_authority_signs_its_own_contract_with_its_share():
    """contracts: each_authority: each authority signs its own contract, with its share of the value."""
    spec = load_example(HOME)
    body = plain([section(spec, ITT, "itt:who")])
    assert "Each authority signs its own contract with each winning supplier." in body
    assert "Dunmore City Council 60% and Eastvale Borough Council 40%" in body
    assert not re.search(r"the contract between .* and the supplier", plain(sections(spec, ITT)))
    one = variant(HOME, lambda d: d["buyer"].update(contracts="one"))
    assert "The authorities sign one contract together with each winning supplier." in plain(
        [section(one, ITT, "itt:who")])


@pytest.mark.parametrize("name", VARIANTS)
def test_sentences_are_short(name):
    """Every sentence the plugin writes has 25 words or fewer (the buyer's own text aside)."""
    spec = VARIANTS[name]()
    mine = spec_text(spec)
    for doc_id in (ITT, EVAL):
        long = [s for s in sentences(sections(spec, doc_id)) if len(s.split()) > 25 and s.rstrip(".") not in mine]
        assert not long, (doc_id, long)


def test_subcontractor_payment_is_said_only_when_the_law_or_the_contract_says_it():
    """Below the threshold, 'pay your subcontractors within 30 days' appears only when the draft contract holds
    the flow-down clause, and then without a citation; for a public contract it cites the law."""
    from types import SimpleNamespace

    grounds = load_example(GROUNDS)
    itt = documents(grounds)[ITT]
    bare = plain(STANDARD.document_sections(spec=grounds, document=itt, clauses=()))
    assert "subcontractors within 30 days" not in bare
    clause = SimpleNamespace(id="core:payment-flow-down")
    body = plain(STANDARD.document_sections(spec=grounds, document=itt, clauses=(clause,)))
    assert "The contract also asks you to pay your own subcontractors within 30 days of a valid invoice." in body
    home = load_example(HOME)
    assert f"({tenderpack.law.cite(home, 'payment-flow-down')})" in plain([section(home, ITT, "itt:contract")])


def test_the_budget_for_lots_is_compared_with_the_total_for_all_lots():
    """With lots and a budget for the initial term, the budget is compared with the initial term's share of
    the prices for all the lots together; the prices themselves cover the whole term."""
    spec = load_example(HOME)
    body = plain([section(spec, ITT, "itt:what")])
    assert "Your price for each lot covers the whole term, including both optional extensions." in body
    assert "For the budget, we count only the initial term's share of each price: 36 of the 60 months the prices cover." in body
    assert "We compare the budget with that part of the prices we would pay for all the lots together." in body


def test_no_pointer_to_a_stage_questionnaire_that_is_not_in_the_pack():
    """When no stage asks questions, no document is registered and nothing points to one; the participation
    stage asks for a request to take part instead."""
    spec = variant(HOME, lambda d: d["procedure"]["stages"][0].pop("questions"))
    assert "stage-questionnaire" not in documents(spec)
    for doc_id in (ITT, EVAL):
        assert "“Stage questionnaire”" not in plain(sections(spec, doc_id)), doc_id
    assert "We assess them at Stage 1" in plain([section(spec, ITT, "itt:conditions")])


# --------------------------------------------------------------------------- the lawyer's review


def test_below_the_threshold_exclusion_has_one_rule_about_recurrence():
    """Below the threshold, the buyer's own test says once that a ground counts only if the circumstances are
    likely to happen again, and never says 'we will exclude you if convicted' without that rule."""
    body = plain([section(load_example(GROUNDS), ITT, "itt:exclusion")])
    assert "A ground counts against you only if the circumstances are likely to happen again." in body
    assert "If a mandatory ground counts, we will exclude you." in body
    assert "We will exclude you if you have been convicted" not in body
    assert "We exclude you only if" not in body


def test_the_chance_to_replace_is_for_associated_persons_and_subcontractors_only():
    """The chance to replace someone is given for associated persons and planned subcontractors (cited through
    the law), never for connected persons such as directors or owners."""
    for spec in (load_example(HOME), load_example(GROUNDS)):
        body = plain([section(spec, ITT, "itt:exclusion")])
        assert "You cannot replace a connected person, such as a director or an owner." in body
        assert "If one of them is excluded or excludable" not in body
    home = load_example(HOME)
    body = plain([section(home, ITT, "itt:exclusion")])
    assert ("If an associated person or a planned subcontractor is excluded or excludable, we will tell you. "
            f"You can then replace it ({tenderpack.law.cite(home, 'associated-persons')}).") in body
    assert f"({tenderpack.law.cite(home, 'excluded-in-competition')})" in body


def test_the_central_digital_platform_only_where_the_law_applies_it():
    """Registering on the central digital platform is said only when law.applies(spec, 'central-digital-platform'):
    for a public contract, not below the threshold (neither in the ITT nor in a stage questionnaire)."""
    home, grounds, below = load_example(HOME), load_example(GROUNDS), VARIANTS["home care, below the threshold"]()
    assert tenderpack.law.applies(home, "central-digital-platform")
    assert "central digital platform" in plain(sections(home, ITT))
    for spec in (grounds, below):
        assert not tenderpack.law.applies(spec, "central-digital-platform")
        assert "central digital platform" not in plain(sections(spec, ITT))
    assert "central digital platform" not in plain(sections(below, "stage-questionnaire"))


def test_conditions_checked_with_the_tender_say_what_evidence_to_send_and_where():
    """When the conditions are checked with the tender, 'What to send' lists the evidence and 'Conditions of
    participation' says what to give for each kind of condition the spec sets, with no invented figure."""
    spec = load_example(GROUNDS)
    how = section(spec, ITT, "itt:how-to-bid")
    listed = [plain_text(i[0].runs) for b in walk(how.blocks) if isinstance(b, ListBlock) for i in b.items]
    assert any("evidence for the conditions of participation" in x for x in listed)
    conditions = plain([section(spec, ITT, "itt:conditions")])
    assert "Send your evidence with your tender, as a document of its own." in conditions
    assert "Technical ability: a short description of each example" in conditions
    assert "Financial conditions" not in conditions   # the grounds spec sets none
    home = plain([section(load_example(HOME), ITT, "itt:conditions")])
    assert "Give your evidence in the “Stage questionnaire”." in home and "a letter from your bank" in home
    assert "evidence for the conditions" not in plain([section(load_example(HOME), ITT, "itt:how-to-bid")])


def test_prices_in_either_form_with_the_spreadsheet_counting():
    """The ITT accepts the pricing schedule or the SME price form, says the spreadsheet counts if both come,
    and that the spreadsheet is sent as Excel; the methodology scores the total in either."""
    spec = load_example(GROUNDS)
    body = plain([section(spec, ITT, "itt:how-to-bid")])
    assert "If you send both, the pricing schedule counts." in body
    assert "send it as the Excel spreadsheet (.xlsx) it comes in" in body
    assert "Your price is the total price in your pricing schedule or price form." in plain(sections(spec, EVAL))
    bare = variant(GROUNDS, lambda d: d.update(sme_pack=False))
    assert "“Price form”" not in plain([section(bare, ITT, "itt:how-to-bid")])
    assert "Your price is the total price in your pricing schedule." in plain(sections(bare, EVAL))


def test_extensions_are_counted_not_called_options():
    """One extension is 'one optional extension of 12 months', two are 'two optional extensions of 12 months
    each'; no 'options to extend' or 'every extension' when there is one."""
    grounds, home = load_example(GROUNDS), load_example(HOME)
    facts = lambda spec: {label: plain_text(v) for b in walk(section(spec, ITT, "itt:about").blocks)  # noqa: E731
                          if isinstance(b, KeyFacts) for label, v in b.items}
    assert facts(grounds)["Contract"].endswith("with one optional extension of 12 months")
    assert facts(home)["Contract"].endswith("with two optional extensions of 12 months each")
    body = plain(sections(grounds, ITT) + sections(grounds, EVAL))
    for words in ("options to extend", "every extension", "any extensions", "including extensions"):
        assert words not in body, words


def test_do_not_contact_names_the_buyers():
    """'Do not contact anyone else at' names the buyer (or each buyer), not 'the authority'."""
    assert "Do not contact anyone else at Kelbrook Town Council about this tender" in plain(
        sections(load_example(GROUNDS), ITT))
    assert ("Do not contact anyone else at Dunmore City Council or Eastvale Borough Council about this tender"
            in plain(sections(load_example(HOME), ITT)))


def test_the_shortlist_is_for_all_the_lots_together():
    """With lots, the ITT and the questionnaire say the shortlist size is for all the lots together and that
    every bidder answers the same stage questions; without lots they say nothing about lots."""
    spec = load_example(HOME)
    n = spec.procedure.stages[0].shortlist_size
    for secs in (sections(spec, ITT), sections(spec, "stage-questionnaire")):
        body = plain(secs)
        assert f"The limit of {n} is for all the lots together, not for each lot." in body
        assert "Every bidder answers the same questions at this stage, whichever lots it bids for." in body
    one = variant(HOME, lambda d: d.pop("lots"))
    assert "for all the lots together" not in plain(sections(one, ITT) + sections(one, "stage-questionnaire"))


def test_requirements_do_not_claim_to_be_every_obligation():
    """The fixed requirements apply to every lot (or must be met), and the draft contract holds the contract's
    own obligations: no 'These are the ones you must meet'."""
    for example, words in ((HOME, "These requirements apply to every lot:"), (GROUNDS, "You must meet these requirements:")):
        body = plain([section(load_example(example), ITT, "itt:what")])
        assert words in body and "These are the ones" not in body
        assert "The “Draft contract” sets out what the contract itself asks of you." in body


def test_a_stage_without_its_own_question_time_uses_the_sme_packs_rule():
    """A stage with no clarification deadline says when to ask in the same words as the SME pack's "How to
    bid" (before its deadline, else before it ends), in the ITT's table, its stage and nowhere 'we will tell you'."""
    sme = importlib.import_module("tenderpack_sme.howto")
    words = importlib.import_module("tenderpack_standard.words")
    spec = load_example(HOME)
    for i, stage in enumerate(spec.procedure.stages):
        if i and stage.clarification_deadline is None:
            assert words.question_time(spec, i) == sme.stage_question_time(spec, i)
    body = plain([section(spec, ITT, "itt:procedure")])
    assert "Questions: ask before the stage ends on 25 June 2027." in body


def test_tupe_says_staff_transfer_to_whoever_wins():
    """TUPE: staff may transfer to the supplier or suppliers that win (lots, several winners), with staff
    information later, and no figure the spec does not hold."""
    body = plain([section(load_example(HOME), ITT, "itt:contract")])
    assert "known as TUPE, to the supplier or suppliers that win." in body
    assert "new supplier" not in body
    assert "We will share information about these staff later in the procedure." in body
    alone = variant(GROUNDS, lambda d: d["commercial"].update(tupe=True))
    assert "known as TUPE, to the supplier that wins." in plain([section(alone, ITT, "itt:contract")])


def test_a_tie_break_on_a_criterion_a_lot_does_not_use_gives_that_lot_the_default():
    """award.tie_break names Q1, which lot 2 does not use: the rule is said to be for lot 1, and lot 2 gets the
    default (higher quality score, then lower price), said as such."""
    spec = load_example(HOME)
    body = plain([section(spec, EVAL, "eval:tie-break")])
    assert "This rule is for lot 1." in body
    assert "Lot 2 does not use Q1. For lot 2, we use this rule instead:" in body
    assert "If two tenders have the same total score, we choose the tender with the higher total score for quality." in body
    assert "If they are still level, we choose the tender with the lower price." in body
    grounds = plain([section(load_example(GROUNDS), EVAL, "eval:tie-break")])
    assert "instead" not in grounds


def test_questions_for_some_lots_say_so_wherever_they_are_listed():
    """A criterion that applies to some lots only says so in both award criteria tables, in the list of
    quality questions and under its own heading; weights are summed for each lot."""
    spec = load_example(HOME)
    for doc_id in (ITT, EVAL):
        found = table(sections(spec, doc_id), "Award criteria")
        col = [plain_text(h) for h in found.header].index("Applies to")
        applies = {r[0].split(":")[0] if doc_id == ITT else r[0]: r[col] for r in rows(found)}
        assert applies["Q1"] == "Lot 1 only" and applies["Q3"] == "Lot 1 only" and applies["Q2"] == "Every lot"
        body = plain(sections(spec, doc_id))
        assert "In lot 2, quality counts for 50%, price for 35% and social value for 15% of the total score." in body
    quality = plain([section(spec, EVAL, "eval:quality")])
    assert "Lot 2 uses Q2 and Q4 only." in quality
    assert quality.count("This question is for lot 1 only.") == 2
    assert "Weight: 15% in lot 1 and 30% in lot 2." in quality
    assert "Applies to" not in plain(sections(load_example(GROUNDS), EVAL))


def test_price_and_budget_are_one_rule():
    """The scored price is the whole-term total (extensions included, as the pricing schedule prices them);
    only the budget's share of it meets the budget; the ITT and the methodology say the same budget words."""
    spec = load_example(HOME)
    price = plain([section(spec, EVAL, "eval:price")])
    assert "Your price for each lot covers the whole term, including both optional extensions." in price
    assert "never with prices for another lot" in price
    assert "with the whole budget" not in price and "These prices are for the initial term" not in price
    budget = " ".join(STANDARD_WORDS.budget_sentences(spec))
    assert budget in price
    assert all(s in plain([section(spec, ITT, "itt:what")]) for s in STANDARD_WORDS.budget_sentences(spec))


STANDARD_WORDS = importlib.import_module("tenderpack_standard.words")


def test_the_invitation_says_how_places_in_the_next_phase_are_chosen():
    """A phase's selection rule (how we choose who goes on when more pass than the next phase funds) is printed
    under that phase, in the spec's words."""
    spec = load_example(HOME)
    body = plain([section(spec, ITT, "itt:procedure")])
    assert "If more suppliers pass than the next phase funds, we choose them like this:" in body
    assert "The two highest go on." in body

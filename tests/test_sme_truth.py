"""Every sentence of the SME pack is true for the tender it is in.

Each test composes the SME documents of a spec (the two examples, or an example changed in one
way) as document trees, without rendering, reads them back as plain text and checks one rule:
no word about something the spec lacks, the law only where it applies, deadlines named by their
stage, tender validity from the final deadline, the pack's own draft contract, and lot-specific
things said to belong to their lot.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import re
from functools import lru_cache

import pytest
import yaml

import tenderpack
import tenderpack.law
from tenderpack import text
from tenderpack.tree import Heading, KeyFacts, ListBlock, Paragraph, Table, plain_text

from conftest import EXAMPLES

facts = importlib.import_module("tenderpack_sme.facts")
dates = importlib.import_module("tenderpack_sme.dates")

SME = ["tender-at-a-glance", "how-to-bid", "response-form", "price-form", "form-of-tender", "contract-summary",
       "glossary"]
GROUNDS = "small-open-grounds.yaml"
HOME_CARE = "innovation-home-care.yaml"


# --------------------------------------------------------------------------- composing


@lru_cache(maxsize=None)
def example_data(name: str) -> dict:
    return yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))


def data_of(name: str) -> dict:
    return copy.deepcopy(example_data(name))


def spec_from(data: dict) -> tenderpack.Spec:
    return tenderpack.Spec.model_validate(data)


@lru_cache(maxsize=1)
def plugins():
    from tenderpack.plugins import Plugins

    return Plugins(())


@lru_cache(maxsize=1)
def library():
    from tenderpack.library import load_library

    return load_library(plugins())


def lines(blocks) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append("[answer box]" if block.role == "answer" and not block.runs else plain_text(block.runs))
        elif isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, ListBlock):
            for item in block.items:
                out += lines(item)
        elif isinstance(block, Table):
            if block.caption:
                out.append(block.caption)
            out += [" | ".join(plain_text(c) for c in row) for row in [block.header, *block.rows]]
        elif isinstance(block, KeyFacts):
            out += [f"{label}: {plain_text(value)}" for label, value in block.items]
    return out


class Pack:
    """The SME documents of one spec, composed: trees, and each document's text line by line."""

    def __init__(self, spec: tenderpack.Spec):
        from tenderpack.compose import compose, plan

        self.spec = spec
        clauses = library().for_spec(spec)
        self.trees = {doc.id: compose(spec, plugins(), doc, clauses=clauses)
                      for doc in plan(spec, plugins()) if doc.audience == "sme"}
        self.calendar = dates.calendar(spec)

    def lines(self, doc_id: str) -> list[str]:
        tree = self.trees[doc_id]
        out: list[str] = []
        for section in tree.sections:
            out.append(section.title)
            out += lines(section.blocks)
        return out

    def text(self, doc_id: str) -> str:
        return "\n".join(self.lines(doc_id))

    def all_text(self) -> str:
        events = [f"{e.summary}\n{e.description}" for e in self.calendar.events]
        return "\n".join([*(self.text(d) for d in self.trees), *events])

    def section(self, doc_id: str, key: str):
        return next(s for s in self.trees[doc_id].sections if s.key == key)

    def glossary(self) -> dict[str, str]:
        table = next(b for b in self.section("glossary", "sme-glossary:terms").blocks if isinstance(b, Table))
        return {plain_text(row[0]): plain_text(row[1]) for row in table.rows}


_PACKS: dict[int, Pack] = {}


def pack_of(spec: tenderpack.Spec) -> Pack:
    if id(spec) not in _PACKS:
        _PACKS[id(spec)] = Pack(spec)
    return _PACKS[id(spec)]


@lru_cache(maxsize=None)
def example(name: str) -> Pack:
    return Pack(spec_from(example_data(name)))


def public_grounds() -> tenderpack.Spec:
    """The grounds contract made a public contract (open procedure, above the threshold), with a standstill."""
    data = data_of(GROUNDS)
    data["value"].update(estimated_excluding_vat=300000, estimated_including_vat=360000, budget_ceiling=300000,
                         annual_value=100000)
    data["procedure"]["type"] = "open"
    t = data["timetable"]
    t["standstill_end"] = tenderpack.law.standstill_last_day(t["award"])
    t["contract_start"], t["contract_end"] = dt.date(2027, 5, 4), dt.date(2029, 5, 3)
    return spec_from(data)


# --------------------------------------------------------------------------- 1. nothing from another tender


def test_grounds_pack_says_nothing_of_outcomes_phases_or_go_no_go():
    """The below-threshold grounds pack has no outcomes and no phases: no SME document, nor the calendar,
    speaks of outcomes, indicators (other than a key performance indicator, which its social value
    commitments become), targets, baselines, phases or a go/no-go decision."""
    body = example(GROUNDS).all_text()
    for word in (r"\boutcomes?\b", r"(?<!performance )\bindicators?\b", r"\btargets?\b", r"\bbaselines?\b", r"\bphases?\b", "go/no-go"):
        assert not re.search(word, body, re.I), word


def test_grounds_glossary_defines_only_what_the_tender_has():
    """The grounds glossary defines no outcome, indicator, target, go/no-go decision, phase, lot, standstill,
    TUPE or joint procurement term: the spec has none of them."""
    terms = example(GROUNDS).glossary()
    for term in ("Outcome", "Indicator", "Target", "Baseline", "Go/no-go decision", "Phase", "Lot",
                 "Standstill period", "TUPE", "Joint procurement", "Lead authority", "Stage", "Assessment summary"):
        assert term not in terms, term
    assert "Social value" in terms and "Threshold" in terms


@pytest.mark.parametrize("feature, terms", [
    ("outcomes", ["Outcome", "Indicator", "Target", "Baseline"]),
    ("phases", ["Phase", "Go/no-go decision", "Seed funding"]),
    ("lots", ["Lot"]),
    ("tupe", ["TUPE"]),
    ("joint", ["Joint procurement", "Lead authority", "Participating authority"]),
])
def test_glossary_terms_follow_the_spec_facts(feature, terms):
    """Take one feature away from the home care spec: its glossary terms go with it."""
    data = data_of(HOME_CARE)
    if feature == "outcomes":
        data["outcomes"] = []
        data.pop("problem")
        data["award"]["criteria"][0]["question"] = "How will you help people regain their independence?"
        data["award"]["criteria"][3]["question"] = "How will you collect, check and report your data?"
    elif feature == "phases":
        data["procedure"]["innovation_phases"] = []
    elif feature == "lots":
        data["lots"] = {"reasons_not_divided": "One supplier must join up the care and the technology."}
        for item in data["pricing"]["items"]:
            item.pop("lot")
        for outcome in data["outcomes"]:
            outcome.pop("lots", None)
        for phase in data["procedure"]["innovation_phases"]:
            phase.pop("lots", None)
    elif feature == "tupe":
        data["commercial"]["tupe"] = False
    elif feature == "joint":
        data["buyer"].pop("participants")
        data["buyer"]["contracts"] = "one"
    with_it = example(HOME_CARE).glossary()
    without = pack_of(spec_from(data)).glossary()
    for term in terms:
        assert term in with_it and term not in without, term


def test_contract_in_brief_speaks_of_nothing_the_spec_lacks():
    """Each line of the contract in brief comes from a clause's summary, but a summary that speaks of
    outcomes, phases, go/no-go decisions or KPIs the tender lacks is replaced, for the grounds and for every
    shape that drops one of them."""
    for spec in (example(GROUNDS).spec, public_grounds()):
        on = facts.features(spec)
        for line in pack_of(spec).lines("contract-summary"):
            assert not facts.missing(spec, line, on), line


def test_contract_in_brief_says_which_lot_outcomes_and_phases_belong_to():
    """In the home care pack, the outcomes and the research and development phases belong to lot 1: a clause
    line that speaks of them says so."""
    for line in example(HOME_CARE).lines("contract-summary"):
        if re.search(r"\boutcomes\b", line) and "|" in line:
            assert "The outcomes are for lot 1 only." in line, line
        if re.search(r"research and development phases|go/no-go", line) and "|" in line:
            assert "phases are for lot 1 only." in line, line


# --------------------------------------------------------------------------- 2. the pack's own contract


def test_the_contract_is_the_packs_own_draft_contract():
    """The contract in brief and the form of tender name the pack's own “Draft contract”, and describe it
    with commercial.contract_form; they never say the contract *is* the form named in the spec."""
    for name in (GROUNDS, HOME_CARE):
        pack = example(name)
        form = pack.spec.commercial.contract_form
        for doc_id in ("contract-summary", "form-of-tender"):
            body = pack.text(doc_id)
            assert "“Draft contract” in this pack" in body, (name, doc_id)
            assert f"It is {facts.a(form)}." in body
            assert f"contract is the {form}" not in body and f"the contract: the {form}" not in body


def test_a_named_model_contract_is_never_printed():
    """A contract_form that names a model contract the pack does not carry (the Short Form Contract) is left
    out: the bidder signs the pack's own draft contract."""
    data = data_of(GROUNDS)
    data["commercial"]["contract_form"] = "Short Form Contract"
    pack = pack_of(spec_from(data))
    for doc_id in SME:
        assert "Short Form" not in pack.text(doc_id), doc_id


def test_no_contract_form_still_names_the_draft_contract():
    """contract_form is optional: without it, the forms still name the “Draft contract” and describe nothing."""
    data = data_of(GROUNDS)
    data["commercial"].pop("contract_form")
    pack = pack_of(spec_from(data))
    assert "“Draft contract” in this pack" in pack.text("form-of-tender")
    assert "It is a" not in pack.text("contract-summary")


# --------------------------------------------------------------------------- 3. the law where it applies


CITATION = re.compile(r"[Ss]ections? (\d+)[^.]*? of the Procurement Act 2023")


@pytest.mark.parametrize("shape", ["grounds", "public grounds", "home care"])
def test_sections_of_the_act_are_cited_only_where_they_apply(shape):
    """Every section of the Procurement Act 2023 the SME pack cites is a duty that applies to this tender
    (tenderpack.law); below the threshold none is cited, and nothing says the Act makes us award."""
    spec = {"grounds": lambda: example(GROUNDS).spec, "public grounds": public_grounds,
            "home care": lambda: example(HOME_CARE).spec}[shape]()
    body = pack_of(spec).all_text()
    allowed = tenderpack.law.sections_in_force(spec)
    for match in CITATION.finditer(body):
        assert match.group(1) in allowed, match.group(0)
    if tenderpack.law.regime(spec).below_threshold:
        assert not CITATION.search(body)
        assert "says we must" not in body and "under the Procurement Act 2023" not in body.replace(
            "A procedure under the Procurement Act 2023", "")


def test_below_threshold_good_practice_is_the_buyers_choice():
    """Below the threshold, the most advantageous tender, the exclusion tests and the conflicts record are
    the buyer's own choice, said as good practice."""
    pack = example(GROUNDS)
    assert "by choice, as good practice" in pack.glossary()["Most advantageous tender"]
    assert "as its own, by choice, as good practice" in pack.text("form-of-tender")
    assert "Kelbrook Town Council keeps a record of conflicts of interest" in pack.text("form-of-tender")


def test_public_contract_cites_the_act_through_tenderpack_law():
    """For a public contract the glossary and the form of tender cite the duty's section from law.yaml."""
    spec = public_grounds()
    pack = pack_of(spec)
    cited = tenderpack.law.cite(spec, "most-advantageous-tender")
    assert f"{cited[0].upper()}{cited[1:]} says we must award to it." in pack.glossary()["Most advantageous tender"]
    form = pack.text("form-of-tender")
    assert tenderpack.law.cite(spec, "exclusion") in form and tenderpack.law.cite(spec, "conflicts") in form


@pytest.mark.parametrize("name", [GROUNDS, HOME_CARE])
def test_exclusion_declaration_is_its_own_complete_part(name):
    """The form of tender has an Exclusion part of its own, separate from the conditions of participation:
    any exclusion ground, mandatory (excluded supplier) or discretionary (excludable supplier), with a box to
    say which and what was done so it will not happen again (self-cleaning), connected persons, associated
    persons and subcontractors, the debarment list, and registration on the central digital platform where
    the Act asks for it (never with a cited section)."""
    pack = example(name)
    exclusion = "\n".join(lines(pack.section("form-of-tender", "sme-tender:exclusion").blocks))
    for phrase in ("mandatory or discretionary", "excluded supplier", "excludable supplier", "self-cleaning",
                   "connected persons", "associated persons", "subcontractors", "debarment list", "[answer box]"):
        assert phrase in exclusion, phrase
    assert "conditions of participation" not in exclusion
    if tenderpack.law.applies(pack.spec, "central-digital-platform"):
        platform = next(line for line in exclusion.splitlines() if "central digital platform" in line)
        assert "registered on the central digital platform" in platform and "core supplier information" in platform
        assert not CITATION.search(platform) and "Regulations" not in platform
    else:
        assert "central digital platform" not in exclusion
    fair = "\n".join(lines(pack.section("form-of-tender", "sme-tender:declarations").blocks))
    assert "conditions of participation" in fair and "exclusion" not in fair


@pytest.mark.parametrize("name", [GROUNDS, HOME_CARE])
def test_conflicts_of_interest_declaration_says_what_we_do(name):
    """The form of tender asks the bidder to declare any conflict of interest, in a box, and says what the
    buyer does with it."""
    part = lines(example(name).section("form-of-tender", "sme-tender:conflicts").blocks)
    body = "\n".join(part)
    assert "[answer box]" in part and "conflict of interest" in body
    assert "We may ask you for more detail" in body


# --------------------------------------------------------------------------- 4. the standstill


def test_standstill_end_is_the_last_day_and_signing_is_from_the_next():
    """How to bid gives the standstill's last day and the day the contract can be signed from (the day
    after); it never says we wait until the last day "before we sign"."""
    spec = example(HOME_CARE).spec
    body = example(HOME_CARE).text("how-to-bid")
    assert f"until {text.date(spec.timetable.standstill_end, weekday=True)}" in body
    assert f"from {text.date(text.signing_from(spec), weekday=True)}" in body
    assert "before we sign" not in body


def test_no_standstill_below_the_threshold():
    """Below the threshold there is no standstill by law: no SME document or calendar event mentions one."""
    assert "standstill" not in example(GROUNDS).all_text().lower()


def test_public_contract_without_a_standstill_date_still_has_the_standstill():
    """A public contract whose timetable gives no standstill date is told the standstill's length in working
    days, and that we sign only after it ends."""
    data = data_of(GROUNDS)
    data["value"].update(estimated_excluding_vat=300000, estimated_including_vat=360000, budget_ceiling=300000)
    data["procedure"]["type"] = "open"
    body = pack_of(spec_from(data)).text("how-to-bid")
    assert f"A standstill period of {facts.count(facts.standstill_days())} working days follows." in body


# --------------------------------------------------------------------------- 5. forms that agree with themselves


def test_rules_that_reject_a_tender_are_beside_their_question():
    """A question's minimum score and what else disqualifies on it are printed between its heading and its
    answer box; so is a stage question's minimum score."""
    pack = example(HOME_CARE)
    spec = pack.spec
    form = pack.lines("response-form")
    for c in spec.award.criteria:
        if c.type.value != "quality":
            continue
        start = next(i for i, line in enumerate(form) if line.startswith(f"{c.id}: {c.name} (no more than"))
        box = form.index("[answer box]", start)
        beside = "\n".join(form[start:box])
        if c.minimum_score is not None:
            assert f"If you score below {c.minimum_score} on this question, we reject your tender." in beside
        if c.disqualifies:
            assert "We also reject your tender for this:" in beside and c.disqualifies.strip() in beside
    for stage in spec.procedure.stages:
        for q in stage.questions:
            start = next(i for i, line in enumerate(form) if line.startswith(f"{q.id}: "))
            beside = "\n".join(form[start:form.index("[answer box]", start)])
            assert f"If you score below {q.minimum_score}, you do not go on to the next stage." in beside


def test_price_form_fits_a_yearly_price():
    """With no priced lines, bidders price each contract year: the form says so, and says nothing of a unit
    price multiplied by a quantity."""
    body = example(GROUNDS).text("price-form")
    assert "Give your price for each year of the contract, and each extension year" in body
    assert "Multiply" not in body and "one unit" not in body.split("Your prices")[0]
    howto = example(GROUNDS).text("how-to-bid")
    assert "Give one price for each year of the contract" in howto and "one unit" not in howto


def test_price_form_with_priced_lines_asks_for_unit_prices():
    """With priced lines, bidders give a price for one unit of each line."""
    body = example(HOME_CARE).text("price-form")
    assert "Give your price for one unit of each line" in body and "Multiply it by the quantity" in body


def test_who_signs_for_one_buyer_is_singular():
    """One town council: the form of tender names who signs for it, never "the authorities"."""
    body = example(GROUNDS).text("form-of-tender")
    assert "The Town Clerk signs the contract for Kelbrook Town Council." in body
    assert "authorities" not in body


def test_who_signs_for_each_authority_when_each_signs_its_own_contract():
    """Two councils that each sign their own contract: a table of who signs for each, and a sentence that each
    signs its own contract; the offer is to sign a contract with each of them."""
    body = example(HOME_CARE).text("form-of-tender")
    assert "Who signs for each authority" in body and "Who signs its own contract" in body
    assert "Each of us signs its own contract with each supplier that wins." in body
    assert "If you win, you will sign a contract on these terms with each of us." in body


def test_freedom_of_information_has_a_real_answer_box():
    """The commercially sensitive parts are written in an answer box, not in a table of tiny empty rows."""
    part = example(GROUNDS).section("form-of-tender", "sme-tender:foi").blocks
    assert any(isinstance(b, Paragraph) and b.role == "answer" for b in part)
    assert not any(isinstance(b, Table) for b in part)


# --------------------------------------------------------------------------- 6. deadlines named by stage


def test_first_deadline_is_named_by_its_stage_at_a_glance():
    """In a competitive flexible procedure the timetable's tender deadline is stage 1's: the one-page summary
    names each deadline by its stage, and no SME document calls any of them "the tender deadline"."""
    pack = example(HOME_CARE)
    spec = pack.spec
    glance = pack.text("tender-at-a-glance")
    assert f"Stage 1: {text.datetime(spec.timetable.tender_deadline)}." in glance
    for i, stage in enumerate(spec.procedure.stages):
        if (deadline := text.stage_deadline(spec, i)) is not None:
            assert f"{stage.name.split(':')[0]}: {text.datetime(deadline)}." in glance
    for doc_id in SME:
        if doc_id != "glossary":
            assert "tender deadline" not in pack.text(doc_id).lower(), doc_id


def test_how_to_ask_questions_covers_every_stage():
    """How to bid gives a last time to ask for every stage: the timetable's for stage 1, each stage's own when
    given, and otherwise when questions close as far as the spec says."""
    pack = example(HOME_CARE)
    spec = pack.spec
    rows = [line for line in pack.lines("how-to-bid") if line.count(" | ") == 2]
    for i, stage in enumerate(spec.procedure.stages):
        row = next(r for r in rows if r.startswith(stage.name))
        asked = row.rsplit(" | ", 1)[1]
        if i == 0:
            assert asked == text.datetime(spec.timetable.clarification_deadline)
        elif stage.clarification_deadline:
            assert asked == text.datetime(stage.clarification_deadline)
        else:
            assert asked == f"Before the stage ends on {text.date(stage.ends)}"


# --------------------------------------------------------------------------- 7. validity from the final deadline


@pytest.mark.parametrize("name", [GROUNDS, HOME_CARE])
def test_tenders_stay_open_from_the_final_deadline(name):
    """The tender stays open for validity_days after the final deadline, with the last day printed."""
    pack = example(name)
    spec = pack.spec
    wanted = (f"{spec.submission.validity_days} days after {text.final_deadline_name(spec)}: "
              f"until {text.date(text.validity_end(spec))}")
    assert wanted in pack.text("how-to-bid") and wanted in pack.text("form-of-tender")
    if spec.procedure.stages:
        assert "after the deadline for final tenders" in pack.text("form-of-tender")


# --------------------------------------------------------------------------- 8. the budget


def test_budget_says_what_it_covers_and_what_happens_above_it():
    """The budget says what it pays for (here the first term, before any extension) and that we may reject a
    tender priced above it; with over_budget: reject, that we will."""
    body = example(HOME_CARE).text("how-to-bid")
    assert "for the first term, before any extension. We may reject a tender whose prices for the first term are above it." in body
    data = data_of(GROUNDS)
    data["value"].update(over_budget="reject", budget_covers="year", budget_ceiling=20000)
    body = pack_of(spec_from(data)).text("how-to-bid")
    assert ("Our budget is £20,000 excluding VAT, for each year of the contract. "
            "We will reject a tender whose price for a year is above it.") in body


# --------------------------------------------------------------------------- 9. lots


def test_lot_conditions_and_requirements_belong_to_their_lot():
    """Lot 1's own conditions are introduced as lot 1's, and its own requirements are said to apply only to
    lot 1: a bidder for lot 2 is never told to meet them."""
    pack = example(HOME_CARE)
    spec = pack.spec
    body = pack.lines("how-to-bid")
    lot1 = spec.lots.items[0]
    condition = lot1.conditions[0]
    at = body.index(condition)
    assert body[at - 1] == "If you bid for lot 1, you must also meet this condition:"
    assert all(r not in "\n".join(body) for r in lot1.requirements)
    assert "Lot 1 has its own requirements, which apply only if you win that lot." in "\n".join(body)
    assert "The “Outcome specification” sets out the outcomes we want, for lot 1 only." in "\n".join(body)


def test_several_winners_per_lot_are_counted():
    """Lot 1 has up to three winners and lot 2 one: the pack says so, and never speaks of "the winner"."""
    pack = example(HOME_CARE)
    assert "We will choose up to three suppliers for lot 1 and one supplier for lot 2." in pack.text("how-to-bid")
    assert "(up to three winners)" in pack.text("tender-at-a-glance")
    for doc_id in SME:
        assert not re.search(r"\bthe winner\b|winner's", pack.text(doc_id)), doc_id


def test_a_question_for_some_lots_says_which():
    """A quality question that applies to some lots only says which, beside the question, with each lot's own
    weight when the lots weigh it differently."""
    data = data_of(HOME_CARE)
    data["lots"]["items"][1]["criteria"] = ["Q2", "Q4", "P1", "SV1"]
    data["lots"]["items"][1]["weights"] = {"Q2": 30, "Q4": 25, "P1": 30, "SV1": 15}
    form = pack_of(spec_from(data)).lines("response-form")
    q1 = form[next(i for i, line in enumerate(form) if line.startswith("Q1: ")) + 1]
    assert q1.startswith("Answer this only if you bid for lot 1. Weight: 25%.")
    q2 = form[next(i for i, line in enumerate(form) if line.startswith("Q2: ")) + 1]
    assert q2.startswith("Weight: 15% for lot 1 and 30% for lot 2.")


def test_phases_and_outcome_payments_are_named_as_lot_1s():
    """The research and development phases and the outcome payments belong to lot 1: how to bid says so."""
    body = example(HOME_CARE).text("how-to-bid")
    assert "Lot 1 starts with research and development phases" in body
    assert "For lot 1, part of what we pay depends on results." in body


# --------------------------------------------------------------------------- 10. joint wording said once


def test_joint_paragraph_is_in_no_sme_document():
    """The joint procurement paragraph (tenderpack.text.joint_buyers) belongs to the invitation to tender and
    the contract; the SME documents say only who "we" are, and who signs only in the form of tender."""
    pack = example(HOME_CARE)
    joint = text.joint_buyers(pack.spec)
    for doc_id in SME:
        body = pack.text(doc_id)
        assert not any(sentence in body for sentence in joint), doc_id
    assert sum("“We” means Dunmore City Council and Eastvale Borough Council." in pack.text(d) for d in SME) >= 5


def test_each_authoritys_own_contract_is_never_one_contract_between_all():
    """When each authority signs its own contract, no SME document speaks of one contract between them all."""
    pack = example(HOME_CARE)
    for doc_id in SME:
        body = pack.text(doc_id)
        assert "sign one contract" not in body and "contract between" not in body, doc_id


# --------------------------------------------------------------------------- 11. the lawyer's review


@pytest.mark.parametrize("name", [GROUNDS, HOME_CARE])
def test_exclusion_asks_whether_a_ground_applies_and_what_was_done(name):
    """A supplier with a past conviction that has put things right can sign the form: the form asks whether
    any exclusion ground applies (mandatory or discretionary) and what the supplier has done so it will not
    happen again, in a box; it never has the supplier declare that no mandatory ground applies."""
    part = lines(example(name).section("form-of-tender", "sme-tender:exclusion").blocks)
    body = "\n".join(part)
    assert "No mandatory exclusion ground applies to you" not in body and "You are not an excluded supplier" not in body
    assert "Tell us in the box below if any exclusion ground applies, mandatory or discretionary." in body
    assert "does not by itself rule you out" in body
    label = part[part.index("[answer box]") - 1]
    assert label.startswith("Any exclusion ground that applies:") and "so it will not happen again" in label


@pytest.mark.parametrize("name", [GROUNDS, HOME_CARE])
def test_excluded_supplier_needs_the_circumstances_to_be_likely_to_happen_again(name):
    """An excluded supplier is one to which a mandatory ground applies AND whose circumstances continue or are
    likely to happen again: the form of tender and the glossary say both halves; excludable likewise."""
    pack = example(name)
    form = pack.text("form-of-tender")
    assert ("You are an excluded supplier if a mandatory ground applies and the circumstances continue or are "
            "likely to happen again.") in form
    assert "You are an excludable supplier if the same is true of a discretionary ground." in form
    terms = pack.glossary()
    for term in ("Excluded supplier", "Excludable supplier"):
        assert "The circumstances must also continue or be likely to happen again." in terms[term], term


def test_excluded_supplier_duty_is_cited_only_for_a_public_contract():
    """For a public contract the "must exclude" comes with its sections from law.yaml; below the threshold the
    test is the buyer's choice and nothing says "must"."""
    spec = public_grounds()
    cited = tenderpack.law.cite(spec, "excluded-in-competition")
    assert f"Under {cited}, we must then exclude you." in pack_of(spec).text("form-of-tender")
    assert pack_of(spec).glossary()["Excluded supplier"].count(cited[1:]) == 1
    grounds = example(GROUNDS)
    assert "we must" not in "\n".join(lines(grounds.section("form-of-tender", "sme-tender:exclusion").blocks)).lower()
    assert "we must" not in grounds.glossary()["Excluded supplier"].lower()


@pytest.mark.parametrize("name", [GROUNDS, HOME_CARE])
def test_associated_person_is_a_firm_relied_on_not_a_guarantor(name):
    """An associated person is a firm the bidder relies on to meet a condition of participation: it may be a
    subcontractor or a consortium member, but not a guarantor."""
    meaning = example(name).glossary()["Associated person"]
    assert "rely on to meet a condition of participation" in meaning
    assert "It is not one of your subcontractors" not in meaning
    assert "subcontractor" in meaning and "consortium" in meaning and "not a guarantor" in meaning


def test_associated_persons_are_cited_through_tenderpack_law():
    """The sections that reach associated persons and subcontractors come from law.yaml (never a hard-coded
    "Section 28 applies them"), in a sentence whose verb agrees with "sections"."""
    spec = example(HOME_CARE).spec
    form = example(HOME_CARE).text("form-of-tender")
    cited = tenderpack.law.cite(spec, "associated-persons")
    assert f"Under {cited}, we also check the associated persons you rely on and your subcontractors." in form
    assert "applies them to" not in form and "Section 28" not in form


def test_central_digital_platform_only_where_the_act_asks_for_it():
    """Below the threshold registering on the central digital platform is not the Act's requirement: the
    grounds pack does not mention it; the home care pack (a public contract) asks for it."""
    assert "central digital platform" not in example(GROUNDS).all_text().lower()
    assert not tenderpack.law.applies(example(GROUNDS).spec, "central-digital-platform")
    home = example(HOME_CARE)
    assert "register on the central digital platform" in home.text("how-to-bid")
    assert "Central digital platform" in home.glossary()


@pytest.mark.parametrize("name", [GROUNDS, HOME_CARE])
def test_prices_may_be_shared_within_the_bid_and_groups_name_a_lead(name):
    """A bidder may tell its prices to its consortium members, proposed subcontractors and professional
    advisers; a group names its lead member, each member signs, and a box says who does what."""
    pack = example(name)
    fair = pack.text("form-of-tender")
    assert ("You have not told anyone your prices, except your consortium members, proposed subcontractors or "
            "professional advisers, or to get insurance or a guarantee.") in fair
    others = lines(pack.section("form-of-tender", "sme-tender:others").blocks)
    assert "If you bid as a group, name the lead member; each member signs." in "\n".join(others)
    assert others.count("[answer box]") == 2
    assert any(line.startswith("Who does what:") for line in others)
    assert "If you bid as a group, each member signs" in pack.text("how-to-bid")
    assert "The form of tender asks who does what." in pack.text("how-to-bid")


def test_negotiated_terms_are_those_issued_with_the_invitation_to_send_final_tenders():
    """With a negotiation stage before final tenders, the bidder accepts the draft contract as issued with the
    invitation to send final tenders; with one stage, the draft contract in the pack."""
    home = example(HOME_CARE).text("form-of-tender")
    assert "You accept the terms of the draft contract as issued with the invitation to send final tenders." in home
    assert "The “Draft contract” in this pack may change through negotiation before then." in home
    grounds = example(GROUNDS).text("form-of-tender")
    assert "You accept the terms of the “Draft contract” in this pack." in grounds and "final tenders" not in grounds


def test_outcome_payments_in_the_contract_description_are_said_to_be_lot_1s():
    """The contract form "services contract with outcome payments" belongs, for its outcome payments, to lot 1
    only: the form of tender and the contract in brief say so after it."""
    for doc_id in ("form-of-tender", "contract-summary"):
        body = example(HOME_CARE).text(doc_id)
        assert "It is a services contract with outcome payments. Outcome payments apply to lot 1 only." in body


def test_contract_in_brief_never_puts_every_insurance_at_award():
    """The insurance clause's summary (rendered by the library) says the cover is held while the contract runs;
    never one sentence that puts every cover at award."""
    for name in (GROUNDS, HOME_CARE):
        body = example(name).text("contract-summary")
        assert "Lists the insurance you must hold while the contract runs" in body
        assert "only when we award the contract, not when you bid" not in body


def test_social_value_commitments_become_kpis_reported_as_the_spec_says():
    """The social value clause's summary says each commitment becomes a KPI reported as often as the spec
    says, never "like any other KPI" (the grounds contract has no other)."""
    body = example(GROUNDS).text("contract-summary")
    assert "each one becomes a KPI, reported quarterly." in body
    assert "like any other KPI" not in body


@pytest.mark.parametrize("name, wanted", [
    (GROUNDS, ["Q1 and Q2 have a minimum score of 2."]),
    (HOME_CARE, ["S1, S2, Q1, Q2 and Q3 have a minimum score of 2.",
                 "Q4 also has a rule that can mean we reject a tender."]),
])
def test_how_to_bid_names_the_questions_with_a_minimum_score(name, wanted):
    """How to bid names each question with a minimum score, pass mark or rejecting rule, from the spec."""
    body = example(name).text("how-to-bid")
    assert "Some questions have a minimum score" not in body
    for sentence in wanted:
        assert sentence in body


def test_pass_fail_questions_are_named():
    """A stage question marked pass or fail is named as such in How to bid."""
    data = data_of(HOME_CARE)
    data["procedure"]["stages"][0]["questions"].append({"id": "S3", "question": "Do you hold CQC registration?",
                                                        "pass_fail": True})
    assert "We mark S3 pass or fail." in pack_of(spec_from(data)).text("how-to-bid")


def test_each_lot_says_which_questions_its_bidders_answer():
    """When lots have their own criteria, the response form and How to bid say which questions a bidder for each
    lot answers (lot 2: S1, S2, Q2, Q4 and SV1), and that a question shared by lots is answered once."""
    pack = example(HOME_CARE)
    for doc_id in ("response-form", "how-to-bid"):
        body = pack.text(doc_id)
        assert "If you bid only for lot 2, answer S1, S2, Q2, Q4 and SV1." in body, doc_id
        assert "If you bid only for lot 1" not in body, doc_id
        assert "answer each question once for all of them: we score it for each lot" in body, doc_id
        assert "Answer the seven written questions" not in body, doc_id
    assert "You have answered every question for the lots you bid for." in pack.text("response-form")
    rows = {line.split(" | ")[0]: line.split(" | ")[-1] for line in pack.lines("how-to-bid") if " | " in line}
    assert rows["Q1: Achieving the outcomes"] == "25% lot 1" and rows["Q2: People, families and staff"] == \
        "15% lot 1; 30% lot 2"


def test_one_lot_or_none_says_nothing_of_lots_answering_questions():
    """Without lots, the forms count the questions plainly and say nothing about answering once."""
    body = example(GROUNDS).text("response-form")
    assert "This form has three questions." in body and "answer each question once" not in body
    assert "You have answered every question." in body


def test_glance_gives_each_lots_own_score_split():
    """Lots with their own weights: the one-page summary gives each lot's split of quality, price and social
    value; one set of weights: one split."""
    glance = example(HOME_CARE).text("tender-at-a-glance")
    assert ("How we score: Lot 1: quality 60%, price 25%, social value 15%. "
            "Lot 2: quality 50%, price 35%, social value 15%.") in glance
    assert "How we score: Quality 60%, Price 30%, Social value 10%." in example(GROUNDS).text("tender-at-a-glance")


def test_glance_says_what_to_send_at_each_stage():
    """In a procedure with stages, "What to send" groups the documents by stage: the questionnaire at stage 1,
    the rest at the tender stages; in one stage, a numbered list."""
    glance = example(HOME_CARE).text("tender-at-a-glance")
    sent = next(line for line in glance.splitlines() if line.startswith("What to send: "))
    assert sent.startswith("What to send: Stage 1: questionnaire. Stages 2 and 4: answers to the quality questions "
                           "for your lots; social value answer; price schedule; form of tender, signed.")
    grounds = example(GROUNDS).text("tender-at-a-glance")
    assert "What to send: 1. Answers to questions Q1 and Q2; 2. Social value answer; 3. Price form; 4." in grounds


@pytest.mark.parametrize("name", [GROUNDS, HOME_CARE])
def test_glance_budget_excludes_vat(name):
    """The one-page summary says the value and the budget exclude VAT."""
    value = next(line for line in example(name).text("tender-at-a-glance").splitlines() if line.startswith("Value: "))
    assert "Budget" in value and value.endswith("Both exclude VAT.")


def test_glance_gives_the_conditions_briefly():
    """Who can bid gives the key conditions: their own words when short, else how many (and a lot's extra ones)."""
    grounds = example(GROUNDS).text("tender-at-a-glance")
    assert ("Any business, charity or social enterprise can bid. You need: one example of similar grounds work in "
            "the last three years.") in grounds
    home = example(HOME_CARE).text("tender-at-a-glance")
    assert "You must meet two conditions, and lot 1 has one more: see “How to bid”." in home


def test_phases_say_who_takes_part_seed_funding_and_what_a_no_go_means():
    """Seed funding only for the phases that have it; up to two suppliers run Phase 3; a decision not to go on
    ends the supplier's lot 1 contracts at the end of that phase, as the draft contract says."""
    body = example(HOME_CARE).text("how-to-bid")
    assert "Up to three suppliers take part in Phase 1, each with seed funding of £40,000." in body
    assert "Up to two suppliers take part in Phase 2, each with seed funding of £150,000." in body
    assert "Up to two suppliers run Phase 3." in body and "We fund" not in body
    assert "Phase 1 and Phase 2 each end with a go/no-go decision." in body
    assert "If we decide not to go on with you, your lot 1 contracts end at the end of that phase." in body


def test_yearly_price_form_says_what_an_empty_year_does():
    """The spreadsheet accepts an empty year and counts it as 0: the price form says so, and does not claim
    that an empty year cannot be sent or is rejected."""
    body = example(GROUNDS).text("price-form")
    assert "leave a year empty" not in body and "reject" not in body
    assert "Give a price for every year. Write 0 if a year costs you nothing." in body
    assert "It counts an empty year as 0." in body

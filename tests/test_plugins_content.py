"""The four first-party content plugins, called directly through their hooks.

Each test loads an example spec, asks the plugins for their documents and sections, and
checks that the text is drawn from the spec. Plugins must make no formatting decisions, so
the tests look only at the tree.
"""

from __future__ import annotations

import datetime as dt

import importlib
import inspect
import json
import os
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

import tenderpack
from tenderpack import text
from tenderpack.tree import (BLOCK_TYPES, Clause, Heading, KeyFacts, ListBlock, Paragraph, Run, Table,
                             plain_text, to_data, walk)

from conftest import ROOT, load_example

PLUGIN_NAMES = ["tenderpack_standard", "tenderpack_outcomes", "tenderpack_social_value", "tenderpack_sme"]
PLUGINS = [importlib.import_module(name) for name in PLUGIN_NAMES]
EXAMPLES = ["innovation-home-care.yaml", "small-open-grounds.yaml"]
GOLDEN = Path(__file__).parent / "golden"

# Words to avoid (DOMAIN.md, plain English) and old procurement terms, as whole words.
AVOID = ["agenda", "collaborate", "combat", "deploy", "dialogue", "drive", "empower", "facilitate",
         "foster", "going forward", "in order to", "key", "leverage", "liaise", "one-stop shop",
         "overarching", "robust", "streamline", "tackling", "utilise", "e.g.", "i.e.", "MEAT", "PQQ",
         "contract notice", "selection criteria", "commence", "prior to", "hereinafter", "herein",
         "whereas", "notwithstanding", "forthwith", "pursuant to", "the said"]
JARGON = ["ensure", "additional", "approximately", "purchase"]


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def home_care():
    return load_example("innovation-home-care.yaml")


@pytest.fixture(scope="module")
def grounds():
    return load_example("small-open-grounds.yaml")


def documents(spec) -> dict[str, tenderpack.DocumentType]:
    """Every document the plugins register for ``spec``, by id."""
    found: list[tenderpack.DocumentType] = []
    for plugin in PLUGINS:
        plugin.register_documents(register=found.append, spec=spec)
    return {d.id: d for d in found}


def call_sections(plugin, spec, doc, clauses=()):
    """A plugin's document_sections, given ``clauses`` only when it asks for them (as pluggy does)."""
    kwargs = {"spec": spec, "document": doc}
    if "clauses" in inspect.signature(plugin.document_sections).parameters:
        kwargs["clauses"] = clauses
    return plugin.document_sections(**kwargs)


def sections(spec, doc_id: str, plugins=PLUGINS, clauses=()) -> list[tenderpack.Section]:
    """The sections every plugin gives a document, in the order the engine uses."""
    doc = documents(spec)[doc_id]
    out = []
    for plugin in plugins:
        result = call_sections(plugin, spec, doc, clauses)
        if result:
            out.extend(result)
    return sorted(out, key=lambda s: s.order)


def units(blocks) -> list[str]:
    """Each piece of text a reader sees: a paragraph, a heading, a table cell, a fact."""
    out: list[str] = []
    for block in walk(blocks):
        if isinstance(block, Paragraph):
            out.append(plain_text(block.runs))
        elif isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [plain_text(c) for c in block.header]
            out += [plain_text(c) for row in block.rows for c in row]
            if block.caption:
                out.append(block.caption)
        elif isinstance(block, KeyFacts):
            if block.title:
                out.append(block.title)
            for label, value in block.items:
                out += [label, plain_text(value)]
        elif isinstance(block, Clause):
            out.append(block.title)
    return [u for u in out if u.strip()]


def section_units(secs) -> list[str]:
    out = []
    for s in secs:
        out.append(s.title)
        out += units(s.blocks)
    return out


def plain(secs) -> str:
    return "\n".join(section_units(secs))


def sentences(secs) -> list[str]:
    out = []
    for unit in section_units(secs):
        out += [s for s in re.split(r"(?<=[.!?:])\s+", unit) if s.strip()]
    return out


def tables(secs, caption: str) -> list[Table]:
    return [b for s in secs for b in walk(s.blocks) if isinstance(b, Table) and b.caption == caption]


def cell_rows(table: Table) -> list[list[str]]:
    return [[plain_text(c) for c in row] for row in table.rows]


def all_documents(spec):
    return {doc_id: sections(spec, doc_id) for doc_id in documents(spec)}


# --------------------------------------------------------------------------- registration


def test_documents_have_fixed_ids_titles_and_orders(home_care):
    """The documents keep the ids, titles and orders other parts of tenderpack rely on."""
    docs = documents(home_care)
    assert {d: (docs[d].title, docs[d].order) for d in docs} == {
        "tender-at-a-glance": ("Tender at a glance", 50),
        "how-to-bid": ("How to bid", 51),
        "response-form": ("Response form", 52),
        "price-form": ("Price form", 53),
        "form-of-tender": ("Form of tender and declarations", 54),
        "contract-summary": ("The contract in brief", 55),
        "glossary": ("Glossary", 58),
        "invitation-to-tender": ("Invitation to tender", 100),
        "stage-questionnaire": ("Stage questionnaire", 110),
        "evaluation-methodology": ("Evaluation and award methodology", 200),
        "outcome-specification": ("Outcome specification", 300),
        "social-value": ("Social value requirements", 400),
        "social-value-schedule": ("Social value schedule", 450),
    }


def test_tender_at_a_glance_is_in_the_sme_pack(home_care):
    """Tender at a glance is for small firms: audience sme, folder sme, no table of contents."""
    doc = documents(home_care)["tender-at-a-glance"]
    assert (doc.audience, doc.folder, doc.toc, doc.stem, doc.layout) == ("sme", "sme", False, "sme/tender-at-a-glance", "brief")


def test_no_outcome_specification_without_outcomes_or_problem(grounds):
    """The small example has no problem statement or outcomes, so it has no outcome specification."""
    assert not grounds.outcomes and grounds.problem is None
    assert "outcome-specification" not in documents(grounds)
    outcomes = importlib.import_module("tenderpack_outcomes")
    itt = documents(grounds)["invitation-to-tender"]
    assert outcomes.document_sections(spec=grounds, document=itt) is None


def test_no_social_value_document_without_social_value(grounds):
    """Without a social_value part, the social value plugin registers and adds nothing."""
    spec = grounds.model_copy(update={"social_value": None})
    assert "social-value" not in documents(spec)
    plugin = importlib.import_module("tenderpack_social_value")
    for doc in documents(spec).values():
        assert call_sections(plugin, spec, doc) is None


def test_plugins_ignore_documents_they_do_not_know(home_care):
    """A plugin returns None for a document it has nothing to say about."""
    stranger = tenderpack.DocumentType(id="someone-elses-document", title="Other")
    for plugin in PLUGINS:
        assert call_sections(plugin, home_care, stranger) is None


# --------------------------------------------------------------------------- well-formed trees


@pytest.mark.parametrize("example", EXAMPLES)
def test_sections_are_well_formed_trees(example):
    """Plugins return Sections of known block types; lists hold blocks; clause numbers are left to the engine."""
    spec = load_example(example)
    for doc_id, secs in all_documents(spec).items():
        assert secs, doc_id
        keys = [s.key for s in secs]
        assert len(keys) == len(set(keys)), f"{doc_id}: duplicate section keys"
        for s in secs:
            assert isinstance(s, tenderpack.Section)
            for block in walk(s.blocks):
                assert isinstance(block, BLOCK_TYPES), (doc_id, s.title, block)
                if isinstance(block, Paragraph):
                    assert block.runs or block.role == "answer", (doc_id, s.title)  # only answer boxes are empty
                    assert all(isinstance(r, Run) for r in block.runs), (doc_id, s.title)
                if isinstance(block, ListBlock):
                    assert all(isinstance(item, list) and item for item in block.items)
                if isinstance(block, Heading):
                    assert block.level in (2, 3)
                if isinstance(block, Clause):
                    assert block.number is None
                if isinstance(block, Table):
                    assert all(len(row) == len(block.header) for row in block.rows), (doc_id, block.caption)


def _variant(example: str, change) -> tenderpack.Spec:
    data = yaml.safe_load((ROOT / "examples" / example).read_text(encoding="utf-8"))
    change(data)
    return tenderpack.Spec.model_validate(data)


def _ranked(d):
    for i, c in enumerate(d["award"]["criteria"], 1):
        c.pop("weight")
        c["rank"] = i


def _open_lots(d):
    d["procedure"]["type"] = "open"
    d["lots"] = {"items": [{"number": 1, "title": "North", "criteria": ["Q1", "P1"]},
                           {"number": 2, "title": "South"}],
                 "max_per_supplier": 1, "allocation_method": "We give you the lot where you score highest."}


def _bare(d):
    d["value"].pop("budget_ceiling")
    d["conditions"] = {"minimum_turnover": 40000, "audited_accounts_required": True}
    d["award"]["scale"] = [{"score": s, "descriptor": f"Level {s}."} for s in range(5)]
    d["award"].pop("tie_break")
    d["social_value"] = {"weighting": 10, "model": "PPN 06/20"}
    d["contacts"] = [{"name": "Procurement team"}]
    d["submission"]["portal"].pop("url")
    d["timetable"]["extensions"] = [12, 6]


VARIANTS = {
    "ranked criteria": ("small-open-grounds.yaml", _ranked),
    "open procedure with lots": ("small-open-grounds.yaml", _open_lots),
    "bare minimum": ("small-open-grounds.yaml", _bare),
    "unpublished budget": ("innovation-home-care.yaml", lambda d: d["value"].update(budget_published=False)),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_unusual_specs_still_give_well_formed_sections(name):
    """Ranks instead of weights, lots with limits, missing optional fields: every plugin still gives sections."""
    example, change = VARIANTS[name]
    spec = _variant(example, change)
    for doc_id, secs in all_documents(spec).items():
        assert secs, doc_id
        for s in secs:
            for block in walk(s.blocks):
                assert isinstance(block, BLOCK_TYPES)
                if isinstance(block, Table):
                    assert all(len(row) == len(block.header) for row in block.rows)
        long = [x for x in sentences(secs) if len(x.split()) > 25]
        assert not long, (doc_id, long)


def test_lot_limits_and_lot_criteria_are_explained():
    """A limit on lots per supplier comes with its allocation method; lot criteria are named."""
    spec = _variant("small-open-grounds.yaml", _open_lots)
    body = plain(sections(spec, "evaluation-methodology"))
    assert "One supplier can win at most one lot." in body
    assert "We give you the lot where you score highest." in body
    rows = cell_rows(tables(sections(spec, "evaluation-methodology"), "Criteria for each lot")[0])
    assert rows[0][1] == "Q1: How you will do the work; P1: Price"
    # The variant is worth less than the threshold: the open competition is the buyer's choice, not the Act's procedure.
    itt = plain(sections(spec, "invitation-to-tender"))
    assert "open" in itt and "We are using the open procedure" not in itt


def test_ranked_criteria_show_ranks_not_weights():
    """With ranked criteria the tables show ranks, and no weighted example is invented."""
    spec = _variant("small-open-grounds.yaml", _ranked)
    body = plain(sections(spec, "evaluation-methodology"))
    assert "Rank 1" in body and "Rank 1 matters most." in body
    assert not tables(sections(spec, "evaluation-methodology"), "Weighted scores for Q1")


def test_plugins_use_only_the_public_api():
    """Plugins import tenderpack's public API only, and know nothing of Word, PDF or HTML."""
    for name in PLUGIN_NAMES:
        for path in (ROOT / "plugins" / name).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            internal = re.findall(r"^\s*(?:from|import)\s+tenderpack\.(\w+)", source, flags=re.M)
            assert set(internal) <= {"markdown", "text"}, (path, internal)
            assert not re.search(r"^\s*(?:from|import)\s+(docx|weasyprint|docxtpl|jinja2|openpyxl|icalendar)\b",
                                 source, re.M), path


# --------------------------------------------------------------------------- invitation to tender


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_criterion_name_and_weight_appears(example):
    """Each award criterion's name and weight appears in the invitation and in the evaluation methodology."""
    spec = load_example(example)
    for doc_id in ("invitation-to-tender", "evaluation-methodology"):
        body = plain(sections(spec, doc_id))
        for c in spec.award.criteria:
            assert c.name in body, (doc_id, c.name)
            assert text.percent(c.weight) in body, (doc_id, c.weight)
    itt = tables(sections(spec, "invitation-to-tender"), "Award criteria")[0]
    col = [plain_text(h) for h in itt.header].index("Weight")
    assert [r[col] for r in cell_rows(itt)][:-1] == [text.percent(c.weight) for c in spec.award.criteria]


def test_joint_procurement_names_both_councils_and_signatories(home_care):
    """A joint procurement names the lead and every participating authority, and who signs for each."""
    body = plain(sections(home_care, "invitation-to-tender"))
    for authority in home_care.authorities:
        assert authority.name in body
        assert authority.signatory in body
    assert "joint procurement" in body
    table = tables(sections(home_care, "invitation-to-tender"), "The authorities buying together")[0]
    assert [r[0] for r in cell_rows(table)] == [a.name for a in home_care.authorities]
    assert [r[2] for r in cell_rows(table)] == [a.signatory for a in home_care.authorities]


def test_single_buyer_is_named_with_its_signatory(grounds):
    """A buyer on its own is named as buying alone, with who signs."""
    body = plain(sections(grounds, "invitation-to-tender"))
    assert f"{grounds.buyer.lead.name} is buying on its own." in body
    assert grounds.buyer.lead.signatory in body
    assert "joint procurement" not in body


def test_stages_appear_in_order(home_care):
    """The stages of a competitive flexible procedure appear in the order of the spec, with shortlisting."""
    body = plain([s for s in sections(home_care, "invitation-to-tender") if s.key == "itt:procedure"])
    names = [s.name for s in home_care.procedure.stages]
    positions = [body.index(n) for n in names]
    assert positions == sorted(positions)
    shortlist = home_care.procedure.stages[0]
    assert f"up to {shortlist.shortlist_size} bidders" in body
    for criterion in shortlist.shortlist_criteria:
        assert criterion in body
    timetable = tables(sections(home_care, "invitation-to-tender"), "Timetable")[0]
    events = [r[1] for r in cell_rows(timetable)]
    stage_rows = [events.index(n) for n in names]
    assert stage_rows == sorted(stage_rows)


@pytest.mark.parametrize("example", EXAMPLES)
def test_timetable_follows_the_order_of_events(example):
    """The timetable lists the notice, questions, deadline, evaluation, award and contract in date order, UK style."""
    spec = load_example(example)
    t = spec.timetable
    table = tables(sections(spec, "invitation-to-tender"), "Timetable")[0]
    rows = cell_rows(table)
    events = [r[1] for r in rows]
    # With stages, each stage has its own last time to ask questions, named by the stage.
    asks = next(e for e in events if e.startswith(("Last day to ask questions", "Last time to ask questions")))
    wanted = ["Tender notice published", asks, "Evaluation finishes", "Contract starts",
              "First term of the contract ends"]
    positions = [events.index(e) for e in wanted]
    assert positions == sorted(positions)
    whens = " ".join(r[0] for r in rows)
    assert text.date(t.notice, weekday=True) in whens
    assert text.time(t.tender_deadline) in whens and text.date(t.tender_deadline.date(), weekday=True) in whens
    assert any("Standstill" in e for e in events) == (t.standstill_end is not None)
    for m in t.milestones:
        assert m.event in events


def test_innovation_phases_show_budgets_seed_funding_and_gates(home_care):
    """Innovation phases appear with budget, seed funding, test bed and go/no-go conditions."""
    for doc_id in ("invitation-to-tender", "outcome-specification"):
        body = plain(sections(home_care, doc_id))
        for phase in home_care.procedure.innovation_phases:
            assert phase.name in body
            assert text.money(phase.budget) in body
            if phase.seed_funding is not None:
                assert text.money(phase.seed_funding) in body
            if phase.test_bed:
                assert phase.test_bed in body
            for gate in phase.go_no_go:
                assert gate in body


def test_conditions_are_proportionate(home_care):
    """Conditions say no audited accounts are needed and insurance is asked for at award, not at tender."""
    body = plain(sections(home_care, "invitation-to-tender"))
    assert not home_care.conditions.audited_accounts_required
    assert "We do not ask for audited accounts." in body
    assert "You do not need this insurance to bid." in body
    table = tables(sections(home_care, "invitation-to-tender"), "Insurance")[0]
    for ins, row in zip(home_care.conditions.insurance, cell_rows(table)):
        assert row[0] == ins.type and text.money(ins.amount) in row[1]
        assert row[2] == {"award": "When we award the contract", "contract_start": "Before the contract starts"}[ins.when]


@pytest.mark.parametrize("example", EXAMPLES)
def test_payment_within_days_of_a_valid_invoice(example):
    """The payment promise (days from the spec) is in the invitation and in Tender at a glance."""
    spec = load_example(example)
    for doc_id in ("invitation-to-tender", "tender-at-a-glance"):
        body = plain(sections(spec, doc_id))
        assert f"{spec.commercial.payment_days} days" in body, doc_id


def test_questions_and_answers_are_shared_anonymously(home_care):
    """How to ask questions: the deadline, every contact, and answers shared without naming who asked."""
    body = plain(sections(home_care, "invitation-to-tender"))
    assert text.datetime(home_care.timetable.clarification_deadline) in body
    for contact in home_care.contacts:
        assert contact.name in body and contact.email in body
    assert "We do not say who asked." in body


def test_how_to_bid_lists_documents_and_validity(grounds):
    """How to bid names the portal, the documents to send in order, and how long tenders stay open."""
    secs = sections(grounds, "invitation-to-tender")
    body = plain(secs)
    assert grounds.submission.portal.name in body
    assert f"{grounds.submission.validity_days} days" in body
    lists = [b for s in secs if s.key == "itt:how-to-bid" for b in walk(s.blocks) if isinstance(b, ListBlock)]
    listed = [plain_text(item[0].runs) for item in lists[0].items]
    assert listed[:len(grounds.submission.documents)] == grounds.submission.documents
    assert listed[len(grounds.submission.documents):] == [   # the conditions are checked with the tender
        "Your evidence for the conditions of participation (“Conditions of participation” says what to give)"]
    assert lists[0].ordered
    links = [r for b in walk(secs[0].blocks) if isinstance(b, KeyFacts) for _, v in b.items for r in v if r.url]
    assert grounds.submission.portal.url in [r.url for r in links]


def test_no_lots_gives_the_reasons(grounds):
    """A contract not divided into lots says so and gives the reasons from the spec."""
    body = plain(sections(grounds, "invitation-to-tender"))
    assert "We are not dividing the contract into lots." in body
    assert grounds.lots.reasons_not_divided.split(".")[0] in body


def test_below_threshold_procedure_is_explained(grounds):
    """A below-threshold tender is one open stage with no separate suitability stage."""
    body = plain(sections(grounds, "invitation-to-tender"))
    assert "less than the threshold" in body
    assert "no separate stage to check suppliers" in body
    assert "competitive flexible" not in body


# --------------------------------------------------------------------------- evaluation methodology


def _budget_period_months(spec) -> Decimal:
    t = spec.timetable
    whole = Decimal((text_months(t.contract_start, t.contract_end) or 0) + sum(t.extensions))
    initial = Decimal(text_months(t.contract_start, t.contract_end) or 0)
    return {"whole_term": whole, "initial_term": initial, "year": Decimal(12)}[spec.value.budget_covers], whole


def text_months(start, end):
    following = end + dt.timedelta(days=1)
    return (following.year - start.year) * 12 + following.month - start.month


def expected_example_prices(spec, lot=None) -> list[Decimal]:
    """The example prices: the spec's own, else over the whole term with every extension (what the pricing
    schedule's total covers): 80-100% of a published budget for the whole term, or of the estimate when a
    budget is published for a shorter period (90-110% of the estimate without a published budget); with
    lots, of each lot's own value."""
    if spec.award.price.example_prices:
        return list(spec.award.price.example_prices)
    published = spec.value.budget_ceiling is not None and spec.value.budget_published
    shares = ["0.8", "0.9", "1"] if published else ["0.9", "1", "1.1"]
    period, whole = _budget_period_months(spec)
    if lot is not None and lot.value is not None:
        base = Decimal(lot.value)
    elif published and period == whole:
        base = spec.value.budget_ceiling
    else:
        base = spec.value.estimated_excluding_vat
    return [(base * Decimal(s)).quantize(Decimal("1"), ROUND_HALF_UP) for s in shares]


def check_price_example(spec):
    """Each worked example (one per lot when there are lots) scores its prices with the formula."""
    weight = next(c.weight for c in spec.award.criteria if c.type.value == "price")
    found = []
    for lot in (spec.lots.items or [None]):
        caption = "Worked example of price scoring" + (f" for lot {lot.number}" if lot is not None else "")
        prices = expected_example_prices(spec, lot)
        lowest = min(prices)
        table = next(t for t in tables(sections(spec, "evaluation-methodology"), caption) if t.caption == caption)
        rows = cell_rows(table)
        assert [r[1] for r in rows] == [text.money(p) for p in prices], caption
        lot_weight = (lot.weights.get(next(c.id for c in spec.award.criteria if c.type.value == "price"), weight)
                      if lot is not None else weight)
        for price, row in zip(prices, rows):
            score = (lowest / price * lot_weight).quantize(Decimal("0.01"), ROUND_HALF_UP)
            assert row[2] == f"{text.money(lowest)} ÷ {text.money(price)} × {text.number(lot_weight)}"
            assert row[3] == f"{score:.2f}"
        found.append(prices)
    return found[0]


@pytest.mark.parametrize("example", EXAMPLES)
def test_worked_price_example_is_computed_from_the_spec(example):
    """Price score = lowest price / this price x price weight, rounded to 2 places, for prices from the spec or budget."""
    check_price_example(load_example(example))


def test_price_example_hides_an_unpublished_budget(home_care):
    """When the budget is not published, the example prices come from the estimated value, never the budget.

    (Phase budgets are published on purpose, so the invitation may still show their total.)
    """
    value = home_care.value.model_copy(update={"budget_published": False})
    spec = home_care.model_copy(update={"value": value})
    prices = check_price_example(spec)
    lot = spec.lots.items[0]   # from the lot's own value over the whole term, never the hidden budget
    assert prices[1] == Decimal(lot.value)
    for doc_id in ("evaluation-methodology", "tender-at-a-glance"):
        assert text.money(spec.value.budget_ceiling) not in plain(sections(spec, doc_id)), doc_id
    assert "We have set a budget but do not publish it." in plain(sections(spec, "invitation-to-tender"))


@pytest.mark.parametrize("example", EXAMPLES)
def test_quality_worked_example_applies_the_weight(example):
    """Weighted quality score = score / top score x weight, shown for every score on the scale."""
    spec = load_example(example)
    criterion = max((c for c in spec.award.criteria if c.type.value == "quality"), key=lambda c: c.weight)
    table = tables(sections(spec, "evaluation-methodology"), f"Weighted scores for {criterion.id}")[0]
    for row in cell_rows(table):
        score = Decimal(row[0])
        assert row[2] == f"{(score / 5 * criterion.weight).quantize(Decimal('0.01'), ROUND_HALF_UP):.2f}"


@pytest.mark.parametrize("example", EXAMPLES)
def test_each_quality_question_is_set_out(example):
    """Each quality criterion has its question, guidance, word limit and minimum score."""
    spec = load_example(example)
    body = plain(sections(spec, "evaluation-methodology"))
    for c in spec.award.criteria:
        if c.type.value != "quality":
            continue
        assert f"{c.id}: {c.name}" in body
        assert tenderpack.markdown.parse(c.question)[0].runs[0].text in body
        if c.word_limit:
            assert f"{text.number(c.word_limit, 0)} words" in body
        if c.minimum_score is not None:
            assert f"A score below {c.minimum_score} on this question." in body
        if c.disqualifies:
            assert c.disqualifies in body


def test_default_scale_is_the_common_0_to_5_scale(home_care):
    """With no scale in the spec, quality is scored on the common 0-5 scale from the data file."""
    assert not home_care.award.scale
    table = tables(sections(home_care, "evaluation-methodology"), "Quality scoring scale")[0]
    assert [r[0] for r in cell_rows(table)] == ["5", "4", "3", "2", "1", "0"]


def test_evaluation_states_the_basis_and_tie_break(home_care):
    """The methodology names the most advantageous tender (section 19) and the tie-break from the spec."""
    body = plain(sections(home_care, "evaluation-methodology"))
    assert "most advantageous tender" in body and "section 19 of the Procurement Act 2023" in body
    assert home_care.award.tie_break.strip() in body


def test_lots_show_which_criteria_apply(home_care):
    """Each lot is listed with the criteria that apply to it (empty means all)."""
    table = tables(sections(home_care, "evaluation-methodology"), "Criteria for each lot")[0]
    rows = cell_rows(table)
    assert [r[0] for r in rows] == [f"Lot {lot.number}: {lot.title}" for lot in home_care.lots.items]
    for lot, row in zip(home_care.lots.items, rows):
        wanted = "; ".join(f"{c.id}: {c.name}" for c in home_care.award.criteria if c.id in lot.criteria)
        assert row[1] == (wanted if lot.criteria else "All the award criteria")


# --------------------------------------------------------------------------- outcome specification


def test_every_outcome_indicator_and_target_appears(home_care):
    """Each outcome's statement, indicator, unit, baseline, targets, data source and checker appear."""
    body = plain(sections(home_care, "outcome-specification"))
    for o in home_care.outcomes:
        for value in (o.statement.rstrip("."), o.indicator.name, o.indicator.unit, o.data_source, o.verified_by):
            assert value in body, (o.id, value)
        for t in o.targets:
            assert t.value in body and text.date(t.by) in body
        if o.baseline.value:
            assert o.baseline.value in body
    assert "Set in year 1" in body


def test_payment_links_are_full_sentences(home_care):
    """Each payment link is written out with its amounts, cap and timing from the spec."""
    body = plain(sections(home_care, "outcome-specification"))
    for o in home_care.outcomes:
        p = o.payment
        if p.amount is not None:
            assert text.money(p.amount) in body
        if p.cap is not None:
            assert f"The most we pay for this outcome is {text.money(p.cap)}" in body
        if p.percent_at_risk is not None:
            assert f"{text.percent(p.percent_at_risk)} of your fee depends on this outcome." in body
        if p.timing:
            assert f"We make this payment {p.timing}." in body
    assert "Payment does not depend on this outcome." in body


def test_problem_statement_comes_first(home_care):
    """The problem statement (context, problem, scope, constraints, IP) comes before the outcomes."""
    secs = sections(home_care, "outcome-specification")
    keys = [s.key for s in secs]
    assert keys.index("outcomes:problem") < keys.index("outcomes:summary") < keys.index("outcomes:details")
    body = plain(secs)
    p = home_care.problem
    for item in [*p.in_scope, *p.out_of_scope, *p.constraints]:
        assert item in body


def test_outcomes_are_summarised_in_the_invitation(home_care):
    """The outcomes plugin adds a short section to the invitation to tender (a cross-plugin section)."""
    plugin = importlib.import_module("tenderpack_outcomes")
    added = plugin.document_sections(spec=home_care, document=documents(home_care)["invitation-to-tender"])
    assert [s.key for s in added] == ["outcomes:itt-summary"]
    body = plain(added)
    for o in home_care.outcomes:
        assert o.statement in body


# --------------------------------------------------------------------------- social value


@pytest.mark.parametrize("example", EXAMPLES)
def test_social_value_section_is_added_to_other_documents(example):
    """The social value plugin adds a section to the evaluation methodology and to the invitation."""
    spec = load_example(example)
    plugin = importlib.import_module("tenderpack_social_value")
    docs = documents(spec)
    evaluation = plugin.document_sections(spec=spec, document=docs["evaluation-methodology"])
    assert [s.key for s in evaluation] == ["social-value:eval-methodology"]
    assert text.percent(spec.social_value.weighting) in plain(evaluation)
    invitation = plugin.document_sections(spec=spec, document=docs["invitation-to-tender"])
    assert [s.key for s in invitation] == ["social-value:itt"]
    keys = [s.key for s in sections(spec, "evaluation-methodology")]
    assert keys.index("eval:price") < keys.index("social-value:eval-methodology") < keys.index("eval:total")


SV_MODEL = ROOT / "plugins/tenderpack_social_value/models/ppn-002.yaml"


def test_social_value_outcomes_are_looked_up_in_the_model(home_care):
    """Chosen outcome ids are shown with their titles from the versioned model data."""
    data = yaml.safe_load(SV_MODEL.read_text(encoding="utf-8"))
    titles = {c["id"]: c["title"] for m in data["themes"] for o in m["outcomes"] for c in o["criteria"]}
    table = tables(sections(home_care, "social-value"), "Social value outcomes for this contract")[0]
    rows = cell_rows(table)
    assert [r[0] for r in rows] == [o.id for o in home_care.social_value.outcomes]
    for row in rows:
        assert row[1] == titles[row[0]]


def test_social_value_model_data_is_versioned():
    """Every model data file names its source, version and as-of date."""
    for path in SV_MODEL.parent.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["source"] and data["version"] and data["as_of"] and data["model"], path


def test_unknown_social_value_id_still_renders(home_care):
    """An id not in the model data is printed as given (deeper checks belong to the rules)."""
    sv = home_care.social_value
    odd = sv.model_copy(update={"outcomes": [*sv.outcomes, type(sv.outcomes[0])(id="9z")]})
    spec = home_care.model_copy(update={"social_value": odd})
    rows = cell_rows(tables(sections(spec, "social-value"), "Social value outcomes for this contract")[0])
    assert rows[-1][0] == "9z"


def test_social_value_question_states_the_character_limit(grounds):
    """Each social value question states the character limit from the spec, and commitments become KPIs."""
    body = plain(sections(grounds, "social-value"))
    assert f"{text.number(grounds.social_value.character_limit, 0)} characters" in body
    assert "performance indicator (KPI)" in body and "every quarter" in body


# --------------------------------------------------------------------------- tender at a glance


@pytest.mark.parametrize("example", EXAMPLES)
def test_tender_at_a_glance_is_short(example):
    """Tender at a glance stays under 600 words, and every sentence has 25 words or fewer."""
    secs = sections(load_example(example), "tender-at-a-glance")
    words = sum(len(u.split()) for u in section_units(secs))
    assert words < 600, words
    long = [s for s in sentences(secs) if len(s.split()) > 25]
    assert not long


@pytest.mark.parametrize("example", EXAMPLES)
def test_tender_at_a_glance_opens_with_the_facts(example):
    """A small firm sees what we buy first, then a box of facts: who, value, lots, who can bid, deadline,
    what to send, scoring, payment and whom to ask."""
    spec = load_example(example)
    first = sections(spec, "tender-at-a-glance")[0]
    assert isinstance(first.blocks[0], Paragraph)
    assert plain_text(first.blocks[0].runs) in " ".join(spec.summary.split())
    box = first.blocks[1]
    assert isinstance(box, KeyFacts)
    labels = [label for label, _ in box.items]
    assert labels == ["Who is buying", "Value", *(["Lots"] if spec.lots.items else []), "Contract", "Who can bid",
                      "Deadlines" if spec.procedure.stages else "Deadline",
                      "What to send", "How we score", "Payment", "Questions"]
    assert spec.contacts[0].email in plain([first])


@pytest.mark.parametrize("example", EXAMPLES)
def test_documents_avoid_words_on_the_avoid_list(example):
    """No document uses a word from the plain-English avoid list or an old procurement term."""
    spec = load_example(example)
    for doc_id, secs in all_documents(spec).items():
        body = plain(secs).lower()
        for word in AVOID:
            assert not re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", body), (doc_id, word)


@pytest.mark.parametrize("example", EXAMPLES)
def test_tender_at_a_glance_has_no_jargon(example):
    """Tender at a glance uses plain swaps: make sure, extra, about, buy."""
    body = plain(sections(load_example(example), "tender-at-a-glance")).lower()
    for word in JARGON:
        assert not re.search(rf"\b{word}\b", body), word


@pytest.mark.parametrize("example", EXAMPLES)
def test_sentences_are_25_words_or_fewer_in_every_document(example):
    """With the example specs, every sentence in every document has 25 words or fewer."""
    spec = load_example(example)
    for doc_id, secs in all_documents(spec).items():
        long = [s for s in sentences(secs) if len(s.split()) > spec.plain_language.max_sentence_words]
        assert not long, doc_id


# --------------------------------------------------------------------------- golden files


GOLDEN_EXAMPLES = ["innovation-home-care.yaml", "framework-highways.yaml", "works-nec4-footbridge.yaml"]


@pytest.mark.parametrize("example", GOLDEN_EXAMPLES)
def test_golden_trees(example):
    """Each document of these examples matches its golden tree in tests/golden/.

    The golden file is tests/golden/<example>/<document-id>.json: to_data() of the sections
    that every plugin gives the document, in order. After a deliberate change, regenerate
    them with ``TENDERPACK_UPDATE_GOLDEN=1 python -m pytest tests/test_plugins_content.py``
    and review the diff.
    """
    spec = load_example(example)
    folder = GOLDEN / example.removesuffix(".yaml")
    update = os.environ.get("TENDERPACK_UPDATE_GOLDEN") == "1"
    found = {}
    for doc_id, secs in all_documents(spec).items():
        found[doc_id] = json.loads(json.dumps(to_data(secs)))
        path = folder / f"{doc_id}.json"
        if update:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(found[doc_id], indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert sorted(p.stem for p in folder.glob("*.json")) == sorted(found)
    for doc_id, data in found.items():
        expected = json.loads((folder / f"{doc_id}.json").read_text(encoding="utf-8"))
        assert data == expected, f"{doc_id} differs from its golden file; see the docstring to update it"

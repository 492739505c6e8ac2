"""The SME pack: its own folder of short documents a two-person firm can read in ten minutes
and answer in a day. Each test builds the pack (once) and reads the files back."""

from __future__ import annotations

import importlib
import re

import pytest
import yaml

import tenderpack
from tenderpack import text

from _packs import built, convert, docx_tables, docx_text, flat, pdf_pages, pdf_text
from conftest import EXAMPLES as EXAMPLES_DIR, ROOT, load_example

EXAMPLES = ["innovation-home-care.yaml", "small-open-grounds.yaml"]
SME_DOCUMENTS = ["tender-at-a-glance", "how-to-bid", "response-form", "price-form", "form-of-tender",
                 "contract-summary", "glossary"]
sme = importlib.import_module("tenderpack_sme")


def spec_of(example: str) -> tenderpack.Spec:
    return load_example(example)


# --------------------------------------------------------------------------- the folder


@pytest.mark.parametrize("example", EXAMPLES)
def test_sme_pack_is_in_its_own_folder_by_default(example):
    """Every SME document is in sme/ in Word and PDF, with the calendar; nothing else is there."""
    pack = built(example)
    found = sorted(p.name for p in (pack / "sme").iterdir())
    wanted = sorted([f"{d}.{ext}" for d in SME_DOCUMENTS for ext in ("docx", "pdf")] + ["important-dates.ics"])
    assert found == wanted


def test_sme_pack_can_be_turned_off(tmp_path):
    """sme_pack: false leaves the SME documents, the calendar and the invitation's pointer out."""
    data = yaml.safe_load((EXAMPLES_DIR / "small-open-grounds.yaml").read_text(encoding="utf-8"))
    data["sme_pack"] = False
    spec = tenderpack.Spec.model_validate(data)
    registered, artifacts = [], []
    sme.register_documents(register=registered.append, spec=spec)
    sme.register_artifacts(register=artifacts.append, spec=spec)
    assert registered == [] and artifacts == []
    itt = tenderpack.DocumentType(id="invitation-to-tender", title="Invitation to tender")
    assert sme.document_sections(spec=spec, document=itt, clauses=()) is None


def test_invitation_points_small_firms_to_their_pack():
    """The invitation to tender tells small firms about the sme folder and its documents."""
    body = flat(pdf_text(built("small-open-grounds.yaml") / "invitation-to-tender.pdf"))
    assert "Help for small firms" in body and "Tender at a glance" in body and "calendar file" in body


# --------------------------------------------------------------------------- tender at a glance


@pytest.mark.parametrize("example", EXAMPLES)
def test_tender_at_a_glance_is_one_page_in_pdf(example):
    """Tender at a glance fits on one page of the PDF."""
    assert pdf_pages(built(example) / "sme" / "tender-at-a-glance.pdf") == 1


@pytest.mark.parametrize("example", EXAMPLES)
def test_tender_at_a_glance_is_one_page_in_word(example, tmp_path):
    """The Word file of Tender at a glance is one page too (laid out by LibreOffice)."""
    converted = convert(built(example) / "sme" / "tender-at-a-glance.docx", "pdf", tmp_path)
    assert pdf_pages(converted) == 1


@pytest.mark.parametrize("example", EXAMPLES)
def test_tender_at_a_glance_says_what_a_small_firm_needs(example):
    """What is bought and for whom, value or budget, lots, who can bid, dates, what to send,
    scoring, payment within 30 days and who to ask: all on the page, in Word and PDF."""
    spec = spec_of(example)
    pack = built(example)
    for body in (flat(pdf_text(pack / "sme" / "tender-at-a-glance.pdf")),
                 flat(docx_text(pack / "sme" / "tender-at-a-glance.docx"))):
        assert spec.title in body
        for authority in spec.authorities:
            assert authority.name in body
        assert text.money(spec.value.estimated_excluding_vat) in body
        if spec.value.budget_published and spec.value.budget_ceiling:
            assert text.money(spec.value.budget_ceiling) in body
        for lot in spec.lots.items:
            assert lot.title in body
        if not spec.lots.items:
            assert "one contract" in body.lower()
        assert "can bid" in body or "can apply" in body
        assert text.datetime(spec.timetable.tender_deadline) in body
        assert text.datetime(spec.timetable.clarification_deadline) in body
        for stage in spec.procedure.stages[1:]:
            if stage.deadline:
                assert text.datetime(stage.deadline) in body
        assert text.date(spec.timetable.award, weekday=True) in body
        if not any(lot.weights or lot.criteria for lot in spec.lots.items):
            totals: dict[str, object] = {}
            for c in spec.award.criteria:
                totals[c.type.value] = totals.get(c.type.value, 0) + c.weight
            for kind, weight in totals.items():
                assert f"{kind.replace('_', ' ').capitalize()} {text.percent(weight)}" in body
        assert f"within {spec.commercial.payment_days} days of a valid invoice" in body
        assert spec.contacts[0].email in body
        if not spec.procedure.stages:
            assert len(spec.submission.documents) == len(re.findall(r"\b\d\. ", body.split("What to send", 1)[1][:600]))


def test_tender_at_a_glance_names_the_lead_and_how_contracts_are_signed_in_a_joint_procurement():
    """With several authorities, the page names the lead and the others, and says that each signs its own
    contract when it does (who signs for each is in the form of tender)."""
    spec = spec_of("innovation-home-care.yaml")
    body = flat(pdf_text(built("innovation-home-care.yaml") / "sme" / "tender-at-a-glance.pdf"))
    assert f"{spec.buyer.lead.name} (lead)" in body
    assert spec.buyer.contracts == "each_authority" and "Each signs its own contract" in body


# --------------------------------------------------------------------------- how to bid


@pytest.mark.parametrize("example", EXAMPLES)
def test_how_to_bid_is_two_to_three_pages(example):
    """How to bid is short: two or three pages."""
    assert 2 <= pdf_pages(built(example) / "sme" / "how-to-bid.pdf") <= 3


@pytest.mark.parametrize("example", EXAMPLES)
def test_how_to_bid_is_two_to_three_pages_in_word(example, tmp_path):
    """The Word file of How to bid is two or three pages too (laid out by LibreOffice); a tender in stages
    has a page more for its stage table and each stage's deadlines and questions."""
    converted = convert(built(example) / "sme" / "how-to-bid.docx", "pdf", tmp_path)
    most = 4 if spec_of(example).procedure.stages else 3
    assert 2 <= pdf_pages(converted) <= most


def test_how_to_bid_walks_through_the_steps_with_the_spec_facts():
    """The steps name the portal, the question deadline, each question's limit and weight, the
    documents to send, the stages with their deadlines and what happens next."""
    spec = spec_of("innovation-home-care.yaml")
    body = flat(pdf_text(built("innovation-home-care.yaml") / "sme" / "how-to-bid.pdf"))
    for n in range(1, 8):
        assert f"Step {n}:" in body
    assert spec.submission.portal.name in body
    assert text.datetime(spec.timetable.clarification_deadline) in body
    for c in spec.award.criteria:
        if c.word_limit:
            assert f"{c.id}: {c.name} Stages 2 and 4 {text.number(c.word_limit, 0)} words {text.percent(c.weight)}" in body
    for d in spec.submission.documents:
        assert d in body
    for stage in spec.procedure.stages:
        assert stage.name in body
    assert text.date(spec.timetable.standstill_end) in body and "standstill period" in body
    assert text.date(tenderpack.text.signing_from(spec)) in body


# --------------------------------------------------------------------------- response form


@pytest.mark.parametrize("example", EXAMPLES)
def test_response_form_has_three_to_six_questions_each_with_its_limit_beside_it(example):
    """The Word form asks every scored written question (quality and social value), three to six,
    with the limit in the question's own heading and an empty box to answer in."""
    spec = spec_of(example)
    path = built(example) / "sme" / "response-form.docx"
    import docx

    headings = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name.startswith("Heading 2")]
    quality = [c for c in spec.award.criteria if c.type.value == "quality"]
    social = [c for c in spec.award.criteria if c.type.value == "social_value"]
    staged = [f"{q.id}: {s.name.split(':')[0]} question (no more than {text.number(q.word_limit, 0)} words)"
              for s in spec.procedure.stages for q in s.questions]
    expected = [f"{c.id}: {c.name} (no more than {text.number(c.word_limit, 0)} words)" for c in quality]
    expected += [f"{c.id}: {c.name} (no more than {text.number(spec.social_value.character_limit, 0)} characters)"
                 for c in social]
    assert 3 <= len(expected) <= 6
    expected = staged + expected
    assert headings == expected
    paragraphs = docx.Document(str(path)).paragraphs
    boxes = [(p.text, after) for p, after in zip(paragraphs, paragraphs[1:]) if p.text.startswith("Your answer (")]
    assert len(boxes) == len(expected)
    for (label, box), heading in zip(boxes, expected):
        limit = heading.rsplit("(", 1)[1].rstrip(")")
        assert label == f"Your answer ({limit})"
        assert box.style.name == "Answer" and box.text.strip() == ""


def test_response_form_asks_the_social_value_question_in_the_model_pattern():
    """The social value question in the form (added by the social value plugin) has the character
    limit, the chosen award criteria and what to cover."""
    spec = spec_of("innovation-home-care.yaml")
    body = flat(docx_text(built("innovation-home-care.yaml") / "sme" / "response-form.docx"))
    assert f"Using no more than {text.number(spec.social_value.character_limit, 0)} characters" in body
    for o in spec.social_value.outcomes:
        assert f"{o.id}: " in body
    assert "A timed action plan" in body


def test_response_form_is_sent_at_the_tender_stage():
    """In a procedure with stages, the answers go in with the tender, not with the first-stage response."""
    spec = spec_of("innovation-home-care.yaml")
    body = flat(docx_text(built("innovation-home-care.yaml") / "sme" / "response-form.docx"))
    tender = next(s for s in spec.procedure.stages if s.type.value == "tender")
    final = next(s for s in spec.procedure.stages if s.type.value == "final_tender")
    assert f"at {tender.name}" in body and text.datetime(tender.deadline) in body
    assert f"at {final.name}" in body


# --------------------------------------------------------------------------- price form


@pytest.mark.parametrize("example", EXAMPLES)
def test_price_form_lists_the_same_lines_as_the_pricing_schedule(example):
    """The simple price form has one table per lot with the schedule's lines, units and
    quantities, and empty cells for the prices."""
    from openpyxl import load_workbook

    pack = built(example)
    tables = [t for t in docx_tables(pack / "sme" / "price-form.docx") if t[0][0] == "Ref"]
    book = load_workbook(pack / "pricing-schedule.xlsx")
    sheets = [ws for ws in book.worksheets if ws.title.startswith("Lot") or ws.title == "Prices"]
    assert len(tables) == len(sheets)
    for table, ws in zip(tables, sheets):
        header_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Ref")
        lines = [(ws.cell(r, 1).value, ws.cell(r, 3).value, ws.cell(r, 4).value)
                 for r in range(header_row + 1, ws.max_row + 1) if ws.cell(r, 1).value]
        rows = [(row[0], row[2], row[3]) for row in table[1:] if row[0]]
        assert [(ref, unit) for ref, unit, _ in rows] == [(ref, unit) for ref, unit, _ in lines]
        assert [float(q.replace(",", "")) for _, _, q in rows] == [float(q) for _, _, q in lines]
        assert all(row[4] == "" and row[5] == "" for row in table[1:])


# --------------------------------------------------------------------------- form of tender


@pytest.mark.parametrize("example", EXAMPLES)
def test_form_of_tender_has_the_offer_declarations_and_signature(example):
    """One combined form: the offer (validity from the spec, the pack's own draft contract), the
    declarations a council asks for (genuine tender, no collusion, no canvassing, conflicts, exclusion,
    freedom of information), who signs for the authorities, and a signature block."""
    spec = spec_of(example)
    path = built(example) / "sme" / "form-of-tender.docx"
    body = flat(docx_text(path))
    assert f"{spec.submission.validity_days} days" in body
    assert "“Draft contract” in this pack" in body and spec.commercial.contract_form in body
    for phrase in ("genuine offer", "not agreed your prices", "not told anyone your prices", "offered anything",
                   "contact our staff or councillors", "conflict of interest", "excluded supplier",
                   "excludable supplier", "self-cleaning", "debarment list",
                   "Freedom of Information Act 2000", "commercially sensitive", "within 30 days", "Who does what"):
        assert phrase in body, phrase
    assert ("central digital platform" in body) == tenderpack.law.applies(spec, "central-digital-platform")
    if spec.buyer.participants:
        signers = next(t for t in docx_tables(path) if t[0][:2] == ["Authority", "Role"])
        assert [row[0] for row in signers[1:]] == [a.name for a in spec.authorities]
        assert [row[2] for row in signers[1:]] == [a.signatory for a in spec.authorities]
    else:
        assert f"The {spec.buyer.lead.signatory} signs the contract for {spec.buyer.lead.name}." in body
    signature = next(t for t in docx_tables(path) if t[0][0] == "Signature")
    assert [row[0] for row in signature[1:]][:3] == ["Signed", "Full name", "Role"]
    if spec.lots.items:
        lots = next(t for t in docx_tables(path) if t[0][0] == "Lot")
        assert [row[0] for row in lots[1:]] == [f"Lot {lot.number}: {lot.title}" for lot in spec.lots.items]


# --------------------------------------------------------------------------- glossary


GLOSSARY = yaml.safe_load((ROOT / "plugins/tenderpack_sme/glossary.yaml").read_text(encoding="utf-8"))


def _uses(body: str, entry: dict) -> bool:
    forms = [entry["term"], *entry.get("also", [])]
    return any(re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", body, re.I) for f in forms)


@pytest.mark.parametrize("example", EXAMPLES)
def test_glossary_explains_every_procurement_term_the_small_firms_documents_use(example):
    """Each glossary term that appears in a document for small firms is in the glossary, and every term the
    glossary lists appears somewhere in the pack. (The draft contract's clause bodies belong to the clause
    library: the glossary sees the contract in brief.)"""
    pack = built(example)
    sme_docs = [p for p in (pack / "sme").glob("*.pdf") if p.stem != "glossary"]
    sme_body = flat(" ".join(pdf_text(p) for p in sme_docs))
    whole = flat(" ".join(pdf_text(p) for p in pack.rglob("*.pdf") if p.stem != "glossary"))
    glossary = docx_tables(pack / "sme" / "glossary.docx")[0]
    listed = {row[0] for row in glossary[1:]}
    for entry in GLOSSARY["terms"]:
        if entry["term"] in listed:
            assert _uses(whole, entry), (entry["term"], "listed but used nowhere")
        elif _uses(sme_body, entry):
            raise AssertionError((entry["term"], "used in a document for small firms but not listed"))
    assert [row[0] for row in glossary[1:]] == sorted(listed, key=str.casefold)


def test_glossary_data_is_versioned():
    """The glossary's terms live in a data file with its source, version and date."""
    assert GLOSSARY["source"] and GLOSSARY["version"] and GLOSSARY["as_of"]
    assert all(e["when"] and e["means"] for e in GLOSSARY["terms"])


# --------------------------------------------------------------------------- the contract in brief


def test_contract_summary_lists_every_clause_in_order():
    """The contract in brief has a line for each applying clause, in the contract's order: its number, and
    its summary, unless that summary speaks of something this tender lacks."""
    from tenderpack.compose import default_clauses
    from tenderpack.plugins import Plugins

    spec = spec_of("small-open-grounds.yaml")
    infos = default_clauses(spec, Plugins(())).infos()
    path = built("small-open-grounds.yaml") / "sme" / "contract-summary.docx"
    table = next(t for t in docx_tables(path) if t[0] == ["Clause", "What it says"])
    expected = sorted((i for i in infos if i.document == "draft-contract"), key=lambda i: int(i.number))
    assert [row[0].split(".")[0] for row in table[1:]] == [i.number for i in expected]
    summary = importlib.import_module("tenderpack_sme.summary")
    facts = importlib.import_module("tenderpack_sme.facts")
    for row, info in zip(table[1:], expected):
        said = info.summary
        if not facts.missing(spec, said):
            assert row == [f"{info.number}. {info.title}", said]
    body = flat(docx_text(path))
    assert spec.commercial.contract_form in body and f"within {spec.commercial.payment_days} days" in body


def test_contract_summary_without_clauses_points_to_the_contract():
    """Called without clauses (another library, or none), it still gives the commercial facts."""
    spec = spec_of("small-open-grounds.yaml")
    doc = tenderpack.DocumentType(id="contract-summary", title="The contract in brief")
    secs = sme.document_sections(spec=spec, document=doc, clauses=())
    assert [s.key for s in secs] == ["sme-contract:about", "sme-contract:clauses"]


# --------------------------------------------------------------------------- plain English and joint buying


@pytest.mark.parametrize("example", EXAMPLES)
def test_sme_documents_pass_the_plain_english_gate(example):
    """The SME pack is built at all only when every SME document meets the plain-English
    thresholds for small firms; the manifest records it."""
    import json

    manifest = json.loads((built(example) / "manifest.json").read_text(encoding="utf-8"))
    sme_files = {f["path"] for f in manifest["files"] if f["path"].startswith("sme/")}
    assert {f"sme/{d}.pdf" for d in SME_DOCUMENTS} <= sme_files


def test_joint_wording_is_said_once():
    """In a joint procurement each SME document says who "we" are; the joint procurement paragraph of the
    invitation is repeated in none of them, and only the form of tender names who signs for each authority."""
    spec = spec_of("innovation-home-care.yaml")
    pack = built("innovation-home-care.yaml")
    joint = text.joint_buyers(spec)
    for doc_id in SME_DOCUMENTS:
        body = flat(docx_text(pack / "sme" / f"{doc_id}.docx"))
        for a in spec.authorities:
            assert a.name in body, (doc_id, a.name)
        assert not any(sentence in body for sentence in joint), doc_id
        if doc_id != "form-of-tender":
            assert not any(a.signatory in body for a in spec.authorities), doc_id
        if doc_id not in ("tender-at-a-glance",):
            assert "“We” means Dunmore City Council and Eastvale Borough Council." in body, doc_id


def test_rules_warn_when_the_response_form_would_be_too_long():
    """More than six written questions, or a quality question without a word limit, is a warning."""
    data = yaml.safe_load((EXAMPLES_DIR / "small-open-grounds.yaml").read_text(encoding="utf-8"))
    for i in range(3, 9):
        data["award"]["criteria"].append({"id": f"Q{i}", "name": f"Question {i}", "weight": 1})
    data["award"]["criteria"][0]["weight"] = 29
    spec = tenderpack.Spec.model_validate(data)
    rules = []
    sme.register_rules(register=rules.append)
    by_code = {r.code: r for r in rules}
    assert all(r.severity == "warning" for r in rules)
    assert [f.path for f in by_code["SME-FORM-QUESTIONS"].check(spec)] == [("award", "criteria")]
    paths = [f.path for f in by_code["SME-FORM-LIMITS"].check(spec)]
    assert paths == [("award", "criteria", i, "word_limit") for i in range(4, 10)]
    assert not list(by_code["SME-FORM-QUESTIONS"].check(spec_of("small-open-grounds.yaml")))

"""The SME pack: short, plain documents for a small firm, in the folder "sme" of the pack.

A two-person firm should read it in ten minutes and answer in a day: Tender at a glance
(one page), How to bid, a short response form, a simple price form, a combined form of
tender and declarations, a glossary, a plain summary of the contract and the important dates as
a calendar file. On by default; ``sme_pack: false`` in the spec turns it off.
"""

from __future__ import annotations

import tenderpack
from tenderpack import Artifact, DocumentType, Paragraph, Section, hookimpl

from . import dates, forms, glance, glossary, howto, summary

FOLDER = "sme"
TENDER_AT_A_GLANCE = "tender-at-a-glance"
HOW_TO_BID = "how-to-bid"
RESPONSE_FORM = "response-form"
PRICE_FORM = "price-form"
FORM_OF_TENDER = "form-of-tender"
CONTRACT_SUMMARY = "contract-summary"
GLOSSARY = "glossary"
KEY_DATES = "important-dates"
INVITATION = "invitation-to-tender"

FORM_QUESTIONS = "SME-FORM-QUESTIONS"
FORM_LIMITS = "SME-FORM-LIMITS"

DOCUMENTS = [
    (TENDER_AT_A_GLANCE, "Tender at a glance", 50, "One page: what we are buying, the dates, what to send and how we score."),
    (HOW_TO_BID, "How to bid", 51, "Step by step, from deciding to bid to sending your tender."),
    (RESPONSE_FORM, "Response form", 52, "The questions, each with its limit and a box for your answer."),
    (PRICE_FORM, "Price form", 53, "A simple form for your prices."),
    (FORM_OF_TENDER, "Form of tender and declarations", 54, "Your offer and declarations, to sign and send."),
    (CONTRACT_SUMMARY, "The contract in brief", 55, "What the contract says, in plain English."),
    (GLOSSARY, "Glossary", 58, "The procurement terms in this pack, in plain English."),
]


def documents(spec: tenderpack.Spec) -> list[tuple[str, str, int, str]]:
    """DOCUMENTS for this tender: for a framework, the contract in brief is the call-off contract's."""
    if not tenderpack.text.is_framework(spec):
        return DOCUMENTS
    return [(CONTRACT_SUMMARY, "The call-off contract in brief", order, "What each call-off contract says, in plain "
             "English.") if doc_id == CONTRACT_SUMMARY else (doc_id, title, order, description)
            for doc_id, title, order, description in DOCUMENTS]


@hookimpl
def register_documents(register: tenderpack.RegisterDocument, spec: tenderpack.Spec) -> None:
    if not spec.sme_pack:
        return
    for doc_id, title, order, description in documents(spec):
        register(DocumentType(id=doc_id, title=title, audience="sme", order=order, folder=FOLDER, toc=False,
                              layout="brief", description=description if doc_id != TENDER_AT_A_GLANCE else ""))


@hookimpl
def register_artifacts(register: tenderpack.RegisterArtifact, spec: tenderpack.Spec) -> None:
    if spec.sme_pack:
        register(Artifact(id=KEY_DATES, title="Important dates (calendar)", format="ics", content=dates.calendar(spec),
                          filename="important-dates.ics", folder=FOLDER, audience="sme", order=59))


@hookimpl
def register_rules(register: tenderpack.RegisterRule) -> None:
    register(tenderpack.Rule(FORM_QUESTIONS, "warning", "The short response form has three to six questions",
                             "SME pack: a short response form a small firm can answer in a day", form_questions))
    register(tenderpack.Rule(FORM_LIMITS, "warning", "Every written question has a word limit",
                             "SME pack: each limit is printed beside its question", form_limits))


def form_questions(spec: tenderpack.Spec):
    """The response form asks every scored written question: more than six is too many for a small firm."""
    n = forms.questions_count(spec)
    if spec.sme_pack and n > 6:
        yield tenderpack.Finding(f"the response form has {n} questions; a small firm can answer three to six in a day",
                                 ("award", "criteria"))


def form_limits(spec: tenderpack.Spec):
    for i, c in enumerate(spec.award.criteria):
        if spec.sme_pack and c.type.value == "quality" and c.word_limit is None:
            yield tenderpack.Finding(f"{c.id} has no word limit; the response form suggests 500 words",
                                     ("award", "criteria", i, "word_limit"))


@hookimpl
def document_sections(spec: tenderpack.Spec, document: DocumentType, clauses) -> list[tenderpack.Section] | None:
    if not spec.sme_pack:
        return None
    if document.id == TENDER_AT_A_GLANCE:
        return glance.sections(spec)
    if document.id == HOW_TO_BID:
        return howto.sections(spec, clauses)
    if document.id == RESPONSE_FORM:
        return forms.response_form(spec)
    if document.id == PRICE_FORM:
        return forms.price_form(spec)
    if document.id == FORM_OF_TENDER:
        return forms.form_of_tender(spec, clauses)
    if document.id == GLOSSARY:
        return glossary.sections(spec, clauses)
    if document.id == CONTRACT_SUMMARY:
        return summary.sections(spec, clauses)
    if document.id == INVITATION:
        return [help_for_small_firms(spec)]
    return None


def help_for_small_firms(spec: tenderpack.Spec) -> Section:
    titles = [title for _, title, _, _ in documents(spec)]
    blocks: list[tenderpack.Block] = [
        Paragraph.of("The folder “sme” of this pack has short versions for small firms, charities and social enterprises:"),
        tenderpack.ListBlock.of(*titles, "Important dates, as a calendar file"),
        Paragraph.of("The short forms ask for the same answers and prices. Use whichever suits you.")]
    return Section("Help for small firms", blocks, order=75, key="sme:itt-help")

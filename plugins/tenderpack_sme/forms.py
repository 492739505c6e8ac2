"""The short forms of the SME pack: the response form, the price form and the form of tender.

Each is a normal document with empty boxes (one-cell tables) to type into, so the Word
file is the form. Other plugins add their parts: the social value plugin its question in
the response form, the standard plugin the priced lines in the price form.
"""

from __future__ import annotations

import tenderpack
from tenderpack import Heading, ListBlock, Paragraph, Run, Section, Table, markdown, text

from .glance import joint_paragraphs, link


def md(value: str | None) -> list:
    return markdown.parse(value) if value else []


def answer_box(limit: str) -> list[Paragraph]:
    """The limit, then an empty box to type the answer in."""
    return [Paragraph([Run(f"Your answer (no more than {limit})", bold=True)]), Paragraph([], role="answer")]


def details_table(spec: tenderpack.Spec) -> Table:
    rows = [["Organisation name", ""], ["Contact name", ""], ["Email", ""], ["Telephone", ""]]
    if spec.lots.items:
        rows.append(["Lots you bid for", ""])
    return Table.of(["Your details", ""], rows, widths=[2, 5])


def answer_stages(spec: tenderpack.Spec) -> tuple[object | None, object | None]:
    """In a procedure with stages: the first stage that asks for tenders, and the final tender stage."""
    stages = spec.procedure.stages
    first = next((s for s in stages if s.type.value == "tender"), None) or \
        next((s for s in stages if s.type.value == "final_tender"), None)
    final = next((s for s in stages if s.type.value == "final_tender"), None)
    return first, (final if final is not first else None)


def when_to_send(spec: tenderpack.Spec) -> list[Paragraph]:
    """When the answers are due: the tender deadline, or the deadline of the stage that asks for them."""
    portal = spec.submission.portal
    first, final = answer_stages(spec)
    if first is None:
        return [Paragraph([Run("Send the form through "), link(portal.name, portal.url),
                           Run(f" by {text.datetime(spec.timetable.tender_deadline)}.")])]
    due = f", by {text.datetime(first.deadline)}" if first.deadline else ""
    out = [Paragraph([Run(f"Send the form with your tender at {first.name}, through "), link(portal.name, portal.url),
                      Run(f"{due}.")])]
    if final is not None:
        out.append(Paragraph.of(f"You can send an updated form at {final.name}"
                                + (f", by {text.datetime(final.deadline)}." if final.deadline else ".")))
    return out


def quality_questions(spec: tenderpack.Spec) -> list:
    return [c for c in spec.award.criteria if c.type.value == "quality"]


def word_limit(criterion) -> str:
    return f"{text.number(criterion.word_limit, 0)} words" if criterion.word_limit else "500 words (our suggestion)"


def questions_count(spec: tenderpack.Spec) -> int:
    sv = [c for c in spec.award.criteria if c.type.value == "social_value"] if spec.social_value else []
    return len(quality_questions(spec)) + len(sv)


# --------------------------------------------------------------------------- response form


def response_form(spec: tenderpack.Spec) -> list[Section]:
    portal = spec.submission.portal
    n = questions_count(spec)
    intro = [
        Paragraph.of(f"This form has {n} question{'s' if n != 1 else ''}. Type each answer in the box below it."),
        Paragraph.of("The limit is printed beside each question. We do not read past it."),
        Paragraph.of("We score each answer on its own, from 0 to 5. The “Evaluation and award methodology” explains the scores."),
        *when_to_send(spec),
        *joint_paragraphs(spec),
        details_table(spec),
    ]
    blocks: list = []
    for c in quality_questions(spec):
        blocks.append(Heading(f"{c.id}: {c.name} (no more than {word_limit(c)})", level=2))
        facts = []
        if c.weight is not None:
            facts.append(f"Weight: {text.percent(c.weight)}.")
        if c.minimum_score is not None:
            facts.append(f"Minimum score: {c.minimum_score}. Below it, we cannot choose your tender.")
        if facts:
            blocks.append(Paragraph.of(" ".join(facts)))
        blocks += md(c.question) or [Paragraph.of(f"Tell us about {c.name.lower()}.")]
        blocks += md(c.guidance)
        blocks.extend(answer_box(word_limit(c)))
    out = [Section("How to use this form", intro, order=10, key="sme-form:intro")]
    if blocks:
        out.append(Section("Quality questions", blocks, order=40, key="sme-form:quality"))
    out.append(Section("Before you send", [ListBlock.of(
        "You have answered every question.",
        "Each answer is within its limit.",
        "You have filled in “Your details”.",
        "You have filled in the price form and signed the form of tender.")], order=90, key="sme-form:check"))
    return out


# --------------------------------------------------------------------------- price form


def price_form(spec: tenderpack.Spec) -> list[Section]:
    blocks = [
        Paragraph.of("Give your price for one unit of each line, in pounds, excluding VAT. "
                     "Multiply it by the quantity to get the line total."),
        Paragraph.of("Quantities are our estimates. We use them to compare tenders, and pay for what we order."),
        Paragraph.of("The pricing schedule spreadsheet asks for the same prices and adds them up for you. "
                     "Send one or the other. If you send both, the spreadsheet counts."),
        Paragraph.of("Do not type a negative number or leave a line empty. Write 0 if a line costs you nothing."),
        *joint_paragraphs(spec),
        Table.of(["Your details", ""], [["Organisation name", ""]], widths=[2, 5]),
    ]
    return [Section("How to fill in this form", blocks, order=10, key="sme-price:intro")]


# --------------------------------------------------------------------------- form of tender


def signatories(spec: tenderpack.Spec) -> Table:
    rows = [[a.name, "Lead authority" if a is spec.buyer.lead and spec.buyer.participants else
             ("Participating authority" if spec.buyer.participants else "Buyer"), a.signatory or "To be confirmed"]
            for a in spec.authorities]
    return Table.of(["Authority", "Role", "Who signs the contract"], rows, caption="Who signs for the authorities",
                    widths=[3, 2, 3])


def form_of_tender(spec: tenderpack.Spec) -> list[Section]:
    buyers = text.join([a.name for a in spec.authorities])
    lots = spec.lots.items
    about = [
        Paragraph.of("Fill in this form, sign it and send it with your tender. It is your offer, and your promise "
                     "that you have bid fairly."),
        Paragraph.of(f"It is addressed to {buyers}."),
    ]
    if spec.buyer.participants:
        about.append(Paragraph.of(f"{spec.buyer.lead.name} is the lead authority. It runs the procurement for all of them."))
    about.append(signatories(spec))

    offer = [
        Paragraph.of(f"We offer to provide “{spec.title}”" + (", for the lots we name below." if lots else ".")),
        Paragraph.of("Our prices are those in our price form or pricing schedule."),
        Paragraph.of(f"We accept the terms of the contract: the {spec.commercial.contract_form}."),
        Paragraph.of(f"Our tender stays open for {spec.submission.validity_days} days after the tender deadline. "
                     "You can accept it at any time in that period."),
    ]
    if lots:
        offer.append(Table.of(["Lot", "We bid for this lot (yes or no)"],
                              [[f"Lot {lot.number}: {lot.title}", ""] for lot in lots], widths=[5, 2]))

    declarations = [
        Paragraph.of("We declare that:"),
        ListBlock.of(
            "Our tender is a genuine offer. We mean to carry out the contract if we win.",
            "We have not agreed our prices or any part of our tender with another bidder.",
            "We have not told anyone our price, except to get insurance or a guarantee, and will not before the award.",
            "We have not offered anything to anyone at the authorities to influence the result, and will not.",
            "We have not tried to contact councillors or staff about this tender, except through the ways it sets out.",
            "We have told you of any conflict of interest, and will tell you of any new one at once.",
            "We are not an excluded supplier under the Procurement Act 2023. If anything changes, we will tell you.",
            "We will pay our subcontractors within 30 days of a valid invoice.",
            "Everything in our tender is true and complete, as far as we know.",
            ordered=True),
        Heading("Freedom of information", level=2),
        Paragraph.of("We understand that the authorities must follow the Freedom of Information Act 2000. "
                     "They may have to publish or share information from our tender."),
        Paragraph.of("If part of our tender is commercially sensitive, we list it here. "
                     "The authorities decide what to share, but will consider what we say."),
        Table.of(["Part of our tender", "Why it is sensitive", "For how long"], [["", "", ""], ["", "", ""]],
                 widths=[3, 4, 2]),
    ]
    signature = [
        Paragraph.of("Someone who can commit your organisation must sign. A typed name counts as a signature."),
        Table.of(["Signature", ""], [["Signed", ""], ["Full name", ""], ["Role", ""], ["Organisation", ""],
                                     ["Registered address", ""], ["Company or charity number", ""], ["Date", ""]],
                 widths=[2, 5]),
    ]
    return [
        Section("About this form", about, order=10, key="sme-tender:about"),
        Section("Our offer", offer, order=20, key="sme-tender:offer"),
        Section("Declarations", declarations, order=30, key="sme-tender:declarations"),
        Section("Signature", signature, order=40, key="sme-tender:signature"),
    ]

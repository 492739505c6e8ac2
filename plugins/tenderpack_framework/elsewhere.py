"""The framework, said in other plugins' documents: a section of the invitation to tender, a note in the
evaluation methodology (call-off competitions have criteria of their own) and a short, plain step in
the small firms' "How to bid"."""

from __future__ import annotations

import tenderpack
from tenderpack import Paragraph, Section, text

from . import words


def sections(spec: tenderpack.Spec, document_id: str) -> list[Section]:
    if document_id == "invitation-to-tender":
        return [invitation(spec)]
    if document_id == "evaluation-methodology":
        return evaluation(spec)
    if document_id == "how-to-bid":
        return [how_to_bid(spec)]
    return []


def invitation(spec: tenderpack.Spec) -> Section:
    """The framework in the invitation to tender: what a framework is here, its terms in brief, where they are."""
    cited = words.framework_cited(spec)
    blocks: list[tenderpack.Block] = [
        Paragraph.of("This tender sets up a framework" + (f" ({cited})." if cited else ".")
                     + (" We appoint suppliers to it. The work is then bought through call-off contracts, "
                        "awarded to the suppliers on the framework." if text.several_winners(spec) else
                        " We appoint one supplier to it. The work is then bought through call-off contracts, "
                        "awarded to that supplier.")),
        words.key_facts(spec, "The framework at a glance"),
        *[Paragraph.of(s) for s in words.kind_sentences(spec)],
        Paragraph.of("The “Framework agreement” sets out the framework's terms. "
                     + ("Every supplier we appoint signs it." if text.several_winners(spec)
                        else "The supplier we appoint signs it.")),
        Paragraph.of("The “Call-off procedure” explains how call-off contracts are awarded, step by step. "
                     + words.follows(spec)),
    ]
    return Section("The framework", blocks, order=25, key="framework:itt")


def evaluation(spec: tenderpack.Spec) -> list[Section]:
    """The award criteria choose the framework's suppliers; a call-off competition has criteria of its own."""
    if words.framework(spec).call_off.competition is None:
        return []
    blocks: list[tenderpack.Block] = [
        Paragraph.of("The award criteria in this document choose the suppliers we appoint to the framework."),
        Paragraph.of("A call-off competition among the framework's suppliers is judged on its own criteria. The "
                     "“Call-off procedure” sets them out."),
    ]
    return [Section("Call-off competitions", blocks, order=95, key="framework:evaluation")]


def how_to_bid(spec: tenderpack.Spec) -> Section:
    """The framework for a small firm, in a few plain sentences."""
    fw = words.framework(spec)
    others = fw.who_may_call_off is not None and (
        fw.who_may_call_off.described or set(fw.who_may_call_off.named) - {a.name for a in spec.authorities})
    several = text.several_winners(spec)
    chosen = "those suppliers" if several else "that supplier"
    out = [f"This tender sets up a framework. We choose {'suppliers' if several else 'a supplier'} for it now.",
           f"The bodies that may use it then order work from {chosen} through call-off contracts."
           if others else f"We then order work from {chosen} through call-off contracts.",
           words.methods_sentence(spec)]
    if fw.fee_percent is not None:
        out.append(f"You pay us a fee of {text.percent(fw.fee_percent)} of the value of each call-off contract you get.")
    out.append("The “Framework agreement” and the “Call-off procedure” in the pack say more.")
    return Section("How the framework works", [Paragraph.of(" ".join(out))], order=15, key="framework:how-to-bid")

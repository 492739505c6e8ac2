"""The call-off details: the part of the call-off contract template that the body awarding a call-off fills in.

The clauses of the template are true of every call-off contract, so they never give the framework's own
dates or parties: they point to "the call-off details" (the buyer and its address for notices, the supplier,
the work ordered, the start and end dates, any extension). This section is where those details are written,
before the clauses; each row is a blank for the body that awards the call-off contract.
"""

from __future__ import annotations

import tenderpack
from tenderpack import Paragraph, Section, Table

from . import words

# Before the clauses (the library's sections start at 100), after "About this template" (10).
ORDER = 20


def rows(spec: tenderpack.Spec) -> list[list[str]]:
    """The details the clauses point to, each a blank to fill in; the lot only with lots, how the call-off was
    awarded only where both ways are open."""
    call_off = words.framework(spec).call_off
    out = [["The buyer: the body that awards this call-off contract (“we”)", ""],
           ["Its address for notices", ""],
           ["The supplier on the framework (“you”)", ""]]
    if spec.lots.items:
        out.append(["The lot the work is under", ""])
    out.append(["The work ordered", ""])
    if call_off.direct_award is not None and call_off.competition is not None:
        out.append(["How it was awarded: by direct award, or after a call-off competition", ""])
    out += [["Estimated value, excluding VAT", ""],
            ["Start date", ""],
            ["End date", ""],
            ["Any extension: how long, and how many times (write “None” if there is none)", ""]]
    return out


def call_off_details(spec: tenderpack.Spec) -> Section:
    blocks: list[tenderpack.Block] = [
        Paragraph.of("The body that awards this call-off contract fills in these details before the parties sign "
                     "it. The clauses call them “the call-off details”."),
        Table.of(["Detail", "Filled in at the call-off"], rows(spec), widths=[4, 4]),
    ]
    return Section("Call-off details", blocks, order=ORDER, key="framework:call-off-details")

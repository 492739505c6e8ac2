"""A short section for the invitation to tender that points to the outcome specification."""

from __future__ import annotations

import tenderpack
from tenderpack import Paragraph, Section, Table

from tenderpack import payments
from .specification import final_target, lot_note


def results_we_want(spec: tenderpack.Spec) -> Section:
    lots = bool(spec.lots.items)
    rows = [[o.id, o.statement, final_target(o)] + ([payments.applies_to(spec, o, short=True)] if lots else []) for o in spec.outcomes]
    widths: list[float] = [1, 5, 2, 2] if lots else [1, 5, 2]
    blocks: list[tenderpack.Block] = [
        Paragraph.of("We describe the results we want, not how to get them. You tell us how you will achieve them."),
        *lot_note(spec),
        Table.of(["Id", "Outcome", "Final target"] + (["Lot"] if lots else []), rows, caption="The outcomes we want",
                 widths=widths),
        Paragraph.of("The “Outcome specification” explains each outcome, how we measure it and how payment depends on it."),
    ]
    return Section("The results we want", blocks, order=25, key="outcomes:itt-summary")

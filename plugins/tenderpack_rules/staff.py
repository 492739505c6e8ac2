"""Rules on the staff who may transfer to the new supplier (TUPE).

A council pack carries "TUPE information where relevant" (tenderpack domain notes, what a
council pack contains): a bidder prices the staff it takes on, so it needs their numbers and
cost before it sends its tender. When the buyer promises the detailed information for a day
(commercial.transferring_staff.data_available_from), that day must come before tenders are
due, with time left to ask questions about it.
"""

from __future__ import annotations

import tenderpack
from tenderpack import Finding, text


def tupe_data(spec: tenderpack.Spec):
    """Staff information promised for a day reaches bidders before the last day to ask questions about their tender."""
    details = spec.commercial.transferring_staff
    later = details.data_available_from if spec.commercial.tupe and details is not None else None
    if later is None:
        return
    due = text.final_deadline(spec)
    asks = _last_questions(spec)
    if later >= due.date():
        when = "the day" if later == due.date() else "after"
        yield Finding(f"The staff information comes on {text.date(later)} "
                      f"(commercial.transferring_staff.data_available_from), {when} tenders are due "
                      f"({text.datetime(due)}): bidders would price the staff costs without it. Share it earlier, or "
                      "give bidders more time.", ("commercial", "transferring_staff", "data_available_from"))
    elif asks is not None and later > asks.date():
        yield Finding(f"The staff information comes on {text.date(later)} "
                      f"(commercial.transferring_staff.data_available_from), after the last time to ask questions "
                      f"({text.datetime(asks)}): bidders could not ask about it before they price the staff costs. "
                      "Share it earlier, or let bidders ask questions later.",
                      ("commercial", "transferring_staff", "data_available_from"))


def _last_questions(spec: tenderpack.Spec):
    """The last time to ask questions before the final tenders: the last stage's own, else the timetable's."""
    for stage in reversed(spec.procedure.stages):
        if stage.clarification_deadline is not None:
            return stage.clarification_deadline
    return spec.timetable.clarification_deadline

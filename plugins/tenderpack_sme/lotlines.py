"""One plain line each for a lot's own terms in the documents for small firms: the cap on the lots
one supplier can bid for, the lots reserved for small firms, and shortlists made lot by lot.

Each line is said only when the spec holds its fact.
"""

from __future__ import annotations

import tenderpack
from tenderpack import text

from . import facts

RESERVED_FOR = {"sme": "small and medium-sized enterprises",
                "sme_vcse": "small and medium-sized enterprises and voluntary, community and social enterprises",
                "supported_employment": "supported employment providers",
                "public_service_mutual": "public service mutuals"}


def bid_cap(spec: tenderpack.Spec) -> str | None:
    """'You can bid for up to two lots.'"""
    n = spec.lots.max_bids_per_supplier
    if n is None or not spec.lots.items:
        return None
    return f"You can bid for up to {facts.count(n)} {facts.plural(n, 'lot')}."


def reserved(spec: tenderpack.Spec) -> list[str]:
    """'Lot 3 is reserved for small and medium-sized enterprises.'"""
    out = []
    for kind, who in RESERVED_FOR.items():
        numbers = [lot.number for lot in spec.lots.items if lot.reserved_for == kind]
        if numbers:
            names = facts.lot_names(numbers)
            out.append(f"{names[:1].upper()}{names[1:]} {'is' if len(numbers) == 1 else 'are'} reserved for {who}.")
    return out


def shortlists(spec: tenderpack.Spec, stage) -> dict[int, int] | None:
    """How many bidders ``stage`` invites to go on for each lot, when some lot gives its own number (a lot
    without one takes the stage's); None when the stage's number is for all the lots together."""
    if not stage.shortlist_size or not any(lot.shortlist_size for lot in spec.lots.items):
        return None
    return {lot.number: lot.shortlist_size or stage.shortlist_size for lot in spec.lots.items}


def invited(spec: tenderpack.Spec, stage) -> str:
    """Who goes on after a shortlisting stage made lot by lot: 'up to four for each lot', or 'up to five for
    lot 1 and up to four for lots 2 and 3'. Only for a stage that shortlists lot by lot (see shortlists)."""
    per_lot = shortlists(spec, stage) or {}
    groups: dict[int, list[int]] = {}
    for number, size in per_lot.items():
        groups.setdefault(size, []).append(number)
    if len(groups) == 1:
        return f"up to {facts.count(next(iter(groups)))} for each lot"
    return text.join([f"up to {facts.count(size)} for {facts.lot_names(numbers)}"
                      for size, numbers in sorted(groups.items(), key=lambda pair: -pair[0])])

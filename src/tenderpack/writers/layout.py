"""Table column widths shared by the writers, so Word and PDF lay tables out alike."""

from __future__ import annotations

import re

# A generous average advance of one character of 10pt Arial (regular and bold; wide letters
# such as "m" and "w" count), and a cell's padding and borders,
# in twips (1/20 pt). Good enough to tell whether a word fits in a column.
CHAR, CHAR_BOLD, CELL_PADDING = 125, 135, 280

# Printable width of an A4 page with 2 cm margins, in twips: the PDF's text width.
A4_TEXT_WIDTH = 9638


def column_widths(available: int, weights: list[float], columns: list[list[tuple[str, bool]]]) -> list[int]:
    """Column widths in twips: the relative ``weights``, widened where a column's longest word
    would not fit (Word and LibreOffice break such a word mid-way: "Septembe r").

    ``columns`` holds each column's texts with whether they are bold. Word widths are
    estimated from Arial's average advance at the table font size; a column never claims
    more than 40% of the table for one long word (a URL, say).
    """
    def needed(texts: list[tuple[str, bool]]) -> int:
        longest = 3 * CHAR_BOLD  # room for a short id such as "O12" without breaking it
        for text, bold in texts:
            for word in re.split(r"\s+|(?<=[-/])", text):
                longest = max(longest, len(word) * (CHAR_BOLD if bold else CHAR))
        return min(longest + CELL_PADDING, int(available * 0.4))

    minimum = [needed(c) for c in columns]
    if sum(minimum) > available:
        shares = [m / sum(minimum) for m in minimum]
    else:
        fixed: dict[int, int] = {}
        while True:
            free = [i for i in range(len(weights)) if i not in fixed]
            room = available - sum(fixed.values())
            weight = sum(weights[i] for i in free)
            short = [i for i in free if room * weights[i] / weight < minimum[i]]
            if not short:
                break
            for i in short:
                fixed[i] = minimum[i]
        shares = [fixed[i] / available if i in fixed else room * weights[i] / weight / available
                  for i in range(len(weights))]
    cols = [int(available * share) for share in shares]
    cols[-1] += available - sum(cols)
    return cols


def column_shares(weights: list[float] | None, header: list[str], rows: list[list[str]]) -> list[float]:
    """Each column's share of the table width (summing to 1), widened for long words."""
    count = len(header) or max((len(r) for r in rows), default=0)
    if not weights or len(weights) != count or any(not isinstance(w, int | float) or w <= 0 for w in weights):
        weights = [1.0] * count
    columns = [[(header[i], True)] if i < len(header) else [] for i in range(count)]
    for row in rows:
        for i, cell in enumerate(row[:count]):
            columns[i].append((cell, False))
    widths = column_widths(A4_TEXT_WIDTH, list(weights), columns)
    return [w / A4_TEXT_WIDTH for w in widths]

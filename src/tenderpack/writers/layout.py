"""Layout facts shared by the writers: table column widths (so Word and PDF lay tables out
alike) and break opportunities in words too long for any line."""

from __future__ import annotations

import re
import unicodedata

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


# The longest word that might still fit on one line of the PDF: the text width over the
# advance of the narrowest letters ("i", "l": 0.22 em) at 10 pt. A longer word has to break.
LINE_MAX_CHARS = A4_TEXT_WIDTH // 44
# A longer word gets a break opportunity (a zero-width space) after every BREAK_EVERY
# characters. WeasyPrint lays out an unbreakable word in time that grows with the square of
# its length (a 100,000-character word took minutes); with these it takes about a second.
BREAK_EVERY = 10
ZERO_WIDTH_SPACE = "\u200b"
_LONG_WORD = re.compile(rf"[^\s\u200b]{{{LINE_MAX_CHARS + 1},}}")


def break_long_words(text: str) -> str:
    """``text`` with break opportunities inside every word longer than a line can hold.

    Shorter words are left exactly as they are. The breaks are invisible and are not
    copied with the text; they never split a letter from its accents or an emoji sequence.
    """
    if len(text) <= LINE_MAX_CHARS:
        return text
    return _LONG_WORD.sub(lambda m: _with_breaks(m.group()), text)


def _with_breaks(word: str) -> str:
    pieces, start = [], 0
    at = BREAK_EVERY
    while at < len(word):
        # Move past combining marks, joiners and emoji modifiers, a few characters at most.
        stop = min(at + BREAK_EVERY, len(word))
        while at < stop and _joined(word[at - 1], word[at]):
            at += 1
        pieces.append(word[start:at])
        start, at = at, at + BREAK_EVERY
    pieces.append(word[start:])
    return ZERO_WIDTH_SPACE.join(p for p in pieces if p)


def _joined(before: str, char: str) -> bool:
    """Whether ``char`` belongs to the same character on screen as ``before``."""
    return (unicodedata.category(char) in ("Mn", "Mc", "Me", "Sk", "Cf") or before == "\u200d"
            or "\ufe00" <= char <= "\ufe0f" or "\U0001f3fb" <= char <= "\U0001f3ff")

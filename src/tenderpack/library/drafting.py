"""Drafting checks: every clause sentence says what it means.

A clause sentence is one of five kinds (see clauses/README.md):

- an obligation: "You must ...", "You must not ...";
- a discretion: "We may ..." (may = is allowed to, never "might happen");
- a condition: "If you ..., we may ...", "If ..., you must ...", with the condition in full;
- a declaration: "You promise that ...", "Each party keeps ...";
- a definition: "{Term}: what it means."

Words that blur these kinds are errors, each with a code, the sentence and a rewrite:

=================  ==================================================================
DRAFT-MAY-IF-SO    "X may happen. If so, ..." reads as a permission for X; the
                   condition is never said (the false-permission pattern)
DRAFT-IF-SO        a sentence opens with "If so": say the condition in full
DRAFT-MIGHT        "might": "may" for a discretion, "if" for a condition
DRAFT-MAY-NOT      "may not" ("must not" or "does not have to"?)
DRAFT-MAY-HAVE-TO  "may have to", "may need to": a possibility, not a permission
DRAFT-SHALL        "shall": "must" for a duty, "will" for what happens
DRAFT-SHOULD       "should": a duty ("must") or advice (leave it out)?
DRAFT-AND-OR       "and/or": "A or B, or both"
DRAFT-PROVIDED     ", provided that": "only if", or a sentence of its own
DRAFT-SUBJECT-TO   "subject to" with no clause, schedule or law named after it
=================  ==================================================================

The checks read the clause's own text, every branch of it: ``{% %}`` tags are blanked
(so the text inside an ``{% if %}`` is checked whether or not it applies to a spec),
``{{ }}`` placeholders stand for their value (the words in their quoted strings are
checked too), ``{Term}`` reads as the term and ``[[ref]]`` as "clause N". Sentences are
split on that text, so markup never starts or ends a sentence by accident, and each keeps
the line of the clause file it starts on. A body with none of the words the checks look
for is passed over with one regular-expression search, so a library of a thousand clauses
costs next to nothing.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from ..errors import Issue, Location
from .model import REF_RE, TERM_USE_RE

# ---------------------------------------------------------------------------- the checks

CHECKS: dict[str, str] = {
    "DRAFT-MAY-IF-SO": 'a sentence with "may" followed by "If so" (or "If this happens", "In that case"...): '
                       "it reads as a permission, and the condition is never said",
    "DRAFT-IF-SO": 'a sentence that opens with "If so": say the condition in full',
    "DRAFT-MIGHT": '"might": write "may" for something a party is allowed to do, or "if" for a condition',
    "DRAFT-MAY-NOT": '"may not" (or "may never"): write "must not" for a prohibition, or "does not have to" '
                     "when there is no duty",
    "DRAFT-MAY-HAVE-TO": '"may have to", "may need to", "may be required to": a possibility, not a permission; '
                         'write a condition ("If the law requires it, we will ...")',
    "DRAFT-SHALL": '"shall": write "must" for a duty, or "will" for what happens',
    "DRAFT-SHOULD": '"should": write "must" if it is a duty; leave it out if it is advice',
    "DRAFT-AND-OR": '"and/or": write "A or B, or both"',
    "DRAFT-PROVIDED": '"provided that": write "only if ...", or the condition as a sentence of its own',
    "DRAFT-SUBJECT-TO": '"subject to" with no clause, schedule or law named: name it, or write the condition in full',
}

# Any of these words, anywhere in a text, and it is read sentence by sentence.
_GAP = r"[\s*_]+"   # between the words of a phrase: spaces, and any emphasis markup
_OPENERS = (r"if\s+so|if\s+(?:this|that)\s+happens|if\s+(?:this|that)\s+is\s+the\s+case|in\s+(?:that|this|which)\s+case"
            r"|where\s+this\s+happens|should\s+this\s+happen")
_TRIGGER = re.compile((r"\b(?:might|shall|should|may\s+(?:also\s+)?(?:not|never)"
                       r"|may\s+(?:well\s+|also\s+)?(?:have|need|be\s+required)\s+to|and\s*/\s*or"
                       r"|provid(?:ed|ing)(?:\s+always)?\s+that|subject\s+to|"
                       + _OPENERS + r")\b").replace(r"\s+", _GAP), re.I)

_OPENER = re.compile(r"(?:^|(?<=[;:—–]))\s*[\"'“‘(*_]*(" + _OPENERS + r")\b[\s,]*", re.I)
_MAY = re.compile(r"\bmay\b", re.I)
_MIGHT = re.compile(r"\bmight\b", re.I)
_MAY_NOT = re.compile(r"\bmay(\s+also)?\s+(not|never)\b", re.I)
_MAY_HAVE_TO = re.compile(r"\bmay\s+(?:well\s+|also\s+)?(?:have|need|be\s+required)\s+to\b", re.I)
_SHALL = re.compile(r"\bshall\b", re.I)
_SHOULD = re.compile(r"\bshould\b", re.I)
_AND_OR = re.compile(r"\band\s*/\s*or\b", re.I)
_PROVIDED = re.compile(r"(?:^|,)\s*provid(?:ed|ing)(?:\s+always)?\s+that\b|\bprovided\s+always\s+that\b", re.I)
_SUBJECT_TO = re.compile(r"\bsubject\s+to\b", re.I)
# What may follow "subject to" for it to name what it depends on ([[ref]] reads as "clause").
_NAMED = re.compile(r"^\W*(?:\S+\s+){0,6}?(?:clauses?|sections?|schedules?|paragraphs?|parts?|regulations?|"
                    r"act|acts|law|laws)\b", re.I)

# ---------------------------------------------------------------------------- reading the text

_JINJA_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}", re.S)
_STRING = re.compile(r"\"([^\"\\]*)\"|'([^'\\]*)'")
_VALUE = "\ue006"   # stands for a placeholder while splitting (the private-use range is never clause text)
_BLOCK_LINE = re.compile(r"^[ \t]*(?:(#{1,6})[ \t]+|(?:[-*+]|\d{1,3}[.)])[ \t]+)?")
# A sentence ends at . ! or ? (closing quotes, brackets or emphasis may follow), before a space
# and something that can start a sentence: a capital, a quote, a bracket, a {Term}, a
# [[reference]], emphasis, or a placeholder.
_END = re.compile(r"[.!?][\"'”’)\]*_]*(?=\s+[A-Z\"“‘'(\[{*_" + _VALUE + "])")
_ABBREVIATIONS = frozenset({"e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "st", "no", "nos", "co", "ltd", "plc",
                            "inc", "vs", "v", "s", "ss", "sch", "para", "paras", "art", "reg", "cf", "approx"})
_SPACE = re.compile(r"\s+")
_NEWLINE = re.compile("\n")
_TIGHT = re.compile(r"(?<=\S) ([,.;:!?])")   # "name }} , or" -> "name }}, or", where a {% %} tag was
_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")
_LINK = re.compile(r"\[([^\]\[]+)\]\([^)]*\)")


@dataclass
class Sentence:
    """One sentence of a clause: as written (markup kept, {% %} tags left out), and its line."""

    text: str      # as written in the file: {Term}, [[ref]] and {{ value }} kept
    line: int

    @cached_property
    def plain(self) -> str:
        """As a reader sees it, for the checks: terms as words, references as "clause"."""
        return _plain(self.text)


def _blank(match: re.Match) -> str:
    """A tag or placeholder, blanked to the same length with its line breaks kept."""
    return re.sub(r"[^\n]", " ", match.group())


def _placeholder_words(expression: str) -> str:
    """What a placeholder prints, as far as the checks need: the words in its quoted strings."""
    words = " ".join(a or b for a, b in _STRING.findall(expression))
    return words if words.strip() else "X"


def _plain(written: str) -> str:
    text = _PLACEHOLDER.sub(lambda m: _placeholder_words(m.group()), written)
    text = REF_RE.sub("clause", text)
    text = TERM_USE_RE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(r"\1", text)
    return _SPACE.sub(" ", _EMPHASIS.sub("", text)).strip()


def sentences(text: str, first_line: int = 1) -> list[Sentence]:
    """The sentences of a clause body (or a definition), each with its line in the file.

    Blank lines, list items and headings start new blocks; inside a block, a sentence ends
    at . ! or ? before something that can start a sentence. ``text`` is a clause body as
    ClauseFile holds it (blank lines in front, so line 1 of the file is line 1 here).
    """
    written = _JINJA_TAG.sub(_blank, text)
    masked = _PLACEHOLDER.sub(lambda m: re.sub(r"[^\n]", _VALUE, m.group()), written)
    newlines = [m.start() for m in _NEWLINE.finditer(masked)]
    out: list[Sentence] = []

    def add(start: int, end: int) -> None:
        piece = written[start:end]
        shown = _TIGHT.sub(r"\1", _SPACE.sub(" ", piece)).strip()
        if not shown or not any(ch.isalnum() for ch in shown):
            return
        lead = len(piece) - len(piece.lstrip())
        line = first_line + bisect.bisect_right(newlines, start + lead - 1)
        out.append(Sentence(shown, line))

    def split_block(start: int, end: int) -> None:
        position = start
        for match in _END.finditer(masked, start, end):
            head = masked[position:match.start()].rstrip()
            last = re.split(r"[\s(]", head)[-1].lower().strip("\"'“‘*_")
            if last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
                continue
            add(position, match.end())
            position = match.end()
        add(position, end)

    block_start = None
    offset = 0
    for raw in masked.split("\n"):
        line_end = offset + len(raw)
        if not raw.strip():
            if block_start is not None:
                split_block(block_start, offset)
                block_start = None
        else:
            marker = _BLOCK_LINE.match(raw)
            assert marker is not None   # the pattern matches the empty string, so every line
            if marker.group(1) or marker.end() > len(raw) - len(raw.lstrip()):   # a heading or a list item
                if block_start is not None:
                    split_block(block_start, offset)
                if marker.group(1):
                    split_block(offset + marker.end(), line_end)
                    block_start = None
                else:
                    block_start = offset + marker.end()
            elif block_start is None:
                block_start = offset
        offset = line_end + 1
    if block_start is not None:
        split_block(block_start, len(masked))
    return out


# ---------------------------------------------------------------------------- rewrites

_WORD = re.compile(r"[A-Za-z']+")
_LOWER_FIRST = frozenset({"you", "we", "a", "an", "the", "each", "either", "neither", "any", "some", "it", "they",
                          "this", "that", "there", "our", "your", "all", "every", "no", "one", "both", "these",
                          "those", "its", "their"})
_PLURAL_FIRST = frozenset({"you", "we", "they", "i", "some", "all", "both", "many", "few", "several", "these",
                           "those"})
_PLURAL_NOUNS = frozenset({"staff", "people", "personnel", "children", "men", "women"})
_SINGULAR_FIRST = frozenset({"it", "he", "she", "this", "that", "each", "either", "neither", "every", "one",
                             "everyone", "anyone", "someone", "nobody", "no-one"})


def _third_person(subject: str) -> bool:
    """Whether the verb after this subject takes an -s ("a {Force Majeure Event} stops")."""
    words = [w.lower() for w in _WORD.findall(subject)]
    if not words:
        return False
    if words[0] in _PLURAL_FIRST:
        return False
    if words[0] in _SINGULAR_FIRST:
        return True
    last = words[-1]
    return not ((last.endswith("s") and not last.endswith("ss")) or last in _PLURAL_NOUNS)


def _conjugate(verb: str, third: bool) -> str:
    if not verb.isalpha():
        return verb
    low = verb.lower()
    if low == "be":
        return "is" if third else "are"
    if not third:
        return verb
    if low == "have":
        return "has"
    if re.search(r"(?:s|sh|ch|x|z|o)$", low):
        return verb + "es"
    if re.search(r"[^aeiou]y$", low):
        return verb[:-1] + "ies"
    return verb + "s"


def _lower_first(text: str) -> str:
    match = _WORD.match(text)
    if match and match.group().lower() in _LOWER_FIRST:
        return text[0].lower() + text[1:]
    return text


def _end_stop(text: str) -> str:
    return text.rstrip().rstrip(".!?:;,").rstrip()


def as_condition(sentence: str) -> str:
    """A sentence about what may happen, as the words after "If": "You may miss the target"
    -> "you miss the target"; "You may not use it" -> "you do not use it"."""
    text = _end_stop(sentence)
    match = re.search(r"\b(?:may|might)(?:\s+(not|never))?\s+([A-Za-z]+)", text, re.I)
    if match:
        third = _third_person(text[:match.start()])
        negation, verb = match.group(1), match.group(2)
        if negation and negation.lower() == "not":
            if verb.lower() == "be":
                words = f"{'is' if third else 'are'} not"
            else:
                words = f"{'does' if third else 'do'} not {verb}"
        elif negation:
            words = f"never {_conjugate(verb, third)}"
        else:
            words = _conjugate(verb, third)
        text = text[:match.start()] + words + text[match.end():]
    return _lower_first(text)


def _swap(pattern: re.Pattern, sentence: str, replacement: str) -> str:
    def keep_case(match: re.Match) -> str:
        word = replacement
        return word[0].upper() + word[1:] if match.group()[:1].isupper() else word
    return pattern.sub(keep_case, sentence, count=1)


# ---------------------------------------------------------------------------- checking

def _issue(file: str, line: int, code: str, message: str) -> Issue:
    return Issue(Location(file, line), f"{code}: {message}")


def _quote(text: str) -> str:
    return f"\u201c{text}\u201d"


def _said(text: str) -> str:
    """A quoted sentence that ends a statement in a message: 'xyz.' -> '"xyz." ', 'xyz' -> '"xyz". '."""
    return _quote(text) + (" " if text[-1:] in ".!?:;" else ". ")


def check_sentences(found: list[Sentence], file: str) -> list[Issue]:
    """Every drafting error in these sentences, in order."""
    out: list[Issue] = []
    previous: Sentence | None = None
    for sentence in found:
        if _TRIGGER.search(sentence.text):
            out += _check_one(sentence, previous, file)
        previous = sentence
    return out


def _check_one(s: Sentence, previous: Sentence | None, file: str) -> list[Issue]:
    out: list[Issue] = []
    plain, text = s.plain, s.text
    opener = _OPENER.search(text)
    if opener is not None:
        rest = text[opener.end():].strip()
        rest = rest[0].lower() + rest[1:] if rest[:1].isupper() and not rest.startswith(("I ", "{", "[[")) else rest
        if opener.start() > 0:
            before, before_plain = text[:opener.start()].rstrip(" ;:—–"), _plain(text[:opener.start()])
        elif previous is not None:
            before, before_plain = previous.text, previous.plain
        else:
            before, before_plain = "", ""
        said = opener.group(1)
        said = said[0].upper() + said[1:]
        if before and _MAY.search(before_plain):
            out.append(_issue(file, s.line, "DRAFT-MAY-IF-SO",
                              f'"may" followed by "{said}" reads as a permission, and the condition is never said: '
                              f"{_quote(before)} then {_said(text)}Say the condition in full: "
                              f"{_quote(f'If {as_condition(before)}, {rest}')}"))
        elif re.fullmatch(r"if\s+so", said, re.I):
            condition = as_condition(before) if before else "<the condition>"
            out.append(_issue(file, s.line, "DRAFT-IF-SO",
                              f'"If so" does not say the condition: {_said(text)}Say the condition in full: '
                              f"{_quote(f'If {condition}, {rest}')}"))
    if _MIGHT.search(plain):
        out.append(_issue(file, s.line, "DRAFT-MIGHT",
                          f'"might" is neither a permission nor a condition: {_said(text)}Write "may" only for '
                          f"something a party is allowed to do ({_quote(_swap(_MIGHT, text, 'may'))}), or "
                          f"a condition with \"if\" ({_quote(f'If {as_condition(text)}, ...')})"))
    if _MAY_NOT.search(plain):
        match = _MAY_NOT.search(text)
        third = _third_person(text[:match.start()]) if match else False
        never = match is not None and match.group(2).lower() == "never"
        must = _swap(_MAY_NOT, text, "must never" if never else "must not")
        free = _swap(_MAY_NOT, text, "does not have to" if third else "do not have to")
        out.append(_issue(file, s.line, "DRAFT-MAY-NOT",
                          f'"may not" can mean "must not" or "does not have to": {_said(text)}Write '
                          f"{_quote(must)} for a prohibition, or {_quote(free)} if there is no duty"))
    if _MAY_HAVE_TO.search(plain):
        out.append(_issue(file, s.line, "DRAFT-MAY-HAVE-TO",
                          f'"may have to" says what could happen, not what anyone is allowed to do: {_said(text)}'
                          'Write it as a condition ("If the law requires us to ..., we will ...") or as a duty '
                          'with "must"'))
    if _SHALL.search(plain):
        out.append(_issue(file, s.line, "DRAFT-SHALL",
                          f'"shall" hides whether this is a duty or a statement: {_said(text)}Write "must" for a '
                          f"duty ({_quote(_swap(_SHALL, text, 'must'))}), or \"will\" for what happens"))
    if _SHOULD.search(plain):
        out.append(_issue(file, s.line, "DRAFT-SHOULD",
                          f'"should" does not say whether this is a duty: {_said(text)}Write "must" if it is '
                          f"({_quote(_swap(_SHOULD, text, 'must'))}); leave it out if it is only advice"))
    if _AND_OR.search(plain):
        out.append(_issue(file, s.line, "DRAFT-AND-OR",
                          f'"and/or" is ambiguous: {_said(text)}Write "or" ({_quote(_swap(_AND_OR, text, "or"))}), '
                          'and add ", or both" where both can happen'))
    if _PROVIDED.search(plain):
        only_if = _PROVIDED.sub(lambda m: " only if", text, count=1)
        out.append(_issue(file, s.line, "DRAFT-PROVIDED",
                          f'"provided that" hides a condition: {_said(text)}Write "only if" '
                          f"({_quote(_SPACE.sub(' ', only_if).strip())}), or the condition as its own sentence "
                          '("If ..., ...")'))
    for match in _SUBJECT_TO.finditer(plain):
        if not _NAMED.match(plain[match.end():]):
            out.append(_issue(file, s.line, "DRAFT-SUBJECT-TO",
                              f'"subject to" does not say what it depends on: {_said(text)}Name the clause, '
                              'schedule or law ("subject to [[core:variation]]"), or write the condition in full '
                              '("if we agree in writing, ...")'))
            break
    return out


def check_text(text: str, file: str, first_line: int = 1) -> list[Issue]:
    """The drafting errors in one text (a clause body, a definition or a summary)."""
    if not _TRIGGER.search(text):
        return []
    return check_sentences(sentences(text, first_line), file)


def check_clause(clause) -> list[Issue]:
    """The drafting errors in a clause: its body, its definitions and its summary."""
    out = check_text(clause.body, clause.file)
    for term, definition in clause.meta.defines.items():
        out += check_text(definition, clause.file, clause.line_of("defines", term))
    out += check_text(clause.meta.summary, clause.file, clause.line_of("summary"))
    return out

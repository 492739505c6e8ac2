"""The passive voice, found only where the pattern is reliable.

A form of "to be" (is, are, was, were, be, been, being, am), up to two adverbs, then a past
participle: a regular one ending in -ed, or one from the list of irregular participles
below. Words ending in -ed that are not participles (need, hundred) and participles that
mostly work as adjectives (interested, based) are left out, so that what is reported is
nearly always a true passive. "Get" passives and passives without a form of "to be"
("the form, signed by you") are not detected: better to miss some than to cry wolf.
"""

from __future__ import annotations

import re

_BE = r"(?:am|is|are|was|were|be|been|being|isn't|aren't|wasn't|weren't)"
_ADVERB = r"(?:not|also|then|only|always|never|often|usually|still|all|each|both|fully|normally|already|now|\w+ly)"

IRREGULAR = """
arisen awoken borne beaten become begun bent bet bid bitten bled blown broken bred brought
built burnt burned bought cast caught chosen clung come cost crept cut dealt dug done drawn
dreamt driven drunk eaten fallen fed felt fought found fled flown forbidden forecast foreseen
forgotten forgiven frozen given gone ground grown hung heard hidden hit held hurt kept knelt
known laid led leant learnt left lent let lain lit lost made meant met mistaken misunderstood
overcome overheard overseen overtaken overthrown paid proven put quit read rebuilt repaid
rewritten rid ridden rung risen run sawn said seen sought sold sent set sewn shaken shed shone
shot shown shrunk shut sung sunk slain slept slid slung spoken sped spent spilt spun split
spoilt spread sprung stood stolen stuck stung struck strung sworn swept swollen swum swung
taken taught torn told thought thrown thrust trodden undergone understood undertaken upheld
upset woken worn woven wed wept won wound withdrawn withheld withstood written
""".split()

# Words ending in -ed that are not past participles, and participles that nearly always
# describe rather than act (so "we are interested" is not reported).
NOT_PASSIVE = set("""
need bed red shed seed feed speed bleed breed creed deed greed heed weed
hundred kindred sacred naked wicked rugged ragged crooked beloved learned aged dogged jagged
interested pleased concerned worried tired excited bored married supposed based located
experienced qualified skilled talented committed dedicated determined detailed varied
related
""".split())

_PARTICIPLE = r"(?:[a-z]+ed|" + "|".join(sorted(IRREGULAR, key=len, reverse=True)) + ")"
_PASSIVE = re.compile(rf"\b{_BE}\s+(?:{_ADVERB}\s+){{0,2}}(?P<participle>{_PARTICIPLE})\b(?:\s+by\b)?", re.I)


def find_passives(sentence: str) -> list[str]:
    """The passive phrases in ``sentence``, such as 'is delivered by'."""
    found = []
    for match in _PASSIVE.finditer(sentence):
        if match.group("participle").lower() in NOT_PASSIVE:
            continue
        found.append(match.group())
    return found

"""A council's own rules and style checks, as an outside plugin would add them."""

from pathlib import Path

import tenderpack
from tenderpack import Finding, Rule, StyleCheck, WordList, hookimpl


def needs_phone(spec):
    """Our house rule: the main contact gives a telephone number, for firms without email."""
    if not spec.contacts[0].phone:
        yield Finding("Give a telephone number for the main contact: some small firms prefer to call.",
                      ("contacts", 0, "phone"))


def no_exclamation(sentence):
    """Tender documents do not shout."""
    if "!" in sentence.text:
        return ["an exclamation mark: say it calmly"]
    return None


@hookimpl
def register_rules(register):
    register(Rule("HOUSE-CONTACT-PHONE", "warning", "The main contact has a telephone number",
                  "Ashby Council procurement policy 2026, para 4", needs_phone))


@hookimpl
def register_style_checks(register):
    register(WordList.load(Path(__file__).parent / "house-words.yaml"))
    register(StyleCheck("HOUSE-NO-SHOUTING", "No exclamation marks", no_exclamation, gate=True))

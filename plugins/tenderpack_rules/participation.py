"""Rules on conditions of participation, lots and the specification."""

from __future__ import annotations

import re
from decimal import Decimal

import tenderpack
from tenderpack import Finding

from .common import above_threshold_procedure, annual_value, pounds
from .data import figure, load

_INSURANCE = re.compile(r"\binsur", re.I)
_AT_AWARD = re.compile(r"\b(award|if you win|winning|contract start|before the contract starts|start of the contract)", re.I)
_OR_EQUIVALENT = re.compile(r"\bor\s+(?:an?\s+)?equivalent\b", re.I)


def audited_accounts(spec: tenderpack.Spec):
    """No audited accounts, except from suppliers that must have them audited anyway."""
    if spec.conditions.audited_accounts_required:
        yield Finding("Audited accounts cannot be demanded, except from suppliers that are required to have their "
                      "accounts audited anyway (under the Companies Act 2006 or similar). Ask for other evidence "
                      "of financial standing, or waive this warning with the reason.",
                      ("conditions", "audited_accounts_required"))


def insurance(spec: tenderpack.Spec):
    """Insurance is asked for at award, not before."""
    c = spec.conditions
    for i, cover in enumerate(c.insurance):
        if cover.when not in ("award", "contract_start"):
            yield Finding(f"{cover.type} insurance can be required at award or at contract start, not with the tender.",
                          ("conditions", "insurance", i, "when"))
    for group in ("legal", "financial", "technical"):
        for i, condition in enumerate(getattr(c, group)):
            if _INSURANCE.search(condition) and not _AT_AWARD.search(condition):
                yield Finding("This condition asks about insurance without saying it is needed only at award. "
                              "Insurance cannot be a condition of taking part; list it under conditions.insurance "
                              "with when: award.", ("conditions", group, i))


def turnover(spec: tenderpack.Spec):
    """A minimum turnover above twice the yearly value shuts out small firms."""
    asked = spec.conditions.minimum_turnover
    if asked is None:
        return
    multiple = Decimal(str(figure("thresholds", "turnover", "max_multiple_of_annual_value")))
    yearly, worked_out = annual_value(spec)
    if Decimal(asked) > multiple * yearly:
        how = " (worked out from the total value and the term)" if worked_out else ""
        yield Finding(f"The minimum turnover of {pounds(asked)} is more than {multiple:f} times the yearly value of "
                      f"{pounds(yearly)}{how}. Keep it at or below {pounds(multiple * yearly)}, or give the reason.",
                      ("conditions", "minimum_turnover"))


def lots_reasons(spec: tenderpack.Spec):
    """When the contract is not divided into lots, the reasons are given."""
    lots = spec.lots
    if above_threshold_procedure(spec) and not lots.items and not (lots.reasons_not_divided or "").strip():
        yield Finding("The contract is not divided into lots and no reason is given. Say why in "
                      "lots.reasons_not_divided, or divide it into lots.", ("lots", "reasons_not_divided"))


def lots_cap(spec: tenderpack.Spec):
    """A cap on the lots one supplier can win comes with an objective way to allocate them."""
    lots = spec.lots
    if lots.max_per_supplier is None:
        return
    if not lots.items:
        yield Finding("A limit on lots per supplier is set, but the contract has no lots.",
                      ("lots", "max_per_supplier"))
    elif not (lots.allocation_method or "").strip():
        yield Finding(f"Suppliers can win at most {lots.max_per_supplier} lot(s), but lots.allocation_method does "
                      "not say how lots are allocated when a supplier comes first in more. Describe an objective "
                      "method.", ("lots", "max_per_supplier"))


def or_equivalent(spec: tenderpack.Spec):
    """A brand or standard named in a requirement is followed by 'or equivalent'."""
    names = load("named_products")
    standard = re.compile(names["standards_pattern"])
    brand = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(b) for b in names["brands"]) + r")(?![\w-])")
    places = [(("requirements", i), r) for i, r in enumerate(spec.requirements)]
    places += [(("conditions", "technical", i), r) for i, r in enumerate(spec.conditions.technical)]
    for path, requirement in places:
        named = [m.group() for m in standard.finditer(requirement)] + [m.group() for m in brand.finditer(requirement)]
        named += re.findall(r"\b\w+[™®]", requirement)
        if named and not _OR_EQUIVALENT.search(requirement):
            listed = ", ".join(dict.fromkeys(named))
            yield Finding(f"This names {listed} without 'or equivalent'. Add 'or equivalent' so that suppliers "
                          "offering something as good are not shut out.", path)

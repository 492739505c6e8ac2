"""The light-touch regime: what the spec says of it agrees with its CPV codes (s.9).

Whether the contract is light-touch is worked out by ``tenderpack.law`` (what the spec says in
procedure.light_touch, else its main CPV code, against the list in light_touch_cpv.yaml). This
rule only reports where the spec and the list disagree: the list is marked "check", so it is a
warning, which a buyer who knows better can waive with a reason.
"""

from __future__ import annotations

import tenderpack
from tenderpack import Finding, text

from .common import pounds

HERE = ("procedure", "light_touch")


def _list_source() -> str:
    return (f"{tenderpack.law.as_of('light_touch_cpv')}, from the Procurement Regulations 2024, Schedule 1; "
            "the list is still to be checked")


def _codes(items) -> str:
    return text.join([f"{c.code} ({c.service})" for c in items])


def light_touch(spec: tenderpack.Spec):
    """procedure.light_touch, the category and the CPV codes agree on whether the contract is light-touch."""
    said = spec.procedure.light_touch
    listed = tenderpack.law.light_touch_cpv(spec)
    main = spec.cpv[0]
    main_listed = bool(listed) and listed[0].code == main
    every = bool(listed) and len(listed) == len(spec.cpv)
    duty = tenderpack.law.duty("light-touch").citation
    limit = pounds(tenderpack.law.amount("thresholds", "thresholds", "light_touch"))
    if said is None:
        if every and spec.category != "services":
            yield Finding(f"Every CPV code is a light-touch service: {_codes(listed)} ({_list_source()}). But the "
                          f"category is {spec.category}, so tenderpack does not treat the contract as light-touch: a "
                          f"light-touch contract is for services ({duty}). If the contract is mainly for these "
                          "services, write category: services. If it is mainly for "
                          f"{spec.category}, give the CPV code of the {spec.category} first.", ("category",))
        return
    if said is False:
        if not main_listed:
            return
        what = (f"every CPV code is a light-touch service: {_codes(listed)}" if every else
                f"the main CPV code is a light-touch service: {_codes(listed[:1])}")
        yield Finding(f"procedure.light_touch is false, but {what} ({_list_source()}). A contract wholly or mainly "
                      f"for light-touch services is a light-touch contract ({duty}), with a threshold of {limit} "
                      "and more freedom over the procedure and its time limits. If the contract is mainly for these "
                      "services, write light_touch: true, or leave it out. If it is mainly for other services, "
                      "give their CPV code first, as the main one.", HERE)
        return
    if spec.category != "services":
        yield Finding(f"procedure.light_touch is true, but the category is {spec.category}: a light-touch contract is "
                      f"wholly or mainly for services ({duty}). Write category: services, or remove "
                      "light_touch: true.", HERE)
    elif not listed:
        yield Finding(f"procedure.light_touch is true, but no CPV code is a light-touch service: "
                      f"{text.join(list(spec.cpv))} ({_list_source()}). tenderpack follows what you wrote: it uses the "
                      f"light-touch threshold of {limit} and leaves out the rules light-touch contracts are spared, "
                      "such as the standstill. Give the CPV code of the light-touch service first, as the main "
                      "one, or remove light_touch: true. If the list lacks your service, waive this warning with "
                      "your reason.", HERE)
    elif not main_listed:
        yield Finding(f"procedure.light_touch is true, but the main CPV code, {main}, is not a light-touch service; "
                      f"{_codes(listed)} {'is' if len(listed) == 1 else 'are'} ({_list_source()}). A light-touch "
                      f"contract is wholly or mainly for light-touch services ({duty}): give the light-touch code "
                      f"first, as the main one, or remove light_touch: true if the contract is mainly for {main}.",
                      HERE)

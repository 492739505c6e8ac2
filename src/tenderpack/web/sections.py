"""The sections of a tender on the task list: which of the spec's top-level fields each holds.

A top-level field that no section names lands in the last one ("Other settings"), so a new
field of the spec reaches the page without a change here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema_form import fields_of


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    keys: tuple[str, ...]
    hint: str = ""


_NAMED = (
    Section("buyer", "Buyer", ("buyer", "contacts"), "Who is buying, and who bidders contact."),
    Section("what", "What you are buying", ("reference", "title", "summary", "category", "cpv", "requirements",
                                           "suitability", "incumbent"),
            "The title, a summary, CPV codes and any fixed requirements."),
    Section("value", "Value and budget", ("value", "pricing"), "The estimated value, the budget and what bidders price."),
    Section("procedure", "Procedure and timetable", ("procedure", "timetable", "submission", "framework"),
            "The procedure, its stages and the key dates."),
    Section("lots", "Lots", ("lots",), "How the contract is divided, or why it is not."),
    Section("award", "Award criteria", ("award",), "How tenders are evaluated."),
    Section("social-value", "Social value", ("social_value",), "The social value weighting and outcomes."),
    Section("outcomes", "Outcomes", ("problem", "outcomes", "kpis"), "The problem, the outcomes and the KPIs."),
    Section("contract", "Contract", ("commercial", "conditions"), "Commercial terms and conditions of participation."),
    Section("files", "Attached files", ("attachments", "documents_base_url"),
            "Your own documents that go into the pack as they are."),
)
# Fields no page asks for: the version of the format is always 1.
_NOT_ASKED = ("tenderpack",)


def sections() -> tuple[Section, ...]:
    """Every section, the catch-all last (with whatever top-level fields no other section names)."""
    from ..spec import Spec

    named = {k for s in _NAMED for k in s.keys}
    rest = tuple(f.key for f in fields_of(Spec) if f.key not in named and f.key not in _NOT_ASKED)
    return (*_NAMED, Section("settings", "Other settings", rest,
                             "Plain-English settings, the pack for small firms, the issue date and waivers."))


def section(slug: str) -> Section | None:
    return next((s for s in sections() if s.slug == slug), None)


def section_of(path: tuple) -> Section | None:
    """The section that holds the field at ``path``."""
    if not path:
        return None
    return next((s for s in sections() if path[0] in s.keys), None)


NOT_STARTED, IN_PROGRESS, HAS_ERRORS, COMPLETE = "Not yet started", "In progress", "Has errors", "Completed"


def state(s: Section, data: dict | None, errors: list, completed: list[str]) -> str:
    """A section's state on the task list."""
    if any(e.path and e.path[0] in s.keys for e in errors):
        return HAS_ERRORS
    if s.slug in completed:
        return COMPLETE
    if not data or not any(k in data for k in s.keys):
        return NOT_STARTED
    return IN_PROGRESS

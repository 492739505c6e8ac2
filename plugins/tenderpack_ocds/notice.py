"""The tender notice as OCDS: one release package with one release, tagged "tender".

Everything comes from the spec and the files already written; nothing from the clock, so
the same spec gives the same notice. Dates in the spec are UK local time and are written
with their UTC offset.

Its OCID. Find a Tender (the central digital platform) gives each notice its OCID when it
publishes it: its own prefix, ocds-h6vhtk, then a number of its own. This file never makes
an OCID under that prefix. When the buyer has its own registered prefix
(``buyer.ocid_prefix``), the OCID is that prefix and the tender's reference; otherwise the
``ocid`` is a placeholder, ``placeholder-ocid-<reference>``, for the platform to replace, and
the notice's own entry in ``tender.documents`` says so.

What the law says is said through ``tenderpack.law``: the basis of award cites section 19 of
the Act only for a public contract; below the threshold it is the buyer's own choice. The
legal basis is the Procurement Act 2023 either way (Part 6 governs below-threshold
contracts), and the notice is a UK4 tender notice, or a below-threshold tender notice.

Dates. ``timetable.tender_deadline`` is the tender deadline of a one-stage procedure. In a
competitive flexible procedure it is the deadline of the first stage: when that stage is not
a tender (a stage questionnaire, a request to participate), it is written as
``expressionOfInterestDeadline``, and ``tenderPeriod`` ends at the deadline of the last
tender stage (final tenders), or is left without an end when that deadline is not set.

The shape of a Find a Tender UK4 notice (shared/ocds/uk-profile/SOURCES.md). Each buyer is a
party named by its identifier when the spec gives one (``GB-PPON-…``, or a Companies House
number), with its address in parts (street, town, postcode, ITL region, country GB) and its
type (``UK_CA_TYPE``); a buyer without an identifier gets none: Find a Tender knows the
buyers registered on it, and this file never makes one up. Each lot (an undivided contract is
lot 1) has an item with its CPV codes and where its work is done (``relatedLot``), its
suitability for SMEs and VCSEs as the buyer judges it, its reservation when the codelist has
a code of exactly its meaning, and its optional extensions as Find a Tender's ``renewal``. Each
lot's ``contractPeriod`` is its own term (a lot without dates of its own takes the timetable's); the
tender's is the term they share, or the span of them all when they differ. A
light-touch public contract has ``specialRegime``; documents get a ``url`` when the spec
gives ``documents_base_url``. Address ``country``, ``hasRenewal`` and ``renewal`` are fields
of the OCDS for the EU profile that Find a Tender declares, not of the UK profile checked
here: they validate, and shared/ocds/uk-profile/check.py lists them as undeclared.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlsplit

import tenderpack
from tenderpack import text

from .validation import declared_extensions

PLATFORM_PREFIX = "ocds-h6vhtk"        # Find a Tender's prefix: the platform's alone, never used here
PLACEHOLDER = "placeholder-ocid"       # ocid = placeholder-ocid-<reference>, until the platform assigns one
LICENSE = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

# The Procurement Act 2023 (c. 54) as a Find a Tender notice names it: both regimes (Part 6
# governs regulated below-threshold contracts).
LEGAL_BASIS = {"scheme": "UKPGA", "id": "2023/54", "description": "Procurement Act 2023",
               "uri": "https://www.legislation.gov.uk/ukpga/2023/54"}
NOTICE_TYPE = "UK4"                    # the tender notice, and the below-threshold tender notice

METHODS = {
    "open": ("open", "Open procedure"),
    "competitive_flexible": ("selective", "Competitive flexible procedure"),
}
BELOW_THRESHOLD = ("open", "Below threshold - open competition")
BELOW_THRESHOLD_STAGED = "Below threshold - competition in stages"

TENDER_STAGES = {"tender", "final_tender"}   # stages at which bidders send tenders

# Document ids of the first-party plugins -> OCDS documentType codelist.
DOCUMENT_TYPES = {
    "invitation-to-tender": "biddingDocuments",
    "tender-at-a-glance": "biddingDocuments",
    "evaluation-methodology": "evaluationCriteria",
    "outcome-specification": "technicalSpecifications",
    "social-value": "evaluationCriteria",
    "social-value-schedule": "contractSchedule",
    "draft-contract": "contractDraft",
    "contract-data": "contractDraft",              # the buyer's part of an NEC4 or JCT form: its data and amendments
    "pricing-schedule": "biddingDocuments",
    "framework-agreement": "contractDraft",        # the agreement the framework's suppliers sign
    "call-off-procedure": "biddingDocuments",
}
_KEYWORDS = [  # for documents added by other plugins: the first keyword in the id wins
    ("schedule", "contractSchedule"), ("contract", "contractDraft"), ("specification", "technicalSpecifications"),
    ("evaluation", "evaluationCriteria"), ("criteria", "evaluationCriteria"), ("scoring", "evaluationCriteria"),
    ("conditions", "eligibilityCriteria"), ("participation", "eligibilityCriteria"),
    ("clarification", "clarifications"), ("quantities", "billOfQuantity"),
]
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ics": "text/calendar",
    "html": "text/html",
    "txt": "text/plain",
    "text": "text/plain",
    "csv": "text/csv",
}
# Authority.type -> the UK_CA_TYPE codelist of the UK extension (the types of contracting authority of the Act).
AUTHORITY_TYPES = {
    "central_government": ("publicAuthorityCentralGovernment", "Public authority - central government"),
    "sub_central_government": ("publicAuthoritySubCentralGovernment", "Public authority - sub-central government"),
    "public_undertaking": ("publicUndertaking", "Public undertaking"),
    "private_utility": ("privateUtility", "Private utility"),
    "other": ("other", "Other"),
}
# A lot's reservation (lots.items[].reserved_for) -> the reservedParticipation codelist (with the UK extension's
# smeVcse: reserved to SMEs and VCSEs). Only a reservation with a code of exactly its meaning is written: "sme" (SMEs
# only) has none, as smeVcse admits VCSEs too; the lot's reservation is then left to the buyer to enter.
RESERVED = {"sme_vcse": "smeVcse", "supported_employment": "shelteredWorkshop",
            "public_service_mutual": "publicServiceMissionOrganization"}
# The special regime of a light-touch contract, as Find a Tender's notices name it [check].
LIGHT_TOUCH = "lightTouch"
NOT_DOCUMENTS = {"json"}   # data files (this notice, reports, indexes) are not tender documents
# The kind of a buyer's own attached document (spec.attachments) -> OCDS documentType codelist.
ATTACHMENT_TYPES = {
    "specification": "technicalSpecifications",
    "drawings": "technicalSpecifications",    # dimensions and layout: "illustration" is for images shown in a gallery
    "site-list": "technicalSpecifications",   # where the work is done: part of what is bought
    "tupe-data": "contractSchedule",          # information related to the contract, such as an annex
    "model-contract": "contractDraft",
    "pricing": "billOfQuantity",              # itemised information that lets bidders price the work
    "other": "biddingDocuments",
}


def document_type(document_id: str | None, path: str) -> str:
    """The OCDS documentType of a file of the pack."""
    key = document_id or path
    if key in DOCUMENT_TYPES:
        return DOCUMENT_TYPES[key]
    pricing = "price" in key or "pricing" in key
    for word, code in _KEYWORDS:
        if word in key and not (pricing and code == "contractSchedule"):
            return code
    return "biddingDocuments"


def media_type(fmt: str, path: str) -> str:
    return MEDIA_TYPES.get(fmt) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def local_id(spec: tenderpack.Spec) -> str:
    """The tender's reference as the local part of an identifier: letters, digits and hyphens."""
    return re.sub(r"[^A-Za-z0-9]+", "-", spec.reference).strip("-") or "tender"


def ocid_prefix(spec: tenderpack.Spec) -> str | None:
    """The buyer's own registered OCDS prefix, if the spec gives one (never the platform's)."""
    prefix = getattr(spec.buyer, "ocid_prefix", None)
    if prefix and prefix.lower() == PLATFORM_PREFIX:
        raise ValueError(f"buyer.ocid_prefix is {prefix}, Find a Tender's own prefix: the platform gives OCIDs under "
                         "it when it publishes a notice. Give your organisation's own registered prefix, or leave "
                         "ocid_prefix out and the platform will assign the OCID")
    return prefix or None


def ocid(spec: tenderpack.Spec) -> str:
    """The buyer's prefix and the reference; without a prefix, a placeholder for the platform to replace."""
    prefix = ocid_prefix(spec)
    return f"{prefix}-{local_id(spec)}" if prefix else f"{PLACEHOLDER}-{local_id(spec)}"


# ----------------------------------------------------------------------------- dates


def _london():
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/London")
    except Exception:  # no time zone database: fall back to the UK rule (BST from the last Sunday of March)
        return None


_TZ = _london()


def _uk_offset(moment: dt.datetime) -> dt.timezone:
    def last_sunday(year: int, month: int) -> dt.date:
        day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
        return day - dt.timedelta(days=(day.weekday() + 1) % 7)

    start, end = last_sunday(moment.year, 3), last_sunday(moment.year, 10)
    summer = dt.datetime.combine(start, dt.time(1)) <= moment < dt.datetime.combine(end, dt.time(1))
    return dt.timezone(dt.timedelta(hours=1 if summer else 0))


def stamp(value: dt.date | dt.datetime, end_of_day: bool = False) -> str:
    """A spec date or date-time (UK local) as an OCDS date-time with its offset."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(23, 59, 59) if end_of_day else dt.time(0, 0))
    if value.tzinfo is None:
        value = value.replace(tzinfo=_TZ) if _TZ is not None else value.replace(tzinfo=_uk_offset(value))
    return value.isoformat(timespec="seconds")


def _months(start: dt.date, end: dt.date) -> int:
    after = end + dt.timedelta(days=1)
    return (after.year - start.year) * 12 + after.month - start.month


# ----------------------------------------------------------------------------- the notice


def _amount(value: Decimal | int | float) -> int | float:
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _text(markdown: str | None) -> str | None:
    """Spec text on one line, without the Markdown markers for bold and italic."""
    if not markdown:
        return None
    text_ = re.sub(r"(\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w))", "", markdown)
    text_ = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", text_)
    return " ".join(text_.split())


def _slug(name: str) -> str:
    return text.slug(name, "organisation")


_POSTCODE = re.compile(r",?\s*([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$", re.IGNORECASE)


def _address(line: str) -> dict:
    """A one-line address: a UK postcode at its end becomes postalCode; the rest is streetAddress."""
    out: dict[str, Any] = {}
    found = _POSTCODE.search(line.strip())
    street = line.strip()
    if found:
        street = street[:found.start()].rstrip(" ,")
        out["postalCode"] = found.group(1).upper()
    if street:
        out["streetAddress"] = street
    out.update(country="GB", countryName="United Kingdom")
    return out


def _address_parts(parts) -> dict:
    """An address the buyer gave in parts, as Find a Tender gives it: street, town, postcode, ITL region, country."""
    out: dict[str, Any] = {"streetAddress": parts.street}
    if parts.locality:
        out["locality"] = parts.locality
    if parts.postal_code:
        out["postalCode"] = parts.postal_code
    if parts.region:
        out["region"] = parts.region
    out.update(country=parts.country, countryName="United Kingdom")
    return out


def _identifier(ident, name: str | None = None) -> dict:
    out: dict[str, Any] = {"scheme": ident.scheme, "id": ident.id}
    if name:
        out["legalName"] = name
    return out


def _authority(spec: tenderpack.Spec, authority, roles: list[str], contact: bool, details: str | None) -> dict:
    """One buyer as a party. Its identifiers, address parts and type come from the spec only: a buyer without a PPON
    gets none here (Find a Tender knows the buyers registered on it), never one made up."""
    ident = authority.identifier
    party: dict[str, Any] = {"id": f"{ident.scheme}-{ident.id}" if ident else _slug(authority.name),
                             "name": authority.name, "roles": roles}
    if ident:
        party["identifier"] = _identifier(ident, authority.name)
    if authority.additional_identifiers:
        party["additionalIdentifiers"] = [_identifier(x) for x in authority.additional_identifiers]
    if authority.address_parts is not None:
        party["address"] = _address_parts(authority.address_parts)
    elif authority.address:
        party["address"] = _address(authority.address)
    if contact:
        c = spec.contacts[0]
        point = {"name": c.name}
        if c.email:
            point["email"] = c.email
        if c.phone:
            point["telephone"] = c.phone
        if authority.website:
            point["url"] = authority.website
        party["contactPoint"] = point
    if details:
        party["roleDetails"] = details
    if authority.type:
        code, title = AUTHORITY_TYPES[authority.type]
        party["details"] = {"classifications": [{"scheme": "UK_CA_TYPE", "id": code, "description": title}]}
    return party


def _parties(spec: tenderpack.Spec) -> list[dict]:
    lead = spec.buyer.lead
    joint = bool(spec.buyer.participants)
    each = spec.buyer.contracts == "each_authority"
    details = None
    if joint:
        details = "Runs the procurement for every buyer named in this notice. " + (
            "Each buyer signs its own contract with the supplier." if each else "The buyers sign one contract together.")
    parties = [_authority(spec, lead, ["buyer", "procuringEntity"], True, details)]
    seen = {parties[0]["id"]}
    for other in spec.buyer.participants:
        role = f"Buys jointly with {lead.name}" + (" and signs its own contract with the supplier." if each else ".")
        party = _authority(spec, other, ["buyer"], False, role)
        while party["id"] in seen:
            party["id"] += "-2"
        seen.add(party["id"])
        parties.append(party)
    return parties


# ----------------------------------------------------------------------------- award


def award_basis(spec: tenderpack.Spec) -> str:
    """The basis of award, citing section 19 only where it applies (a public contract)."""
    cited = tenderpack.law.cite(spec, "most-advantageous-tender")
    if cited:
        return f"Award to the most advantageous tender, under {cited}"
    return "Award to the most advantageous tender, by the buyer's own choice for this below-threshold contract"


def _criterion(c, weight: Decimal | None) -> dict:
    kind = {"price": "price", "quality": "quality", "social_value": "quality"}[c.type.value]
    out: dict[str, Any] = {"type": kind, "name": c.name}
    description = _text(c.question) or ("Social value" if c.type.value == "social_value" else None)
    if description:
        out["description"] = description
    numbers = []
    if weight is not None:
        numbers.append({"number": _amount(weight), "weight": "percentageExact"})
    elif c.rank is not None:
        numbers.append({"number": c.rank, "weight": "order"})
    if c.minimum_score is not None:
        numbers.append({"number": c.minimum_score, "threshold": "minimumScore"})
    if numbers:
        out["numbers"] = numbers
    return out


def _lot_criteria(spec: tenderpack.Spec, lot=None) -> list[tuple[Any, Decimal | None]]:
    """The criteria of a lot (or of the undivided contract), each with its weight for that lot."""
    criteria = spec.award.criteria
    if lot is not None and lot.criteria:
        criteria = [c for c in criteria if c.id in lot.criteria]
    weights = dict(lot.weights) if lot is not None and lot.weights else {}
    return [(c, weights.get(c.id, c.weight)) for c in criteria]


def _award_criteria(spec: tenderpack.Spec, lot=None) -> dict:
    chosen = _lot_criteria(spec, lot)
    out: dict[str, Any] = {"criteria": [_criterion(c, w) for c, w in chosen],
                           "description": f"{award_basis(spec)}, judged against these criteria."}
    if all(w is None for _, w in chosen):
        out["orderRationale"] = "The criteria are ranked in order of importance, 1 being the most important."
    return out


def _award_code(spec: tenderpack.Spec) -> str:
    kinds = {c.type.value for c in spec.award.criteria}
    if kinds == {"price"}:
        return "priceOnly"
    if "price" not in kinds:
        return "qualityOnly"
    return "ratedCriteria"


def _award_details(spec: tenderpack.Spec) -> str:
    """The basis of award, and the criteria when every lot uses the same ones with the same weights."""
    if any(lot.criteria or lot.weights for lot in spec.lots.items):
        return f"{award_basis(spec)}. Each lot has its own award criteria and weights: see the lots."
    listed = "; ".join(f"{c.name} {_amount(w)}%" if w is not None else f"{c.name} (rank {c.rank})"
                       for c, w in _lot_criteria(spec))
    return f"{award_basis(spec)}, judged against: {listed}."


# ----------------------------------------------------------------------------- participation


def _selection_criteria(spec: tenderpack.Spec, lot=None) -> dict | None:
    """The conditions of participation: those for every lot, then the lot's own (for that lot only)."""
    c = spec.conditions
    items: list[dict] = [{"description": _text(x)} for x in c.legal]
    items += [{"type": "economic", "description": _text(x)} for x in c.financial]
    if c.minimum_turnover is not None:
        items.append({"type": "economic", "description": "Minimum yearly turnover",
                      "minimum": text.money(c.minimum_turnover)})
    items += [{"type": "technical", "description": _text(x)} for x in c.technical]
    if lot is not None:
        items += [{"description": _text(x)} for x in lot.conditions]
    unique: list[dict] = []
    for item in items:
        if item.get("description") and item not in unique:   # the standard wants each once, and never empty
            unique.append(item)
    return {"criteria": unique} if unique else None


@dataclass(frozen=True)
class Deadlines:
    """The timetable's deadlines in the standard's terms."""

    expression_of_interest: dt.datetime | None   # the first stage's deadline, when it is not a tender
    tender_start: dt.date | None                 # when tenders may be sent from
    tender_end: dt.datetime | None               # the closing date for tenders: the last tender stage's deadline
    invitation: dt.date | None                   # when those who go through are invited to tender
    before_tenders: tuple                        # the stages before the first tender stage


def deadlines(spec: tenderpack.Spec) -> Deadlines:
    t, stages = spec.timetable, spec.procedure.stages
    if not stages:   # one stage: the timetable's deadline is the tender deadline
        return Deadlines(None, t.notice, t.tender_deadline, None, ())
    tender_at = [i for i, s in enumerate(stages) if s.type.value in TENDER_STAGES]
    first_is_tender = bool(tender_at) and tender_at[0] == 0
    last = text.stage_deadline(spec, tender_at[-1]) if tender_at else None
    if first_is_tender:
        return Deadlines(None, t.notice, last, None, ())
    opens = stages[tender_at[0]].starts if tender_at else None
    before = tuple(stages[:tender_at[0]] if tender_at else stages)
    return Deadlines(t.tender_deadline, opens, last, opens, before)


def _second_stage(spec: tenderpack.Spec, d: Deadlines) -> tuple[dict | None, dict | None]:
    """secondStage (how many go through, when they are invited) and otherRequirements (how they are chosen)."""
    if not d.before_tenders:
        return None, None
    size = next((s.shortlist_size for s in reversed(d.before_tenders) if s.shortlist_size), None)
    second: dict[str, Any] = {}
    if size:
        second["maximumCandidates"] = size
    if d.invitation:
        second["invitationDate"] = stamp(d.invitation)
    rules = [rule for s in d.before_tenders for rule in map(_text, s.shortlist_criteria) if rule]
    if not rules:
        rules = [f"{q.id}: {_text(q.question)}" + (f" ({_amount(q.weight)}%)" if q.weight is not None else "")
                 for s in d.before_tenders for q in s.questions if not q.pass_fail and _text(q.question)]
    other = {"reductionCriteria": "; ".join(rules)} if rules and size else None
    return second or None, other


def _submission_terms(spec: tenderpack.Spec, d: Deadlines) -> dict:
    days = spec.submission.validity_days
    validity: dict[str, Any] = {"durationInDays": days}
    if d.tender_end is not None:
        validity = {"startDate": stamp(d.tender_end),
                    "endDate": stamp(d.tender_end.date() + dt.timedelta(days=days), end_of_day=True),
                    "durationInDays": days}
    # Tenders are sent through the portal: the invitation says nothing sent any other way is accepted.
    terms: dict[str, Any] = {"electronicSubmissionPolicy": "required", "bidValidityPeriod": validity}
    language = {"english": "en", "welsh": "cy"}.get(spec.submission.language.strip().lower())
    if language:
        terms["languages"] = [language]
    return terms


# ----------------------------------------------------------------------------- periods and milestones


def _contract_period(spec: tenderpack.Spec, lot=None) -> dict:
    """The contract's period: of a lot, its own dates and extensions, where it gives them, else the timetable's;
    of the tender, the term every contract shares, or when the lots' terms differ the span of them all (the first
    start to the last end of an initial term, and to the last end with every extension)."""
    term = text.term(spec, lot) if lot is not None else text.one_term(spec)
    if term is not None:
        start, end, latest = term.start, term.end, term.latest_end if term.extensions else None
    else:
        terms = [x for x, _ in text.terms(spec)]
        start, end = text.first_start(spec), max(x.end for x in terms)
        latest = text.last_end(spec) if any(x.extensions for x in terms) else None
    period: dict[str, Any] = {"startDate": stamp(start), "endDate": stamp(end, end_of_day=True),
                              "durationInMonths": _months(start, end)}
    if latest is not None:
        period["maxExtentDate"] = stamp(latest, end_of_day=True)
    return period


def _moment(value: dt.date | dt.datetime) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time(0, 0))


def _milestones(spec: tenderpack.Spec) -> list[dict]:
    """The spec's own milestones, each stage's deadline, and the planned signature: in date order."""
    t = spec.timetable
    found: list[tuple[dt.datetime, dict]] = [
        (_moment(m.date), {"id": str(i + 1), "title": m.event, "dueDate": stamp(m.date), "status": "scheduled"})
        for i, m in enumerate(t.milestones)]
    for i, stage in enumerate(spec.procedure.stages):
        asks = stage.clarification_deadline
        if asks is not None and not (i == 0 and asks == t.clarification_deadline):   # the first is enquiryPeriod's end
            found.append((asks, {"id": f"stage-{i + 1}-questions", "title": f"Last time to ask questions in {stage.name}",
                                 "dueDate": stamp(asks), "status": "scheduled"}))
        due = text.stage_deadline(spec, i)
        if due is not None:
            found.append((due, {"id": f"stage-{i + 1}-deadline", "title": f"Deadline for {stage.name}",
                                "dueDate": stamp(due), "status": "scheduled"}))
    signing = t.contract_signature
    if signing is not None and (not tenderpack.law.regime(spec).public_contract or signing >= text.signing_from(spec)):
        several = spec.buyer.participants and spec.buyer.contracts == "each_authority"
        found.append((_moment(signing), {"id": "contract-signature", "type": "futureSignatureDate",
                                         "title": "Framework agreement signed (planned)" if text.is_framework(spec)
                                         else "Contracts signed (planned)" if several else "Contract signed (planned)",
                                         "dueDate": stamp(signing), "status": "scheduled"}))
    return [m for _, m in sorted(found, key=lambda pair: pair[0])]


# ----------------------------------------------------------------------------- documents


def _notice_document(spec: tenderpack.Spec, published: str) -> dict:
    """This notice itself: its type, and who gives it its OCID and address."""
    below = not tenderpack.law.regime(spec).public_contract
    prefix = ocid_prefix(spec)
    if prefix:
        about = (f"Its OCID uses {spec.buyer.lead.name}'s own registered prefix, {prefix}. "
                 "Find a Tender gives the notice its address when it publishes it.")
    else:
        about = (f"Its ocid, {PLACEHOLDER}-{local_id(spec)}, is a placeholder: Find a Tender gives the notice its "
                 "OCID and its address when it publishes it.")
    return {"id": "tender-notice", "documentType": "tenderNotice", "noticeType": NOTICE_TYPE,
            "title": "Below-threshold tender notice" if below else "Tender notice",
            "description": f"This notice, as open data, before it is published. {about}",
            "language": "en", "datePublished": published}


def _documents(spec: tenderpack.Spec, files: list, published: str) -> list[dict]:
    attached = {a.pack_path: a for a in spec.attachments}
    docs = []
    for f in files:
        own = attached.get(f.path)   # one of the buyer's own documents, copied into the pack as it is
        if f.format in NOT_DOCUMENTS and own is None:
            continue
        label = f.format.upper() if f.format != "text" else "text"
        title = f.title or f.document or f.path
        title = f"{title[:-1]}, {label})" if title.endswith(")") else f"{title} ({label})"
        doc = {
            "id": f.path,
            "documentType": document_type(f.document, f.path),
            "title": title,
            "description": f"File {f.path} of the tender pack for {spec.reference}, {f.bytes:,} bytes.",
            "format": media_type(f.format, f.path),
            "language": "en",
            "datePublished": published,
            "integrity": [{"scheme": "sha256", "id": f.sha256}],
        }
        if spec.documents_base_url:
            doc["url"] = spec.documents_base_url + quote(f.path)
        if own is not None:
            doc.update(documentType=_attachment_type(spec, own), title=own.title,   # one file: nothing to tell apart
                       description=" ".join(x for x in (_text(own.description), "The buyer's own document.",
                                                        doc["description"]) if x))
            del doc["language"]   # written by the buyer, in a language this notice does not know
        docs.append(doc)
    return docs


def _attachment_type(spec: tenderpack.Spec, attachment) -> str:
    """The documentType of one of the buyer's own files: what it is in the contract the pack ships (spec.contract:
    the contract and its order form are the contract's draft, its other documents its schedules), else its kind."""
    for role, part in spec.contract.parts(spec.attachments) if spec.contract is not None else ():
        if part is attachment:
            return "contractSchedule" if role == "document" else "contractDraft"
    return ATTACHMENT_TYPES[attachment.kind]


def _package_uri(spec: tenderpack.Spec) -> str:
    """A tag URI (RFC 4151) minted under the buyer's web domain or email domain: unique, not a web address."""
    authority = None
    if spec.buyer.lead.website:
        authority = urlsplit(spec.buyer.lead.website).hostname
    if not authority:
        email = next((c.email for c in spec.contacts if c.email and "@" in c.email), None)
        authority = email.split("@", 1)[1] if email else "tenderpack.invalid"
    return f"tag:{authority},{spec.timetable.notice.isoformat()}:{quote(local_id(spec))}/tender-notice"


def _method(spec: tenderpack.Spec, d: Deadlines) -> tuple[str, str]:
    if tenderpack.law.regime(spec).public_contract:
        return METHODS[spec.procedure.type.value]
    if d.before_tenders:   # below the threshold, yet a stage comes before tenders
        return "selective", BELOW_THRESHOLD_STAGED
    return BELOW_THRESHOLD if not spec.procedure.stages else ("open", BELOW_THRESHOLD_STAGED)


# ----------------------------------------------------------------------------- items, suitability, renewals


def _cpv_codes(codes) -> dict:
    cpv = [code.split("-")[0] for code in codes]
    out: dict[str, Any] = {"classification": {"scheme": "CPV", "id": cpv[0]}}
    if cpv[1:]:
        out["additionalClassifications"] = [{"scheme": "CPV", "id": c} for c in cpv[1:]]
    return out


def _places(lot) -> list[dict]:
    """Where a lot's work is done: its area (ITL code, and its name), then the addresses of its sites."""
    place = lot.place
    if place is None:
        return []
    out: list[dict] = []
    if place.itl or place.region:
        area: dict[str, Any] = {}
        if place.itl:
            area["region"] = place.itl
        if place.region:
            area["description"] = _text(place.region)
        out.append(area)
    out += [_address(line) for line in place.addresses]
    return out


def _items(spec: tenderpack.Spec) -> list[dict]:
    """One item for each lot (an undivided contract is lot 1), with its CPV codes (the lot's own, else the tender's)
    and where the work is done when the spec says."""
    if not spec.lots.items:
        return [{"id": "1", "description": spec.title, **_cpv_codes(spec.cpv), "relatedLot": "1"}]
    items = []
    for lot in spec.lots.items:
        item: dict[str, Any] = {"id": str(lot.number), "description": lot.title,
                                **_cpv_codes(lot.cpv or spec.cpv), "relatedLot": str(lot.number)}
        places = _places(lot)
        if places:
            item["deliveryAddresses"] = places
        items.append(item)
    return items


def _suitability(spec: tenderpack.Spec, lot=None) -> dict:
    """Whether the lot suits SMEs and VCSEs: the lot's own answer, else the tender's; only what the buyer said."""
    own = lot.suitability if lot is not None else None
    out: dict[str, bool] = {}
    for key in ("sme", "vcse"):
        for said in (own, spec.suitability):
            if said is not None and getattr(said, key) is not None:
                out[key] = getattr(said, key)
                break
    return out


def _renewal(spec: tenderpack.Spec, lot=None) -> dict:
    """The optional extensions of a lot's contract (or of the undivided contract), as Find a Tender's renewal."""
    term = text.term(spec, lot) if lot is not None else text.one_term(spec) or text.term(spec)
    months = list(term.extensions)
    if not months:
        return {}
    count = len(months)
    times = {1: "once", 2: "twice"}.get(count, f"{count} times")
    if len(set(months)) == 1:
        how = f"{times}, by {text.months(months[0])}" + (" each time" if count > 1 else "")
    else:
        how = f"{times}, by {text.join([text.months(m) for m in months])}"
    whole = f" ({text.months(sum(months))} in all)" if count > 1 else ""
    who = "The buyers" if spec.buyer.participants else "The buyer"
    contract = "each contract" if spec.buyer.participants and spec.buyer.contracts == "each_authority" else "the contract"
    if text.is_framework(spec):
        contract = "the framework"
    return {"hasRenewal": True,
            "renewal": {"description": f"{who} may extend {contract} after its initial term {how}{whole}.",
                        "maximumRenewals": count}}


# ----------------------------------------------------------------------------- frameworks

# How call-off contracts are awarded (spec.framework.call_off: direct award, competition) -> the techniques
# extension's frameworkAgreementMethod codelist.
FRAMEWORK_METHODS = {(True, False): "withoutReopeningCompetition", (False, True): "withReopeningCompetition",
                     (True, True): "withAndWithoutReopeningCompetition"}


def _framework_description(spec: tenderpack.Spec) -> str:
    """The framework's terms the structured fields do not hold: the bodies named, the fee, the reopening dates."""
    fw = spec.framework
    assert fw is not None   # asked only for a framework
    out = [f"Call-off contracts are awarded {text.join(text.call_off_methods(spec), last='or')}."]
    who = fw.who_may_call_off
    if who is not None and who.named:
        out.append(f"Bodies named that may award call-off contracts: {text.join(list(who.named))}.")
    if fw.fee_percent is not None:
        out.append(f"Each supplier pays a framework fee of {text.percent(fw.fee_percent)} of the value of each call-off "
                   "contract it is awarded.")
    if fw.type == "open" and fw.reopening:
        out.append(f"Reopened to new suppliers on {text.join([text.date(d) for d in sorted(fw.reopening)])}.")
    return " ".join(out)


def _lot_techniques(spec: tenderpack.Spec, lot=None) -> dict:
    """A lot's techniques for a framework (lot None: the undivided framework's one lot): how many suppliers it
    appoints. {} without a framework."""
    if getattr(spec, "framework", None) is None:
        return {}
    return {"techniques": {"hasFrameworkAgreement": True,
                           "frameworkAgreement": {"maximumParticipants": text.winners(spec, lot)}}}


def _techniques(spec: tenderpack.Spec) -> dict:
    """tender.techniques for a framework: how call-offs are awarded, who may award them, whether it is an open
    framework, its period and why it is longer than usual. {} without a framework."""
    fw = getattr(spec, "framework", None)
    if fw is None:
        return {}
    call_off = fw.call_off
    agreement: dict[str, Any] = {
        "method": FRAMEWORK_METHODS[(call_off.direct_award is not None, call_off.competition is not None)]}
    if not spec.lots.items:
        agreement["maximumParticipants"] = text.winners(spec)
    who = fw.who_may_call_off
    buyers = {a.name for a in spec.authorities}
    # "open": buyers not listed in this notice may use it; "closed": only those listed (the UK extension's type).
    listed_only = who is None or (not who.described and set(who.named) <= buyers)
    agreement["type"] = "closed" if listed_only else "open"
    if who is not None and who.described:
        agreement["buyerCategories"] = _text(who.described)
    if who is not None and who.locations:
        agreement["buyerLocationRestrictions"] = [{"description": place} for place in who.locations]
    agreement["isOpenFrameworkScheme"] = fw.type == "open"
    if fw.longer_term_reason:
        agreement["periodRationale"] = _text(fw.longer_term_reason)
    agreement["period"] = _contract_period(spec)
    agreement["description"] = _framework_description(spec)
    return {"techniques": {"hasFrameworkAgreement": True, "frameworkAgreement": agreement}}


# ----------------------------------------------------------------------------- the release


def release_package(spec: tenderpack.Spec, files: list) -> dict:
    """The OCDS release package for the tender notice of ``spec``; ``files`` are the pack's files."""
    t, v = spec.timetable, spec.value
    regime = tenderpack.law.regime(spec)
    release_ocid = ocid(spec)
    published = stamp(t.notice)
    d = deadlines(spec)
    parties = _parties(spec)
    lead_ref = {"id": parties[0]["id"], "name": spec.buyer.lead.name}

    method, details = _method(spec, d)
    value: dict[str, Any] = {"amount": _amount(v.estimated_excluding_vat), "currency": v.currency}
    if v.estimated_including_vat is not None:
        value["amountGross"] = _amount(v.estimated_including_vat)

    tender: dict[str, Any] = {
        "id": spec.reference,
        "title": spec.title,
        "description": _text(spec.summary),
        "status": "active",
        "legalBasis": dict(LEGAL_BASIS),
        "aboveThreshold": regime.public_contract,
        "procuringEntity": lead_ref,
        "items": _items(spec),
        "value": value,
        "procurementMethod": method,
        "procurementMethodDetails": details,
        "mainProcurementCategory": spec.category,
        "awardCriteria": _award_code(spec),
        "awardCriteriaDetails": _award_details(spec),
        "submissionMethod": ["electronicSubmission"],
        "submissionMethodDetails": f"Through {spec.submission.portal.name}"
                                   + (f" ({spec.submission.portal.url})" if spec.submission.portal.url else ""),
        "submissionTerms": _submission_terms(spec, d),
        "enquiryPeriod": {"startDate": published, "endDate": stamp(t.clarification_deadline)},
    }
    if d.expression_of_interest is not None:
        tender["expressionOfInterestDeadline"] = stamp(d.expression_of_interest)
    period: dict[str, Any] = {}
    if d.tender_start is not None:
        period["startDate"] = stamp(d.tender_start)
    if d.tender_end is not None:
        period["endDate"] = stamp(d.tender_end)
    if period:
        tender["tenderPeriod"] = period
    award_period: dict[str, Any] = {"endDate": stamp(t.award, end_of_day=True)}
    if d.tender_end is not None:
        award_period = {"startDate": stamp(d.tender_end), **award_period}
    tender["awardPeriod"] = award_period
    tender["contractPeriod"] = _contract_period(spec)
    tender.update(_techniques(spec))
    if spec.procedure.reasons:
        tender["procurementMethodRationale"] = _text(spec.procedure.reasons)
    if tenderpack.law.applies(spec, "light-touch"):
        tender["specialRegime"] = [LIGHT_TOUCH]

    second, other = _second_stage(spec, d)
    lots = spec.lots

    # Some lot gives its own shortlist size (lots.items[].shortlist_size): the stage shortlists lot by lot.
    by_lot = bool(second and second.get("maximumCandidates") and any(x.shortlist_size for x in lots.items))

    def lot_entry(number: str, title: str, lot=None) -> dict:
        entry: dict[str, Any] = {"id": number, "title": title, "status": "active"}
        if lot is None:
            entry["value"] = dict(value)
        else:
            if lot.description:
                entry["description"] = _text(lot.description)
            if lot.value is not None:
                entry["value"] = {"amount": _amount(lot.value), "currency": v.currency}
        entry["contractPeriod"] = _contract_period(spec, lot)
        entry["awardCriteria"] = _award_criteria(spec, lot)
        selection = _selection_criteria(spec, lot)
        if selection:
            entry["selectionCriteria"] = selection
        if second and not lots.items:
            entry["secondStage"] = dict(second)
        elif second and lot is not None and by_lot:
            # Shortlists made lot by lot: the lot's own number, else the shortlisting stage's.
            entry["secondStage"] = {**second, "maximumCandidates": lot.shortlist_size or second["maximumCandidates"]}
        requirements = dict(other or {})
        reserved = RESERVED.get(lot.reserved_for or "") if lot is not None else None
        if reserved:
            requirements["reservedParticipation"] = [reserved]
        if requirements:
            entry["otherRequirements"] = requirements
        suits = _suitability(spec, lot)
        if suits:
            entry["suitability"] = suits
        entry.update(_renewal(spec, lot))
        entry.update(_lot_techniques(spec, lot))
        return entry

    if lots.items:
        tender["lots"] = [lot_entry(str(lot.number), lot.title, lot) for lot in lots.items]
        if second and not by_lot:
            # The shortlist is one for all the lots together (as the invitation to tender says), not one per lot.
            tender["secondStage"] = dict(second)
        lot_details: dict[str, Any] = {}
        if lots.max_bids_per_supplier:
            lot_details["maximumLotsBidPerSupplier"] = lots.max_bids_per_supplier
        if lots.max_per_supplier:
            lot_details["maximumLotsAwardedPerSupplier"] = lots.max_per_supplier
            if lots.allocation_method:
                lot_details["awardCriteriaDetails"] = _text(lots.allocation_method)
        if lot_details:
            tender["lotDetails"] = lot_details
    else:
        # Find a Tender describes an undivided contract as a single lot.
        tender["lots"] = [lot_entry("1", spec.title)]
        if lots.reasons_not_divided:
            tender["lotDetails"] = {"noLotsDivisionRationale": _text(lots.reasons_not_divided)}
    milestones = _milestones(spec)
    if milestones:
        tender["milestones"] = milestones
    tender["documents"] = [_notice_document(spec, published), *_documents(spec, files, published)]

    release = {
        "ocid": release_ocid,
        "id": f"{local_id(spec)}-tender-{t.notice.isoformat()}",
        "date": published,
        "tag": ["tender"],
        "initiationType": "tender",
        "language": "en",
        "parties": parties,
        "buyer": lead_ref,
        "tender": tender,
    }
    return {
        "uri": _package_uri(spec),
        "version": "1.1",
        "extensions": declared_extensions(),
        "publishedDate": published,
        "publisher": {"name": spec.buyer.lead.name},
        "license": LICENSE,
        "releases": [release],
    }

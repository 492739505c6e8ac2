"""The tender notice as OCDS: one release package with one release, tagged "tender".

Everything comes from the spec and the files already written; nothing from the clock, so
the same spec gives the same notice. Dates in the spec are UK local time and are written
with their UTC offset.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlsplit

import tenderpack

from .validation import declared_extensions

OCID_PREFIX = "ocds-h6vhtk"          # Find a Tender's prefix
LICENSE = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

METHODS = {
    "open": ("open", "Open procedure"),
    "competitive_flexible": ("selective", "Competitive flexible procedure"),
    "below_threshold": ("open", "Below threshold - open competition"),
}

# Document ids of the first-party plugins -> OCDS documentType codelist.
DOCUMENT_TYPES = {
    "invitation-to-tender": "biddingDocuments",
    "tender-at-a-glance": "biddingDocuments",
    "evaluation-methodology": "evaluationCriteria",
    "outcome-specification": "technicalSpecifications",
    "social-value": "evaluationCriteria",
    "social-value-schedule": "contractSchedule",
    "draft-contract": "contractDraft",
    "pricing-schedule": "biddingDocuments",
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
NOT_DOCUMENTS = {"json"}   # data files (this notice, reports, indexes) are not tender documents


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


def ocid(spec: tenderpack.Spec) -> str:
    local = re.sub(r"[^A-Za-z0-9]+", "-", spec.reference).strip("-") or "tender"
    return f"{OCID_PREFIX}-{local}"


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


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ----------------------------------------------------------------------------- the notice


def _amount(value: Decimal | int | float) -> int | float:
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _text(markdown: str | None) -> str | None:
    """Spec text on one line, without the Markdown markers for bold and italic."""
    if not markdown:
        return None
    text = re.sub(r"(\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w))", "", markdown)
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", text)
    return " ".join(text.split())


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "organisation"


def _authority(spec: tenderpack.Spec, authority, roles: list[str], contact: bool, details: str | None) -> dict:
    party: dict[str, Any] = {"id": _slug(authority.name), "name": authority.name, "roles": roles}
    if authority.address:
        party["address"] = {"streetAddress": authority.address, "countryName": "United Kingdom"}
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
    return party


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


def _award_criteria(spec: tenderpack.Spec, lot=None) -> dict:
    criteria = spec.award.criteria
    if lot is not None and lot.criteria:
        criteria = [c for c in criteria if c.id in lot.criteria]
    lot_weights = dict(getattr(lot, "weights", None) or {}) if lot is not None else {}
    items = [_criterion(c, lot_weights.get(c.id, c.weight)) for c in criteria]
    out: dict[str, Any] = {"criteria": items,
                           "description": "The most advantageous tender, under the Procurement Act 2023 s.19."}
    if all(c.weight is None for c in criteria):
        out["orderRationale"] = "The criteria are ranked in order of importance, 1 being the most important."
    return out


def _award_basis(spec: tenderpack.Spec) -> str:
    kinds = {c.type.value for c in spec.award.criteria}
    if kinds == {"price"}:
        return "priceOnly"
    if "price" not in kinds:
        return "qualityOnly"
    return "ratedCriteria"


def _contract_period(spec: tenderpack.Spec) -> dict:
    t = spec.timetable
    period: dict[str, Any] = {"startDate": stamp(t.contract_start), "endDate": stamp(t.contract_end, end_of_day=True),
                              "durationInMonths": _months(t.contract_start, t.contract_end)}
    if t.extensions:
        period["maxExtentDate"] = stamp(_add_months(t.contract_end, sum(t.extensions)), end_of_day=True)
    return period


def _documents(spec: tenderpack.Spec, files: list, published: str) -> list[dict]:
    docs = []
    for f in files:
        if f.format in NOT_DOCUMENTS:
            continue
        label = f.format.upper() if f.format != "text" else "text"
        title = f.title or f.document or f.path
        title = f"{title[:-1]}, {label})" if title.endswith(")") else f"{title} ({label})"
        docs.append({
            "id": f.path,
            "documentType": document_type(f.document, f.path),
            "title": title,
            "description": f"File {f.path} of the tender pack for {spec.reference}, {f.bytes:,} bytes.",
            "format": media_type(f.format, f.path),
            "language": "en",
            "datePublished": published,
            "integrity": [{"scheme": "sha256", "id": f.sha256}],
        })
    return docs


def _package_uri(spec: tenderpack.Spec, release_ocid: str) -> str:
    """A tag URI (RFC 4151) minted under the buyer's web domain or email domain: unique, not a web address."""
    authority = None
    if spec.buyer.lead.website:
        authority = urlsplit(spec.buyer.lead.website).hostname
    if not authority:
        email = next((c.email for c in spec.contacts if c.email and "@" in c.email), None)
        authority = email.split("@", 1)[1] if email else "tenderpack.invalid"
    return f"tag:{authority},{spec.timetable.notice.isoformat()}:{quote(release_ocid)}/tender-notice"


def release_package(spec: tenderpack.Spec, files: list) -> dict:
    """The OCDS release package for the tender notice of ``spec``; ``files`` are the pack's files."""
    t, v = spec.timetable, spec.value
    release_ocid = ocid(spec)
    published = stamp(t.notice)
    lead = spec.buyer.lead
    joint = bool(spec.buyer.participants)
    parties = [_authority(spec, lead, ["buyer", "procuringEntity"], True,
                          "Runs the procurement for every buyer named in this notice." if joint else None)]
    seen = {parties[0]["id"]}
    for other in spec.buyer.participants:
        party = _authority(spec, other, ["buyer"], False, f"Buys jointly with {lead.name}.")
        while party["id"] in seen:
            party["id"] += "-2"
        seen.add(party["id"])
        parties.append(party)
    lead_ref = {"id": parties[0]["id"], "name": lead.name}

    method, details = METHODS[spec.procedure.type.value]
    value: dict[str, Any] = {"amount": _amount(v.estimated_excluding_vat), "currency": v.currency}
    if v.estimated_including_vat is not None:
        value["amountGross"] = _amount(v.estimated_including_vat)

    cpv = [code.split("-")[0] for code in spec.cpv]
    item: dict[str, Any] = {"id": "1", "description": spec.title,
                            "classification": {"scheme": "CPV", "id": cpv[0]}}
    if cpv[1:]:
        item["additionalClassifications"] = [{"scheme": "CPV", "id": c} for c in cpv[1:]]

    tender: dict[str, Any] = {
        "id": spec.reference,
        "title": spec.title,
        "description": _text(spec.summary),
        "status": "active",
        "procuringEntity": lead_ref,
        "items": [item],
        "value": value,
        "procurementMethod": method,
        "procurementMethodDetails": details,
        "mainProcurementCategory": spec.category,
        "awardCriteria": _award_basis(spec),
        "awardCriteriaDetails": "Most advantageous tender: "
                                + "; ".join(f"{c.name} {_amount(c.weight)}%" if c.weight is not None
                                            else f"{c.name} (rank {c.rank})" for c in spec.award.criteria),
        "submissionMethod": ["electronicSubmission"],
        "submissionMethodDetails": f"Through {spec.submission.portal.name}"
                                   + (f" ({spec.submission.portal.url})" if spec.submission.portal.url else ""),
        "tenderPeriod": {"startDate": published, "endDate": stamp(t.tender_deadline)},
        "enquiryPeriod": {"startDate": published, "endDate": stamp(t.clarification_deadline)},
        "awardPeriod": {"startDate": stamp(t.tender_deadline), "endDate": stamp(t.award, end_of_day=True)},
        "contractPeriod": _contract_period(spec),
        "aboveThreshold": spec.procedure.type.value != "below_threshold",
    }
    if spec.procedure.reasons:
        tender["procurementMethodRationale"] = _text(spec.procedure.reasons)
    conditions = [*spec.conditions.legal, *spec.conditions.financial, *spec.conditions.technical]
    if conditions:
        tender["eligibilityCriteria"] = " ".join(_text(c) or "" for c in conditions)

    lots = spec.lots
    if lots.items:
        tender["lots"] = []
        for lot in lots.items:
            entry: dict[str, Any] = {"id": str(lot.number), "title": lot.title, "status": "active",
                                     "contractPeriod": _contract_period(spec),
                                     "awardCriteria": _award_criteria(spec, lot)}
            if lot.description:
                entry["description"] = _text(lot.description)
            if lot.value is not None:
                entry["value"] = {"amount": _amount(lot.value), "currency": v.currency}
            tender["lots"].append(entry)
        if lots.max_per_supplier:
            tender["lotDetails"] = {"maximumLotsAwardedPerSupplier": lots.max_per_supplier}
            if lots.allocation_method:
                tender["lotDetails"]["awardCriteriaDetails"] = _text(lots.allocation_method)
    else:
        # Find a Tender describes an undivided contract as a single lot.
        tender["lots"] = [{"id": "1", "title": spec.title, "status": "active", "value": dict(value),
                           "contractPeriod": _contract_period(spec), "awardCriteria": _award_criteria(spec)}]
        if lots.reasons_not_divided:
            tender["lotDetails"] = {"noLotsDivisionRationale": _text(lots.reasons_not_divided)}
    if t.milestones:
        tender["milestones"] = [{"id": str(i + 1), "title": m.event, "dueDate": stamp(m.date), "status": "scheduled"}
                                for i, m in enumerate(t.milestones)]
    tender["documents"] = _documents(spec, files, published)

    release = {
        "ocid": release_ocid,
        "id": f"{release_ocid}-tender-{t.notice.isoformat()}",
        "date": published,
        "tag": ["tender"],
        "initiationType": "tender",
        "language": "en",
        "parties": parties,
        "buyer": lead_ref,
        "tender": tender,
    }
    return {
        "uri": _package_uri(spec, release_ocid),
        "version": "1.1",
        "extensions": declared_extensions(),
        "publishedDate": published,
        "publisher": {"name": lead.name},
        "license": LICENSE,
        "releases": [release],
    }

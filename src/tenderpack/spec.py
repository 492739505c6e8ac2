"""The procurement specification: the one file a buyer writes (pydantic v2 models).

Every model forbids unknown keys, so a misspelt field is an error, not silently ignored.
Every field carries a description: it appears in the JSON Schema (``tenderpack schema``)
that editors use for completion and hover help. Fields typed ``Markdown`` accept a small
Markdown subset (paragraphs, lists, bold, italic, links).
"""

# No ``from __future__ import annotations`` in this module: with it, pydantic compiles and
# evaluates each field's annotation from a string when the models are created, at every start.

import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationError,
                      field_validator, model_validator)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .text import add_months, first_start, term
from .limits import (ATTACHMENTS_MAX_COUNT, SPEC_EARLIEST_YEAR, SPEC_LATEST_YEAR, SPEC_MAX_AMOUNT, SPEC_MAX_COUNT,
                     SPEC_MAX_TERM_MONTHS)

SCHEMA_VERSION = 1


# ----------------------------------------------------------------------------- bounded values
# Every number and date is bounded, so that whatever the engine works out from them (the last
# day with every extension, a sum of money, a number printed with commas) stays representable:
# a spec that validates must never fail later in the build.


def quoted(text: str, most: int = 40) -> str:
    """A user's text fit to quote in a message: control characters escaped, long text cut short."""
    return repr(text if len(text) <= most else text[:most] + "…")


def _at_most(limit: int, name: str, shown: str) -> AfterValidator:
    """Refuse a number over ``limit``, naming the limit (pydantic's own ``le`` message cannot)."""
    def check(value):
        if value > limit:
            raise PydanticCustomError("over_limit", "must be at most {limit} ({name})", {"limit": shown, "name": name})
        return value

    return AfterValidator(check)


def _not_a_number(what: str) -> BeforeValidator:
    """Refuse a bare number for a date: pydantic would read 20270201 as seconds since 1970."""
    def check(value):
        if isinstance(value, (int, float, Decimal)):
            raise PydanticCustomError("date_type", "must be a {what}", {"what": what})
        return value

    return BeforeValidator(check)


def _in_years(value):
    """Refuse a year the engine cannot work from: year 1 has an odd UK offset, 9999 no next year."""
    if not SPEC_EARLIEST_YEAR <= value.year <= SPEC_LATEST_YEAR:
        raise PydanticCustomError(
            "date_out_of_range",
            "{value} is outside the years {first} to {last} (SPEC_EARLIEST_YEAR, SPEC_LATEST_YEAR)",
            {"value": value.isoformat(), "first": SPEC_EARLIEST_YEAR, "last": SPEC_LATEST_YEAR})
    return value


def _uk_time(value: dt.datetime) -> dt.datetime:
    """Refuse a time zone: the documents, the calendar and the OCDS notice all give UK time."""
    if value.tzinfo is not None:
        raise PydanticCustomError(
            "datetime_zone",
            "write the time without a time zone, such as {example}: tenderpack takes every time as UK time",
            {"example": value.replace(tzinfo=None).isoformat(timespec="minutes")})
    return value


_DAY_ONLY = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")


def _with_time(value):
    """Refuse a date without a time for a deadline: pydantic would read it as midnight at the
    start of that day, and the pack would print a deadline a day earlier than the buyer meant."""
    day = None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):   # YAML reads 2027-03-08 as a date
        day = value.isoformat()
    elif isinstance(value, str) and _DAY_ONLY.fullmatch(value):
        day = value.strip()
    if day is not None:
        raise PydanticCustomError(
            "datetime_without_time",
            "write the time too, such as {day}T12:00 (noon, UK time); a date alone would mean midnight at the start "
            "of {day}", {"day": day})
    return value


Date = Annotated[dt.date, _not_a_number("date written as YYYY-MM-DD"), AfterValidator(_in_years)]
DateTime = Annotated[dt.datetime, _not_a_number("date and time written as YYYY-MM-DDTHH:MM (UK time)"),
                     BeforeValidator(_with_time), AfterValidator(_uk_time), AfterValidator(_in_years)]


# The weights of a CPV code's check digit: the sum of the eight digits, each times its weight,
# modulo 10 (found to hold for every code of the CPV list it was tried on, such as 77310000-6).
_CPV_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7)
_CPV_SHAPE = re.compile(r"[0-9]{8}(?:-[0-9])?")


def cpv_check_digit(code: str) -> str:
    """The check digit of an 8-digit CPV code: '77310000' -> '6' (the code is written 77310000-6)."""
    return str(sum(int(d) * w for d, w in zip(code, _CPV_WEIGHTS)) % 10)


def _cpv_code(value):
    """A CPV code with its check digit: a code without one, or with the wrong one, says which it is.
    Anything else goes on to the pattern, whose message says how a code is written."""
    if isinstance(value, int) and not isinstance(value, bool):   # YAML reads 77310000 as a number
        if 10_000_000 <= value <= 99_999_999:
            code = str(value)
            raise PydanticCustomError("cpv_check_digit", "{code} needs its check digit: write {code}-{digit}",
                                      {"code": code, "digit": cpv_check_digit(code)})
        raise PydanticCustomError("cpv_check_digit", "must be a CPV code written as 8 digits, a hyphen and the check "
                                                     "digit, such as 77310000-6")
    if isinstance(value, str) and _CPV_SHAPE.fullmatch(value):
        code, given = value[:8], value[9:]
        digit = cpv_check_digit(code)
        if not given:
            raise PydanticCustomError("cpv_check_digit", "{code} needs its check digit: write {code}-{digit}",
                                      {"code": code, "digit": digit})
        if given != digit:
            raise PydanticCustomError(
                "cpv_check_digit", "the check digit of {code} is {digit}, not {given}: check the code in the CPV "
                                   "list (a digit may be mistyped), then write it with its check digit",
                {"code": code, "digit": digit, "given": given})
    return value


CpvCode = Annotated[str, Field(pattern=r"^[0-9]{8}-[0-9]$"), BeforeValidator(_cpv_code)]
Markdown = Annotated[str, Field(json_schema_extra={"contentMediaType": "text/markdown"})]


def _money_schema(schema: dict) -> None:
    """The JSON Schema of an amount (a number, or a string of one) with its maximum on the number."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "number":
            branch["maximum"] = SPEC_MAX_AMOUNT


Money = Annotated[Decimal, Field(ge=0, decimal_places=2, json_schema_extra=_money_schema),
                  _at_most(SPEC_MAX_AMOUNT, "SPEC_MAX_AMOUNT", f"£{SPEC_MAX_AMOUNT:,}")]
Text = Annotated[str, Field(min_length=1)]
# A percentage, to two decimal places (more would only hide rounding: weights must add up to 100).
Percent = Annotated[Decimal, Field(gt=0, le=100, decimal_places=2)]
Weight = Percent
# A whole number of things: words, characters, days, suppliers, lots.
_COUNT_LIMIT = _at_most(SPEC_MAX_COUNT, "SPEC_MAX_COUNT", f"{SPEC_MAX_COUNT:,}")
Count = Annotated[int, Field(gt=0, json_schema_extra={"maximum": SPEC_MAX_COUNT}), _COUNT_LIMIT]
Score = Annotated[int, Field(ge=0, json_schema_extra={"maximum": SPEC_MAX_COUNT}), _COUNT_LIMIT]
# Months of a term: an extension or a phase (their totals are bounded too, see Timetable and Procedure).
Months = Annotated[int, Field(gt=0, json_schema_extra={"maximum": SPEC_MAX_TERM_MONTHS}),
                   _at_most(SPEC_MAX_TERM_MONTHS, "SPEC_MAX_TERM_MONTHS", f"{SPEC_MAX_TERM_MONTHS:,} months")]


def _total_months(months: list[int], what: str) -> list[int]:
    """Months that follow one another (extensions, phases) are bounded in total too, so that
    no end date worked out from them can pass the years a date can hold."""
    total = sum(months)
    if total > SPEC_MAX_TERM_MONTHS:
        raise PydanticCustomError(
            "over_limit", "{what} add up to {total} months, over the limit of {limit} months (SPEC_MAX_TERM_MONTHS)",
            {"what": what, "total": f"{total:,}", "limit": f"{SPEC_MAX_TERM_MONTHS:,}"})
    return months


# The default factories of list and dict fields. Python functions, not the builtins list and
# dict: pydantic reads the signature of every default factory, and for a builtin, inspect
# parses its text signature with tokenize, which costs milliseconds on every start.
def _new_list() -> list:
    return []


def _new_dict() -> dict:
    return {}


class Model(BaseModel):
    """Base for every part of the spec: unknown keys are errors; values are kept as given.

    ``defer_build``: the validators are built when first used, in one piece for the whole
    Spec, instead of one per model when this module is imported (cheaper for every command,
    and ``tenderpack validate`` validates a single Spec).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=False, defer_build=True)


# ----------------------------------------------------------------------------- parties


class Contact(Model):
    name: Text = Field(description="Full name of the person, or the team (for example 'Procurement team').")
    role: str | None = Field(None, description="What they do for this tender, such as 'Procurement lead'.")
    email: str | None = Field(None, description="Email address for questions about this tender.")
    phone: str | None = Field(None, description="Telephone number, written as it should be printed.")


_COMPANY_NUMBER = re.compile(r"[0-9]{8}|[A-Z]{2}[0-9]{6}")
_PPON = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")


class Identifier(Model):
    """An organisation's identifier in a register, as the tender notice gives it (scheme and id)."""

    scheme: Literal["GB-PPON", "GB-COH"] = Field(
        title="Register", description="The register: GB-PPON, the Public Procurement Organisation Number that the central digital "
                    "platform (Find a Tender) gives an organisation that registers on it; or GB-COH, a Companies "
                    "House number.")
    id: Annotated[str, Field(min_length=1, max_length=40)] = Field(
        title="Identifier", description="The identifier exactly as the register shows it, such as 'PBCP-5168-ZDGP' (a PPON) or "
                    "'09121572' (a Companies House number, with its leading zeros).")

    @field_validator("id")
    @classmethod
    def _shape(cls, value: str, info):
        scheme = info.data.get("scheme")
        if scheme == "GB-COH" and not _COMPANY_NUMBER.fullmatch(value):
            raise PydanticCustomError(
                "company_number", "{value} is not a Companies House number: write its 8 characters as the register "
                                  "shows them, 8 digits with any leading zeros (such as 01234567) or 2 letters and "
                                  "6 digits (such as SC123456)", {"value": quoted(value)})
        if scheme == "GB-PPON" and not _PPON.fullmatch(value):
            raise PydanticCustomError(
                "ppon", "{value} is not written as a PPON: copy it from the central digital platform, in capital "
                        "letters, digits and hyphens, such as PBCP-5168-ZDGP", {"value": quoted(value)})
        return value


_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}")


def _postcode(value):
    """A UK postcode, written in capitals with its one space: 'kb2 5tr' is written KB2 5TR."""
    if isinstance(value, str):
        code = " ".join(value.upper().split())
        if not _POSTCODE.fullmatch(code):
            raise PydanticCustomError("postcode", "{value} is not a UK postcode: write it as the Royal Mail does, such "
                                                  "as KB2 5TR", {"value": quoted(value)})
        return code if " " in code else f"{code[:-3]} {code[-3:]}"
    return value


class AddressParts(Model):
    """A postal address in parts, as the tender notice on the central platform gives it."""

    street: Text = Field(description="The building and street, such as 'The Town Hall, 3 Church Lane'.")
    locality: Text | None = Field(None, title="Town or city", description="The town or city, such as 'Kelbrook'.")
    postal_code: Annotated[str, BeforeValidator(_postcode)] | None = Field(
        None, title="Postcode", description="The postcode, such as 'KB2 5TR'.")
    region: "ItlCode | None" = Field(
        None, title="ITL code of the area", description="The International Territorial Level (ITL) code of the area the address is in, such as "
                          "'TLF22', or the NUTS code it replaced (such as 'UKF22'); the notice gives it as the "
                          "address's region.")
    country: Literal["GB"] = Field("GB", description="The country: GB, the United Kingdom (the only one for now).")

    @property
    def line(self) -> str:
        """The address on one line: 'The Town Hall, 3 Church Lane, Kelbrook KB2 5TR'."""
        town = " ".join(x for x in (self.locality, self.postal_code) if x)
        return ", ".join(x for x in (self.street, town) if x)


AuthorityType = Literal["central_government", "sub_central_government", "public_undertaking", "private_utility", "other"]


class Authority(Model):
    name: Text = Field(description="Legal name of the contracting authority, such as 'Dunmore City Council'.")
    address: str | None = Field(
        None, description="Postal address, on one line, as the documents print it. Left empty when address_parts is "
                          "given, it is made from those parts.")
    address_parts: "AddressParts | None" = Field(
        None, title="Address in parts", description="The postal address in parts (street, locality, postal_code, region), as the tender notice "
                          "on the central platform gives it. Give it beside address, or instead of it.")
    website: str | None = Field(None, description="Web address of the authority.")
    signatory: str | None = Field(
        None, title="Who signs the contract", description="Who signs the contract for this authority (a role, such as 'Director of Adult Services').")
    share_percent: Percent | None = Field(
        None, title="Share of the value (%)", description="When each authority signs its own contract (buyer.contracts: each_authority): this "
                          "authority's share of the estimated value, in percent. Used to work out each contract's own "
                          "value, which decides duties such as the KPIs of a contract over £5 million.")
    type: AuthorityType | None = Field(
        None, title="Type of authority", description="What kind of contracting authority this is, in the types the central platform's notices "
                          "use (UK_CA_TYPE): central_government (a government department or other central government "
                          "authority), sub_central_government (such as a council), public_undertaking, private_utility "
                          "or other. The lead authority's type decides the threshold: central government authorities "
                          "have lower ones for goods and services. Left empty, the notice does not say, and the "
                          "thresholds of councils and other bodies apply (as they do for a utility or public "
                          "undertaking: the thresholds of utilities contracts are not in tenderpack yet).")
    identifier: Identifier | None = Field(
        None, title="Organisation identifier", description="The authority's identifier, as the tender notice names it: its PPON on the central digital "
                          "platform ({scheme: GB-PPON, id: PBCP-5168-ZDGP}), or its Companies House number "
                          "({scheme: GB-COH, id: '09121572'}). Left empty, the notice gives no identifier.")
    additional_identifiers: list[Identifier] = Field(
        default_factory=_new_list,
        title="Other identifiers", description="Other identifiers of the authority, such as its Companies House number beside its PPON.")

    @model_validator(mode="before")
    @classmethod
    def _address_from_parts(cls, data):
        """Only the parts given: the one-line address the documents print is made from them."""
        if isinstance(data, dict) and data.get("address") is None and isinstance(data.get("address_parts"), dict):
            parts = data["address_parts"]
            street, town, code = parts.get("street"), parts.get("locality"), parts.get("postal_code")
            if all(isinstance(x, str) for x in (street, town or "", code or "")) and street:
                data = {**data, "address": AddressParts.model_construct(
                    street=street, locality=town, postal_code=_postcode_or_none(code)).line}
        return data


def _postcode_or_none(value):
    try:
        return _postcode(value)
    except PydanticCustomError:
        return value


class Buyer(Model):
    lead: Authority = Field(title="Lead authority", description="The authority that runs the procurement and answers questions.")
    participants: list[Authority] = Field(
        default_factory=_new_list,
        title="Other authorities buying with you", description="Other authorities buying together with the lead (a joint procurement). Leave empty when buying alone.")
    joint_arrangement: Markdown | None = Field(
        None, title="How the authorities share the contract", description="How the authorities share the contract: who signs, who pays, who manages it.")
    ocid_prefix: Annotated[str, Field(pattern=r"^ocds-[a-z0-9]{6}$")] | None = Field(
        None, title="OCDS prefix", description="The buyer's own registered OCDS prefix, such as 'ocds-abc123', if it has one. Left empty, "
                          "the central platform gives the notice its id (OCID) when it is published.")
    contracts: Literal["one", "each_authority"] = Field(
        "one", title="Contracts in a joint procurement", description="In a joint procurement: one contract signed by every authority (one), or a contract "
                           "between each authority and the supplier (each_authority).")

    @model_validator(mode="after")
    def _own_prefix(self):
        if self.ocid_prefix == "ocds-h6vhtk":
            raise ValueError("ocid_prefix ocds-h6vhtk is Find a Tender's own prefix: the platform assigns OCIDs under it "
                             "when it publishes the notice. Give your organisation's own registered prefix, or leave it out")
        return self


# ----------------------------------------------------------------------------- money


class Value(Model):
    currency: Literal["GBP"] = Field("GBP", description="Currency of every amount in the spec. Only pounds sterling for now.")
    estimated_excluding_vat: Money = Field(title="Estimated value, excluding VAT", description="Estimated total value of the contract, excluding VAT, over its whole term including extensions.")
    estimated_including_vat: Money | None = Field(None, title="Estimated value, including VAT", description="Estimated total value including VAT. Thresholds are compared against this figure.")
    budget_ceiling: Money | None = Field(None, title="Budget ceiling, excluding VAT", description="The most the buyer will pay, excluding VAT. Tenders above it may be rejected.")
    budget_published: bool = Field(True, title="Show the budget to bidders", description="Whether the budget is shown to bidders. Publishing it helps small firms decide whether to bid.")
    budget_covers: Literal["whole_term", "initial_term", "year"] = Field(
        "whole_term", title="What the budget covers", description="What the budget ceiling pays for: the whole term with every extension (whole_term), "
                                  "the initial term before any extension (initial_term), or one year (year).")
    over_budget: Literal["may_reject", "reject"] = Field(
        "may_reject", title="A tender over the budget", description="What happens to a tender priced above the budget: we may reject it (may_reject), "
                                  "or we reject it (reject).")
    annual_value: Money | None = Field(None, title="Value per year, excluding VAT", description="Estimated value per year, excluding VAT; used to judge proportionate turnover demands.")

    @model_validator(mode="after")
    def _vat_order(self):
        if self.estimated_including_vat is not None and self.estimated_including_vat < self.estimated_excluding_vat:
            raise ValueError("estimated_including_vat must not be less than estimated_excluding_vat")
        return self


# ----------------------------------------------------------------------------- procedure


class ProcedureType(str, Enum):
    open = "open"
    competitive_flexible = "competitive_flexible"
    below_threshold = "below_threshold"


class StageType(str, Enum):
    participation = "participation"
    shortlisting = "shortlisting"
    tender = "tender"
    dialogue = "dialogue"
    negotiation = "negotiation"
    final_tender = "final_tender"
    presentation = "presentation"


class StageQuestion(Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$")] = Field(description="Short id, such as 'S1'.")
    question: Markdown = Field(description="The question, as bidders see it.")
    guidance: Markdown | None = Field(None, description="What a good answer covers.")
    word_limit: Count | None = Field(None, description="Most words allowed in the answer.")
    weight: Percent | None = Field(
        None, title="Weight (%)", description="Weight of the question in the stage's score, in percent; the weights of a stage add up to 100.")
    pass_fail: bool = Field(False, title="Marked pass or fail", description="true when the answer is marked pass or fail, not scored.")
    minimum_score: int | None = Field(None, ge=0, le=5, description="A score below this (on the 0 to 5 scale) means the bidder does not go through.")


class Stage(Model):
    type: StageType = Field(title="What happens at this stage", description="What happens at this stage: participation, shortlisting, tender, dialogue, negotiation, final_tender or presentation.")
    name: Text = Field(description="Name of the stage as bidders will see it, such as 'Stage 2: initial tenders'.")
    description: Markdown | None = Field(None, description="What bidders do at this stage and what the buyer decides.")
    starts: Date | None = Field(None, title="Start date", description="Date the stage starts.")
    ends: Date | None = Field(None, title="End date", description="Date the stage ends.")
    deadline: DateTime | None = Field(
        None, description="Date and time (UK time) by which bidders must send what this stage asks for. "
                          "For the first stage, this is the timetable's tender_deadline.")
    shortlist_size: Count | None = Field(
        None, title="Bidders shortlisted", description="How many bidders go through to the next stage (for shortlisting). With lots, it is for all "
                          "the lots together; once a lot gives its own (lots.items[].shortlist_size), the stage "
                          "shortlists lot by lot and this is the number for each lot that gives none.")
    shortlist_criteria: list[Text] = Field(default_factory=_new_list, title="How the shortlist is chosen", description="How bidders are chosen for the shortlist.")
    questions: list[StageQuestion] = Field(
        default_factory=_new_list,
        description="The questions bidders answer at this stage (for a participation or shortlisting stage: the "
                    "stage questionnaire), each with its limit and how it is scored.")
    clarification_deadline: DateTime | None = Field(
        None, description="Last date and time (UK time) to ask questions in this stage. For the first stage it is the "
                          "timetable's clarification_deadline.")


class Phase(Model):
    name: Text = Field(description="Name of the research and development phase, such as 'Phase 1: feasibility'.")
    description: Markdown | None = Field(None, description="What suppliers do in this phase.")
    duration_months: Months = Field(title="Length, in months", description="How long the phase lasts, in months.")
    starts: Date | None = Field(None, title="Start date", description="Date the phase is planned to start.")
    decision: Date | None = Field(None, title="Go/no-go decision date", description="Date of the go/no-go decision at the end of the phase.")
    budget: Money = Field(title="Budget, excluding VAT", description="Total budget for the phase, excluding VAT.")
    suppliers: Count = Field(1, title="Suppliers funded", description="How many suppliers are funded in this phase.")
    seed_funding: Money | None = Field(None, title="Seed funding for each supplier, excluding VAT", description="Fixed sum paid to each supplier in this phase, excluding VAT.")
    test_bed: str | None = Field(None, description="Where solutions are tried for real, such as 'two care homes in the north locality'.")
    go_no_go: list[Text] = Field(default_factory=_new_list, title="Go/no-go tests", description="What must be shown at the end of the phase to go on to the next.")
    selection: Markdown | None = Field(
        None, title="How suppliers go on to the next phase", description="How we choose which suppliers go on to the next phase when more pass its go/no-go "
                          "tests than the next phase funds, such as 'We rank them by their phase 1 results "
                          "against outcome O1'.")
    lots: list[Count] = Field(
        default_factory=_new_list, title="Lot numbers", description="Numbers of the lots this phase belongs to; empty means every lot.")

    @property
    def ends(self) -> dt.date | None:
        """The last day of the phase, when it has a start date."""
        return phase_end(self)


class Procedure(Model):
    type: ProcedureType = Field(title="Procedure", description="open (one stage), competitive_flexible (stages the buyer designs) or below_threshold.")
    stages: list[Stage] = Field(default_factory=_new_list, description="The stages of a competitive flexible procedure, in order.")
    innovation_phases: list[Phase] = Field(
        default_factory=_new_list,
        description="Research and development phases with seed funding and go/no-go gates (the innovation route).")
    reasons: Markdown | None = Field(None, title="Why this procedure", description="Why this procedure was chosen.")
    planned_procurement_notice: Date | None = Field(
        None, title="Planned procurement notice published", description="Date a qualifying planned procurement notice (UK3) was published, if any.")
    light_touch: bool | None = Field(
        None, title="Light-touch contract", description="true when the contract is a light-touch contract (section 9 of the Procurement Act 2023): "
                          "wholly or mainly for the social, health, education and other services the regulations "
                          "list by CPV code; false when it is not. Leave it out and tenderpack decides from the main "
                          "CPV code. A light-touch contract has its own threshold and more freedom over the "
                          "procedure and its time limits.")

    @field_validator("innovation_phases")
    @classmethod
    def _phases_bounded(cls, phases: list["Phase"]) -> list["Phase"]:
        _total_months([p.duration_months for p in phases], "the phases")
        return phases

    @model_validator(mode="after")
    def _stages_fit(self):
        if self.type is ProcedureType.competitive_flexible and not self.stages:
            raise ValueError("a competitive flexible procedure needs its stages")
        if self.type is not ProcedureType.competitive_flexible and self.stages:
            raise ValueError(f"stages are only used with the competitive flexible procedure, not {self.type.value}")
        if self.innovation_phases and self.type is not ProcedureType.competitive_flexible:
            raise ValueError("innovation phases need the competitive flexible procedure")
        return self


# ----------------------------------------------------------------------------- timetable


class Milestone(Model):
    date: Date = Field(description="When it happens.")
    event: Text = Field(description="What happens, such as 'Supplier briefing (online)'.")


class Timetable(Model):
    notice: Date = Field(title="Tender notice published", description="Date the tender notice is published.")
    clarification_deadline: DateTime = Field(description="Last date and time (UK time) for bidders to ask questions.")
    tender_deadline: DateTime = Field(description="Date and time (UK time) by which tenders must be submitted.")
    evaluation_end: Date = Field(title="Evaluation ends", description="Date the evaluation of tenders is planned to finish.")
    award: Date = Field(title="Award decision", description="Planned date of the award decision (the assessment summaries and award notice).")
    standstill_end: Date | None = Field(
        None, title="Standstill ends", description="Last day of the standstill period: eight working days beginning with the day the contract "
                          "award notice is published (section 51). The contract can be signed from the next day.")
    contract_signature: Date | None = Field(
        None, title="Contract signed", description="Planned date of signing the contract; left empty, it is taken as the contract start.")
    contract_start: Date = Field(
        title="Contract starts", description="Planned start date of the contract: the day the service (or supply, or work) starts, after any "
                    "mobilisation.")
    contract_end: Date = Field(title="Initial term ends", description="Planned end date of the initial term, before any extension.")
    mobilisation: Text | None = Field(
        None, description="What the supplier does to get ready between signing the contract (contract_signature) and "
                          "the start (contract_start), such as 'Recruit and train staff, and take over the rounds from "
                          "the current supplier.' Needs a contract_signature before contract_start.")
    extensions: list[Months] = Field(
        default_factory=_new_list, title="Extensions, in months", description="Optional extensions, in months each, such as [12, 12] for two one-year extensions.")
    milestones: list[Milestone] = Field(default_factory=_new_list, description="Other dates bidders should know, such as a supplier briefing.")

    @field_validator("extensions")
    @classmethod
    def _extensions_bounded(cls, months: list[int]) -> list[int]:
        return _total_months(months, "the extensions")


# ----------------------------------------------------------------------------- lots

# An International Territorial Level code (the UK's regions since 2021: TLC North East to TLN Northern
# Ireland, with one or two more digits for smaller areas), or the NUTS code it replaced (UKC to UKN).
_ITL = re.compile(r"(?:TL|UK)[C-N](?:[0-9][0-9A-Z]?)?")   # TLN0A: Northern Ireland's level 3 ends in a letter


def _itl_code(value):
    """An ITL code, written in capitals: a code in small letters is accepted and written as it should be."""
    if isinstance(value, str):
        code = value.strip().upper()
        if _ITL.fullmatch(code):
            return code
        raise PydanticCustomError(
            "itl_code", "{value} is not an ITL code: write the code of the region, such as TLF (East Midlands) or "
                        "TLF22 (a smaller area in it); write its name in region instead",
            {"value": quoted(value)})
    return value


ItlCode = Annotated[str, Field(pattern=r"^(TL|UK)[C-N]([0-9][0-9A-Z]?)?$"), BeforeValidator(_itl_code)]


class Place(Model):
    """Where a lot's work is done: an area, its ITL code, and the addresses of its sites."""

    region: Text | None = Field(
        None, title="Area", description="The area the lot covers, in words, as bidders will read it, such as 'The north of the "
                          "borough: the Hartley, Mill End and Stanton estates'.")
    itl: ItlCode | None = Field(
        None, title="ITL code", description="The International Territorial Level (ITL) code of the area, such as 'TLF22'; the tender "
                          "notice gives it as the lot's region.")
    addresses: list[Text] = Field(
        default_factory=_new_list,
        description="The addresses where the work is done, each on one line, such as 'Hartley Depot, 4 Mill Road, "
                    "Ashby Vale AV2 3GH'.")

    @model_validator(mode="after")
    def _somewhere(self):
        if self.region is None and self.itl is None and not self.addresses:
            raise ValueError("say where the lot's work is done: region (in words), itl (the ITL code), addresses, "
                             "or leave place out")
        return self


class Lot(Model):
    number: Count = Field(title="Lot number", description="Lot number, starting at 1.")
    title: Text = Field(description="Short title of the lot.")
    description: Markdown | None = Field(None, description="What this lot covers.")
    value: Money | None = Field(None, title="Estimated value, excluding VAT", description="Estimated value of this lot, excluding VAT.")
    suppliers: Count | None = Field(
        None, title="Suppliers who win this lot", description="How many suppliers win this lot (for a framework: the most appointed to it); left empty, "
                          "award.suppliers applies.")
    requirements: list[Text] = Field(
        default_factory=_new_list, description="Fixed requirements for this lot only (the spec's requirements apply to every lot).")
    conditions: list[Text] = Field(
        default_factory=_new_list, description="Conditions of participation for this lot only, such as a registration "
                                               "that only this lot's work needs.")
    criteria: list[Text] = Field(default_factory=_new_list, title="Award criteria (IDs)", description="Ids of the award criteria that apply to this lot; empty means all of them.")
    weights: dict[str, Weight] = Field(
        default_factory=_new_dict,
        title="Weights (%) by criterion ID", description="Weights for this lot, in percent, by criterion id, when they differ from the award criteria's own "
                    "weights. Give a weight for every criterion that applies to the lot; they add up to 100. A "
                    "criterion used in this lot only needs its weight here, not in award.criteria.")
    cpv: list[CpvCode] = Field(
        default_factory=_new_list,
        title="CPV codes", description="Common Procurement Vocabulary codes of this lot's work, each with its check digit, such as "
                    "'50700000-2'; the first is the lot's main code. Leave empty when the tender's cpv codes cover it.")
    place: Place | None = Field(None, title="Where the work is done", description="Where this lot's work is done: an area, its ITL code, addresses.")
    contract_start: Date | None = Field(
        None, title="Contract starts", description="When this lot's contract starts, if not on timetable.contract_start.")
    contract_end: Date | None = Field(
        None, title="Initial term ends", description="When this lot's initial term ends, before any extension, if not on timetable.contract_end.")
    extensions: list[Months] | None = Field(
        None, title="Extensions, in months", description="This lot's optional extensions, in months each, if not timetable.extensions; [] when this "
                          "lot cannot be extended.")
    shortlist_size: Count | None = Field(
        None, title="Bidders shortlisted", description="How many bidders for this lot the shortlisting stage takes through (competitive flexible "
                          "procedure). Given for a lot, the stage shortlists lot by lot: a lot without its own "
                          "number takes the stage's shortlist_size.")
    reserved_for: Literal["sme", "sme_vcse", "supported_employment", "public_service_mutual"] | None = Field(
        None, description="Who alone can bid for this lot: small and medium-sized enterprises (sme); them and "
                          "voluntary, community and social enterprises (sme_vcse); supported employment providers "
                          "(supported_employment, section 32 of the Procurement Act 2023); or public service mutuals "
                          "(public_service_mutual, section 33). Rule TP-LOT-RESERVED checks that the law lets you.")
    suitability: "Suitability | None" = Field(
        None, description="Whether this lot suits small and medium-sized enterprises (sme) and voluntary, community "
                          "and social enterprises (vcse), when it differs from the tender's suitability.")

    @field_validator("extensions")
    @classmethod
    def _extensions_bounded(cls, months: list[int] | None) -> list[int] | None:
        return None if months is None else _total_months(months, "the extensions")


class Lots(Model):
    items: list[Lot] = Field(default_factory=_new_list, title="Lots", description="The lots, in order.")
    max_per_supplier: Count | None = Field(None, title="Most lots one supplier can win", description="Most lots one supplier can win, if there is a limit.")
    max_bids_per_supplier: Count | None = Field(
        None, title="Most lots one supplier can bid for", description="Most lots one supplier can bid for, if there is a limit (max_per_supplier limits the lots it "
                          "can win). At most the number of lots.")
    allocation_method: Markdown | None = Field(None, title="How lots are allocated over the limit", description="How lots are allocated when a supplier wins more than the limit.")
    reasons_not_divided: Markdown | None = Field(None, title="Why there are no lots", description="Why the contract is not divided into lots (required by law when there are no lots).")


# ----------------------------------------------------------------------------- outcomes


class Problem(Model):
    context: Markdown = Field(title="Background", description="The background: the service today and why things must change.")
    problem: Markdown = Field(title="The problem", description="The problem, and who has it.")
    good_looks_like: Markdown | None = Field(None, title="What good looks like", description="What good looks like when the problem is solved.")
    in_scope: list[Text] = Field(default_factory=_new_list, description="What the contract covers.")
    out_of_scope: list[Text] = Field(default_factory=_new_list, description="What the contract does not cover.")
    constraints: list[Text] = Field(default_factory=_new_list, description="Limits the solution must respect: budget, data, law, sites.")
    ip_position: Markdown | None = Field(None, title="Intellectual property (IP)", description="Who owns what the supplier creates, and what licence the buyer gets.")


class Indicator(Model):
    name: Text = Field(description="What is measured, such as 'People living at home 91 days after leaving hospital'.")
    unit: Text = Field(description="The unit, such as 'percent' or 'people'.")
    definition: Markdown | None = Field(None, description="Exactly how the indicator is counted.")


class Baseline(Model):
    value: str | None = Field(None, description="The value today, as it should be printed; leave empty when it will be set in year 1.")
    date: Date | None = Field(None, description="When the baseline was measured.")
    source: str | None = Field(None, description="Where the baseline figure comes from.")


class Target(Model):
    value: Text = Field(description="The target value, as it should be printed, such as '85%'.")
    by: Date = Field(description="The date by which the target should be met.")


class PaymentType(str, Enum):
    none = "none"
    fee_at_risk = "fee_at_risk"
    price_per_outcome = "price_per_outcome"
    bonus = "bonus"


class OutcomePayment(Model):
    type: PaymentType = Field(PaymentType.none, title="How payment links to the outcome", description="How payment links to the outcome: none, fee_at_risk, price_per_outcome or bonus.")
    amount: Money | None = Field(None, title="Amount, excluding VAT", description="Amount per outcome achieved, or the bonus, excluding VAT.")
    unit: str | None = Field(
        None, title="What one payment is for", description="What one payment is for (price_per_outcome), such as 'person who needs no ongoing care'. "
                          "Printed as '£650 for each person who needs no ongoing care'.")
    percent_at_risk: Percent | None = Field(None, title="Fee at risk (%)", description="Share of the fee at risk, in percent (for fee_at_risk).")
    cap: Money | None = Field(None, title="Cap, excluding VAT", description="The most that can be paid for this outcome over the contract, excluding VAT.")
    cap_per: Literal["all_contracts", "supplier", "contract"] = Field(
        "all_contracts", title="What the cap is for", description="What the cap is for when several contracts carry the payment (several suppliers, "
                                     "lots or authorities): all of them together (all_contracts), each supplier across "
                                     "its contracts (supplier), or each contract on its own (contract).")
    timing: str | None = Field(None, description="When payment is made, such as 'quarterly in arrears'.")

    @model_validator(mode="after")
    def _complete(self):
        if self.type in (PaymentType.price_per_outcome, PaymentType.bonus) and self.amount is None:
            raise ValueError(f"a {self.type.value} payment needs an amount")
        if self.type is PaymentType.fee_at_risk and self.percent_at_risk is None:
            raise ValueError("a fee_at_risk payment needs percent_at_risk")
        return self


_OUTCOME_MISSING = {
    ("indicator",): "is required: every outcome needs an indicator that says what is measured (name) and in what unit",
    ("targets",): "is required: every outcome needs at least one target, with the date it should be met by",
}


def _reworded(error: Mapping[str, Any]) -> InitErrorDetails:
    """An error of a wrapped validation, kept as it was unless _OUTCOME_MISSING rewords it."""
    loc, given = error["loc"], error.get("input")
    if error["type"] == "missing" and loc in _OUTCOME_MISSING:
        return InitErrorDetails(type=PydanticCustomError("missing", _OUTCOME_MISSING[loc]), loc=loc, input=given)
    try:
        detail = InitErrorDetails(type=error["type"], loc=loc, input=given, ctx=error.get("ctx") or {})
        ValidationError.from_exception_data("check", [detail])
        return detail
    except Exception:  # a type pydantic cannot rebuild: keep its message word for word
        message = error["msg"].replace("{", "{{").replace("}", "}}")
        return InitErrorDetails(type=PydanticCustomError(error["type"], message), loc=loc, input=given)


class Outcome(Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$")] = Field(description="Short id used to refer to the outcome, such as 'O1'.")
    statement: Text = Field(title="Outcome", description="The outcome in one sentence: the change the buyer wants to see.")
    priority: Literal["primary", "secondary"] = Field("primary", description="primary or secondary.")
    indicator: Indicator = Field(description="How the outcome is measured.")
    baseline: Baseline = Field(default_factory=Baseline, description="The value today; leave empty to set it in year 1.")
    targets: list[Target] = Field(min_length=1, description="Target values with dates.")
    data_source: Text = Field(description="Where the data for the indicator comes from.")
    frequency: Text = Field(description="How often it is measured and reported, such as 'quarterly'.")
    verified_by: Text = Field(title="Who checks the figures", description="Who checks the figures, and with what evidence.")
    payment: OutcomePayment = Field(default_factory=OutcomePayment, title="Payment for the outcome", description="How payment depends on this outcome.")
    kpi: bool = Field(True, title="Also a KPI", description="Whether this outcome is also a contract key performance indicator.")
    lots: list[Count] = Field(
        default_factory=_new_list, title="Lot numbers", description="Numbers of the lots this outcome applies to; empty means every lot.")

    @model_validator(mode="wrap")
    @classmethod
    def _say_what_is_missing(cls, data, handler):
        """An outcome without an indicator or targets cannot be measured: say so in words."""
        try:
            return handler(data)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            if not any(e["type"] == "missing" and e["loc"] in _OUTCOME_MISSING for e in errors):
                raise
            raise ValidationError.from_exception_data(exc.title, [_reworded(e) for e in errors]) from None


# ----------------------------------------------------------------------------- contract KPIs


class KpiIfMissed(str, Enum):
    remedial_plan = "remedial_plan"
    service_credit = "service_credit"
    other = "other"


class Kpi(Model):
    """A key performance indicator of the contract that is not an outcome: a measure of the service, with a target."""

    name: Text = Field(description="What the KPI is called, such as 'Visits on time'.")
    measure: Text = Field(
        description="How it is measured: what is counted, and from what data, such as 'Planned visits that start "
                    "within 30 minutes of the planned time, as a share of all planned visits, from the call "
                    "monitoring system'.")
    target: Text = Field(description="The level to reach in each reporting period, as it should be printed, such as '95%'.")
    reporting: Literal["monthly", "quarterly", "six-monthly", "yearly"] = Field(
        "quarterly", title="How often it is reported", description="How often the supplier reports the KPI: monthly, quarterly, six-monthly or yearly.")
    if_missed: KpiIfMissed = Field(
        KpiIfMissed.remedial_plan,
        title="If the target is missed", description="What happens when the target is missed: remedial_plan (the supplier sends a plan to put it right, "
                    "as the contract's KPI clause says), service_credit (we also pay less for that reporting period: "
                    "give service_credit_percent) or other (say what in if_missed_details).")
    service_credit_percent: Percent | None = Field(
        None, title="Service credit (%)", description="With if_missed: service_credit: the share of the charges for the reporting period that we "
                          "take off when the target is missed in it, in percent, such as 2.")
    if_missed_details: Text | None = Field(
        None, title="What else happens if it is missed", description="What else happens when the target is missed, in one plain sentence; required with "
                          "if_missed: other, such as 'We review the staffing plan with you at the next contract "
                          "review meeting.'")
    lots: list[Count] = Field(
        default_factory=_new_list, title="Lot numbers", description="Numbers of the lots this KPI applies to; empty means every lot.")


# ----------------------------------------------------------------------------- award


class CriterionType(str, Enum):
    quality = "quality"
    price = "price"
    social_value = "social_value"


class ScaleLevel(Model):
    score: int = Field(ge=0, le=10, description="The score.")
    descriptor: Text = Field(description="What a response must show to get this score.")


class Criterion(Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$")] = Field(description="Short id, such as 'Q1'; lots refer to criteria by id.")
    name: Text = Field(description="Name of the criterion as bidders see it.")
    type: CriterionType = Field(CriterionType.quality, title="Type of criterion", description="quality, price or social_value.")
    weight: Percent | None = Field(
        None, title="Weight (%)", description="Weight in percent of the total score. Leave it out for a criterion that only lots weigh "
                          "(lots.items[].weights), such as a criterion used in one lot only.")
    rank: Count | None = Field(None, description="Rank in order of importance (1 is most important), when criteria are ranked instead of weighted.")
    question: Markdown | None = Field(None, description="The question bidders answer.")
    guidance: Markdown | None = Field(None, description="What a good answer covers.")
    word_limit: Count | None = Field(None, description="Most words allowed in the answer.")
    minimum_score: Score | None = Field(None, description="A score below this disqualifies the tender.")
    disqualifies: Markdown | None = Field(None, title="What else disqualifies", description="What else disqualifies on this criterion, in plain words.")


class PriceScoring(Model):
    formula: Literal["lowest_price_ratio"] = Field(
        "lowest_price_ratio", description="How price is scored: lowest_price_ratio means lowest price / this price x the price weight.")
    example_prices: list[Money] = Field(
        default_factory=_new_list, title="Prices for the worked example", description="Prices for the worked example; left empty, examples are derived from the budget.")


class Award(Model):
    basis: Literal["most advantageous tender"] = Field(
        "most advantageous tender", description="The basis of award under the Procurement Act 2023.")
    criteria: list[Criterion] = Field(min_length=1, description="The award criteria.")
    scale: list[ScaleLevel] = Field(default_factory=_new_list, title="Scoring scale", description="The scoring scale for quality answers; left empty, the common 0-5 scale is used.")
    price: PriceScoring = Field(default_factory=PriceScoring, title="How price is scored", description="How price is scored.")
    tie_break: Markdown | None = Field(None, title="If two tenders score the same", description="What happens when two tenders have the same total score.")
    suppliers: Count = Field(
        1, title="Suppliers who win", description="How many suppliers win the contract (or each lot, unless the lot says otherwise). For a "
                       "framework: the most suppliers appointed to it (or to each lot), the highest-scoring tenders.")


# ----------------------------------------------------------------------------- social value


class SocialValueOutcome(Model):
    id: Text = Field(title="Outcome ID", description="Id of the outcome or model award criterion in the social value model, such as '2a'.")
    commitment_hint: Markdown | None = Field(None, title="What we would especially value", description="What the buyer would especially value under this outcome, locally.")
    criterion: str | None = Field(
        None, title="Award criterion ID", description="Id of the social value award criterion that asks about this outcome; "
                          "leave out to use the first social value criterion.")


class SocialValue(Model):
    weighting: Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)] = Field(title="Weighting (%)", description="Share of the total score given to social value, in percent.")
    model: str = Field("PPN 002 (2025)", title="Social value model", description="The social value model used.")
    outcomes: list[SocialValueOutcome] = Field(default_factory=_new_list, description="The outcomes from the model that this contract targets.")
    character_limit: Count = Field(3000, title="Most characters in each answer", description="Most characters allowed in each social value answer.")
    local_priorities: Markdown | None = Field(None, description="Local priorities bidders should know about.")
    reporting: Literal["monthly", "quarterly", "six-monthly", "yearly"] = Field(
        "quarterly", title="How often progress is reported", description="How often the winning supplier reports progress on its social value commitments.")


# ----------------------------------------------------------------------------- participation and terms


class Insurance(Model):
    type: Text = Field(title="Kind of insurance", description="Kind of insurance, such as 'Public liability'.")
    amount: Money = Field(title="Cover for each claim", description="Cover required for each claim, in pounds.")
    when: Literal["award", "contract_start"] = Field("award", title="When evidence is needed", description="When evidence is needed: at award or at contract start, never at tender.")


class Conditions(Model):
    legal: list[Text] = Field(default_factory=_new_list, title="Legal and financial capacity", description="Legal and financial capacity conditions, in plain words.")
    financial: list[Text] = Field(default_factory=_new_list, description="Financial conditions, in plain words.")
    technical: list[Text] = Field(default_factory=_new_list, title="Technical ability", description="Technical ability conditions, in plain words.")
    minimum_turnover: Money | None = Field(None, title="Minimum yearly turnover", description="Minimum yearly turnover asked of bidders, in pounds (keep it proportionate).")
    audited_accounts_required: bool = Field(False, title="Audited accounts demanded", description="Whether audited accounts are demanded (generally not allowed).")
    insurance: list[Insurance] = Field(default_factory=_new_list, description="Insurance cover the winner must hold.")


class TransferringStaff(Model):
    """Staff who may transfer to the new supplier under TUPE, and what bidders need to know to price them."""

    staff: Count | None = Field(None, title="Head count", description="How many people may transfer (a head count).")
    full_time_equivalent: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)] | None = Field(
        None, title="Full-time equivalents", description="The same staff counted as full-time equivalents, such as 31.5.")
    annual_cost: Money | None = Field(
        None, title="Yearly cost, in pounds", description="What employing them costs in a year, in total, in pounds: their pay, the employer's "
                          "National Insurance and the employer's pension contributions.")
    pensions: Markdown | None = Field(
        None, description="Their pension arrangements, such as 'Twelve are members of the Local Government Pension "
                          "Scheme (LGPS). You must offer them continued membership, as an admitted body, or a broadly "
                          "comparable scheme.'")
    data_available_from: Date | None = Field(
        None, title="Detailed staff data shared from", description="When we share the detailed (anonymised) information about these staff, if it is not "
                          "attached to the pack (attachments, kind: tupe-data) or more follows later.")


class Commercial(Model):
    contract_form: Text | None = Field(
        None, title="Contract", description="A short description of the contract, such as 'services contract with outcome payments'. "
                          "Name a model contract (Short Form, Mid-tier, Model Services, NEC4, JCT) only when contract: "
                          "sets that form: otherwise the pack carries its own draft contract, and a bidder signs what "
                          "the pack names.")
    payment_days: int = Field(30, gt=0, le=60, title="Days to pay an invoice", description="Days to pay a valid invoice (30 at most under the Procurement Act 2023).")
    price_basis: str | None = Field(None, title="How prices are set", description="How prices are set: fixed, per unit, outcome payments.")
    indexation: str | None = Field(None, title="How prices change each year", description="How prices change each year, if at all.")
    tupe: bool = Field(False, title="Staff may transfer under TUPE", description="Whether staff may transfer to the new supplier under TUPE.")
    transferring_staff: TransferringStaff | None = Field(
        None, title="Staff who may transfer", description="When staff may transfer (tupe: true): what bidders need to price them: how many (staff, "
                          "full_time_equivalent), their yearly cost (annual_cost), their pensions, and when the "
                          "detailed information is shared (data_available_from).")
    governing_law: Literal["england_and_wales", "scotland", "northern_ireland"] = Field(
        "england_and_wales", description="The law that governs the contract.")


# ----------------------------------------------------------------------------- the contract's form
# The contract the pack ships when it is not tenderpack's own draft contract (Spec.contract): an NEC4 or JCT
# form, named but never reproduced (their texts are copyright: bidders get their own copy from the publisher),
# with the buyer's contract data and amendments; or a government model contract that the buyer attaches.

ContractFormId = Literal["nec4_ecc", "nec4_ecsc", "nec4_tsc", "jct_db", "jct_sbc", "jct_ic", "jct_mw",
                         "short_form", "mid_tier", "model_services"]

# form -> (family, the publisher's name for it). Family nec4 and jct: named, never carried; model: attached.
CONTRACT_FORMS: dict[str, tuple[str, str]] = {
    "nec4_ecc": ("nec4", "NEC4 Engineering and Construction Contract"),
    "nec4_ecsc": ("nec4", "NEC4 Engineering and Construction Short Contract"),
    "nec4_tsc": ("nec4", "NEC4 Term Service Contract"),
    "jct_db": ("jct", "JCT Design and Build Contract"),
    "jct_sbc": ("jct", "JCT Standard Building Contract"),
    "jct_ic": ("jct", "JCT Intermediate Building Contract"),
    "jct_mw": ("jct", "JCT Minor Works Building Contract"),
    "short_form": ("model", "Short Form Contract"),
    "mid_tier": ("model", "Mid-tier Contract"),
    "model_services": ("model", "Model Services Contract"),
}

# The main Options of the NEC4 forms that have them, by the form's own names.
NEC4_MAIN_OPTIONS: dict[str, dict[str, str]] = {
    "nec4_ecc": {"A": "priced contract with activity schedule", "B": "priced contract with bill of quantities",
                 "C": "target contract with activity schedule", "D": "target contract with bill of quantities",
                 "E": "cost reimbursable contract", "F": "management contract"},
    "nec4_tsc": {"A": "priced contract with price list", "C": "target contract with price list",
                 "E": "cost reimbursable contract"},
}

# The secondary Options of the NEC4 Engineering and Construction Contract, by the form's own names. Another form's
# secondary Options are shown by their code alone.
NEC4_ECC_SECONDARY: dict[str, str] = {
    "X1": "price adjustment for inflation", "X2": "changes in the law", "X3": "multiple currencies",
    "X4": "ultimate holding company guarantee", "X5": "sectional Completion", "X6": "bonus for early Completion",
    "X7": "delay damages", "X8": "undertakings to the Client or Others", "X9": "transfer of rights",
    "X10": "information modelling", "X11": "termination by the Client", "X12": "multiparty collaboration",
    "X13": "performance bond", "X14": "advanced payment to the Contractor", "X15": "the Contractor's design",
    "X16": "retention", "X17": "low performance damages", "X18": "limitation of liability",
    "X20": "Key Performance Indicators", "X21": "whole life cost", "X22": "Early Contractor Involvement",
    "Y(UK)1": "Project Bank Account", "Y(UK)2": "the Housing Grants, Construction and Regeneration Act 1996",
    "Y(UK)3": "the Contracts (Rights of Third Parties) Act 1999",
}

# The people a form names in its contract data: the spec's field of ContractData -> the form's word for them.
CONTRACT_ROLES: dict[str, dict[str, str]] = {
    "nec4_ecc": {"project_manager": "Project Manager", "supervisor": "Supervisor"},
    "nec4_ecsc": {},
    "nec4_tsc": {"service_manager": "Service Manager"},
    "jct_db": {"employers_agent": "Employer's Agent"},
    "jct_sbc": {"contract_administrator": "Architect/Contract Administrator", "quantity_surveyor": "Quantity Surveyor"},
    "jct_ic": {"contract_administrator": "Architect/Contract Administrator", "quantity_surveyor": "Quantity Surveyor"},
    "jct_mw": {"contract_administrator": "Architect/Contract Administrator"},
}

SecondaryOption = Annotated[str, Field(pattern=r"^(X([1-9]|[12][0-9])|Y\(UK\)[1-3])$")]


class ContractPerson(Model):
    name: Text = Field(description="Their name, or their post, such as 'Head of Property Services'.")
    organisation: str | None = Field(
        None, description="Their organisation when it is not the buyer, such as the consultant the buyer appoints.")


class AccessDate(Model):
    part: Text = Field(description="The part of the site, such as 'The whole of the site' or 'The north car park'.")
    date: Date = Field(description="The date from which the Contractor has access to it.")


class ContractData(Model):
    """The buyer's own data for an NEC4 form (its Contract Data part one) or a JCT form (its Contract Particulars).

    The rest comes from the spec itself: the Client (or Employer) from buyer.lead, the starting date (or date of
    possession) from timetable.contract_start, the completion date from timetable.contract_end, the law from
    commercial.governing_law and the insurance cover from conditions.insurance.
    """

    project_manager: ContractPerson | None = Field(
        None, description="NEC4 Engineering and Construction Contract: the Project Manager, who manages the contract "
                          "for the Client.")
    supervisor: ContractPerson | None = Field(
        None, description="NEC4 Engineering and Construction Contract: the Supervisor, who checks the works against "
                          "the Scope.")
    service_manager: ContractPerson | None = Field(
        None, description="NEC4 Term Service Contract: the Service Manager, who manages the contract for the Client.")
    employers_agent: ContractPerson | None = Field(
        None, title="Employer's Agent", description="JCT Design and Build Contract: the Employer's Agent.")
    contract_administrator: ContractPerson | None = Field(
        None, description="JCT Standard, Intermediate and Minor Works Building Contracts: the Architect/Contract "
                          "Administrator.")
    quantity_surveyor: ContractPerson | None = Field(
        None, description="JCT Standard and Intermediate Building Contracts: the Quantity Surveyor.")
    access_dates: list[AccessDate] = Field(
        default_factory=_new_list,
        description="NEC4: the access dates, each the part of the site and the date the Contractor has access to it, "
                    "such as [{part: 'The whole of the site', date: 2028-03-06}].")
    defects_weeks: Count | None = Field(
        None, title="Weeks to the defects date", description="NEC4: the period between Completion of the whole of the works and the defects date, in "
                          "weeks, such as 52.")
    defect_correction_weeks: Count | None = Field(
        None, title="Defect correction period, in weeks", description="NEC4: the defect correction period, in weeks, such as 2.")
    rectification_months: Months | None = Field(
        None, title="Rectification Period, in months", description="JCT: the Rectification Period, in months, such as 12.")
    delay_damages: Money | None = Field(
        None, title="Delay damages, in pounds", description="What the Contractor pays for each day (or week: delay_damages_per) the works are late, in "
                          "pounds, such as 2500: delay damages (NEC4, Option X7 of the Engineering and Construction "
                          "Contract) or liquidated damages (JCT).")
    delay_damages_per: Literal["day", "week"] = Field(
        "day", title="Delay damages are for each", description="Whether delay_damages is for each day (NEC4: always) or each week (JCT may use either).")
    retention_percent: Percent | None = Field(
        None, title="Retention (%)", description="The share of each payment we keep until the works are complete, in percent, such as 3: "
                          "the retention percentage (NEC4, Option X16 of the Engineering and Construction Contract) "
                          "or the Retention Percentage (JCT).")
    adjudicator_nominating_body: Text | None = Field(
        None, description="The body that nominates an adjudicator when the parties do not agree on one, such as "
                          "'the Institution of Civil Engineers' or 'the Royal Institution of Chartered Surveyors'.")
    # NEC4 Contract Data part one entries (the language and currency are always English and pounds sterling, the
    # Scope is the spec's requirements with its specification attachments, and the period within which payments
    # are made is commercial.payment_days, so they need no field).
    site_information: Text | None = Field(
        None, description="NEC4: the title of the attachment that is the Site Information (what the site is like: "
                          "surveys, ground investigation, services), such as 'Site Information'.")
    site_boundaries: Text | None = Field(
        None, title="Boundaries of the site", description="NEC4: where the boundaries of the site are shown, such as "
                                                          "'Drawing LDC-041-002, Site boundary'.")
    period_for_reply_weeks: Count | None = Field(
        None, title="Period for reply, in weeks", description="NEC4: the period for reply, in weeks, such as 2.")
    tribunal: Literal["litigation", "arbitration"] | None = Field(
        None, description="NEC4: the tribunal that finally settles a dispute: litigation (the courts) or arbitration.")
    weather_place: Text | None = Field(
        None, title="Where weather is recorded", description="NEC4 Engineering and Construction Contract: the place "
                                                             "where weather is recorded, such as 'Lunnford weather "
                                                             "station'.")
    first_programme_weeks: Count | None = Field(
        None, title="Weeks to submit the first programme", description="NEC4 Engineering and Construction Contract: "
                                                                       "the period after the Contract Date within "
                                                                       "which the Contractor submits its first "
                                                                       "programme, in weeks, such as 2.")
    revised_programme_weeks: Count | None = Field(
        None, title="Interval for revised programmes, in weeks", description="NEC4: the longest interval between the "
                                                                             "Contractor's revised programmes, in "
                                                                             "weeks, such as 4.")
    assessment_interval_weeks: Count | None = Field(
        None, title="Assessment interval, in weeks", description="NEC4: the assessment interval, in weeks, such as 4.")
    interest_percent: Percent | None = Field(
        None, title="Interest rate above base rate (%)", description="NEC4: the interest rate on late payments, in "
                                                                     "percent a year above the Bank of England's "
                                                                     "base rate, such as 2.")
    retention_free_amount: Money | None = Field(
        None, title="Retention free amount, in pounds", description="NEC4 Engineering and Construction Contract, "
                                                                    "Option X16: the amount of the price for work "
                                                                    "done to date below which nothing is retained, in "
                                                                    "pounds, such as 100000.")

    def ecc_missing(self, options: list[str], site: bool = True) -> list[str]:
        """The entries of the NEC4 Engineering and Construction Contract's Contract Data part one that this data
        does not give, in the form's words ('the period for reply'); ``options`` are the secondary Options (X7 and
        X16 have entries of their own); ``site`` False leaves out the site's entries (a framework's call-off
        gives them)."""
        wanted: list[tuple[object, str]] = [
            (self.project_manager, "the Project Manager"), (self.supervisor, "the Supervisor"),
            (self.period_for_reply_weeks, "the period for reply"), (self.tribunal, "the tribunal"),
            (self.adjudicator_nominating_body, "the Adjudicator nominating body")]
        if site:
            wanted += [(self.site_boundaries, "the boundaries of the site"),
                       (self.site_information, "the Site Information"),
                       (self.weather_place, "the place where weather is recorded")]
        wanted += [(self.defects_weeks, "the period to the defects date"),
                   (self.defect_correction_weeks, "the defect correction period"),
                   (self.first_programme_weeks, "the period for the first programme"),
                   (self.revised_programme_weeks, "the interval for revised programmes"),
                   (self.assessment_interval_weeks, "the assessment interval"),
                   (self.interest_percent, "the interest rate")]
        if "X7" in options:
            wanted.append((self.delay_damages, "delay damages (Option X7)"))
        if "X16" in options:
            wanted += [(self.retention_percent, "the retention percentage (Option X16)"),
                       (self.retention_free_amount, "the retention free amount (Option X16)")]
        return [name for value, name in wanted if value is None]


class Amendment(Model):
    title: Text = Field(description="A short title, such as 'Prevention of fraud and bribery'.")
    text: Markdown = Field(description="The clause in full, as your legal team wrote it.")


class ContractForm(Model):
    """The contract the pack ships when it is not tenderpack's own draft contract."""

    form: ContractFormId = Field(
        description="The form: nec4_ecc (NEC4 Engineering and Construction Contract), nec4_ecsc (NEC4 Engineering "
                    "and Construction Short Contract), nec4_tsc (NEC4 Term Service Contract), jct_db (JCT Design and "
                    "Build Contract), jct_sbc (JCT Standard Building Contract), jct_ic (JCT Intermediate Building "
                    "Contract), jct_mw (JCT Minor Works Building Contract); or a government model contract that you "
                    "attach: short_form (the Short Form Contract), mid_tier (the Mid-tier Contract), model_services "
                    "(the Model Services Contract).")
    edition: Text = Field(
        description="The edition, with any amendments its publisher has issued, exactly as the publisher names it, "
                    "such as 'June 2017 with amendments January 2023' (NEC4) or '2024 Edition' (JCT). tenderpack "
                    "never guesses it: bidders price the edition you name.")
    main_option: Literal["A", "B", "C", "D", "E", "F"] | None = Field(
        None, title="Main Option", description="NEC4 Engineering and Construction Contract: the main Option, A (priced contract with "
                          "activity schedule), B (priced contract with bill of quantities), C (target contract with "
                          "activity schedule), D (target contract with bill of quantities), E (cost reimbursable "
                          "contract) or F (management contract). NEC4 Term Service Contract: A, C or E.")
    dispute_option: Literal["W1", "W2", "W3"] | None = Field(
        None, title="Dispute resolution Option", description="NEC4: the dispute resolution Option: W1, W2 (used where the Housing Grants, Construction "
                          "and Regeneration Act 1996 applies) or W3 (a Dispute Avoidance Board).")
    secondary_options: list[SecondaryOption] = Field(
        default_factory=_new_list,
        title="Secondary Options", description="NEC4 Engineering and Construction Contract and Term Service Contract: the secondary Options, "
                    "such as [X2, X7, X16, X18, X20, Y(UK)2, Y(UK)3]. X7 (delay damages) needs data.delay_damages, "
                    "X16 (retention) data.retention_percent; X20 (Key Performance Indicators) takes the KPIs of "
                    "kpis:. Your own clauses go in amendments, not here.")
    data: ContractData | None = Field(
        None, title="Contract data", description="NEC4 and JCT: your contract data (NEC4's Contract Data part one, JCT's Contract "
                          "Particulars) that the spec does not already hold: the people who manage the contract, "
                          "access dates, defects periods, delay damages, retention and the adjudicator's nominating "
                          "body. Dates, the law and insurance come from timetable, commercial and conditions.")
    amendments: list[Amendment] = Field(
        default_factory=_new_list,
        title="Your amendments", description="NEC4 and JCT: your own changes to the form, each with a title and its text in full: the Z "
                    "clauses (NEC4; numbered Z1, Z2… in this order) or the schedule of amendments (JCT).")
    attachment: Text | None = Field(
        None, title="Model contract (title of the attached file)", description="A government model contract: the title of the entry of attachments that holds the "
                          "contract itself (kind: model-contract), such as 'Short Form Contract'. NEC4 and JCT forms "
                          "are copyright: the pack names them and never carries them.")
    order_form: Text | None = Field(
        None, title="Order form (title of the attached file)", description="A government model contract: the title of the entry of attachments that holds its order "
                          "form, filled in with your details, such as 'Order form'.")
    documents: list[Text] = Field(
        default_factory=_new_list,
        title="Contract documents (titles of attached files)", description="Your own documents that are part of the contract, each the title of an entry of attachments: a "
                    "model contract's schedules; NEC4's Scope and Site Information; JCT's Employer's Requirements or "
                    "contract drawings.")

    @property
    def family(self) -> str:
        """'nec4', 'jct' or 'model' (a government model contract, attached)."""
        return CONTRACT_FORMS[self.form][0]

    @property
    def name(self) -> str:
        """The publisher's name for the form: 'NEC4 Engineering and Construction Contract'."""
        return CONTRACT_FORMS[self.form][1]

    @property
    def title(self) -> str:
        """The form and its edition: 'NEC4 Engineering and Construction Contract (June 2017 with amendments ...)'."""
        return f"{self.name} ({self.edition})"

    @property
    def data_name(self) -> str | None:
        """What the buyer's own part of an NEC4 or JCT form is called, with its amendments; None for a model contract."""
        if self.form == "nec4_ecsc":   # the Short Contract's Contract Data has no parts
            return "Contract Data and Z clauses"
        return {"nec4": "Contract Data part one and Z clauses",
                "jct": "Contract Particulars and schedule of amendments"}.get(self.family)

    @property
    def amendment_word(self) -> str:
        """What one of the buyer's own clauses is called in this form: 'Z clause' (NEC4) or 'amendment' (JCT)."""
        return "Z clause" if self.family == "nec4" else "amendment"

    def adds_kpi_clause(self, kpis: bool) -> bool:
        """Whether the pack adds a clause of its own after the buyer's amendments to make the contract's KPIs part of
        it: an NEC4 or JCT form with KPIs, unless NEC4's Option X20 holds them."""
        return kpis and self.family in ("nec4", "jct") and "X20" not in self.secondary_options

    def option_list(self) -> list[str]:
        """The NEC4 Options chosen, each in the form's words: 'main Option A (priced contract with activity
        schedule)', 'dispute resolution Option W2', 'secondary Option X7 (delay damages)'. Empty when none."""
        out = []
        main = NEC4_MAIN_OPTIONS.get(self.form, {})
        if self.main_option in main:
            out.append(f"main Option {self.main_option} ({main[self.main_option]})")
        if self.dispute_option:
            out.append(f"dispute resolution Option {self.dispute_option}")
        names = NEC4_ECC_SECONDARY if self.form == "nec4_ecc" else {}
        out += [f"secondary Option {o}" + (f" ({names[o]})" if o in names else "") for o in self.secondary_options]
        return out

    def option_words(self) -> str | None:
        """The NEC4 Options chosen, in one phrase: 'main Option A (priced contract with activity schedule), dispute
        resolution Option W2 and secondary Options X2 (changes in the law) and X7 (delay damages)'. None when none."""
        parts = [x for x in self.option_list() if not x.startswith("secondary ")]
        secondary = [x.removeprefix("secondary Option ") for x in self.option_list() if x.startswith("secondary ")]
        if secondary:
            word = "Option" if len(secondary) == 1 else "Options"
            parts.append(f"secondary {word} " + _and(secondary))
        return _and(parts) if parts else None

    def ecc_missing(self, site: bool = True) -> list[str]:
        """The entries of Contract Data part one this NEC4 Engineering and Construction Contract lacks (none for
        another form): see ContractData.ecc_missing."""
        if self.form != "nec4_ecc":
            return []
        return (self.data or ContractData()).ecc_missing(self.secondary_options, site)

    def parts(self, attachments: "list[Attachment]") -> "list[tuple[str, Attachment]]":
        """The attached files that make up the contract, each with what it is: ('contract', a), ('order form', a),
        ('document', a); a title no attachment has is left out (the spec refuses it)."""
        by_title = {_title_key(a.title): a for a in attachments}
        named = [("contract", self.attachment), ("order form", self.order_form),
                 *(("document", title) for title in self.documents)]
        return [(what, by_title[_title_key(t)]) for what, t in named if t is not None and _title_key(t) in by_title]

    @field_validator("secondary_options")
    @classmethod
    def _each_once(cls, options: list[str]) -> list[str]:
        seen = [o for i, o in enumerate(options) if o in options[:i]]
        if seen:
            raise PydanticCustomError("repeated", "{option} is given twice; give each option once",
                                      {"option": seen[0]})
        return options


def _and(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _title_key(title: str) -> str:
    """A title as titles are compared: spaces and capitals do not count."""
    return " ".join(title.split()).lower()


def _contract_errors(spec: "Spec") -> "list[tuple[Path, str]]":
    """An NEC4, JCT or model contract has what its form needs, and only that; its files are attached."""
    c = spec.contract
    if c is None:
        return []
    errors: list[tuple[Path, str]] = []
    here: Path = ("contract",)
    form, name, family = c.form, c.name, c.family
    main = NEC4_MAIN_OPTIONS.get(form)
    if main and c.main_option is None:
        errors.append(((*here, "main_option"), f"is required: the {name} needs its main Option, one of "
                                               f"{', '.join(main)}"))
    elif main and c.main_option not in main:
        errors.append(((*here, "main_option"), f"the {name} has no main Option {c.main_option}: give one of "
                                               f"{', '.join(main)}"))
    elif not main and c.main_option is not None:
        errors.append(((*here, "main_option"), f"the {name} has no main Options; leave main_option out"))
    if family != "nec4":
        for field in ("dispute_option", "secondary_options"):
            if getattr(c, field):
                errors.append(((*here, field), f"only an NEC4 form has Options, not the {name}; leave {field} out"))
    elif form == "nec4_ecsc" and c.secondary_options:
        errors.append(((*here, "secondary_options"), f"the {name} has no secondary Options; write what you need as "
                                                     "a Z clause in amendments, and leave this out"))
    if family == "model":
        if c.attachment is None:
            errors.append(((*here, "attachment"), f"is required: the pack carries the {name} only as you attach it. "
                                                  "Add the contract to attachments (title, file, kind: "
                                                  "model-contract) and give its title here"))
        for field in ("data", "amendments"):
            if getattr(c, field):
                errors.append(((*here, field), f"is for an NEC4 or JCT form: write your details and any special terms "
                                               f"of the {name} in its order form (order_form), and leave {field} out"))
    else:
        for field in ("attachment", "order_form"):
            if getattr(c, field) is not None:
                errors.append(((*here, field), f"the {name} is copyright: the pack names it and bidders get their "
                                               "own copy from its publisher, so the pack never carries it. Leave "
                                               f"{field} out; your own documents for it go in documents"))
    titles_attached = {_title_key(a.title) for a in spec.attachments}
    listed = (f"the attachments are {', '.join(quoted(a.title) for a in spec.attachments)}" if spec.attachments
              else "the spec attaches no file (attachments)")
    refs: list[tuple[Path, str | None]] = [((*here, "attachment"), c.attachment), ((*here, "order_form"), c.order_form)]
    refs += [((*here, "documents", i), title) for i, title in enumerate(c.documents)]
    if c.data is not None:
        refs.append(((*here, "data", "site_information"), c.data.site_information))
    seen: dict[str, Path] = {}
    for where, title in refs:
        if title is None:
            continue
        key = _title_key(title)
        if key not in titles_attached:
            errors.append((where, f"no entry of attachments has the title {quoted(title)}: attach the file (title, "
                                  f"file, kind) and give its title here; {listed}"))
        elif key in seen:
            first = "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in seen[key]).lstrip(".")
            errors.append((where, f"{quoted(title)} is already given at {first}; give each document once"))
        seen.setdefault(key, where)
    titles: dict[str, int] = {}
    for i, amendment in enumerate(c.amendments):
        key = _title_key(amendment.title)
        if key in titles:
            errors.append(((*here, "amendments", i, "title"), f"{quoted(amendment.title)} is already the title of "
                                                              f"contract.amendments[{titles[key]}]"))
        titles.setdefault(key, i)
    if spec.buyer.participants and spec.buyer.contracts == "each_authority" and family != "model":
        errors.append((("buyer", "contracts"), f"the {name} has one Client (or Employer), who gives one set of "
                                               "contract data: write contracts: one, or leave it out"))
    errors += _contract_data_errors(spec, c)
    return errors


def _contract_data_errors(spec: "Spec", c: ContractForm) -> "list[tuple[Path, str]]":
    """The contract data fits its form: its people, periods, damages and retention, and the Options they need."""
    errors: list[tuple[Path, str]] = []
    here: Path = ("contract", "data")
    data, name, options = c.data, c.name, set(c.secondary_options)
    if c.form == "nec4_ecc":
        for option, field, what in (("X7", "delay_damages", "the delay damages for each day"),
                                    ("X16", "retention_percent", "the retention percentage")):
            if option in options and (data is None or getattr(data, field) is None):
                errors.append((("contract", "secondary_options"), f"Option {option} needs {what}: give "
                                                                  f"contract.data.{field}"))
    if "X20" in options and not spec.kpis and not any(o.kpi for o in spec.outcomes):
        errors.append((("contract", "secondary_options"), "Option X20 (Key Performance Indicators) needs the KPIs: "
                                                          "list them under kpis:, or leave X20 out"))
    if data is None:
        return errors
    roles = CONTRACT_ROLES.get(c.form, {})
    for field, word in (("project_manager", "Project Manager"), ("supervisor", "Supervisor"),
                        ("service_manager", "Service Manager"), ("employers_agent", "Employer's Agent"),
                        ("contract_administrator", "Architect/Contract Administrator"),
                        ("quantity_surveyor", "Quantity Surveyor")):
        if getattr(data, field) is not None and field not in roles:
            has = (" it names " + ", ".join(f"{w} ({f})" for f, w in roles.items())) if roles else " it names none"
            errors.append(((*here, field), f"the {name} has no {word};{has}. Leave {field} out"))
    nec4, jct = c.family == "nec4", c.family == "jct"
    works = c.form in ("nec4_ecc", "nec4_ecsc")   # the NEC4 forms for works, with a site and a Completion
    other = ("it is for a service over a term, with no completion" if c.form == "nec4_tsc"
             else "for a JCT form, the date of possession is timetable.contract_start")
    for field, words, fits, instead in (
            ("access_dates", "access dates", works, other),
            ("defects_weeks", "defects date", works, "for a JCT form give rectification_months" if jct else other),
            ("defect_correction_weeks", "defect correction period", works, "a JCT form has none" if jct else other),
            ("rectification_months", "Rectification Period", jct, "for an NEC4 form give defects_weeks")):
        if getattr(data, field) and not fits:
            errors.append(((*here, field), f"the {name} has no {words}: {instead}; leave it out"))
    t = spec.timetable
    for i, access in enumerate(data.access_dates):
        if not t.contract_start <= access.date <= t.contract_end:
            errors.append(((*here, "access_dates", i, "date"),
                           f"{access.date.isoformat()} is outside the contract (timetable.contract_start "
                           f"{t.contract_start.isoformat()} to contract_end {t.contract_end.isoformat()})"))
    if data.delay_damages is not None:
        if c.form == "nec4_tsc":
            errors.append(((*here, "delay_damages"), f"the {name} has no delay damages; leave this out"))
        elif c.form == "nec4_ecc" and "X7" not in options:
            errors.append(((*here, "delay_damages"), "delay damages are Option X7 of the NEC4 Engineering and "
                                                     "Construction Contract: add X7 to contract.secondary_options"))
    if data.delay_damages_per == "week" and nec4:
        errors.append(((*here, "delay_damages_per"), "NEC4 gives delay damages for each day: write day, or leave "
                                                     "this out"))
    if data.retention_percent is not None:
        if c.form == "nec4_ecc" and "X16" not in options:
            errors.append(((*here, "retention_percent"), "retention is Option X16 of the NEC4 Engineering and "
                                                         "Construction Contract: add X16 to "
                                                         "contract.secondary_options"))
        elif c.form in ("nec4_ecsc", "nec4_tsc"):
            errors.append(((*here, "retention_percent"), f"the {name} has no retention; write it as a Z clause in "
                                                         "amendments, and leave this out"))
    return errors


class Portal(Model):
    name: Text = Field(description="Name of the e-tendering portal.")
    url: str | None = Field(None, title="Web address", description="Web address of the portal.")


class Submission(Model):
    portal: Portal = Field(title="E-tendering portal", description="Where tenders are submitted.")
    format: str = Field("Online answers and uploaded documents in PDF or Word", title="Form of tenders", description="What form tenders take.")
    language: str = Field("English", title="Language of tenders", description="Language of tenders.")
    documents: list[Text] = Field(default_factory=_new_list, title="What bidders send", description="What bidders must send, in order.")
    validity_days: Count = Field(90, title="Days tenders stay open for acceptance", description="How many days tenders must stay open for acceptance.")


# ----------------------------------------------------------------------------- pricing


class PriceItem(Model):
    lot: Count | None = Field(None, title="Lot number", description="Number of the lot this item belongs to; leave out when there are no lots.")
    item: Text = Field(description="What bidders price, such as 'Grass cutting: one visit to every site'.")
    unit: Text = Field(description="The unit bidders give a price for, such as 'visit', 'hour' or 'month'.")
    quantity: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)] = Field(
        title="Estimated quantity", description="Our estimate of how many units we will buy over the whole term, including extensions. "
                    "It is only for comparing prices: we pay for what we actually order.")
    description: str | None = Field(None, description="More about what the price must cover, in one or two sentences.")


PricingModel = Literal["items", "yearly", "schedule_of_rates", "rate_card", "percentage_fee"]
# The models in which bidders give rates, an adjustment or a fee, evaluated on a basket or a notional base: the
# evaluated price is for comparing tenders only, never what the contract will cost.
RATED_MODELS = ("schedule_of_rates", "rate_card", "percentage_fee")
# What each part of pricing is used with (the default, model left out, uses items where it has them).
PRICING_PARTS = {"items": ("items",), "schedule": ("schedule_of_rates",), "adjustment": ("schedule_of_rates",),
                 "basket": ("schedule_of_rates", "rate_card"), "fees": ("percentage_fee",)}


def _adjustment_floor(value):
    """An adjustment of -100% or less would take every rate to nothing, or below."""
    if value is not None and value <= -100:
        raise PydanticCustomError(
            "adjustment_floor", "an adjustment of {value}% would take every rate to nothing or less: write a "
                                "number above -100, such as -30 (30% below our rates)", {"value": f"{value:f}"})
    return value


# A percentage adjustment to a rate: -5 is 5% below it, 3 is 3% above it.
AdjustmentPercent = Annotated[Decimal, Field(le=1000, decimal_places=2, allow_inf_nan=False),
                              AfterValidator(_adjustment_floor)]


class ScheduleSection(Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_./-]*$", max_length=20)] = Field(
        description="Short id of the section, such as '700'; basket lines name their section by it.")
    name: Text = Field(description="The section's name as the schedule gives it, such as 'Series 700: Road pavements'.")
    lots: list[Count] = Field(
        default_factory=_new_list, description="Numbers of the lots whose work is in this section; empty means every lot.")


class RateSchedule(Model):
    """The buyer's own schedule of rates: bidders adjust every rate in it by their percentage."""

    name: Text = Field(description="The schedule's name as bidders know it, such as 'London Highways Schedule of Rates'.")
    edition: Text | None = Field(None, description="Which edition or version, such as '2027 edition'.")
    attachment: Text | None = Field(
        None, description="The title of the attached file that holds the whole schedule: an entry of attachments, best "
                          "with kind: pricing, such as 'Schedule of rates'.")
    available_from: Text | None = Field(
        None, description="Where bidders can read the whole schedule when it is not attached, in words that follow "
                          "'You can read it on', such as 'Hartwell e-Tendering, with the other documents of this tender'.")
    sections: list[ScheduleSection] = Field(
        default_factory=_new_list,
        description="The schedule's sections, when bidders give an adjustment for each (adjustment.per: section).")

    @property
    def title(self) -> str:
        """'London Highways Schedule of Rates (2027 edition)': its name and edition."""
        return f"{self.name} ({self.edition})" if self.edition else self.name


class RateAdjustment(Model):
    """The percentage bidders add to, or take off, every rate of the schedule: one number, not a price per line."""

    per: Literal["lot", "section"] = Field(
        "lot", title="One adjustment for each", description="lot: one adjustment for each lot (or for the contract, without lots); section: one for "
                           "each section of the schedule (schedule.sections), in each lot the section is used in.")
    minimum: AdjustmentPercent | None = Field(
        None, title="Lowest adjustment (%)", description="The lowest adjustment we accept, in percent, such as -30 (30% below our rates). Above -100.")
    maximum: AdjustmentPercent | None = Field(
        None, title="Highest adjustment (%)", description="The highest adjustment we accept, in percent, such as 30 (30% above our rates).")


class BasketLine(Model):
    """A line of the basket we evaluate on: typical work, with a quantity that is for comparing tenders only."""

    lot: Count | None = Field(None, title="Lot number", description="Number of the lot this line belongs to; leave out when there are no lots.")
    code: Annotated[str, Field(min_length=1, max_length=40)] | None = Field(
        None, description="The line's code in the schedule of rates, or on the rate card, such as '7/01/040'.")
    item: Text = Field(
        description="What the line is: work from the schedule of rates (schedule_of_rates), or the role or item "
                    "bidders give a rate for (rate_card), such as 'Senior engineer'.")
    unit: Text = Field(description="The unit of the rate, such as 'square metre', 'day' or 'hour'.")
    quantity: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)] = Field(
        title="Notional quantity", description="How many units the basket holds. A notional quantity, only for comparing tenders: never a "
                    "promise to order.")
    rate: Annotated[Money, Field(gt=0)] | None = Field(
        None, title="Our rate, excluding VAT", description="With model: schedule_of_rates: our rate for one unit, from the schedule, in pounds, "
                          "excluding VAT. Leave it out for a rate card: bidders give the rates.")
    section: str | None = Field(
        None, title="Section ID", description="With adjustment per: section: the id of the schedule's section this line is in.")
    description: str | None = Field(None, description="More about what the rate covers, in one or two sentences.")


class Fee(Model):
    """A fee bidders give as one percentage of a stated base, evaluated on a notional figure for that base."""

    lot: Count | None = Field(None, title="Lot number", description="Number of the lot this fee is for; leave out when there are no lots.")
    base: Text = Field(
        title="A percentage of", description="What the fee is a percentage of, in words that follow 'a percentage of', such as 'the cost of "
                    "the works ordered through you, excluding VAT'.")
    notional_base: Annotated[Money, Field(gt=0)] = Field(
        title="Notional base, in pounds", description="The figure we evaluate fees on, in pounds, such as 2000000: each bidder's evaluated fee is its "
                    "percentage of this figure. Only for comparing tenders: never a promise of what will be spent.")
    paid: Text = Field(
        title="When we pay the fee", description="When we pay the fee, in words that follow 'We pay the fee', such as 'each month, on the cost of "
                    "the works certified that month'.")


class Pricing(Model):
    model: PricingModel | None = Field(
        None, title="How bidders price", description="How bidders price: items (a price for one unit of each item, times our estimated "
                          "quantity); yearly (a price for each year); schedule_of_rates (one percentage adjustment "
                          "to every rate of our schedule of rates, evaluated on a basket); rate_card (a rate for each "
                          "role or item, evaluated on a basket of notional quantities); percentage_fee (a fee as a "
                          "percentage of a stated base, evaluated on a notional figure). Left out: items where the "
                          "spec lists them, else yearly.")
    items: list[PriceItem] = Field(
        default_factory=_new_list,
        title="Price lines", description="The lines of the pricing schedule: item, unit and estimated quantity, for each lot. "
                    "Left empty, bidders give a price for each year of the contract.")
    schedule: RateSchedule | None = Field(
        None, title="Schedule of rates", description="With model: schedule_of_rates: our schedule of rates (its name, edition, and the attached "
                          "file or where to read it) and, for adjustments by section, its sections.")
    adjustment: RateAdjustment | None = Field(
        None, title="Adjustments bidders give", description="With model: schedule_of_rates: whether bidders give one adjustment for each lot or for each "
                          "section of the schedule, and the lowest and highest adjustment we accept.")
    basket: list[BasketLine] = Field(
        default_factory=_new_list,
        title="Basket lines", description="With model: schedule_of_rates or rate_card: the basket of typical work we evaluate tenders on, "
                    "for each lot: lines with notional quantities (and, for a schedule of rates, our rates).")
    fees: list[Fee] = Field(
        default_factory=_new_list,
        description="With model: percentage_fee: the fee bidders give, one for each lot (or one without lots): its "
                    "base, the notional base we evaluate it on, and when it is paid.")
    call_off_ceiling: bool = Field(
        False, description="For a framework whose call-off contracts may be awarded after a competition: true when a "
                           "bid in a call-off competition must not be higher than the bidder's framework prices for "
                           "the same work (its rates, adjustment or fee).")

    @property
    def kind(self) -> str:
        """The pricing model in use: the one given, else items when the spec lists them, else yearly."""
        return self.model or ("items" if self.items else "yearly")

    @property
    def rated(self) -> bool:
        """True for a schedule of rates, a rate card or a percentage fee: an evaluated price, not a contract price."""
        return self.kind in RATED_MODELS

    @property
    def adjusted(self) -> RateAdjustment:
        """The adjustment's terms (one for each lot, no bounds, when the spec gives none)."""
        return self.adjustment or RateAdjustment()


class PlainLanguageProfile(Model):
    """Plain-English thresholds for one audience of the pack (small firms, or the full pack)."""

    gate: bool | None = Field(
        None, title="Stop the build on a miss", description="true: the build stops when a document for this audience misses a threshold; false: it is only "
                          "reported. Empty: stop for the documents for small firms, report for the rest.")
    min_reading_ease: float | None = Field(
        None, ge=0, le=100, title="Lowest reading ease (Flesch)", description="Lowest Flesch reading ease of each document (0 to 100, higher is easier); "
                                        "empty uses plain_language.min_reading_ease.")
    max_sentence_words: Count | None = Field(
        None, title="Longest sentence, in words", description="Longest sentence, in words; empty uses plain_language.max_sentence_words.")
    max_grade: float | None = Field(
        None, ge=0, allow_inf_nan=False, title="Highest grade (Flesch-Kincaid)", description="Highest Flesch-Kincaid grade of each document, if any (grade 4 is about a reading age of 9).")
    allow_words_to_avoid: bool = Field(
        False, title="Accept words to avoid", description="Accept words from the words-to-avoid lists in these documents; they are still reported.")


class PlainLanguage(Model):
    max_sentence_words: Count = Field(25, title="Longest sentence, in words", description="Longest sentence, in words, before it is reported.")
    min_reading_ease: float = Field(
        60, ge=0, le=100, title="Lowest reading ease (Flesch)", description="Lowest Flesch reading ease (0 to 100, higher is easier) allowed in documents for "
                                      "small firms; 60 is where plain English begins on Flesch's scale.")
    audience: Literal["public", "specialist"] = Field("public", description="Who reads the pack: the general public or specialists.")
    sme: PlainLanguageProfile = Field(
        default_factory=PlainLanguageProfile,
        title="Documents for small firms", description="Thresholds for the documents for small firms (the sme/ folder); by default a miss stops the build.")
    full: PlainLanguageProfile = Field(
        default_factory=PlainLanguageProfile,
        title="Other documents", description="Thresholds for the other documents of the pack; by default they are reported, not enforced.")


class Waiver(Model):
    rule: Annotated[str, Field(min_length=1)] = Field(title="Warning code", description="Code of the warning being waived, such as 'PA23-LOTS-REASONS'.")
    reason: Annotated[str, Field(min_length=10)] = Field(description="Why the warning does not apply here, in a full sentence; recorded in the manifest.")


# ----------------------------------------------------------------------------- frameworks


def _given_empty(value):
    """A key written with nothing after it (``direct_award:``) says the method is used: keep it, empty."""
    return {} if value is None else value


class CallOffCriterion(Model):
    name: Text = Field(description="A criterion a call-off competition is judged on, such as 'Price' or 'How you "
                                   "will plan and run this job'.")
    weight: Percent | None = Field(
        None, description="Its weight in percent; the weights of the criteria add up to 100. Leave the weights out to "
                          "say in framework.call_off.competition.description how each call-off sets them.")


class DirectAward(Model):
    terms: Markdown | None = Field(
        None, description="The objective terms that decide, with no competition, which framework supplier is "
                          "awarded a call-off contract, such as 'the supplier ranked first on the lot; if it cannot "
                          "start within 10 working days, the next supplier in rank order'.")


class CallOffCompetition(Model):
    criteria: list[CallOffCriterion] = Field(
        default_factory=_new_list,
        description="The criteria a call-off competition among the framework's suppliers is judged on, with their "
                    "weights.")
    description: Markdown | None = Field(
        None, description="How a call-off competition is run and judged, in words: who is invited, how long they "
                          "have to answer, and how the criteria are set for each call-off.")


class CallOff(Model):
    direct_award: Annotated[DirectAward | None, BeforeValidator(_given_empty)] = Field(
        None, description="Call-off contracts awarded without a competition, on objective terms the framework sets "
                          "(terms).")
    competition: Annotated[CallOffCompetition | None, BeforeValidator(_given_empty)] = Field(
        None, description="Call-off contracts awarded after a competition among the framework's suppliers (of the "
                          "lot), judged on its criteria.")

    @model_validator(mode="after")
    def _some_way(self):
        if self.direct_award is None and self.competition is None:
            raise ValueError("say how call-off contracts are awarded: direct_award (with its objective terms), "
                             "competition (with its criteria), or both")
        return self


class WhoMayCallOff(Model):
    named: list[Text] = Field(
        default_factory=_new_list,
        title="Bodies named", description="The bodies that may award call-off contracts under the framework, each by its name, such as "
                    "'London Borough of Camden'.")
    described: Markdown | None = Field(
        None, title="Bodies described", description="A class of bodies that may award call-off contracts, described so that anyone can tell "
                          "whether a body is in it, such as 'every London borough council and the City of London "
                          "Corporation'.")
    locations: list[Text] = Field(
        default_factory=_new_list,
        title="Where they are", description="Where those bodies are: regions or areas, such as 'Greater London'.")

    @model_validator(mode="after")
    def _someone(self):
        if not self.named and not self.described:
            raise ValueError("name the bodies that may award call-off contracts (named), describe them as a class "
                             "(described), or both")
        return self


class Framework(Model):
    """A framework agreement: the terms on which call-off contracts are later awarded to its suppliers.

    The framework's term is the timetable's contract_start to contract_end, with any extensions; how
    many suppliers are appointed to it (or to each lot) is award.suppliers (or lots.items[].suppliers).
    """

    type: Literal["closed", "open"] = Field(
        "closed", title="Type of framework", description="closed: only the suppliers appointed now are on the framework for its whole term; "
                              "open: the framework is reopened at set points (reopening) so that new suppliers can "
                              "join.")
    who_may_call_off: WhoMayCallOff | None = Field(
        None, title="Who may award call-off contracts", description="Who may award call-off contracts under the framework: bodies named, a class described, or "
                          "both, and where they are. Left out, only the buyers of this tender (buyer.lead and "
                          "buyer.participants) may.")
    call_off: CallOff = Field(
        title="How call-off contracts are awarded", description="How call-off contracts are awarded: by direct award on objective terms, by a competition among "
                    "the framework's suppliers, or both.")
    defence_or_utilities: bool = Field(
        False, title="Defence and security, or utilities, framework", description="true for a defence and security framework or a utilities framework, whose term may be up "
                           "to 8 years instead of 4.")
    longer_term_reason: Markdown | None = Field(
        None, title="Reason for a longer term", description="Why the framework runs for more than 4 years (8 for defence_or_utilities): its term is "
                          "timetable.contract_start to timetable.contract_end, with every extension.")
    fee_percent: Percent | None = Field(
        None, title="Fee (%)", description="A fee each supplier pays us, as a percentage of the value of each call-off contract it is "
                          "awarded, such as 1.5. Leave it out when there is no fee.")
    reopening: list[Date] = Field(
        default_factory=_new_list,
        title="Reopening dates", description="For an open framework: the dates on which it is reopened to new suppliers (at least one).")


# ----------------------------------------------------------------------------- the service today


class Spend(Model):
    """An amount spent over a stated period."""

    amount: Money = Field(description="The amount, in pounds, excluding VAT.")
    start: Date = Field(description="The first day the amount covers.")
    end: Date = Field(description="The last day the amount covers.")

    @model_validator(mode="after")
    def _in_order(self):
        if self.end < self.start:
            raise ValueError(f"end ({self.end.isoformat()}) is before start ({self.start.isoformat()})")
        return self


class Incumbent(Model):
    """Who provides the service today, and what it costs: facts a bidder weighs before bidding."""

    current: Literal["supplier", "suppliers", "in_house", "none"] = Field(
        title="Who provides the service today", description="Who provides the service today: a supplier, under a contract with us (supplier); several "
                    "suppliers (suppliers); our own staff (in_house); or nobody, as the service is new (none).")
    name: Text | None = Field(
        None, title="Current supplier's name", description="The current supplier's name, if you choose to publish it (current: supplier). Left empty, "
                          "the pack says there is a current supplier without naming it.")
    annual_spend: Spend | None = Field(
        None, title="Spend in a recent year", description="What we spent on the service in one recent year, excluding VAT, with the first and last "
                          "day of that year (start, end: one year exactly, such as 2026-04-01 to 2027-03-31).")
    spend_so_far: Spend | None = Field(
        None, title="Spend on the current contract so far", description="What we have spent on the current contract (or contracts) so far, excluding VAT, from "
                          "its start to a recent day (current: supplier or suppliers).")


class Suitability(Model):
    """Whether the contract, or a lot, suits small firms and the voluntary sector: the buyer's judgement."""

    sme: bool | None = Field(
        None, title="Suits small and medium-sized enterprises (SMEs)", description="true when the contract suits small and medium-sized enterprises (SMEs); false when it "
                          "does not. Left empty, the notice does not say.")
    vcse: bool | None = Field(
        None, title="Suits voluntary, community and social enterprises (VCSEs)", description="true when the contract suits voluntary, community and social enterprises (VCSEs); false "
                          "when it does not. Left empty, the notice does not say.")


def _base_url(value):
    """An https address to which the pack's paths are added: the same address with one slash at its end."""
    if not isinstance(value, str):
        return value
    from urllib.parse import urlsplit

    parts = urlsplit(value.strip())
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment or any(c.isspace() for c in value.strip()):
        raise PydanticCustomError(
            "base_url", "{value} is not an https address a file's path can follow: write the address of the folder "
                        "where the pack's files will be published, such as https://www.kelbrook-tc.example/tenders/"
                        "KTC-2027-003/, with no ? or # in it", {"value": quoted(value, 60)})
    return value.strip().rstrip("/") + "/"


# ----------------------------------------------------------------------------- attachments


AttachmentKind = Literal["specification", "drawings", "site-list", "tupe-data", "model-contract", "pricing", "other"]


def attachment_name(file: str) -> str:
    """The name an attached file takes in the pack's folder attachments/: its own name, in lower-case
    letters, digits and hyphens, with its extension ('Site list (2027).CSV' -> 'site-list-2027.csv')."""
    import re
    import unicodedata

    base = file.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    stem, _, ext = base.rpartition(".")
    if not stem:   # no extension ('README'), or only one ('.profile')
        stem, ext = base, ""
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii").lower()
    stem = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:80].strip("-") or "attachment"
    ext = re.sub(r"[^a-z0-9]+", "", ext.lower())[:10]
    return f"{stem}.{ext}" if ext else stem


class Attachment(Model):
    title: Text = Field(description="The document's title as bidders see it, such as 'Site list'.")
    file: Text = Field(
        description="Where the file is, from the folder of this specification, such as 'attachments/site-list.csv'. "
                    "It must be inside that folder. The build copies it into the pack's folder attachments/.")
    description: Markdown | None = Field(None, description="What the document is, in a sentence, for the list of documents.")
    kind: AttachmentKind = Field(
        "other", title="Kind of document", description="What sort of document it is: specification, drawings, site-list, tupe-data, "
                             "model-contract, pricing or other. The open-data notice gives its document type from it.")

    @property
    def pack_path(self) -> str:
        """Where the build puts the file in the pack, such as 'attachments/site-list.csv'."""
        return f"attachments/{attachment_name(self.file)}"


# ----------------------------------------------------------------------------- the spec


class Spec(Model):
    """A tender, described once; every document in the pack is drawn from it."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="tenderpack specification")

    tenderpack: Literal[1] = Field(description="Version of the specification format. Always 1 for now.")
    schema_: str | None = Field(None, alias="$schema", title="JSON Schema address", description="Path or address of the JSON Schema, for editors.")
    reference: Annotated[str, Field(min_length=1, max_length=60)] = Field(description="The buyer's reference for the tender, such as 'DCC-2026-0142'.")
    title: Annotated[str, Field(min_length=1, max_length=200)] = Field(description="Short title of what is being bought.")
    summary: Markdown = Field(description="What is being bought and why, in two or three plain sentences.")
    category: Literal["goods", "services", "works"] = Field(description="goods, services or works.")
    cpv: list[CpvCode] = Field(
        min_length=1, title="CPV codes", description="Common Procurement Vocabulary codes, each with its check digit, such as '85312000-9'; "
                                  "the first is the main one.")
    buyer: Buyer = Field(description="Who is buying.")
    value: Value = Field(description="How much the contract is worth.")
    procedure: Procedure = Field(description="The procedure under the Procurement Act 2023.")
    timetable: Timetable = Field(description="The key dates.")
    lots: Lots = Field(default_factory=Lots, description="How the contract is divided into lots.")
    framework: Framework | None = Field(
        None, description="When this tender sets up a framework: its type, who may award call-off contracts under it, "
                          "how they are awarded, its fee and, for an open framework, when it is reopened. Left out, "
                          "the tender awards a contract.")
    problem: Problem | None = Field(None, title="The problem", description="The problem statement behind an outcome-based specification.")
    outcomes: list[Outcome] = Field(default_factory=_new_list, description="The outcomes the contract must achieve.")
    kpis: list[Kpi] = Field(
        default_factory=_new_list,
        title="Key performance indicators (KPIs)", description="The contract's key performance indicators (KPIs) apart from its outcomes: each a measure of the "
                    "service with a target, how often it is reported and what happens when the target is missed. "
                    "They go into the draft contract's KPI schedule, with every outcome marked kpi: true.")
    requirements: list[Text] = Field(default_factory=_new_list, description="Any fixed requirements (keep them few: prefer outcomes).")
    award: Award = Field(title="Evaluation", description="How tenders are evaluated.")
    pricing: Pricing = Field(default_factory=Pricing, description="What bidders price in the pricing schedule.")
    social_value: SocialValue | None = Field(None, description="Social value weighting and chosen outcomes.")
    conditions: Conditions = Field(default_factory=Conditions, title="Conditions of participation", description="Conditions of participation.")
    commercial: Commercial = Field(title="Commercial terms", description="Commercial terms.")
    contract: ContractForm | None = Field(
        None, title="Standard form of contract", description="The contract the pack ships when it is not tenderpack's own draft contract: an NEC4 or JCT "
                          "form (named with its edition and Options; the pack adds your contract data and amendments, "
                          "and never carries the form itself, which bidders get from its publisher), or a government "
                          "model contract that you attach (Short Form, Mid-tier, Model Services), with its order form "
                          "and schedules. Left out, the pack carries its own draft contract, from the clause library.")
    incumbent: Incumbent | None = Field(
        None, title="The service today", description="Who provides the service today (a supplier, our own staff, or nobody) and what we spend on "
                          "it. Left out, the pack says nothing about the service today.")
    suitability: Suitability | None = Field(
        None, title="Suitability for SMEs and VCSEs", description="Whether the contract suits small and medium-sized enterprises (sme) and voluntary, "
                          "community and social enterprises (vcse), as the tender notice says for each lot; a lot can "
                          "say otherwise (lots.items[].suitability).")
    submission: Submission = Field(title="How to submit", description="How to submit a tender.")
    attachments: list[Attachment] = Field(
        default_factory=_new_list,
        title="Attached files", description="The buyer's own documents that go into the pack as they are (a specification, drawings, a site "
                    "list, TUPE data, a model contract), each copied into the pack's folder attachments/, listed in the "
                    "invitation to tender and the notice, and hashed in the manifest.")
    documents_base_url: Annotated[str, Field(max_length=500), BeforeValidator(_base_url)] | None = Field(
        None, title="Web address where the pack is published", description="The https address of the folder where the pack's files will be published, such as "
                          "'https://www.kelbrook-tc.example/tenders/KTC-2027-003/'. The tender notice gives each "
                          "document's address as this and the file's path in the pack. Left empty, it gives none.")
    contacts: list[Contact] = Field(min_length=1, description="Who bidders contact; the first is the main contact.")
    plain_language: PlainLanguage = Field(default_factory=PlainLanguage, title="Plain English settings", description="Plain-language settings.")
    sme_pack: bool = Field(
        True, title="Pack for small firms", description="Whether to add the pack for small firms (folder sme/): Tender at a glance, How to bid, "
                          "short forms, a glossary and a calendar of the dates.")
    issue_date: Date | None = Field(None, description="Date printed on the documents; defaults to the notice date.")
    waivers: list[Waiver] = Field(default_factory=_new_list, title="Waived warnings", description="Warnings the buyer has considered and waived, each with a written reason.")
    # The attached files as the reader checked them (tenderpack.attachments.CheckedFile, one per attachment):
    # set only for a spec read from a file, which is how the build knows which bytes to copy.
    _attached: tuple | None = PrivateAttr(None)

    @field_validator("attachments")
    @classmethod
    def _few_attachments(cls, items: list[Attachment]) -> list[Attachment]:
        if len(items) > ATTACHMENTS_MAX_COUNT:
            raise PydanticCustomError(
                "over_limit", "{count} files are attached; a specification may attach at most {limit} "
                              "(ATTACHMENTS_MAX_COUNT)", {"count": len(items), "limit": ATTACHMENTS_MAX_COUNT})
        return items

    @property
    def authorities(self) -> list[Authority]:
        """The lead authority followed by the participating authorities."""
        return [self.buyer.lead, *self.buyer.participants]

    @property
    def document_date(self) -> dt.date:
        """The date printed on every document."""
        return self.issue_date or self.timetable.notice

    def needs_award_weight(self, criterion: "Criterion") -> bool:
        """Whether ``criterion`` needs its weight (or rank) in award.criteria: false only when every lot it
        applies to gives it a weight of its own (lots.items[].weights), as for a criterion used in one lot only."""
        lots = [lot for lot in self.lots.items if not lot.criteria or criterion.id in lot.criteria]
        return not lots or any(criterion.id not in lot.weights for lot in lots)


Path = tuple[str | int, ...]


def consistency_errors(spec: Spec) -> list[tuple[Path, str]]:
    """Checks that span several fields, each reported at the exact field at fault."""
    errors: list[tuple[Path, str]] = []
    t = spec.timetable
    order: list[tuple[str, dt.date]] = [
        ("notice", t.notice),
        ("clarification_deadline", t.clarification_deadline.date()),
        ("tender_deadline", t.tender_deadline.date()),
        ("evaluation_end", t.evaluation_end),
        ("award", t.award),
        *([("standstill_end", t.standstill_end)] if t.standstill_end else []),
        ("contract_start", t.contract_start),
        ("contract_end", t.contract_end),
    ]
    for (a, da), (b, db) in zip(order, order[1:]):
        if db < da:
            errors.append((("timetable", b), f"{db.isoformat()} is before {a} ({da.isoformat()})"))
    ids = {c.id for c in spec.award.criteria}
    for i, lot in enumerate(spec.lots.items):
        for j, cid in enumerate(lot.criteria):
            if cid not in ids:
                errors.append((("lots", "items", i, "criteria", j), f"no award criterion has the id {quoted(cid)}"))
    seen: dict[int, int] = {}
    for i, lot in enumerate(spec.lots.items):
        if lot.number in seen:
            errors.append((("lots", "items", i, "number"), f"lot {lot.number} is already used by lots.items[{seen[lot.number]}]"))
        seen.setdefault(lot.number, i)
    seen_ids: dict[str, int] = {}
    for i, c in enumerate(spec.award.criteria):
        if c.id in seen_ids:
            errors.append((("award", "criteria", i, "id"), f"{quoted(c.id)} is already used by award.criteria[{seen_ids[c.id]}]"))
        seen_ids.setdefault(c.id, i)
    seen_ids = {}
    for i, o in enumerate(spec.outcomes):
        if o.id in seen_ids:
            errors.append((("outcomes", i, "id"), f"{quoted(o.id)} is already used by outcomes[{seen_ids[o.id]}]"))
        seen_ids.setdefault(o.id, i)
    for i, c in enumerate(spec.award.criteria):
        if c.weight is None and c.rank is None and spec.needs_award_weight(c):
            errors.append((("award", "criteria", i), "give a weight or a rank"))
    errors += _stage_errors(spec)
    errors += _phase_errors(spec)
    errors += _lot_weight_errors(spec)
    errors += _lot_detail_errors(spec)
    errors += _social_value_errors(spec)
    errors += _pricing_errors(spec)
    errors += _lot_reference_errors(spec)
    errors += _stage_question_errors(spec)
    errors += _attachment_errors(spec)
    errors += _authority_errors(spec)
    errors += _service_today_errors(spec)
    errors += _kpi_errors(spec)
    errors += _framework_errors(spec)
    errors += _contract_errors(spec)
    return errors


def _framework_errors(spec: Spec) -> list[tuple[Path, str]]:
    """A framework has one framework agreement: each body that calls off signs its own call-off contracts."""
    if spec.framework is None or not spec.buyer.participants or spec.buyer.contracts != "each_authority":
        return []
    return [(("buyer", "contracts"), "a framework has one framework agreement, which every authority signs; each "
                                     "body that awards a call-off contract signs that contract itself. Write "
                                     "contracts: one, or leave it out")]


def _kpi_errors(spec: Spec) -> list[tuple[Path, str]]:
    """Each KPI says what happens when its target is missed in full, and has a name of its own."""
    errors: list[tuple[Path, str]] = []
    names: dict[str, int] = {}
    for i, k in enumerate(spec.kpis):
        here = ("kpis", i)
        key = " ".join(k.name.split()).lower()
        if key in names:
            errors.append(((*here, "name"), f"{quoted(k.name)} is already the name of kpis[{names[key]}]"))
        names.setdefault(key, i)
        credit = k.if_missed is KpiIfMissed.service_credit
        if credit and k.service_credit_percent is None:
            errors.append(((*here, "service_credit_percent"),
                           "is required with if_missed: service_credit: give the share of the reporting period's "
                           "charges we take off when the target is missed, such as 2"))
        elif not credit and k.service_credit_percent is not None:
            errors.append(((*here, "service_credit_percent"),
                           f"is used only with if_missed: service_credit, not {k.if_missed.value}; write "
                           "if_missed: service_credit, or leave this out"))
        if k.if_missed is KpiIfMissed.other and k.if_missed_details is None:
            errors.append(((*here, "if_missed_details"),
                           "is required with if_missed: other: say in one sentence what happens when the target "
                           "is missed"))
    return errors


def _authority_errors(spec: Spec) -> list[tuple[Path, str]]:
    """An authority's address in parts agrees with its one-line address; each identifier is given once."""
    errors: list[tuple[Path, str]] = []
    places: list[tuple[Path, Authority]] = [(("buyer", "lead"), spec.buyer.lead)]
    places += [(("buyer", "participants", i), a) for i, a in enumerate(spec.buyer.participants)]
    for here, authority in places:
        parts = authority.address_parts
        if parts is not None and parts.postal_code and authority.address is not None \
                and "".join(parts.postal_code.split()) not in "".join(authority.address.upper().split()):
            errors.append(((*here, "address_parts", "postal_code"),
                           f"{parts.postal_code} is not the postcode in address ({quoted(authority.address, 60)}): give "
                           "the same postcode in both, or leave address out and it is made from the parts"))
        seen: set[tuple[str, str]] = set()
        idents: list[tuple[Path, Identifier | None]] = [(("identifier",), authority.identifier)]
        idents += [(("additional_identifiers", j), x) for j, x in enumerate(authority.additional_identifiers)]
        for where, ident in idents:
            if ident is None:
                continue
            if (ident.scheme, ident.id) in seen:
                errors.append(((*here, *where), f"{ident.scheme} {ident.id} is already given for this authority; "
                                                "give it once"))
            seen.add((ident.scheme, ident.id))
    return errors


def _service_today_errors(spec: Spec) -> list[tuple[Path, str]]:
    """Mobilisation has time to happen; the service today is described in facts that fit together; TUPE data
    comes no earlier than the notice says it will."""
    errors: list[tuple[Path, str]] = []
    t = spec.timetable
    if t.mobilisation is not None and (t.contract_signature is None or t.contract_signature >= first_start(spec)):
        errors.append((("timetable", "mobilisation"),
                       "there is no time to get ready: the contract starts the day it is signed. Give "
                       "timetable.contract_signature, before contract_start"
                       + (" and before every lot's own contract_start" if any(x.contract_start for x in spec.lots.items)
                          else "") + ", or leave mobilisation out"))
    inc = spec.incumbent
    here: Path
    if inc is not None:
        here = ("incumbent",)
        if inc.current != "supplier" and inc.name is not None:
            errors.append(((*here, "name"), f"current is {inc.current}, so there is no one current supplier to name; "
                                            "give current: supplier, or leave name out"))
        if inc.current not in ("supplier", "suppliers"):
            if inc.spend_so_far is not None:
                errors.append(((*here, "spend_so_far"), f"current is {inc.current}, so there is no current contract "
                                                        "to give the spend of; give current: supplier (or suppliers), "
                                                        "or leave this out"))
        if inc.current == "none" and inc.annual_spend is not None:
            errors.append(((*here, "annual_spend"), "current is none (a new service), so nothing is spent on it today; "
                                                    "leave annual_spend out"))
        if inc.annual_spend is not None:
            year = inc.annual_spend
            last = _add_months(year.start, 12) - dt.timedelta(days=1)
            if year.end != last:
                errors.append(((*here, "annual_spend", "end"),
                               f"{year.end.isoformat()} does not end one year from start ({year.start.isoformat()}): "
                               f"the year ends on {last.isoformat()}"))
        for field in ("annual_spend", "spend_so_far"):
            spent = getattr(inc, field)
            if spent is not None and spent.end > t.notice:
                errors.append(((*here, field, "end"), f"{spent.end.isoformat()} is after the tender notice (timetable.notice, "
                                                      f"{t.notice.isoformat()}): give what was spent up to a day "
                                                      "before the notice"))
    tupe = spec.commercial.transferring_staff
    if tupe is not None and not spec.commercial.tupe:
        errors.append((("commercial", "transferring_staff"), "commercial.tupe is false, so no staff transfer: set "
                                                             "tupe: true, or leave transferring_staff out"))
    if tupe is not None:
        here = ("commercial", "transferring_staff")
        if tupe.staff is not None and tupe.full_time_equivalent is not None and tupe.full_time_equivalent > tupe.staff:
            errors.append(((*here, "full_time_equivalent"),
                           f"{tupe.full_time_equivalent.normalize():f} full-time equivalents is more than the "
                           f"{tupe.staff} people (staff) they count"))
        if tupe.data_available_from is not None and tupe.data_available_from < t.notice:
            errors.append(((*here, "data_available_from"),
                           f"{tupe.data_available_from.isoformat()} is before the tender notice (timetable.notice, "
                           f"{t.notice.isoformat()}): attach the staff information to the pack (attachments, kind: "
                           "tupe-data) and leave this out"))
    return errors


def _attachment_errors(spec: Spec) -> list[tuple[Path, str]]:
    """Attachments have titles of their own and names of their own once copied into the pack."""
    errors: list[tuple[Path, str]] = []
    titles: dict[str, int] = {}
    names: dict[str, int] = {}
    for i, a in enumerate(spec.attachments):
        title = " ".join(a.title.split()).lower()
        if title in titles:
            errors.append((("attachments", i, "title"), f"{quoted(a.title)} is already the title of attachments[{titles[title]}]"))
        titles.setdefault(title, i)
        name = a.pack_path   # in lower case: a pack unzipped on Windows or a Mac merges names that differ in case only
        if name in names:
            errors.append((("attachments", i, "file"), f"would be copied into the pack as {a.pack_path}, as "
                                                       f"attachments[{names[name]}] is; rename one of the two files"))
        names.setdefault(name, i)
    return errors


def _lot_reference_errors(spec: Spec) -> list[tuple[Path, str]]:
    """Outcomes, phases and KPIs that name lots name lots that exist."""
    errors: list[tuple[Path, str]] = []
    numbers = {lot.number for lot in spec.lots.items}
    places: list[tuple[Path, list[int]]] = [(("outcomes", i, "lots"), o.lots) for i, o in enumerate(spec.outcomes)]
    places += [(("procedure", "innovation_phases", i, "lots"), ph.lots)
               for i, ph in enumerate(spec.procedure.innovation_phases)]
    places += [(("kpis", i, "lots"), k.lots) for i, k in enumerate(spec.kpis)]
    for here, lots in places:
        for j, n in enumerate(lots):
            if not numbers:
                errors.append((here, "the contract is not divided into lots; leave this out"))
                break
            if n not in numbers:
                errors.append(((*here, j), f"there is no lot {n}"))
    return errors


def _stage_question_errors(spec: Spec) -> list[tuple[Path, str]]:
    """A stage questionnaire: unique ids, and weights that add up to 100 when scored."""
    errors: list[tuple[Path, str]] = []
    seen: dict[str, tuple[int, int]] = {}
    for i, stage in enumerate(spec.procedure.stages):
        here = ("procedure", "stages", i, "questions")
        for j, q in enumerate(stage.questions):
            if q.id in seen:
                a, b = seen[q.id]
                errors.append(((*here, j, "id"), f"{quoted(q.id)} is already used by procedure.stages[{a}].questions[{b}]"))
            seen.setdefault(q.id, (i, j))
            if q.pass_fail and (q.weight is not None or q.minimum_score is not None):
                errors.append(((*here, j), "a pass or fail question has no weight or minimum score; leave them out"))
        weights = [q.weight for q in stage.questions if not q.pass_fail]
        given = [w for w in weights if w is not None]
        if weights and len(given) == len(weights) and sum(given, Decimal(0)) != 100:
            errors.append((here, f"the weights of this stage's scored questions add up to {sum(given, Decimal(0)).normalize():f}, not 100"))
        elif weights and any(w is None for w in weights) and any(w is not None for w in weights):
            errors.append((here, "give every scored question of this stage a weight, or none"))
    return errors


# What may come before each kind of stage in a competitive flexible procedure.
_NEEDS_EARLIER = {
    StageType.shortlisting: ({StageType.participation, StageType.tender},
                             "shortlisting needs something to shortlist from: a participation or tender stage before it"),
    StageType.negotiation: ({StageType.tender},
                            "negotiation comes before any tender stage; we negotiate on tenders, so put a tender stage first"),
    StageType.final_tender: ({StageType.tender, StageType.negotiation, StageType.dialogue},
                             "final tenders come before any tender, negotiation or dialogue stage; "
                             "put the final tender stage after them"),
}


def _stage_errors(spec: Spec) -> list[tuple[Path, str]]:
    """Stages in an order that makes sense, with dates that follow one another."""
    errors: list[tuple[Path, str]] = []
    stages = spec.procedure.stages
    seen: list[StageType] = []
    final_at: int | None = None
    for i, stage in enumerate(stages):
        here = ("procedure", "stages", i)
        kind = stage.type
        if kind is StageType.participation and i > 0:
            errors.append(((*here, "type"), "participation must be the first stage: it is how suppliers ask to take part"))
        elif final_at is not None and kind is not StageType.presentation:
            errors.append(((*here, "type"), f"{kind.value} comes after the final tenders (procedure.stages[{final_at}]); "
                                            "only a presentation can follow final tenders"))
        elif kind in _NEEDS_EARLIER and not _NEEDS_EARLIER[kind][0] & set(seen):
            errors.append(((*here, "type"), _NEEDS_EARLIER[kind][1]))
        if kind is StageType.final_tender and final_at is None:
            final_at = i
        seen.append(kind)
    t = spec.timetable
    previous: tuple[int, dt.date] | None = None
    for i, stage in enumerate(stages):
        here = ("procedure", "stages", i)
        if stage.starts and stage.ends and stage.ends < stage.starts:
            errors.append(((*here, "ends"), f"{stage.ends.isoformat()} is before the stage starts ({stage.starts.isoformat()})"))
        first_day = stage.starts or stage.ends
        if first_day and first_day < t.notice:
            field = "starts" if stage.starts else "ends"
            errors.append(((*here, field), f"{first_day.isoformat()} is before the tender notice (timetable.notice, {t.notice.isoformat()})"))
        elif first_day and previous and first_day < previous[1]:
            field = "starts" if stage.starts else "ends"
            errors.append(((*here, field), f"{first_day.isoformat()} is before procedure.stages[{previous[0]}] ends "
                                           f"({previous[1].isoformat()}); stages run one after another"))
        if stage.ends and stage.ends > t.evaluation_end:
            errors.append(((*here, "ends"), f"{stage.ends.isoformat()} is after the evaluation ends "
                                            f"(timetable.evaluation_end, {t.evaluation_end.isoformat()})"))
        if stage.deadline:
            day = stage.deadline.date()
            if (stage.starts and day < stage.starts) or (stage.ends and day > stage.ends):
                errors.append(((*here, "deadline"), f"{stage.deadline.isoformat(timespec='minutes')} is outside the stage's own dates"))
            if i == 0 and stage.deadline != t.tender_deadline:
                errors.append(((*here, "deadline"), "the first stage's deadline is the timetable's tender_deadline "
                                                    f"({t.tender_deadline.isoformat(timespec='minutes')}); give the same, or leave it out"))
        last = stage.ends or stage.starts
        if last:
            previous = (i, last)
    return errors


_add_months = add_months   # tenderpack.text's: one home for the same day so many months later


def phase_end(phase: Phase) -> dt.date | None:
    """The last day of a phase with a start date: the start plus its length in months, less a day."""
    return _add_months(phase.starts, phase.duration_months) - dt.timedelta(days=1) if phase.starts else None


def _phase_errors(spec: Spec) -> list[tuple[Path, str]]:
    errors: list[tuple[Path, str]] = []
    previous: tuple[int, dt.date] | None = None
    for i, phase in enumerate(spec.procedure.innovation_phases):
        here = ("procedure", "innovation_phases", i)
        # A phase runs inside the contract of each lot it is part of: after the latest of their starts.
        lots = [(k, lot) for k, lot in enumerate(spec.lots.items) if not phase.lots or lot.number in phase.lots]
        k, lot = max(lots, key=lambda x: term(spec, x[1]).start, default=(None, None))
        start = term(spec, lot).start
        if phase.starts and phase.starts < start:
            where = f"lots.items[{k}].contract_start" if lot is not None and lot.contract_start else "timetable.contract_start"
            whose = f"the contract for lot {lot.number}" if lot is not None and lot.contract_start else "the contract"
            errors.append(((*here, "starts"), f"{phase.starts.isoformat()} is before {whose} starts "
                                              f"({where}, {start.isoformat()})"))
        elif phase.starts and previous and phase.starts < previous[1]:
            errors.append(((*here, "starts"), f"{phase.starts.isoformat()} is before the go/no-go decision that ends "
                                              f"procedure.innovation_phases[{previous[0]}] ({previous[1].isoformat()})"))
        if phase.decision and phase.starts and phase.decision < phase.starts:
            errors.append(((*here, "decision"), f"{phase.decision.isoformat()} is before the phase starts ({phase.starts.isoformat()})"))
        end = phase.decision or phase_end(phase)
        if end:
            previous = (i, end)
    return errors


def _lot_weight_errors(spec: Spec) -> list[tuple[Path, str]]:
    errors: list[tuple[Path, str]] = []
    ids = [c.id for c in spec.award.criteria]
    for i, lot in enumerate(spec.lots.items):
        if not lot.weights:
            continue
        here = ("lots", "items", i, "weights")
        applies = [c for c in (lot.criteria or ids) if c in ids]
        for key in lot.weights:
            if key not in ids:
                errors.append(((*here, key), f"no award criterion has the id {quoted(key)}"))
            elif key not in applies:
                errors.append(((*here, key), f"criterion {quoted(key)} does not apply to lot {lot.number} (see lots.items[{i}].criteria)"))
        missing = [c for c in applies if c not in lot.weights]
        if missing:
            errors.append((here, f"give a weight for every criterion that applies to lot {lot.number}; missing: {', '.join(missing)}"))
        total = sum(lot.weights.values(), Decimal(0))   # Decimal even when empty: 0.normalize() would fail
        if not missing and total != 100:
            errors.append((here, f"the weights for lot {lot.number} add up to {total.normalize():f}, not 100"))
    return errors


def _lot_detail_errors(spec: Spec) -> list[tuple[Path, str]]:
    """A lot's own dates fit the timetable; its shortlist has a stage to shortlist at; the cap on bids fits the lots."""
    errors: list[tuple[Path, str]] = []
    t, lots = spec.timetable, spec.lots
    earliest, after = (t.standstill_end, "standstill_end") if t.standstill_end else (t.award, "award")
    if t.contract_signature and t.contract_signature > earliest:
        earliest, after = t.contract_signature, "contract_signature"
    shortlisting = [i for i, stage in enumerate(spec.procedure.stages) if stage.shortlist_size]
    for i, lot in enumerate(lots.items):
        here = ("lots", "items", i)
        start = lot.contract_start or t.contract_start
        if lot.contract_start and lot.contract_start < earliest:
            errors.append(((*here, "contract_start"), f"{lot.contract_start.isoformat()} is before {after} "
                                                      f"(timetable.{after}, {earliest.isoformat()})"))
        if lot.contract_end and lot.contract_end < start:
            field = f"lots.items[{i}].contract_start" if lot.contract_start else "timetable.contract_start"
            errors.append(((*here, "contract_end"), f"{lot.contract_end.isoformat()} is before this lot's contract "
                                                    f"starts ({field}, {start.isoformat()})"))
        elif lot.contract_start and not lot.contract_end and t.contract_end < lot.contract_start:
            errors.append(((*here, "contract_start"), f"{lot.contract_start.isoformat()} is after the contract ends "
                                                      f"(timetable.contract_end, {t.contract_end.isoformat()}); give "
                                                      "this lot its own contract_end"))
        if lot.shortlist_size is not None and len(shortlisting) != 1:
            errors.append(((*here, "shortlist_size"),
                           "no stage shortlists bidders: give the shortlisting stage its shortlist_size "
                           "(procedure.stages[].shortlist_size) for the other lots, or leave this out" if not shortlisting
                           else "more than one stage shortlists bidders (procedure.stages["
                                + "], [".join(str(k) for k in shortlisting) + "]), so it is not clear which stage "
                                "this number is for; leave it out"))
    cap = lots.max_bids_per_supplier
    if cap is not None and not lots.items:
        errors.append((("lots", "max_bids_per_supplier"), "the contract is not divided into lots; leave this out"))
    elif cap is not None and cap > len(lots.items):
        errors.append((("lots", "max_bids_per_supplier"), f"there are only {len(lots.items)} lots; give a number up to "
                                                          f"{len(lots.items)}, or leave it out"))
    return errors


def _social_value_errors(spec: Spec) -> list[tuple[Path, str]]:
    errors: list[tuple[Path, str]] = []
    sv = spec.social_value
    if sv is None:
        return errors
    criteria = [c for c in spec.award.criteria if c.type is CriterionType.social_value]
    if not criteria and sv.weighting > 0:
        errors.append((("social_value", "weighting"), "no award criterion has type social_value; add one with a weight of "
                                                      f"{sv.weighting.normalize():f} to award.criteria"))
    weights = [c.weight for c in criteria if c.weight is not None]
    if weights and len(weights) == len(criteria) and sum(weights, Decimal(0)) != sv.weighting:
        total = sum(weights, Decimal(0)).normalize()
        errors.append((("social_value", "weighting"), f"{sv.weighting.normalize():f}% does not match the weight of the social value "
                                                      f"award criteria ({total:f}%); the two must be the same"))
    sv_ids = {c.id for c in criteria}
    seen: dict[str, int] = {}
    for i, outcome in enumerate(sv.outcomes):
        key = outcome.id.strip().lower()
        if key in seen:
            errors.append((("social_value", "outcomes", i, "id"), f"{quoted(outcome.id)} is already chosen in social_value.outcomes[{seen[key]}]"))
        seen.setdefault(key, i)
        if outcome.criterion is not None and outcome.criterion not in sv_ids:
            errors.append((("social_value", "outcomes", i, "criterion"),
                           f"no social value award criterion has the id {quoted(outcome.criterion)}"
                           + (f"; the social value criteria are {', '.join(sorted(sv_ids))}" if sv_ids else "")))
    return errors


def _pricing_errors(spec: Spec) -> list[tuple[Path, str]]:
    errors: list[tuple[Path, str]] = []
    numbers = {lot.number for lot in spec.lots.items}
    lines: list[tuple[str, int, PriceItem | BasketLine | Fee, str]]
    lines = [("items", i, x, "item") for i, x in enumerate(spec.pricing.items)]
    lines += [("basket", i, x, "line") for i, x in enumerate(spec.pricing.basket)]
    lines += [("fees", i, x, "fee") for i, x in enumerate(spec.pricing.fees)]
    for part, i, line, what in lines:
        here = ("pricing", part, i, "lot")
        if numbers and line.lot is None:
            errors.append((here, f"is required: the contract has lots, so say which lot this {what} belongs to"))
        elif not numbers and line.lot is not None:
            errors.append((here, "the contract is not divided into lots; leave this out"))
        elif line.lot is not None and line.lot not in numbers:
            errors.append((here, f"there is no lot {line.lot}"))
    errors += _pricing_model_errors(spec)
    return errors


def _models_words(models: tuple[str, ...]) -> str:
    """'model: schedule_of_rates or rate_card'."""
    return "model: " + " or ".join(models)


def _pricing_model_errors(spec: Spec) -> list[tuple[Path, str]]:
    """Each pricing model has the parts it needs and no part of another; its lines cover every lot."""
    p = spec.pricing
    kind = p.kind
    errors: list[tuple[Path, str]] = []
    given = {"items": bool(p.items), "schedule": p.schedule is not None, "adjustment": p.adjustment is not None,
             "basket": bool(p.basket), "fees": bool(p.fees)}
    for part, models in PRICING_PARTS.items():
        if given[part] and kind not in models and not (part == "items" and p.model is None):
            now = f"not model: {kind}" if p.model else "and pricing.model is left out"
            errors.append((("pricing", part), f"is used only with {_models_words(models)}, {now}: write the model "
                                              "(pricing.model), or leave this out"))
    lots = spec.lots.items
    if p.model == "yearly" and p.items:
        errors.append((("pricing", "items"), "model: yearly prices each year of the contract, not items: leave items "
                                             "out, or write model: items"))
    elif p.model == "items" and not p.items:
        errors.append((("pricing", "model"), "model: items needs the items bidders price (pricing.items): give them, "
                                             "or leave model out to price each year"))
    elif p.model == "items":
        bare = [lot.number for lot in lots if not any(i.lot == lot.number for i in p.items)]
        if bare:
            errors.append((("pricing", "items"), f"{_lot_list(bare)} no items: give them, or leave model out so that "
                                                 f"{_lot_list(bare, verb=False)} priced by year"))
    if kind == "schedule_of_rates":
        errors += _schedule_errors(spec)
    elif kind == "rate_card":
        if not p.basket:
            errors.append((("pricing", "basket"), "is required with model: rate_card: list each role or item bidders "
                                                  "give a rate for, with the notional quantity we evaluate it on"))
        for i, line in enumerate(p.basket):
            if line.rate is not None:
                errors.append((("pricing", "basket", i, "rate"), "bidders give the rates of a rate card: leave rate "
                                                                 "out (it is our rate, for model: schedule_of_rates)"))
            if line.section is not None:
                errors.append((("pricing", "basket", i, "section"), "is used only with model: schedule_of_rates "
                                                                    "and adjustment per: section; leave it out"))
    elif kind == "percentage_fee":
        errors += _fee_errors(spec)
    if kind in ("schedule_of_rates", "rate_card") and p.basket:
        bare = [lot.number for lot in lots if not any(x.lot == lot.number for x in p.basket)]
        if bare:
            errors.append((("pricing", "basket"), f"{_lot_list(bare)} no lines in the basket: give "
                                                  f"{'it' if len(bare) == 1 else 'each'} at least one, so that its "
                                                  "tenders can be compared"))
    if p.rated:
        errors += _rated_errors(spec)
    if p.call_off_ceiling and (spec.framework is None or spec.framework.call_off.competition is None):
        errors.append((("pricing", "call_off_ceiling"), "is used only for a framework whose call-off contracts may be "
                                                        "awarded after a competition (framework.call_off.competition); "
                                                        "leave it out"))
    return errors


def _lot_list(numbers: list[int], verb: bool = True) -> str:
    """'lot 2 has', 'lots 2 and 3 have'; without the verb: 'lot 2 is', 'lots 2 and 3 are'."""
    if len(numbers) == 1:
        return f"lot {numbers[0]} {'has' if verb else 'is'}"
    names = ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
    return f"lots {names} {'have' if verb else 'are'}"


_EXAMPLE_BY_MODEL = {"schedule_of_rates": "made-up adjustments to the basket",
                     "rate_card": "made-up rates to the basket", "percentage_fee": "made-up fees to the notional base"}


def _rated_errors(spec: Spec) -> list[tuple[Path, str]]:
    """An evaluated price is not a contract price: no worked example of prices, no budget to compare it with."""
    kind = spec.pricing.kind
    errors: list[tuple[Path, str]] = []
    if spec.award.price.example_prices:
        errors.append((("award", "price", "example_prices"),
                       f"are not used with pricing model: {kind}: the worked example applies {_EXAMPLE_BY_MODEL[kind]}; "
                       "leave them out"))
    if spec.value.budget_ceiling is not None:
        what = {"schedule_of_rates": "an adjustment to our rates", "rate_card": "rates",
                "percentage_fee": "a percentage fee"}[kind]
        errors.append((("value", "budget_ceiling"),
                       f"with pricing model: {kind}, tenders give {what}, not a total price, so there is no price to "
                       "compare with a budget: leave budget_ceiling out (estimated_excluding_vat says what you expect "
                       "to spend)"))
    return errors


def _schedule_errors(spec: Spec) -> list[tuple[Path, str]]:
    """A schedule of rates: the schedule named (and found, when attached), a basket with our rates, and sections
    that match the adjustment."""
    p = spec.pricing
    errors: list[tuple[Path, str]] = []
    schedule, adjustment = p.schedule, p.adjusted
    if schedule is None:
        errors.append((("pricing", "schedule"), "is required with model: schedule_of_rates: name the schedule of "
                                                "rates that bidders adjust (name, edition), and attach it (attachment) "
                                                "or say where to read it (available_from)"))
    elif schedule.attachment is not None:
        titles = [" ".join(a.title.split()).lower() for a in spec.attachments]
        if " ".join(schedule.attachment.split()).lower() not in titles:
            known = f"; the attachments are {', '.join(quoted(a.title) for a in spec.attachments)}" \
                if spec.attachments else "; the spec attaches no file (attachments)"
            errors.append((("pricing", "schedule", "attachment"),
                           f"no attachment has the title {quoted(schedule.attachment)}{known}"))
    if not p.basket:
        errors.append((("pricing", "basket"), "is required with model: schedule_of_rates: give the basket of typical "
                                              "work we evaluate on: lines from the schedule, each with our rate and a "
                                              "quantity"))
    for i, line in enumerate(p.basket):
        if line.rate is None:
            errors.append((("pricing", "basket", i, "rate"), "is required with model: schedule_of_rates: give our "
                                                             "rate for one unit, from the schedule"))
    low, high = adjustment.minimum, adjustment.maximum
    if low is not None and high is not None and high <= low:
        errors.append((("pricing", "adjustment", "maximum"), f"{high:f}% is not above the minimum ({low:f}%): write a "
                                                             "maximum above the minimum"))
    errors += _section_errors(spec)
    return errors


def _section_errors(spec: Spec) -> list[tuple[Path, str]]:
    """Adjustments by section: the schedule lists its sections, and each basket line names one used in its lot."""
    p = spec.pricing
    sections = p.schedule.sections if p.schedule is not None else []
    numbers = {lot.number for lot in spec.lots.items}
    errors: list[tuple[Path, str]] = []
    if p.adjusted.per == "lot":
        if sections:
            errors.append((("pricing", "schedule", "sections"), "are used only with adjustment per: section: write "
                                                                "per: section under pricing.adjustment, or leave "
                                                                "sections out"))
        for i, line in enumerate(p.basket):
            if line.section is not None:
                errors.append((("pricing", "basket", i, "section"), "is used only with adjustment per: section; "
                                                                    "leave it out"))
        return errors
    if p.schedule is not None and not sections:
        errors.append((("pricing", "schedule", "sections"), "is required with adjustment per: section: list the "
                                                            "schedule's sections bidders give an adjustment for"))
    ids: dict[str, int] = {}
    for i, s in enumerate(sections):
        if s.id in ids:
            errors.append((("pricing", "schedule", "sections", i, "id"),
                           f"{quoted(s.id)} is already used by pricing.schedule.sections[{ids[s.id]}]"))
        ids.setdefault(s.id, i)
        for j, n in enumerate(s.lots):
            if not numbers:
                errors.append((("pricing", "schedule", "sections", i, "lots"), "the contract is not divided into "
                                                                               "lots; leave this out"))
                break
            if n not in numbers:
                errors.append((("pricing", "schedule", "sections", i, "lots", j), f"there is no lot {n}"))
    if not sections:
        return errors
    for i, line in enumerate(p.basket):
        here = ("pricing", "basket", i, "section")
        if line.section is None:
            errors.append((here, "is required with adjustment per: section: give the id of the schedule's section "
                                 f"this line is in ({', '.join(ids)})"))
        elif line.section not in ids:
            errors.append((here, f"no section of the schedule has the id {quoted(line.section)}; the sections are "
                                 f"{', '.join(ids)}"))
        elif line.lot is not None and sections[ids[line.section]].lots and line.lot not in sections[ids[line.section]].lots:
            errors.append((here, f"section {line.section} is not used in lot {line.lot} (see "
                                 f"pricing.schedule.sections[{ids[line.section]}].lots)"))
    return errors


def _fee_errors(spec: Spec) -> list[tuple[Path, str]]:
    """A percentage fee: one for each lot, or one for a contract without lots."""
    fees = spec.pricing.fees
    errors: list[tuple[Path, str]] = []
    if not fees:
        return [(("pricing", "fees"), "is required with model: percentage_fee: say what the fee is a percentage of "
                                      "(base), the notional base we evaluate it on (notional_base), and when we pay "
                                      "it (paid)")]
    lots = spec.lots.items
    if not lots:
        for i in range(1, len(fees)):
            errors.append((("pricing", "fees", i), "a contract without lots has one fee (pricing.fees[0]); leave this "
                                                   "one out"))
        return errors
    seen: dict[int, int] = {}
    for i, fee in enumerate(fees):
        if fee.lot is not None and fee.lot in seen:
            errors.append((("pricing", "fees", i, "lot"), f"lot {fee.lot} already has a fee (pricing.fees[{seen[fee.lot]}]); "
                                                          "give one fee for each lot"))
        if fee.lot is not None:
            seen.setdefault(fee.lot, i)
    bare = [lot.number for lot in lots if lot.number not in seen]
    if bare:
        errors.append((("pricing", "fees"), f"{_lot_list(bare)} no fee: give one for each lot"))
    return errors

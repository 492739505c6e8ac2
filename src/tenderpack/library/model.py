"""What a clause file holds, where clause files come from, and the clause library's errors."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import ClauseError, ClauseRefused, InputError, Issue, Location  # noqa: F401  (ClauseError, ClauseRefused: re-exported)

ID_PATTERN = r"^[a-z][a-z0-9-]*:[a-z0-9][a-z0-9-]*$"
ID_RE = re.compile(ID_PATTERN)
TERM_RE = re.compile(r"^[A-Z][A-Za-z0-9'’/ -]*[A-Za-z0-9]$|^[A-Z]$")
DOCUMENT_RE = re.compile(r"^[a-z][a-z0-9-]*$")
# The markup of a clause body: [[references]], {Defined Terms} and "## Sub-clause" titles.
# Each is linear in the text (a 200 KB line of "[[[[" or of spaces would otherwise take
# hours): whitespace is matched possessively, a reference is at most 200 characters
# between its brackets, and a title ends at its last character that is not a space or tab.
REF_RE = re.compile(r"\[\[\s*+([^\]\n]{0,200}?)\s*+\]\]")
REF_TARGET_RE = re.compile(r"^([a-z][a-z0-9-]*:[a-z0-9][a-z0-9-]*)(?:#([a-z0-9-]+))?$")
TERM_USE_RE = re.compile(r"(?<![{\w])\{([A-Z][A-Za-z0-9'’/ -]*?)\}(?!\})")
SUBCLAUSE_RE = re.compile(r"^##[ \t]+([^ \t\n](?:.*[^ \t\n])?)[ \t]*$", re.M)



@dataclass(frozen=True)
class ClauseSource:
    """A folder of clause files.

    ``name`` says where the folder came from in listings and in the manifest (the built-in
    library is "core"; a plugin's folder is named after the plugin unless it says
    otherwise). With ``prefix``, every clause id in the folder must start with
    ``prefix:``, so one legal team cannot take another's ids by accident.
    """

    path: Path
    name: str = ""
    prefix: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "path", Path(self.path))
        if self.prefix is not None and not re.match(r"^[a-z][a-z0-9-]*$", self.prefix):
            raise ValueError(f"clause prefix {self.prefix!r} must be lower-case letters, digits and hyphens")


class _Meta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Placement(_Meta):
    document: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="Id of the document, such as draft-contract.")
    section: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="Key of the section, from a sections.yaml file.")
    order: int = Field(500, ge=0, description="Position inside the section: lower first; ties go by id.")


class Meta(_Meta):
    """The front matter of a clause file."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1, max_length=120)
    version: str = Field(pattern=r"^\d+(\.\d+){0,2}$")
    status: Literal["draft", "approved", "retired"]
    owner: str | None = None
    approved_on: dt.date | None = None
    review_by: dt.date | None = None
    applies_when: str | None = None
    placement: Placement
    summary: str = Field(min_length=1, max_length=400)
    overrides: str | None = Field(None, pattern=ID_PATTERN)
    defines: dict[str, str] = Field(default_factory=dict)
    lists_definitions: bool = False

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> Any:
        if isinstance(value, float):
            raise ValueError("write the version in quotes, such as '1.2' (unquoted, 1.10 would be read as 1.1)")
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("applies_when", mode="before")
    @classmethod
    def _condition(cls, value: Any) -> Any:
        if isinstance(value, bool):
            return "true" if value else "false"
        return value


FIELDS = tuple(Meta.model_fields)


@dataclass(frozen=True)
class SectionSpec:
    """A part of a document that clauses can be placed in (from a sections.yaml file)."""

    document: str
    key: str
    title: str
    order: int
    file: str
    line: int


@dataclass
class ClauseFile:
    """One parsed clause file, checked on its own (before the library resolves ids)."""

    meta: Meta
    path: Path
    rel: str                      # the path inside its source folder
    source: ClauseSource
    sha256: str
    body: str                     # the body's text, with blank lines in front so lines match the file
    body_line: int                # the file line the body starts on
    lines: dict[tuple, int]       # front matter key path -> file line
    refs: list[tuple[str, int]] = field(default_factory=list)   # [[target]] -> line
    terms: list[tuple[str, int]] = field(default_factory=list)  # {Term} -> line, body and definitions
    anchors: set[str] = field(default_factory=set)               # sub-clause anchors ("## Title")
    body_ast: Any = None
    condition_ast: Any = None
    definition_asts: dict[str, Any] = field(default_factory=dict)
    summary_ast: Any = None       # the summary may follow the spec too ({% if %}, like the body)
    condition_paths: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def file(self) -> str:
        return str(self.path)

    def line_of(self, *key: str) -> int:
        return self.lines.get(tuple(key)) or self.lines.get(tuple(key[:1])) or 1

    def at(self, *key: str, line: int | None = None) -> Location:
        return Location(self.file, line or self.line_of(*key))

    def issue(self, message: str, *key: str, line: int | None = None) -> Issue:
        return Issue(self.at(*key, line=line), message)

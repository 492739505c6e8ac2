"""Offline validation of a release package against OCDS 1.1.5 and the UK profile (Find a Tender).

The release schema is patched with each extension's release-schema.json (JSON Merge
Patch, RFC 7386, as OCDS tools do); the package schema's reference to the release schema
is resolved to that patched copy, locally, so nothing is fetched from the network.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA = Path(__file__).parent / "schema"
RELEASE_SCHEMA_URI = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"

_OCE = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_{}_extension/{}/extension.json"

# The UK profile, in the order its checker (shared/ocds/uk-profile/check.py) merges it: the lots
# and award criteria extensions; the UK extension's dependencies and test dependency, in the
# order it lists them; the other extensions Find a Tender's UK4 notices use; the UK extension
# last. Each entry: (folder under schema/extensions, the URL an OCDS package declares for it,
# whether this notice declares it). The two left undeclared are merged only so that the
# notice is checked against the same schema as check.py; the notice uses none of their fields.
# (organizationClassification is declared: a buyer's type, UK_CA_TYPE, is one of its classifications.)
PROFILE = [
    ("lots", _OCE.format("lots", "master"), True),
    ("awardCriteria", _OCE.format("awardCriteria", "master"), True),
    ("bid", _OCE.format("bid", "v1.1.5"), True),
    ("communication", _OCE.format("communication", "master"), True),
    ("location", _OCE.format("location", "master"), True),
    ("otherRequirements", _OCE.format("otherRequirements", "master"), True),
    ("performance_failures", _OCE.format("performance_failures", "master"), True),
    ("subcontracting", _OCE.format("subcontracting", "master"), True),
    ("suitability", _OCE.format("suitability", "master"), True),
    ("techniques", _OCE.format("techniques", "master"), True),
    ("submissionTerms", _OCE.format("submissionTerms", "master"), True),
    ("secondStageDescription", _OCE.format("secondStageDescription", "master"), True),
    ("selectionCriteria", _OCE.format("selectionCriteria", "master"), True),
    ("legalBasis", _OCE.format("legalBasis", "1.1"), True),
    ("partyDetails_scale", _OCE.format("partyDetails_scale", "master"), False),
    ("coveredBy", _OCE.format("coveredBy", "master"), False),
    ("organizationClassification", _OCE.format("organizationClassification", "master"), True),
    ("uk", "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json", True),
]
# tenderpack's own: Document.integrity (no public URL to declare), applied after the profile.
OWN = ["document_integrity"]
EXTENSIONS = [*PROFILE, *((folder, None, False) for folder in OWN)]

_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch: objects merge key by key, null deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def profile_schema() -> dict:
    """The UK profile: the OCDS 1.1.5 release schema with every extension of PROFILE applied, in order.

    The same schema as shared/ocds/uk-profile/check.py builds (release-schema-uk-profile.json).
    """
    schema = _load(SCHEMA / "release-schema-1.1.5.json")
    for folder, _, _ in PROFILE:
        schema = merge_patch(schema, _load(SCHEMA / "extensions" / folder / "release-schema.json"))
    return schema


@lru_cache(maxsize=1)
def release_schema() -> dict:
    """The UK profile with tenderpack's own extension (Document.integrity) applied: what the notice must meet."""
    schema = profile_schema()
    for folder in OWN:
        schema = merge_patch(schema, _load(SCHEMA / "extensions" / folder / "release-schema.json"))
    return schema


def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.match(value):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.match(value))


@lru_cache(maxsize=1)
def validator():
    """A Draft 4 validator of release packages, with strict date-time and uri formats."""
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry
    from referencing.jsonschema import DRAFT4

    checker = FormatChecker()
    checker.checks("date-time")(_date_time)
    checker.checks("uri")(_uri)
    registry = Registry().with_resource(RELEASE_SCHEMA_URI, DRAFT4.create_resource(release_schema()))
    package = _load(SCHEMA / "release-package-schema-1.1.5.json")
    return Draft4Validator(package, registry=registry, format_checker=checker)


def errors(package: dict) -> list[str]:
    """Every way ``package`` breaks the schema, as 'path: message' lines (empty when valid)."""
    out = []
    for error in sorted(validator().iter_errors(package), key=lambda e: list(map(str, e.absolute_path))):
        path = "/".join(str(p) for p in error.absolute_path) or "(package)"
        out.append(f"{path}: {error.message}")
    return out


def declared_extensions() -> list[str]:
    """The extension URLs the package declares: those whose fields it uses, and the UK extension's dependencies."""
    return [url for _, url, declared in EXTENSIONS if declared and url is not None]   # only OWN has no URL, undeclared

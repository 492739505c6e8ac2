"""Offline validation of a release package against OCDS 1.1.5 and the extensions used.

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

# (folder under schema/extensions, the URL an OCDS package declares for it, or None)
EXTENSIONS = [
    ("lots", "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/master/extension.json"),
    ("awardCriteria",
     "https://raw.githubusercontent.com/open-contracting-extensions/ocds_awardCriteria_extension/master/extension.json"),
    ("uk", "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json"),
    ("document_integrity", None),   # tenderpack's own: Document.integrity (no public URL to declare)
]

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
def release_schema() -> dict:
    """The OCDS 1.1.5 release schema with every extension applied."""
    schema = _load(SCHEMA / "release-schema-1.1.5.json")
    for folder, _ in EXTENSIONS:
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
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    checker = FormatChecker()
    checker.checks("date-time")(_date_time)
    checker.checks("uri")(_uri)
    registry = Registry().with_resource(RELEASE_SCHEMA_URI, Resource(contents=release_schema(), specification=DRAFT4))
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
    """The extension URLs a package declares."""
    return [url for _, url in EXTENSIONS if url]

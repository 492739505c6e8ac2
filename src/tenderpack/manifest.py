"""The manifest of a pack (manifest.json): what was built, from what, and every file's hash.

A build describes itself here in two steps: ``describe_build`` before anything is rendered
(the spec, plugins, templates and libraries that decide the bytes), ``complete`` once the
documents are composed and linted (the clauses used and the plain-English results). The
staging step adds the files and their hashes when it commits the pack.

``not_a_pack`` says whether a folder is a pack that tenderpack wrote and may replace: its
manifest carries our generator key and schema version, and it lists every file in the folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from typing import Any

from . import __version__

MANIFEST = "manifest.json"
GENERATOR = "tenderpack"
MANIFEST_VERSION = 1
SIGNATURE = f"{MANIFEST}.minisig"   # minisign's own name for it, so `minisign -Vm manifest.json` finds it
# Files a pack may hold beside those its manifest lists: the manifest itself and its signature.
UNLISTED = (MANIFEST, SIGNATURE)


def describe_build(*, spec_file: str, spec_sha256: str, reference: str, title: str,
                   documents: list, artifacts: list, plugins: list, templates: list,
                   libraries: dict, formats: list[str], waivers: list, warnings: list) -> dict[str, Any]:
    """The manifest's first half: everything known before rendering."""
    return {
        "tenderpack": __version__,
        "reference": reference,
        "title": title,
        "spec": {"file": spec_file, "sha256": spec_sha256},
        "documents": [{"id": d.id, "title": d.title, "plugin": d.plugin, "audience": d.audience}
                      for d in documents],
        "artifacts": [{"id": a.id, "title": a.title, "plugin": a.plugin, "audience": a.audience,
                       "format": a.format} for a in artifacts],
        # Everything that decides the bytes, so a later reader can rebuild the same pack.
        "plugins": plugins,
        "templates": templates,
        "libraries": libraries,
        "formats": formats,
        "waivers": waivers,
        "warnings": warnings,
    }


def complete(manifest: dict[str, Any], sources: dict[str, list[dict]], lint_report) -> dict[str, Any]:
    """The manifest's second half: each document's sources, the clauses used, the lint results."""
    for entry in manifest["documents"]:
        if sources.get(entry["id"]):
            entry["sources"] = sources[entry["id"]]
    manifest["clauses"] = clauses_used(sources)
    manifest["plain_language"] = {"passed": lint_report.passed, "documents": [
        {"id": d.id, "audience": d.audience, "gated": d.gated, "passed": d.passed,
         "reading_ease": d.metrics["reading_ease"], "grade": d.metrics["grade"]} for d in lint_report.documents]}
    return manifest


def clauses_used(sources: dict[str, list[dict]]) -> list[dict]:
    """Each clause used anywhere in the pack, once, with its version and hash."""
    seen: dict[str, dict] = {}
    for entries in sources.values():
        for entry in entries:
            if "clause" in entry:
                seen.setdefault(entry["clause"], {k: entry.get(k) for k in ("clause", "version", "sha256", "source")})
    return sorted(seen.values(), key=lambda e: e["clause"])


def stamped(manifest: dict[str, Any], files: list[dict]) -> dict[str, Any]:
    """The manifest as a pack holds it: marked as ours (see not_a_pack), with its files."""
    return {"generator": GENERATOR, "manifest_version": MANIFEST_VERSION, **manifest, "files": files}


def to_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------- is it ours?


def not_a_pack(folder: Path) -> str | None:
    """None when ``folder`` is a pack tenderpack wrote, with nothing else in it; else why not.

    Only such a folder may be replaced by a build: anything else in it would be deleted.
    """
    where = folder / MANIFEST
    if where.is_symlink() or not where.is_file():
        return f"it holds no {MANIFEST}"
    try:
        data = json.loads(where.read_bytes()[: 64 * 1024 * 1024].decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return f"its {MANIFEST} cannot be read as JSON"
    if not isinstance(data, dict) or not _ours(data):
        return f"its {MANIFEST} was not written by tenderpack"
    listed = _listed(data.get("files"))
    if listed is None:
        return f"its {MANIFEST} does not list its files"
    extra = sorted(_present(folder) - listed - set(UNLISTED))
    if extra:
        more = f" and {len(extra) - 3} more" if len(extra) > 3 else ""
        return f"it holds files its {MANIFEST} does not list ({', '.join(extra[:3])}{more})"
    return None


def _ours(data: dict) -> bool:
    if data.get("generator") == GENERATOR:
        return data.get("manifest_version") == MANIFEST_VERSION
    # Packs written before the generator key: the version string, the spec and the documents.
    return (isinstance(data.get("tenderpack"), str) and isinstance(data.get("spec"), dict)
            and isinstance(data.get("documents"), list) and "manifest_version" not in data)


def _listed(files: Any) -> set[str] | None:
    if not isinstance(files, list):
        return None
    paths = set()
    for entry in files:
        path = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(path, str) or not path:
            return None
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts:
            return None
        paths.add(pure.as_posix())
    return paths


def _present(folder: Path) -> set[str]:
    """Every entry under ``folder`` that is not a folder of files: files, links, empty folders."""
    found: set[str] = set()
    for root, dirs, names in os.walk(folder):
        base = Path(root)
        for name in list(dirs):
            path = base / name
            if path.is_symlink() or not any(path.iterdir()):
                found.add(path.relative_to(folder).as_posix())   # never walk into a link; an empty folder is not ours
                dirs.remove(name)
        found.update((base / name).relative_to(folder).as_posix() for name in names)
    return found

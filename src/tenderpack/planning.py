"""Planning a pack: which documents and other files the plugins register for this spec.

Kept apart from composing (compose.py) so that ``tenderpack validate``, which only plans,
never imports the transforms or the clause library.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import Any

from .artifacts import Artifact
from .documents import DocumentType
from .errors import InputError, PluginError
from .plugins import Plugins
from .spec import Spec


def plan(spec: Spec, plugins: Plugins, only: list[str] | tuple[str, ...] = ()) -> list[DocumentType]:
    """The documents of the pack, in order; ``only`` narrows them to the ids given."""
    found: dict[str, DocumentType] = {}
    for plugin, doc in plugins.collect("register_documents", lambda d: isinstance(d, DocumentType),
                                       "a tenderpack.DocumentType", spec=spec):
        if doc.id in found:
            raise PluginError(plugin, "register_documents",
                              f"document id {doc.id!r} is already registered by plugin {found[doc.id].plugin!r}")
        found[doc.id] = DocumentType(**{**_fields(doc), "plugin": plugin})
    documents = sorted(found.values(), key=lambda d: (d.order, d.id))
    if only:
        artifact_ids = {a.id for _, a in plugins.collect("register_artifacts", lambda a: isinstance(a, Artifact),
                                                        "a tenderpack.Artifact", spec=spec)}
        unknown = [d for d in only if d not in found and d not in artifact_ids]
        if unknown:
            raise InputError(f"--only: no document called {', '.join(map(repr, unknown))}; "
                             f"this pack has: {', '.join(d.id for d in documents)}")
        documents = [d for d in documents if d.id in only]
    return documents


def plan_artifacts(spec: Spec, plugins: Plugins, only: list[str] | tuple[str, ...] = (),
                   document_ids: AbstractSet[str] = frozenset()) -> list[Artifact]:
    """The non-document files of the pack; ``only`` keeps those whose id it names."""
    found: dict[str, Artifact] = {}
    for plugin, item in plugins.collect("register_artifacts", lambda a: isinstance(a, Artifact),
                                        "a tenderpack.Artifact", spec=spec):
        if item.id in found or item.id in document_ids:
            owner = found[item.id].plugin if item.id in found else "a document"
            raise PluginError(plugin, "register_artifacts", f"id {item.id!r} is already used by {owner!r}")
        found[item.id] = replace(item, plugin=plugin)
    items = sorted(found.values(), key=lambda a: (a.order, a.id))
    return [a for a in items if a.id in only] if only else items


def _fields(doc: DocumentType) -> dict[str, Any]:
    return {name: getattr(doc, name) for name in DocumentType.__dataclass_fields__}

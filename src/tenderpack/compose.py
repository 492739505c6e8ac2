"""From a spec and the loaded plugins to document trees, ready for the writers."""

from __future__ import annotations

import weakref
from dataclasses import replace
from typing import Any

from . import __version__, text
from .artifacts import Artifact
from .documents import DocumentType
from .errors import BuildError, InputError, PluginError
from .plugins import Plugins
from .spec import Spec
from .transforms import apply as apply_transforms
from .tree import Document, Section, check_blocks

ENGINE_CONTEXT = ("title", "reference", "document_title", "subtitle", "buyer", "buyers", "date",
                  "date_iso", "audience", "layout", "language", "generator", "logo", "body", "toc")


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
                   document_ids: set[str] = frozenset()) -> list[Artifact]:
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


def base_context(spec: Spec, doc: DocumentType) -> dict[str, Any]:
    """The variables every template can use; plugins add more through template_context."""
    return {
        "title": spec.title,
        "reference": spec.reference,
        "document_title": doc.title,
        "subtitle": doc.description or None,
        "buyer": spec.buyer.lead.name,
        "buyers": [a.name for a in spec.authorities],
        "date": text.date(spec.document_date),
        "date_iso": spec.document_date.isoformat(),
        "audience": doc.audience,
        "layout": doc.layout,
        "language": "en-GB",
        "generator": f"tenderpack {__version__}",
    }


_DEFAULT_LIBRARIES: "weakref.WeakKeyDictionary[Plugins, tuple[Spec, Any]]" = weakref.WeakKeyDictionary()


def default_library(spec: Spec, plugins: Plugins):
    """The clauses of ``spec`` from the built-in library and the plugins' folders (cached).

    Used when compose() is not given a library: a build passes its own, loaded once with
    the --clauses, --allow-draft and --strict options.
    """
    from .library import load_library

    cached = _DEFAULT_LIBRARIES.get(plugins)
    if cached is not None and cached[0] is spec:
        return cached[1]
    pack = load_library(plugins).for_spec(spec)
    _DEFAULT_LIBRARIES[plugins] = (spec, pack)
    return pack


def compose(spec: Spec, plugins: Plugins, doc: DocumentType, library=None) -> Document:
    """Gather every plugin's sections for ``doc``, and the library's clauses placed in it;
    order them and run the transforms.

    ``library`` is the pack's clauses (``Library.for_spec(spec)``); left out, the built-in
    library and the plugins' clause folders are used.
    """
    if library is None:
        library = default_library(spec, plugins)
    clauses = library.infos()
    sections: list[Section] = []
    for plugin, result in plugins.call("document_sections", expect=lambda r: isinstance(r, list),
                                       expected="a list of tenderpack.Section",
                                       spec=spec, document=doc, clauses=clauses):
        for i, section in enumerate(result):
            if not isinstance(section, Section):
                raise PluginError(plugin, "document_sections",
                                  f"item {i} for {doc.id!r} is a {type(section).__name__}, not a tenderpack.Section")
            problem = check_blocks(section.blocks, f"section {section.title!r} blocks")
            if problem:
                raise PluginError(plugin, "document_sections", problem)
        sections.extend(result)
    sections.extend(library.sections_for(doc.id))
    if not sections:
        raise BuildError(f"document {doc.id!r} (from plugin {doc.plugin!r}) has no content: no plugin gave it a section")
    sections.sort(key=lambda s: s.order)  # stable: plugins keep their load order on ties

    context = base_context(spec, doc)
    owners: dict[str, str] = {}
    for plugin, extra in plugins.call("template_context", expect=lambda r: isinstance(r, dict),
                                      expected="a dict of template variables", spec=spec, document=doc):
        for key, value in extra.items():
            if key in ENGINE_CONTEXT:
                raise PluginError(plugin, "template_context", f"{key!r} is one of the engine's own template variables")
            if key in owners:
                raise PluginError(plugin, "template_context", f"{key!r} is already given by plugin {owners[key]!r}")
            owners[key] = plugin
            context[key] = value

    document = Document(id=doc.id, title=doc.title, sections=sections, audience=doc.audience,
                        subtitle=doc.description or None, toc=doc.toc and doc.layout == "full", context=context)
    apply_transforms(document)
    document.sources = _numbered(library.sources_for(doc.id), document)
    return document


def _numbered(sources: list[dict], document: Document) -> list[dict]:
    """Add each clause's number in the finished document to its provenance record."""
    from .transforms.numbering import clause_numbers

    numbers: dict[str, str] = {}
    for section in document.sections:
        numbers.update(clause_numbers(section.blocks))
    return [{**entry, "number": numbers.get(entry["clause"])} for entry in sources]

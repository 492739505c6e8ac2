"""From a spec and the loaded plugins to document trees, ready for the writers."""

from __future__ import annotations

import weakref
from typing import Any

from . import __version__, text
from .documents import DocumentType
from .errors import BuildError, PluginError
from .plugins import Plugins
from .spec import Spec
from .planning import plan, plan_artifacts  # noqa: F401  (re-exported: compose's callers plan too)
from .transforms import apply as apply_transforms
from .tree import Document, Section, check_blocks

ENGINE_CONTEXT = ("title", "reference", "document_title", "subtitle", "buyer", "buyers", "date",
                  "date_iso", "audience", "layout", "language", "generator", "logo", "body", "toc")


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


def default_clauses(spec: Spec, plugins: Plugins):
    """The clauses of ``spec`` (PackClauses) from the built-in library and the plugins' folders (cached).

    Used when compose() is not given clauses: a build passes its own, loaded once with
    the --clauses, --allow-draft and --strict options.
    """
    from .library import load_library

    cached = _DEFAULT_LIBRARIES.get(plugins)
    if cached is not None and cached[0] is spec:
        return cached[1]
    pack = load_library(plugins).for_spec(spec)
    _DEFAULT_LIBRARIES[plugins] = (spec, pack)
    return pack


def compose(spec: Spec, plugins: Plugins, doc: DocumentType, clauses=None) -> Document:
    """Gather every plugin's sections for ``doc``, and the library's clauses placed in it;
    order them and run the transforms.

    ``clauses`` are the pack's clauses (``Library.for_spec(spec)``, a PackClauses); left out,
    the built-in library and the plugins' clause folders are used.
    """
    if clauses is None:
        clauses = default_clauses(spec, plugins)
    sections: list[Section] = []
    for plugin, result in plugins.call("document_sections", expect=lambda r: isinstance(r, list),
                                       expected="a list of tenderpack.Section",
                                       spec=spec, document=doc, clauses=clauses.infos()):
        for i, section in enumerate(result):
            if not isinstance(section, Section):
                raise PluginError(plugin, "document_sections",
                                  f"item {i} for {doc.id!r} is a {type(section).__name__}, not a tenderpack.Section")
            problem = check_blocks(section.blocks, f"section {section.title!r} blocks")
            if problem:
                raise PluginError(plugin, "document_sections", problem)
        sections.extend(result)
    sections.extend(clauses.sections_for(doc.id))
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
    document.sources = _numbered(clauses.sources_for(doc.id), document)
    return document


def _numbered(sources: list[dict], document: Document) -> list[dict]:
    """Add each clause's number in the finished document to its provenance record."""
    from .transforms.numbering import clause_numbers

    numbers: dict[str, str] = {}
    for section in document.sections:
        numbers.update(clause_numbers(section.blocks))
    return [{**entry, "number": numbers.get(entry["clause"])} for entry in sources]

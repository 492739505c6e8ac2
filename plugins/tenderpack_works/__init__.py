"""Works contracts under NEC4 or JCT: the buyer's contract data and amendments, never the form itself.

When the spec names an NEC4 or JCT form (``contract:``), the pack does not carry tenderpack's own
draft contract (the contract plugin leaves it out): bidders sign the form named, with its edition and
Options. NEC4 and JCT texts are copyright, so the pack names the form, says that bidders need their
own copy, and adds one document of what the buyer writes into it: for NEC4, "Contract Data part one
and Z clauses"; for JCT, "Contract Particulars and schedule of amendments". A government model
contract (Short Form, Mid-tier, Model Services) is the buyer's own attached file, so it needs no
document here. For a framework, the form is that of each call-off contract: the entries a call-off
fills in (its Client, its dates) are marked so, the rest hold for every call-off.

A first-party plugin that uses only the public ``tenderpack`` API, as an outside plugin would.
"""

from __future__ import annotations

import tenderpack
from tenderpack import DocumentType, hookimpl

CONTRACT_DATA = "contract-data"


def _form(spec: tenderpack.Spec):
    """The NEC4 or JCT form the spec names, or None (no form, or a model contract the buyer attaches)."""
    form = spec.contract
    return form if form is not None and form.data_name is not None else None


@hookimpl
def register_documents(register: tenderpack.RegisterDocument, spec: tenderpack.Spec) -> None:
    form = _form(spec)
    if form is None:
        return
    # For a framework, each call-off contract is on the form, with its own data filled in at the call-off.
    each = "each call-off contract on " if tenderpack.text.is_framework(spec) else ""
    register(DocumentType(
        id=CONTRACT_DATA, title=form.data_name, order=600,
        description=f"Our data for {each}the {form.name} ({form.edition}) and our {form.amendment_word}s. The form "
                    "itself is not in the pack: you need your own copy."))


@hookimpl
def document_sections(spec: tenderpack.Spec, document: DocumentType) -> list[tenderpack.Section] | None:
    if document.id != CONTRACT_DATA or _form(spec) is None:
        return None
    from . import document as built

    return built.sections(spec)

"""Tender at a glance: one or two pages for a small firm deciding whether to bid.

Written for the SME pack (folder "sme"): short sentences, "you" and "we", no jargon.
"""

from __future__ import annotations

import tenderpack
from tenderpack import DocumentType, hookimpl

from . import glance

TENDER_AT_A_GLANCE = "tender-at-a-glance"


@hookimpl
def register_documents(register, spec: tenderpack.Spec) -> None:
    register(DocumentType(
        id=TENDER_AT_A_GLANCE, title="Tender at a glance", audience="sme", order=50, folder="sme", toc=False, layout="brief"))


@hookimpl
def document_sections(spec: tenderpack.Spec, document: DocumentType) -> list[tenderpack.Section] | None:
    if document.id == TENDER_AT_A_GLANCE:
        return glance.sections(spec)
    return None

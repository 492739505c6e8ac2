"""Adds a long, jargon-filled clause to Tender at a glance: the SME gate must stop the build."""

from tenderpack import Clause, Paragraph, Section, hookimpl

JARGON = ("In order to facilitate a robust and streamlined procurement, bidders shall utilise the portal "
          "prior to the deadline and liaise with the authority going forward in respect of all matters arising.")


@hookimpl
def document_sections(spec, document):
    if document.id == "tender-at-a-glance":
        return [Section("Small print", [Clause("Portal use", [Paragraph.of(JARGON)], key="jargon:portal")],
                        order=95, key="jargon:small-print")]
    return None

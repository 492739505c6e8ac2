"""A plugin that returns the wrong type from a hook."""

from tenderpack import hookimpl


@hookimpl
def document_sections(spec, document):
    return "not a list of sections"

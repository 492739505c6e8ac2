"""A plugin whose hook name is misspelt: it must fail loudly, not be ignored."""

from tenderpack import hookimpl


@hookimpl
def document_section(spec, document):
    return []

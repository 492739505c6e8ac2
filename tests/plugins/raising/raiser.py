"""A plugin that fails inside a hook."""

from tenderpack import hookimpl


@hookimpl
def document_sections(spec, document):
    raise RuntimeError("the clause server is down")

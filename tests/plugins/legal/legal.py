"""A legal team's plugin, as tests load it with --plugins-dir: it ships a folder of clauses.

It also takes the ``clauses`` argument of document_sections, to show that a plugin can
read which library clauses apply to the build.
"""

from pathlib import Path

from tenderpack import ClauseSource, hookimpl

SEEN: list = []


@hookimpl
def register_clause_sources(register):
    register(ClauseSource(Path(__file__).parent / "clauses", name="test-legal", prefix="legal"))


@hookimpl
def document_sections(spec, document, clauses):
    SEEN.append((document.id, clauses))
    return None

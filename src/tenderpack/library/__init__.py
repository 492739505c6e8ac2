"""The clause library: governed, plain-English clauses that legal teams extend without code.

A clause is a Markdown file with YAML front matter (see docs/clauses.md). Sources, in
order of precedence: the built-in ``clauses/`` folder, the folders plugins register through
``register_clause_sources``, then ``--clauses`` folders.

    library = load_library(plugins, dirs, allow_draft=False, strict=False)   # checks everything
    pack = library.for_spec(spec)            # which clauses apply, rendered and checked
    pack.sections_for("draft-contract")      # sections of clauses for compose()
"""

from .resolve import (ClauseInfo, Decision, Library, PackClauses, builtin_source, load_library,
                      plugin_sources)
from .model import ClauseError, ClauseFile, ClauseRefused, ClauseSource, Meta, Placement, SectionSpec

__all__ = ["ClauseError", "ClauseFile", "ClauseInfo", "ClauseRefused", "ClauseSource", "Decision", "Library",
           "Meta", "PackClauses", "Placement", "SectionSpec", "builtin_source", "load_library", "plugin_sources"]

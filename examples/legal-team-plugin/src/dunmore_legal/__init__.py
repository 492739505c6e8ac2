"""Dunmore City Council's clauses for tenderpack, shipped as a plugin package.

Installing the package is enough: tenderpack finds it through the "tenderpack" entry-point
group declared in pyproject.toml, and this hook adds the package's clause folder to the
clause library.
"""

from pathlib import Path

import tenderpack

__version__ = "1.2.0"


@tenderpack.hookimpl
def register_clause_sources(register):
    register(tenderpack.ClauseSource(Path(__file__).parent / "clauses", name="Dunmore legal", prefix="dunmore"))

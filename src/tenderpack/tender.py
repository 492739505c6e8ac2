"""A loaded tender: the spec read and located, the plugins, and what they make of it.

Every command starts here (validate, lint, build, the clauses commands; the web page will
too), so that a spec is read, checked, planned and composed the same way wherever it is used.
Each step is done when first asked for: ``validate`` plans and never composes.
"""

from __future__ import annotations

from collections.abc import Sequence, Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .plugins import Plugins
from .reader import Positions, read_located
from .rules import CheckReport, check_spec
from .spec import Spec


@dataclass
class Tender:
    """One specification file with the plugins that will build it."""

    path: Path
    spec: Spec
    positions: Positions
    plugins: Plugins
    _checks: CheckReport | None = field(default=None, repr=False)

    @classmethod
    def load(cls, path: str | Path, plugins: Plugins | None = None,
             plugins_dirs: Sequence[Path] = ()) -> "Tender":
        """Read and validate the spec (SpecError, located, on bad input) and load the plugins."""
        path = Path(path)
        spec, positions = read_located(path)
        return cls(path, spec, positions, plugins if plugins is not None else Plugins(tuple(plugins_dirs)))

    def checks(self) -> CheckReport:
        """Every plugin's rules on the spec (run once)."""
        if self._checks is None:
            self._checks = check_spec(self.spec, self.plugins, self.positions, str(self.path))
        return self._checks

    def plan(self, only: Sequence[str] = ()) -> list:
        """The documents of the pack, in order (DocumentType), narrowed to ``only``."""
        from .planning import plan

        return plan(self.spec, self.plugins, tuple(only))

    def artifacts(self, only: Sequence[str] = (), document_ids: AbstractSet[str] = frozenset()) -> list:
        """The pack's other files (Artifact): spreadsheet, calendar, notice..."""
        from .planning import plan_artifacts

        return plan_artifacts(self.spec, self.plugins, tuple(only), document_ids)

    def clauses(self, clause_dirs: Sequence[Path] = (), allow_draft: bool = False, strict: bool = False):
        """The clause library (built-in, plugins', --clauses folders) chosen for this spec."""
        from .library import load_library

        return load_library(self.plugins, tuple(clause_dirs), allow_draft=allow_draft,
                            strict=strict).for_spec(self.spec)

    def compose(self, documents: list, clauses: Any = None) -> dict[str, Any]:
        """Each document's tree (Document) by id, with its clauses placed and transforms run."""
        from .compose import compose

        return {doc.id: compose(self.spec, self.plugins, doc, clauses=clauses) for doc in documents}

    def writers(self, formats: Sequence[str]) -> dict[str, Any]:
        """The writers for ``formats``; InputError naming any format no plugin writes."""
        writers = self.plugins.writers()
        unknown = [f for f in formats if f not in writers]
        if unknown:
            raise InputError(f"--format: unknown format {', '.join(map(repr, unknown))}; "
                             f"available: {', '.join(sorted(writers))}")
        return writers

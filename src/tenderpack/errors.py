"""Typed errors. Library code raises these; only cli.py turns them into messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file, a line and column (1-based) and a field path."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.line, self.column) if p is not None]
        where = ":".join(str(p) for p in parts)
        if self.path:
            return f"{where}: {self.path}" if where else self.path
        return where


@dataclass(frozen=True)
class Issue:
    """One located message."""

    where: Location
    message: str

    def __str__(self) -> str:
        where = str(self.where)
        return f"{where}: {self.message}" if where else self.message


class TenderpackError(Exception):
    """Base of every error tenderpack reports to a user."""

    exit_code = 1


class InputError(TenderpackError):
    """Bad input from the user (exit code 2). Carries every problem found, not just the first."""

    exit_code = 2

    def __init__(self, issues: list[Issue] | str):
        if isinstance(issues, str):
            issues = [Issue(Location(), issues)]
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


class SpecError(InputError):
    """The specification file cannot be read or is not valid."""


class PluginError(TenderpackError):
    """A plugin failed: raised, returned the wrong type, or clashed with another plugin."""

    def __init__(self, plugin: str, hook: str, message: str):
        self.plugin, self.hook = plugin, hook
        super().__init__(f"plugin {plugin!r} failed in hook {hook}: {message}")


class WriterError(TenderpackError):
    """A writer could not produce a file."""


class BuildError(TenderpackError):
    """The build failed for another reason (for example the output folder cannot be written)."""

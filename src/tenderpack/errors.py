"""Typed errors, every one of them here. Library code raises these; only cli.py turns them
into messages and exit codes (0 built, 1 the build failed, 2 bad input)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
    # Set on an error re-raised from a worker process: its traceback there, for --traceback.
    worker_traceback: str | None = None


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


class ClauseError(InputError):
    """The clause library has problems: every one is listed with its file and line."""


class ClauseRefused(InputError):
    """A clause file or a clause's rendering was refused: not a regular file inside its folder,
    or over a limit of tenderpack.limits (named in the message).

    Unlike a ClauseError it is raised at once and never listed with a library's other
    problems: even ``tenderpack clauses check`` stops, with exit code 2.
    """


class RulesError(InputError):
    """The spec breaks a rule (or, with --strict, has warnings): nothing is written. Exit code 2."""

    def __init__(self, report: Any, strict: bool = False):   # a rules.CheckReport (this module imports nothing)
        self.report, self.strict = report, strict
        shown = report.problems if strict else report.errors
        issues = [Issue(p.where, f"{p.severity} [{p.code}] {p.message}" + (f" ({p.source})" if p.source else ""))
                  for p in shown]
        super().__init__(issues)


class RuleFailuresError(TenderpackError):
    """A rule plugin raised: the spec could not be fully checked, so nothing is written. Exit code 1."""

    def __init__(self, report: Any):   # a rules.CheckReport
        self.report = report
        super().__init__("\n".join(str(f) for f in report.failures))


class PlainLanguageError(BuildError):
    """A document for small firms misses its plain-English thresholds: nothing is written (exit 1)."""

    def __init__(self, report: Any):   # a lint.LintReport
        self.report = report
        docs = ", ".join(f"{d.path or d.id} ({d.title})" for d in report.gate_failures)
        verb = "misses" if len(report.gate_failures) == 1 else "miss"
        lines = [f"plain English: {docs} {verb} the thresholds for small firms; nothing was written",
                 *report.problems()]
        super().__init__("\n".join(lines))


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived during a build. A KeyboardInterrupt, so it stops the build as Ctrl-C does."""


def exited(exc: SystemExit) -> str:
    """A plugin's sys.exit() in words: a plugin fails by raising; it never ends the program."""
    return f"it called sys.exit({exc.code!r}); a plugin must raise an error instead of ending the program"

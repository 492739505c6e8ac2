"""What a rule is, what it finds, and the runner that checks a spec against every rule.

The engine knows no procurement policy: the rules themselves live in plugins (the
first-party ones too), registered through ``register_rules``, and each names its source,
such as a section of the Act. The runner:

- gathers the rules from every plugin (a plugin whose registration raises is named, and
  the other plugins' rules are still gathered);
- runs each rule on the spec (a rule that raises is named, and the other rules still run);
- locates each finding in the spec file (file:line:col and the field path);
- applies the spec's waivers: a warning can be waived with a written reason; a waiver for
  a rule that does not exist, or for an error, is itself an error at ``waivers[i].rule``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, Protocol

from .errors import InputError, Issue, Location, RuleFailuresError, RulesError, TenderpackError, exited  # noqa: F401

if TYPE_CHECKING:
    from .positions import Positions
    from .spec import Spec


class Hooks(Protocol):
    """What the rules need of the loaded plugins (tenderpack.plugins.Plugins is one): the
    implementations of a hook. Named by what it does, so the rules never import the plugin
    manager that loads them."""

    def implementations(self, hook: str) -> Iterator[tuple[str, Callable[..., Any], tuple[str, ...]]]: ...

Severity = Literal["error", "warning"]
PathT = tuple[str | int, ...]
SEVERITIES = ("error", "warning")
_CODE = re.compile(r"^[A-Z][A-Z0-9]*(?:[-.][A-Z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule found: a message in plain words, at a field path of the spec.

    ``path`` is a tuple such as ``("timetable", "tender_deadline")`` or ``("lots", "items", 0)``
    (a string like ``"timetable.tender_deadline"`` is accepted too).
    """

    message: str
    path: PathT | str = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """A check of the spec.

    ``code`` is stable and unique (a spec waives a warning by its code); ``severity`` is
    "error" (the build stops) or "warning" (reported; ``--strict`` stops on it too);
    ``title`` says what the rule wants in a few words; ``source`` says where the rule comes
    from ("Procurement Act 2023 s.54", "PPN 002"); ``check(spec)`` yields Findings.
    """

    code: str
    severity: Severity
    title: str
    source: str
    check: Callable[..., Iterable[Finding]]
    plugin: str = field(default="", compare=False)


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Problem:
    """A finding of one rule, located in the spec file."""

    code: str
    severity: Severity
    message: str
    where: Location
    title: str = ""
    source: str = ""
    plugin: str = ""
    waived: str | None = None   # the reason, when a waiver covers it

    def __str__(self) -> str:
        where = str(self.where)
        text = f"[{self.code}] {self.message}" + (f" ({self.source})" if self.source else "")
        return f"{where}: {text}" if where else text

    def to_data(self) -> dict[str, Any]:
        data = {"code": self.code, "severity": self.severity, "message": self.message,
                "path": self.where.path, "line": self.where.line, "column": self.where.column,
                "title": self.title, "source": self.source, "plugin": self.plugin}
        if self.waived is not None:
            data["waived"] = self.waived
        return data


@dataclass(frozen=True)
class RuleFailure:
    """A rule (or a plugin's registration of rules) that raised instead of answering."""

    plugin: str
    code: str
    message: str

    def __str__(self) -> str:
        if self.code == "register_rules":
            return f"plugin {self.plugin!r} failed in hook register_rules: {self.message}"
        return f"rule {self.code} from plugin {self.plugin!r} failed: {self.message}"


@dataclass
class CheckReport:
    """Everything the rules found in one spec."""

    file: str
    rules: list[Rule]
    problems: list[Problem] = field(default_factory=list)   # not waived, errors first
    waived: list[Problem] = field(default_factory=list)
    failures: list[RuleFailure] = field(default_factory=list)
    waivers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def stops(self, strict: bool = False) -> bool:
        """Whether a build must stop: on errors; with ``strict``, on warnings too."""
        return bool(self.errors or (strict and self.warnings))

    def to_data(self) -> dict[str, Any]:
        return {"rules": len(self.rules), "errors": [p.to_data() for p in self.errors],
                "warnings": [p.to_data() for p in self.warnings],
                "failures": [str(f) for f in self.failures], "waivers": self.waivers}


# ----------------------------------------------------------------------------- gathering


def _failed(exc: BaseException) -> str:
    return exited(exc) if isinstance(exc, SystemExit) else f"{type(exc).__name__}: {exc}"


def collect_rules(plugins: Hooks) -> tuple[list[Rule], list[RuleFailure]]:
    """Every plugin's rules, in load order. Failures are named; the other plugins still register.

    A rule code used twice is a failure of the second plugin (the first rule is kept).
    """
    rules: list[Rule] = []
    failures: list[RuleFailure] = []
    owners: dict[str, str] = {}
    for name, function, argnames in plugins.implementations("register_rules"):
        mine: list[Rule] = []

        def register(rule: Any, _plugin: str = name, _mine: list[Rule] = mine) -> None:
            if not isinstance(rule, Rule):
                raise TypeError(f"registered a {type(rule).__name__}; expected a tenderpack.Rule")
            problem = _bad_rule(rule)
            if problem:
                raise ValueError(problem)
            _mine.append(Rule(rule.code, rule.severity, rule.title, rule.source, rule.check, plugin=_plugin))

        try:
            function(**{k: v for k, v in {"register": register}.items() if k in argnames})
        except Exception as exc:
            failures.append(RuleFailure(name, "register_rules", f"{type(exc).__name__}: {exc}"))
        for rule in mine:   # what was registered before a raise still counts
            if rule.code in owners:
                failures.append(RuleFailure(name, "register_rules",
                                            f"rule code {rule.code!r} is already used by plugin {owners[rule.code]!r}"))
                continue
            owners[rule.code] = name
            rules.append(rule)
    return rules, failures


def _bad_rule(rule: Rule) -> str | None:
    if not _CODE.match(rule.code or ""):
        return f"rule code {rule.code!r} must be upper-case letters and digits joined by '-' or '.', such as 'PA23-S54-TENDER-PERIOD'"
    if rule.severity not in SEVERITIES:
        return f"rule {rule.code}: severity must be 'error' or 'warning', not {rule.severity!r}"
    if not callable(rule.check):
        return f"rule {rule.code}: check must be a function of the spec"
    if not (rule.title and rule.source):
        return f"rule {rule.code}: give a title and a source (such as 'Procurement Act 2023 s.54')"
    return None


# ----------------------------------------------------------------------------- running


def run_rules(spec: "Spec", rules: list[Rule], positions: "Positions | None" = None,
              file: str = "", failures: list[RuleFailure] | None = None) -> CheckReport:
    """Run every rule on ``spec`` and apply its waivers; findings are located through ``positions``."""
    from .positions import format_path, parse_path

    report = CheckReport(file, list(rules), failures=list(failures or []))

    def locate(path: PathT) -> Location:
        line, column = positions.find(path) if positions is not None else (None, None)
        return Location(file or None, line, column, format_path(path) or None)

    found: list[Problem] = []
    for rule in rules:
        try:
            findings = list(rule.check(spec) or ())
            for f in findings:
                if not isinstance(f, Finding):
                    raise TypeError(f"yielded a {type(f).__name__}; expected a tenderpack.Finding")
        except (Exception, SystemExit) as exc:   # a rule's sys.exit() is its failure, not the program's end
            report.failures.append(RuleFailure(rule.plugin, rule.code, _failed(exc)))
            continue
        for f in findings:
            path = parse_path(f.path) if isinstance(f.path, str) else tuple(f.path)
            found.append(Problem(rule.code, rule.severity, f.message, locate(path), rule.title, rule.source, rule.plugin))

    by_code = {r.code: r for r in rules}
    waived_codes: dict[str, str] = {}
    for i, waiver in enumerate(getattr(spec, "waivers", ()) or ()):
        here = ("waivers", i, "rule")
        waived = by_code.get(waiver.rule)
        if waived is None:
            import difflib   # only for this message

            close = difflib.get_close_matches(waiver.rule, list(by_code), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            found.append(Problem("WAIVER-UNKNOWN-RULE", "error", f"no rule has the code {waiver.rule!r}{hint}",
                                 locate(here), "A waiver names a rule that exists", "tenderpack"))
        elif waived.severity == "error":
            found.append(Problem("WAIVER-OF-ERROR", "error",
                                 f"{waiver.rule} is an error, and only warnings can be waived; fix the spec instead",
                                 locate(here), "Only warnings can be waived", "tenderpack"))
        elif waiver.rule in waived_codes:
            found.append(Problem("WAIVER-DUPLICATE", "error", f"{waiver.rule} is already waived above",
                                 locate(here), "One waiver per rule", "tenderpack"))
        else:
            waived_codes[waiver.rule] = waiver.reason

    for problem in found:
        reason = waived_codes.get(problem.code) if problem.severity == "warning" else None
        if reason is not None:
            report.waived.append(replace(problem, waived=reason))
        else:
            report.problems.append(problem)
    report.problems.sort(key=lambda p: (SEVERITIES.index(p.severity), p.where.line or 0, p.where.column or 0, p.code))
    for code, reason in waived_codes.items():
        rule = by_code[code]
        report.waivers.append({
            "rule": code, "reason": reason, "title": rule.title, "source": rule.source, "plugin": rule.plugin,
            "findings": [{"message": p.message, "path": p.where.path} for p in report.waived if p.code == code],
        })
    return report


def check_spec(spec: "Spec", plugins: Hooks, positions: "Positions | None" = None, file: str = "") -> CheckReport:
    """Run every plugin's rules on ``spec``."""
    rules, failures = collect_rules(plugins)
    return run_rules(spec, rules, positions, file, failures)



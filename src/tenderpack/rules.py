"""What a rule is, and what it finds. Rules come from plugins through ``register_rules``.

The engine knows no procurement policy: the rules themselves live in plugins (the
first-party ones too), and each names its source, such as a section of the Act.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
PathT = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule found: a message in plain words, at a field path of the spec."""

    message: str
    path: PathT = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """A check of the spec.

    ``code`` is stable and unique (a spec waives a warning by its code); ``source`` says
    where the rule comes from ("Procurement Act 2023 s.54"); ``check(spec)`` yields Findings.
    """

    code: str
    severity: Severity
    title: str
    source: str
    check: Callable[..., Iterable[Finding]]
    plugin: str = field(default="", compare=False)

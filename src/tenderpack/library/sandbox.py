"""The sandbox for clause conditions and placeholders, and their static check.

Clause bodies and ``applies_when`` conditions are Jinja2, run in an immutable sandbox where
the only variables are the spec's data: each part of the spec is a read-only ``Record``
whose attributes are its fields and nothing else. No Python is evaluated, no method can be
called and no global (``range``, ``dict``...) exists.

Before any build, every variable path in a body or condition is checked against the
``Spec`` model: an unknown variable, a field that does not exist or a syntax error is
reported with its file and line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from contextvars import ContextVar
from typing import Any

from jinja2 import StrictUndefined, nodes, pass_context
from jinja2.runtime import Undefined
from jinja2.parser import Parser
from pydantic import BaseModel

from .. import text as fmt
from ..spec import Spec
from .bounds import BoundedSandbox, RenderTimeout, TemplateLimitError, text_size, time_limit  # noqa: F401  (re-exported)

# ---------------------------------------------------------------------------- the data


class Record:
    """A read-only view of one part of the spec: its fields, by name, and nothing else."""

    __slots__ = ("_fields",)

    def __init__(self, fields: dict[str, Any]):
        object.__setattr__(self, "_fields", fields)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._fields[name]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the spec cannot be changed from a clause")

    def __contains__(self, name: object) -> bool:
        return name in self._fields

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"Record({', '.join(self._fields)})"


def _view(value: Any) -> Any:
    if isinstance(value, dict):
        return Record({k: _view(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_view(v) for v in value)
    if isinstance(value, Enum):
        return value.value
    return value


class LawFacts(BaseModel):
    """The ``law`` variable of a clause: which parts of the Procurement Act 2023 apply (tenderpack.law)."""

    public_contract: bool
    public_standard: bool     # a public contract that is not light-touch
    below_threshold: bool
    light_touch: bool
    kpi_duty: bool        # some contract of this procurement is over £5 million on its own
    kpi_duty_all: bool    # every contract is


def spec_view(spec: Spec) -> dict[str, Any]:
    """The variables a clause sees: every field of the spec, read-only, and ``law``: the regime."""
    from .. import law

    data = spec.model_dump(mode="python", by_alias=False, exclude={"schema_"})
    view = {k: _view(v) for k, v in data.items()}
    view["law"] = Record(law.regime(spec).facts())
    return view


# ---------------------------------------------------------------------------- output policy
# How a placeholder prints a value: here, beside the environment that calls it (finalize).

_values: ContextVar[list[str] | None] = ContextVar("tenderpack_clause_values", default=None)


class EmptyValue(ValueError):
    pass


def as_text(value: Any) -> str:
    """How a placeholder prints a value when no filter says otherwise."""
    if isinstance(value, Undefined):
        return str(value)  # StrictUndefined raises here
    if value is None:
        raise EmptyValue("a placeholder's field is empty in this spec; put it inside {% if ... %} "
                         "or give a fallback with | default('...')")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return fmt.datetime(value)
    if isinstance(value, dt.date):
        return fmt.date(value)
    if isinstance(value, (Decimal, float)):
        return fmt.number(value)
    if isinstance(value, tuple):
        raise EmptyValue("a placeholder printed a list; loop over it with {% for %}, or use | and_list")
    if isinstance(value, Record):
        raise EmptyValue("a placeholder printed a group of fields; name the field you want")
    return str(value)


@pass_context
def finalize(context, value: Any) -> str:
    text = as_text(value)
    values = _values.get()
    if values is None:
        return text
    values.append(text)
    return f"\ue000{len(values) - 1}\ue001"


# ---------------------------------------------------------------------------- the environment

SAFE_FILTERS = ("abs", "capitalize", "count", "default", "d", "first", "float", "int", "join", "last",
                "length", "list", "lower", "map", "max", "min", "reject", "rejectattr", "round",
                "replace", "select", "selectattr", "sort", "string", "sum", "title", "trim", "unique", "upper")

# Filters that keep a list a list (of the same things).
LIST_FILTERS = {"list", "sort", "unique", "reject", "select", "rejectattr", "selectattr"}
ITEM_FILTERS = {"first", "last", "min", "max"}


def _and_list(items) -> str:
    return fmt.join([str(i) for i in items])


# ---------------------------------------------------------------------------- the clause environment


class ClauseEnvironment(BoundedSandbox):
    """Only the spec's fields can be read; nothing can be called."""

    text_limit = "CLAUSE_MAX_TEXT"

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, Record) and not attr.startswith("_")

    def is_safe_callable(self, obj: Any) -> bool:
        return False


@lru_cache(maxsize=1)
def environment() -> ClauseEnvironment:
    env = ClauseEnvironment(undefined=StrictUndefined, autoescape=False, trim_blocks=True,
                            lstrip_blocks=True, keep_trailing_newline=True, finalize=finalize,
                            auto_reload=False, cache_size=0)
    env.globals.clear()
    env.filters = {name: env.filters[name] for name in SAFE_FILTERS}
    env.filters.update({
        "money": fmt.money, "date": fmt.date, "datetime": fmt.datetime, "time": fmt.time,
        "percent": fmt.percent, "number": fmt.number, "months": fmt.months, "and_list": _and_list,
    })
    return env


EXTRA_FILTERS = ("money", "date", "datetime", "time", "percent", "number", "months", "and_list")


# ---------------------------------------------------------------------------- parsing


TOO_DEEP = "brackets or tags are nested too deeply"


def parse_expression(source: str) -> nodes.Expr:
    """Parse a condition (raises jinja2.TemplateSyntaxError with the line)."""
    from jinja2 import TemplateSyntaxError

    env = environment()
    parser = Parser(env, source, state="variable")
    try:
        expr = parser.parse_expression()
    except RecursionError:   # the parser recurses once for each bracket inside another
        raise TemplateSyntaxError(TOO_DEEP, len(source) - len(source.lstrip("\n")) + 1, None, None) from None
    if not parser.stream.eos:
        raise TemplateSyntaxError(f"unexpected {parser.stream.current.value!r} after the condition",
                                  parser.stream.current.lineno, None, None)
    return expr


def compile_expression(expr: nodes.Expr, filename: str):
    """A callable of the variables that returns the condition's value."""
    from jinja2.environment import TemplateExpression

    env = environment()
    body = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=expr.lineno)]
    template = _from_ast(env, nodes.Template(body, lineno=1), filename)
    return TemplateExpression(template, False)


def compile_template(ast: nodes.Template, filename: str):
    return _from_ast(environment(), ast, filename)


def _from_ast(env, ast, filename: str):
    code = env.compile(ast, name=filename, filename=filename)
    return env.template_class.from_code(env, code, env.make_globals(None))


# ---------------------------------------------------------------------------- static check

# A type is ("model", cls), ("list", type), ("value", python type) or ANY.
ANY = ("any",)
ROOT = ("model", Spec)


def _type_of(annotation: Any) -> tuple:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _type_of(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _type_of(members[0]) if len(members) == 1 else ANY
    if origin in (list, tuple):
        args = typing.get_args(annotation)
        return ("list", _type_of(args[0]) if args else ANY)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    return ("value", annotation)


@lru_cache(maxsize=None)
def _fields(model: type[BaseModel]) -> dict[str, tuple]:
    return {name: _type_of(f.annotation) for name, f in model.model_fields.items() if name != "schema_"}


def _describe(t: tuple) -> str:
    if t[0] == "list":
        return "a list"
    if t[0] == "model":
        return "a group of fields"
    return "a single value"


class Checker:
    """Walks a parsed body or condition and reports every variable path the spec lacks.

    ``problems`` collects (line, message); ``paths`` the spec paths read (for explaining a
    condition's value).
    """

    def __init__(self):
        self.problems: list[tuple[int, str]] = []
        self.paths: list[str] = []
        self.scopes: list[dict[str, tuple]] = [{}]

    # -- names

    def _lookup(self, name: str) -> tuple | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def _bind(self, target: nodes.Node, t: tuple) -> None:
        if isinstance(target, nodes.Name):
            self.scopes[-1][target.name] = t
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, ANY)

    # -- statements

    def template(self, node: nodes.Node) -> None:
        self.stmt(node)

    def stmt(self, node: nodes.Node) -> None:
        if isinstance(node, (nodes.Macro, nodes.CallBlock, nodes.Include, nodes.Import, nodes.FromImport,
                             nodes.Extends, nodes.Block, nodes.FilterBlock)):
            tag = type(node).__name__.lower().replace("callblock", "call").replace("fromimport", "from")
            self.problems.append((node.lineno, f"{{% {tag} %}} is not allowed in a clause; use if, for and set"))
            return
        if isinstance(node, nodes.For):
            iterable = self.expr(node.iter)
            element = iterable[1] if iterable[0] == "list" else ANY
            if iterable[0] in ("model", "value"):
                self.problems.append((node.lineno, f"{_path(node.iter)} is {_describe(iterable)}, not a list: "
                                                   "it cannot be looped over"))
            self.scopes.append({"loop": ANY})
            self._bind(node.target, element)
            if node.test is not None:
                self.expr(node.test)
            for child in node.body:
                self.stmt(child)
            self.scopes.pop()
            for child in node.else_:
                self.stmt(child)
            return
        if isinstance(node, nodes.Assign):
            self._bind(node.target, self.expr(node.node))
            return
        if isinstance(node, nodes.AssignBlock):
            for child in node.body:
                self.stmt(child)
            self._bind(node.target, ("value", str))
            return
        if isinstance(node, nodes.With):
            self.scopes.append({})
            for target, value in zip(node.targets, node.values):
                self._bind(target, self.expr(value))
            for child in node.body:
                self.stmt(child)
            self.scopes.pop()
            return
        if isinstance(node, nodes.Expr):
            self.expr(node)
            return
        for child in node.iter_child_nodes():
            self.stmt(child)

    # -- expressions

    def expr(self, node: nodes.Node) -> tuple:
        if isinstance(node, nodes.Name):
            found = self._lookup(node.name)
            if found is not None:
                return found
            fields = {**_fields(Spec), "law": ("model", LawFacts)}
            if node.name in fields:
                self.paths.append(node.name)
                return fields[node.name]
            self.problems.append((node.lineno, _unknown(f"unknown variable {node.name!r}", node.name, fields)))
            return ANY
        if isinstance(node, nodes.Getattr):
            return self._member(node, self.expr(node.node), node.attr)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node)
            arg = node.arg
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                return self._member(node, base, arg.value)
            self.expr(arg)
            if base[0] == "list":
                return base[1] if not isinstance(arg, nodes.Slice) else base
            if base[0] == "value" and base[1] is str:
                return base  # a character or a slice of a string
            if base[0] in ("model", "value"):
                self.problems.append((node.lineno, f"{_path(node.node)} is {_describe(base)}; it cannot be indexed"))
            return ANY
        if isinstance(node, nodes.Filter):
            return self._filter(node)
        if isinstance(node, nodes.Test):
            self.expr(node.node)
            if node.name not in environment().tests:
                self.problems.append((node.lineno, f"unknown test {node.name!r}"))
            for arg in (*node.args, *(k.value for k in node.kwargs)):
                self.expr(arg)
            return ("value", bool)
        if isinstance(node, nodes.Call):
            self.problems.append((node.lineno, f"calling {_path(node.node)}() is not allowed in a clause; "
                                               "use a filter, such as {{ value | money }}"))
            return ANY
        if isinstance(node, nodes.Const):
            return ("value", type(node.value))
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test)
            a = self.expr(node.expr1)
            if node.expr2 is not None:
                self.expr(node.expr2)
            return a
        for child in node.iter_child_nodes():
            self.expr(child)
        if isinstance(node, (nodes.Compare, nodes.Not, nodes.And, nodes.Or, nodes.Test)):
            return ("value", bool)
        return ANY

    def _member(self, node: nodes.Getattr | nodes.Getitem, base: tuple, attr: str) -> tuple:
        if base[0] == "model":
            fields = _fields(base[1])
            if attr in fields:
                path = _path(node)
                if path and not path.startswith("?"):
                    self.paths.append(path)
                return fields[attr]
            owner = _path(node.node)
            self.problems.append((node.lineno, _unknown(f"{owner} has no field {attr!r}", attr, fields)))
            return ANY
        if base[0] == "list":
            self.problems.append((node.lineno, f"{_path(node.node)} is a list: use a for loop, an index such as "
                                               f"[0], or a filter such as | first, before .{attr}"))
            return ANY
        if base[0] == "value":
            self.problems.append((node.lineno, f"{_path(node.node)} is a single value; it has no field {attr!r}"))
            return ANY
        return ANY

    def _filter(self, node: nodes.Filter) -> tuple:
        base = self.expr(node.node) if node.node is not None else ANY
        env = environment()
        if node.name not in env.filters:
            close = difflib.get_close_matches(node.name, list(env.filters), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; filters are: {', '.join(sorted(env.filters))}"
            self.problems.append((node.lineno, f"unknown filter {node.name!r}{hint}"))
        kwargs: dict[str, nodes.Expr] = {str(k.key): k.value for k in node.kwargs}
        element = base[1] if base[0] == "list" else ANY
        for arg in node.args:
            self.expr(arg)
        named = node.args[0] if node.args else None
        if (node.name in ("map", "select", "reject") and "attribute" not in kwargs
                and isinstance(named, nodes.Const) and isinstance(named.value, str)):
            table, kind = (env.filters, "filter") if node.name == "map" else (env.tests, "test")
            if named.value not in table:
                self.problems.append((node.lineno, f"{node.name}({named.value!r}): unknown {kind} {named.value!r}"))
        for value in kwargs.values():
            self.expr(value)
        # Attribute names given as strings to map, selectattr, rejectattr, sort and sum.
        attribute = kwargs.get("attribute")
        if node.name in ("selectattr", "rejectattr") and node.args:
            attribute = node.args[0]
        result_of_attribute = ANY
        if isinstance(attribute, nodes.Const) and isinstance(attribute.value, str):
            result_of_attribute = self._attribute_path(node, element, attribute.value)
        if node.name in LIST_FILTERS:
            return base if base[0] == "list" else ANY
        if node.name in ITEM_FILTERS:
            return element
        if node.name == "map":
            return ("list", result_of_attribute) if attribute is not None else ("list", ANY)
        if node.name in ("length", "count"):
            return ("value", int)
        if node.name in ("default", "d"):
            return base
        return ("value", str)

    def _attribute_path(self, node: nodes.Filter, element: tuple, dotted: str) -> tuple:
        t = element
        for part in dotted.split("."):
            if t[0] != "model":
                return ANY
            fields = _fields(t[1])
            if part not in fields:
                owner = _path(node.node) if node.node is not None else "the value"
                self.problems.append((node.lineno, _unknown(f"the items of {owner} have no field {part!r}",
                                                            part, fields)))
                return ANY
            t = fields[part]
        return t


def _unknown(message: str, name: str, fields: dict) -> str:
    close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean {close[0]!r}?"
    return f"{message}; expected one of: {', '.join(fields)}"


def _path(node: nodes.Node) -> str:
    """The dotted path an expression reads, such as commercial.payment_days."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        if isinstance(node.arg, nodes.Const):
            if isinstance(node.arg.value, str):
                return f"{_path(node.node)}.{node.arg.value}"
            return f"{_path(node.node)}[{node.arg.value!r}]"
        return f"{_path(node.node)}[…]"
    if isinstance(node, nodes.Filter):
        return f"({_path(node.node)} | {node.name})" if node.node is not None else f"| {node.name}"
    return "?expression"


def check(ast: nodes.Node) -> Checker:
    checker = Checker()
    if isinstance(ast, nodes.Template):
        checker.template(ast)
    else:
        checker.expr(ast)
    return checker


# ---------------------------------------------------------------------------- explaining values


def value_at(data: dict[str, Any], path: str) -> Any:
    """The spec's value at a dotted path (None when a part is empty)."""
    value: Any = data
    for part in path.split("."):
        if "[" in part:
            name, _, rest = part.partition("[")
            value = _get(value, name)
            try:
                value = value[int(rest.rstrip("]"))] if value is not None else None
            except (ValueError, IndexError, TypeError):
                return None
        else:
            value = _get(value, part)
        if value is None:
            return None
    return value


def _get(value: Any, name: str) -> Any:
    if isinstance(value, dict):
        return value.get(name)
    if isinstance(value, Record):
        return value._fields.get(name)
    return None


def show(value: Any) -> str:
    """A value as a buyer would read it in an explanation."""
    if value is None:
        return "empty"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, tuple):
        return "an empty list" if not value else f"a list of {len(value)}"
    if isinstance(value, Record):
        return "given"
    if isinstance(value, Decimal):
        return fmt.number(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value)
    return str(value)

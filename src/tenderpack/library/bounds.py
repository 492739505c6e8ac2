"""Bounds on what a user's template may ask of the machine: the sandbox every clause and
house-style template runs in.

No template may ask more of the machine than tenderpack.limits allows. Each operation that
can make a big value (*, **, %, +, ~, a list literal, a filter or method that pads, repeats
or joins) is checked before it runs, from the sizes of what it is given: one C call (a big
power, a long repetition) cannot be interrupted once started, not even by the time limit.
Jinja never folds an intercepted operator at compile time, so a constant such as
10**100000000 is refused, not computed, when a template is compiled.
"""

from __future__ import annotations

import functools
import math
import re
import string
import types
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Namespace, _PassArg

from .. import limits
from ..timelimit import within


# ---------------------------------------------------------------------------- bounds
# No template may ask more of the machine than tenderpack.limits allows. Each operation that
# can make a big value (*, **, %, +, ~, a list literal, a filter or method that pads, repeats
# or joins) is checked before it runs, from the sizes of what it is given: one C call (a big
# power, a long repetition) cannot be interrupted once started, not even by the time limit.
# No operation makes a value longer than the limit, unless it is no longer than the longest
# value it was given (a long value the engine passes in still flows through); the output may
# add at most the limit to the longest value it prints.


class TemplateLimitError(SecurityError):
    """A template asked for more than a limit allows; ``limit`` is the limit's name."""

    def __init__(self, message: str, limit: str = ""):
        super().__init__(message)
        self.limit = limit


class RenderTimeout(TemplateLimitError):
    """Rendering ran out of time (raised inside the template's code, so its traceback has the line)."""

    def __init__(self, message: str = "rendering ran out of time", limit: str = ""):
        super().__init__(message, limit)


def text_size(value: Any, cap: int) -> int:
    """About how many characters ``value`` prints as, counted no further than just past ``cap``.

    A list may hold one long text many times: that costs little memory but prints long, so an
    element is counted each time it appears.
    """
    total, stack = 0, [value]
    while stack and total <= cap:
        item = stack.pop()
        if isinstance(item, (str, bytes)):
            total += len(item)
        elif isinstance(item, (list, tuple, set, frozenset, dict, Namespace)):
            if isinstance(item, Namespace):
                item = item._Namespace__attrs   # the one attribute a Namespace lets through
            total += 2 + 2 * len(item)
            if total <= cap:
                stack.extend(item)
                if isinstance(item, dict):
                    stack.extend(item.values())
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        else:
            total += 8
    return total


def _show(number: int) -> str:
    return str(number) if abs(number).bit_length() <= 64 else f"a {abs(number).bit_length():,}-bit number"


def _quote(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:37] + "...")


_PERCENT_SPEC = re.compile(r"[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?")
_PAREN = re.compile(r"[()]")


def _percent_numbers(text: str) -> Iterator[str]:
    """The widths and precisions of a %-format, as written (digits or '*'), in one pass."""
    pos = text.find("%")
    while pos != -1:
        i = pos + 1
        if text.startswith("%", i):   # '%%' is a percent sign
            pos = text.find("%", i + 1)
            continue
        if text.startswith("(", i):   # a %(key)s: skip the key, counting nested brackets as Python does
            depth, i = 1, i + 1
            while depth:
                found = _PAREN.search(text, i)
                if found is None:
                    return
                depth += 1 if found.group() == "(" else -1
                i = found.end()
        spec = _PERCENT_SPEC.match(text, i)
        assert spec is not None   # every part of the pattern is optional: it always matches
        yield from (n for n in spec.groups() if n)
        pos = text.find("%", spec.end())


def _number(digits: str) -> int:
    return int(digits) if len(digits) <= 12 else 10 ** 12


class _BoundedFilters(dict):
    """The filters of a BoundedSandbox: each one is bounded however it is added."""

    def __init__(self, env: "BoundedSandbox", filters: dict):
        super().__init__()
        self._env = env
        self.update(filters)

    def __setitem__(self, name: str, func: Any) -> None:
        super().__setitem__(name, _bounded_filter(self._env, name, func))

    def update(self, *args: Any, **kwargs: Any) -> None:
        for name, func in dict(*args, **kwargs).items():
            self[name] = func

    def setdefault(self, name: str, func: Any = None) -> Any:
        if name not in self:
            self[name] = func
        return self[name]

    def __ior__(self, other: Any) -> "_BoundedFilters":  # type: ignore[misc]  # dict's own |= also updates in place
        self.update(other)
        return self


def _bounded_filter(env: "BoundedSandbox", name: str, func: Any) -> Any:
    """``func`` with its size check (if it has one) before it runs.

    It takes the context, so Jinja never runs it at compile time (when a template is
    compiled, a constant filter call would otherwise run outside every limit).
    """
    if getattr(func, "tenderpack_bounded", False) or not callable(func):
        return func
    pass_arg = _PassArg.from_obj(func)
    check: Callable[..., None] | None = _FILTER_CHECKS.get(name)

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        context = None
        if args and isinstance(args[0], Context):
            context, args = args[0], args[1:]
        if args and isinstance(args[0], Iterator):   # map, select...: count what they yield
            args = (env.take(args[0], f"the {name} filter"), *args[1:])
        if check is not None:
            try:
                check(env, *args, **kwargs)
            except TypeError:
                pass   # wrong arguments: the filter itself says so
        if pass_arg is _PassArg.context:
            return func(context, *args, **kwargs)
        if pass_arg is _PassArg.eval_context:
            return func(context.eval_ctx if context is not None else EvalContext(env), *args, **kwargs)
        if pass_arg is _PassArg.environment:
            return func(env, *args, **kwargs)
        return func(*args, **kwargs)

    setattr(bounded, "jinja_pass_arg", _PassArg.context)   # after wraps(), which copies the original's
    setattr(bounded, "tenderpack_bounded", True)
    return bounded


def _replace(env, s, old, new, count=None, what="the replace filter") -> None:
    s, old, new = str(s), str(old), str(new)
    hits = len(s) + 1 if not old else s.count(old)
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    env.check_size(len(s) + hits * (len(new) - len(old)), max(len(s), len(new)), what)


def _join(env, value, d="", attribute=None) -> None:
    if isinstance(value, (str, list, tuple)):
        size = env.size(value)
        env.check_size(size + len(str(d)) * max(len(value) - 1, 0), max(size, len(str(d))), "the join filter")


def _center(env, value, width=80) -> None:
    if isinstance(width, int):
        length = len(str(value))
        env.check_size(max(length, width), length, "the center filter")


def _indent(env, s, width=4, first=False, blank=False) -> None:
    s = str(s)
    step = width if isinstance(width, int) else len(str(width))
    env.check_size(len(s) + (s.count("\n") + 1) * step, len(s), "the indent filter")


def _wordwrap(env, s, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True) -> None:
    s = str(s)
    if isinstance(width, int):
        lines = len(s) // max(width, 1) + s.count(" ") + s.count("\n") + 1
        env.check_size(len(s) + lines * len(str(wrapstring or "\n")), len(s), "the wordwrap filter")


def _format(env, value, *args, **kwargs) -> None:
    env.check_percent(str(value), kwargs or args)


def _batch(env, value, linecount, fill_with=None) -> None:
    if isinstance(linecount, int) and fill_with is not None:
        size = env.size(value)
        env.check_size(size + linecount * (env.size(fill_with) + 2), size, "the batch filter")


def _slice(env, value, slices, fill_with=None) -> None:
    if isinstance(slices, int):
        size = env.size(value)
        env.check_size(size + slices * (4 + env.size(fill_with)), size, "the slice filter")


def _sum(env, iterable, attribute=None, start=0) -> None:
    if isinstance(start, (list, tuple)) and isinstance(iterable, (list, tuple)):
        # Each step copies everything summed so far: the work grows with the square.
        total = work = env.size(start)
        for item in iterable:
            total += env.size(item)
            work += total
            env.check_size(work, 0, "the sum filter")


def _urlize(env, value, trim_url_limit=None, nofollow=False, target=None, rel=None, extra_schemes=None) -> None:
    s = str(value)
    words = s.count(" ") + s.count("\n") + 1
    extra = 60 + len(str(target or "")) + len(str(rel or ""))   # the <a href=...> around each address
    env.check_size(2 * len(s) + words * extra, len(s), "the urlize filter")


# Jinja's filters that can make a value much bigger than what they are given.
_FILTER_CHECKS: dict[str, Callable[..., None]] = {"replace": _replace, "join": _join, "center": _center, "indent": _indent,
                  "wordwrap": _wordwrap, "format": _format, "batch": _batch, "slice": _slice,
                  "sum": _sum, "urlize": _urlize}


class BoundedCodeGenerator(CodeGenerator):
    """Compiles ``~`` and list, tuple and dict literals so that the sandbox checks their size."""

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.bounded_concat({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _literal(self, visit, node, frame) -> None:
        self.write("environment.bounded_literal(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame) -> None:
        self._literal(super().visit_List, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame) -> None:
        self._literal(super().visit_Dict, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame) -> None:
        if node.ctx != "load":   # a target of for or set: names, not a value
            return super().visit_Tuple(node, frame)
        self._literal(super().visit_Tuple, node, frame)


# str and bytes methods that pad or repeat: (name, the argument that says how much).
_WIDTH_METHODS = {"center": "width", "ljust": "width", "rjust": "width", "zfill": "width", "to_bytes": "length"}


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox every user-supplied template runs in (clauses and house-style templates).

    Nothing can be changed, and no operation may ask more of the machine than the limits
    in tenderpack.limits allow: ``text_limit`` names the limit on the text one operation may
    make (and the output add), SANDBOX_MAX_INT_BITS bounds numbers. The caller bounds the
    rendering time, with ``time_limit``.
    """

    text_limit = "SANDBOX_MAX_TEXT"
    intercepted_binops = frozenset({"+", "*", "%", "**"})   # never folded at compile time either
    code_generator_class = BoundedCodeGenerator

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.globals.pop("lipsum", None)   # filler text of any length; no template needs it

    # Every filter, however it is added, is wrapped with its check (see _bounded_filter).
    @property
    def filters(self) -> dict:
        return self._bounded_filters

    @filters.setter
    def filters(self, value: dict) -> None:
        self._bounded_filters = _BoundedFilters(self, value)

    # -- sizes

    def limit(self) -> int:
        return getattr(limits, self.text_limit)

    def size(self, value: Any) -> int:
        return text_size(value, 4 * self.limit())

    def check_size(self, size: int, given: int, what: str) -> None:
        """Refuse to make a value of ``size`` characters over the limit, unless it is no longer
        than ``given``, the longest value the operation was given."""
        limit = self.limit()
        if size > max(limit, given):
            raise TemplateLimitError(f"{what} would make a text of {size:,} characters, over the limit of "
                                     f"{limit:,} characters ({self.text_limit})", self.text_limit)

    def take(self, items: Iterator, what: str) -> list:
        """The items of an iterator (map, select...), stopping once they pass the limit."""
        out: list = []
        total = longest = 0
        for item in items:
            size = self.size(item)
            total, longest = total + size + 2, max(longest, size)
            self.check_size(total, longest, what)
            out.append(item)
        return out

    def check_percent(self, text: str, values: Any) -> None:
        """``text % values``: every width and precision, then the whole result."""
        limit, widths = self.limit(), 0
        for number in _percent_numbers(text):
            if number == "*":
                raise TemplateLimitError(f"the format {_quote(text)} takes a width from its values ('%*d'); "
                                         "write the width in the format", self.text_limit)
            widths += _number(number)
            if _number(number) > limit:
                raise TemplateLimitError(f"the format {_quote(text)} asks for a width of {_number(number):,} "
                                         f"characters, over the limit of {limit:,} characters ({self.text_limit})",
                                         self.text_limit)
        given = self.size(values)
        self.check_size(len(text) + widths + given, max(len(text), given), f"the format {_quote(text)}")

    def check_format(self, text: str, values: Any) -> None:
        """``text.format(...)``: every width and precision, then the whole result."""
        limit, widths = self.limit(), 0
        for _, field, spec, _ in string.Formatter().parse(text):
            if field is None or not spec:
                continue
            if "{" in spec:
                raise TemplateLimitError(f"the format {_quote(text)} takes a width from its values ('{{:{{w}}}}'); "
                                         "write the width in the format", self.text_limit)
            for number in re.findall(r"\d+", spec):
                widths += _number(number)
                if _number(number) > limit:
                    raise TemplateLimitError(f"the format {_quote(text)} asks for a width of {_number(number):,} "
                                             f"characters, over the limit of {limit:,} characters "
                                             f"({self.text_limit})", self.text_limit)
        given = self.size(values)
        self.check_size(len(text) + widths + given, max(len(text), given), f"the format {_quote(text)}")

    # -- operators (intercepted_binops)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            self._check_power(left, right)
        elif operator == "*":
            self._check_times(left, right)
        elif operator == "%" and isinstance(left, str):
            self.check_percent(left, right)
        elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            self._check_parts((left, right), "+")
        return super().call_binop(context, operator, left, right)

    def _check_bits(self, bits: float, what: str) -> None:
        limit = limits.SANDBOX_MAX_INT_BITS
        if bits > limit:
            size = f"about {bits:,.0f}" if bits < 1e18 else "far more than a billion"
            raise TemplateLimitError(f"{what} would be a number of {size} bits, over the limit of {limit:,} bits "
                                     "(SANDBOX_MAX_INT_BITS)", "SANDBOX_MAX_INT_BITS")

    def _check_power(self, base: Any, exponent: Any) -> None:
        if isinstance(base, int) and isinstance(exponent, int) and exponent > 1 and abs(base) > 1:
            bits = exponent * math.log2(abs(base)) if exponent.bit_length() <= 60 else math.inf
            self._check_bits(bits, f"{_show(base)} ** {_show(exponent)}")

    def _check_times(self, left: Any, right: Any) -> None:
        if isinstance(left, int) and isinstance(right, int):
            self._check_bits(left.bit_length() + right.bit_length(), f"{_show(left)} * {_show(right)}")
            return
        seq, times = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int) and times > 1 and len(seq):
            one = self.size(seq)
            kind = _quote(seq) if isinstance(seq, str) else "a list"
            self.check_size(one * times, one, f"{kind} * {_show(times)}")

    def _check_parts(self, parts: tuple, what: str) -> None:
        sizes = [self.size(part) for part in parts]
        self.check_size(sum(sizes), max(sizes, default=0), what)

    # -- what the compiled code calls (BoundedCodeGenerator) and joins

    def bounded_concat(self, join: Any, parts: tuple) -> str:
        self._check_parts(parts, "~")
        return join(parts)

    def bounded_literal(self, value: Any) -> Any:
        items = list(value.items()) if isinstance(value, dict) else value
        sizes = [self.size(item) for item in items]
        self.check_size(self.size(value), max(sizes, default=0), "a list")
        return value

    def concat(self, pieces: Any) -> str:   # the rendered output, and {% set %} blocks
        out: list[str] = []
        total = longest = 0
        for piece in pieces:
            out.append(piece)
            total, longest = total + len(piece), max(longest, len(piece))
            if total - longest > self.limit():
                raise TemplateLimitError(f"the output would be more than {total:,} characters, over the limit of "
                                         f"{self.limit():,} characters ({self.text_limit})", self.text_limit)
        return "".join(out)

    # -- methods (for sandboxes that allow calls)

    def wrap_str_format(self, value: Any) -> Any:
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        text, by_map = value.__self__, value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            self.check_format(text, (args[:1] if by_map else args, kwargs))
            return wrapper(*args, **kwargs)

        return bounded

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        owner = getattr(__obj, "__self__", None)
        if isinstance(__obj, types.BuiltinMethodType) and isinstance(owner, (str, bytes, int)):
            args = __self._check_method(owner, __obj.__name__, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def _check_method(self, owner: Any, name: str, args: tuple, kwargs: dict) -> tuple:
        what = f"{type(owner).__name__}.{name}()"
        first = args[0] if args else kwargs.get(_WIDTH_METHODS.get(name, ""))
        if name in _WIDTH_METHODS and isinstance(first, int):
            self.check_size(first, len(owner) if not isinstance(owner, int) else 0, what)
        elif name == "expandtabs" and isinstance(owner, (str, bytes)):
            tabs = owner.count("\t") if isinstance(owner, str) else owner.count(b"\t")
            step = first if isinstance(first, int) else 8
            self.check_size(len(owner) + tabs * step, len(owner), what)
        elif name == "join" and args and isinstance(owner, (str, bytes)):
            items = self.take(iter(args[0]), what) if not isinstance(args[0], (list, tuple)) else args[0]
            size = self.size(items)
            self.check_size(size + len(owner) * max(len(items) - 1, 0), max(size, len(owner)), what)
            args = (items, *args[1:])
        elif name == "replace" and len(args) >= 2 and isinstance(owner, str):
            _replace(self, owner, args[0], args[1], args[2] if len(args) > 2 else None, what=what)
        elif name == "translate" and args and isinstance(args[0], dict) and isinstance(owner, str):
            longest = max((self.size(v) for v in args[0].values()), default=1)
            self.check_size(len(owner) * max(longest, 1), len(owner), what)
        return args


# ---------------------------------------------------------------------------- time


def time_limit(seconds: float):
    """Raise RenderTimeout in the template this block renders once ``seconds`` have passed
    (see tenderpack.timelimit), at the template line it had reached."""
    return within(seconds, RenderTimeout)

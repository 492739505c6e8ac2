"""The plugin manager: built-in plugins, installed plugins (entry points) and --plugins-dir.

Hooks are called one plugin at a time through ``call`` so that a plugin that raises, or
returns the wrong type, is reported by name instead of as a bare traceback. Calling them
one by one means pluggy's ordering markers (tryfirst, trylast) and wrappers would not do
what their author expects, so a plugin that uses them is refused with a message naming it.

Two switches from the environment: ``TENDERPACK_DISABLE_PLUGINS=a,b`` (or ``tenderpack
--disable-plugin a``) leaves installed plugins out, and ``TENDERPACK_TRACE_PLUGINS=1``
writes each hook call, plugin by plugin, to standard error.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pluggy

from . import hookspecs
from .errors import InputError, PluginError, exited  # noqa: F401  (exited: re-exported)

GROUP = "tenderpack"
DISABLE_ENV = "TENDERPACK_DISABLE_PLUGINS"
TRACE_ENV = "TENDERPACK_TRACE_PLUGINS"

# pluggy markers that only work when pluggy itself calls the hook.
_REFUSED_MARKERS = (("tryfirst", "tryfirst=True"), ("trylast", "trylast=True"),
                    ("wrapper", "wrapper=True"), ("hookwrapper", "hookwrapper=True"))


def disabled_plugins() -> frozenset[str]:
    """The plugin names TENDERPACK_DISABLE_PLUGINS (comma-separated) leaves out."""
    return frozenset(n.strip() for n in os.environ.get(DISABLE_ENV, "").split(",") if n.strip())


def _no_exit(plugin: str, hook: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, with a sys.exit() inside it turned into a PluginError naming the plugin."""
    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except SystemExit as exc:
            raise PluginError(plugin, hook, exited(exc)) from exc
    return call


def _trace(hook: str, plugin: str) -> None:
    # A debugging aid the user switched on; the CLI is otherwise the only module that prints.
    if os.environ.get(TRACE_ENV, "") not in ("", "0"):
        print(f"tenderpack: hook {hook} -> plugin {plugin}", file=sys.stderr, flush=True)

# Engine modules that implement hooks, registered like any other plugin.
BUILTINS = ("tenderpack.writers.builtin",)


@dataclass(frozen=True)
class PluginInfo:
    """What ``tenderpack plugins`` shows for one plugin."""

    name: str
    hooks: tuple[str, ...]
    version: str | None
    source: str


class Plugins:
    """A loaded set of plugins with typed, fault-attributing hook calls."""

    def __init__(self, plugins_dirs: list[Path] | tuple[Path, ...] = (), entry_points: bool = True):
        self.pm = pluggy.PluginManager(GROUP)
        self.pm.add_hookspecs(hookspecs)
        self._sources: dict[str, tuple[str, str | None]] = {}
        self.disabled = disabled_plugins()
        for name in self.disabled:
            self.pm.set_blocked(name)   # pluggy then ignores a plugin registered under this name
        for module in BUILTINS:
            self._register(importlib.import_module(module), module, "built-in", None)
        if entry_points:
            self._load_entry_points()
        for folder in plugins_dirs:
            self._load_folder(Path(folder))
        self._check_unknown_hooks()
        self.pm.check_pending()

    def _check_unknown_hooks(self) -> None:
        """A misspelt hook name would silently never run: name the plugin and the nearest hook."""
        known = [n for n in dir(hookspecs) if getattr(getattr(hookspecs, n), f"{GROUP}_spec", None) is not None]
        for name, plugin in self.pm.list_name_plugin():
            for attr in dir(plugin):
                function = getattr(plugin, attr, None)
                if getattr(function, f"{GROUP}_impl", None) is None or attr in known:
                    continue
                import difflib   # only for this error message

                close = difflib.get_close_matches(attr, known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; hooks are: {', '.join(known)}"
                raise PluginError(name, attr, f"there is no hook called {attr!r}{hint}")

    # ------------------------------------------------------------------ loading

    def _register(self, plugin: object, name: str, source: str, version: str | None) -> None:
        if name in self.disabled:
            return
        if self.pm.has_plugin(name):
            raise PluginError(name, "-", f"a plugin named {name!r} is already loaded from {self._sources[name][0]}")
        try:
            self.pm.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(name, "-", str(exc)) from None
        for caller in self.pm.get_hookcallers(plugin) or []:
            for impl in caller.get_hookimpls():
                if impl.plugin is not plugin:
                    continue
                used = [words for attr, words in _REFUSED_MARKERS if getattr(impl, attr, False)]
                if used:
                    self.pm.unregister(plugin)
                    raise PluginError(name, caller.name,
                                      f"uses {' and '.join(used)}, which tenderpack does not honour: it calls each "
                                      "plugin in turn so that a failure names its plugin. Order sections with "
                                      "Section.order instead, and return values rather than wrapping other plugins")
        self._sources[name] = (source, version)

    def _load_entry_points(self) -> None:
        described: dict[int, tuple[str, str]] = {}   # id(distribution) -> (name, version)
        for ep in metadata.entry_points(group=GROUP):
            try:
                plugin = ep.load()
            except Exception as exc:  # an installed plugin that cannot import
                raise PluginError(ep.name, "import", f"{type(exc).__name__}: {exc}") from exc
            except SystemExit as exc:
                raise PluginError(ep.name, "import", exited(exc)) from exc
            if ep.dist:
                # Each read of .name or .version parses the METADATA file again: read it once
                # per distribution (its entry points share one Distribution object).
                if id(ep.dist) not in described:   # the entry points keep their distributions alive
                    meta = ep.dist.metadata
                    described[id(ep.dist)] = (meta["Name"], meta["Version"])
                name, version = described[id(ep.dist)]
                dist = f"{name} {version}"
            else:
                version, dist = None, ep.value
            self._register(plugin, ep.name, f"entry point ({dist})", version)

    def _load_folder(self, folder: Path) -> None:
        if not folder.is_dir():
            raise InputError(f"{folder}: --plugins-dir must be a folder")
        for file in sorted(folder.glob("*.py")):
            if file.name.startswith("_"):
                continue
            module_name = f"tenderpack_dir_plugin_{file.stem}"
            spec = importlib.util.spec_from_file_location(module_name, file)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            try:
                spec.loader.exec_module(module)
            except Exception as exc:
                raise PluginError(file.stem, "import", f"{file}: {type(exc).__name__}: {exc}") from exc
            except SystemExit as exc:
                raise PluginError(file.stem, "import", f"{file}: {exited(exc)}") from exc
            self._register(module, file.stem, str(file), None)

    # ------------------------------------------------------------------ calling

    def implementations(self, hook: str) -> Iterator[tuple[str, Callable[..., Any], tuple[str, ...]]]:
        """(plugin name, function, its argument names) for each implementation, in load order."""
        caller = getattr(self.pm.hook, hook)
        for impl in caller.get_hookimpls():
            _trace(hook, impl.plugin_name)
            yield impl.plugin_name, _no_exit(impl.plugin_name, hook, impl.function), tuple(impl.argnames)

    def call(self, hook: str, expect: Callable[[Any], bool] | None = None,
             expected: str = "", **kwargs: Any) -> list[tuple[str, Any]]:
        """Call ``hook`` on every plugin; return (plugin, result) for non-None results.

        A plugin that raises, or whose result fails ``expect``, stops the build with a
        PluginError naming it and the hook.
        """
        results = []
        for name, function, argnames in self.implementations(hook):
            args = {k: v for k, v in kwargs.items() if k in argnames}
            try:
                result = function(**args)
            except PluginError:
                raise
            except Exception as exc:
                raise PluginError(name, hook, f"{type(exc).__name__}: {exc}") from exc
            if result is None:
                continue
            if expect is not None and not expect(result):
                raise PluginError(name, hook, f"returned {type(result).__name__}; expected {expected}")
            results.append((name, result))
        return results

    def collect(self, hook: str, check: Callable[[Any], bool], expected: str,
                **kwargs: Any) -> list[tuple[str, Any]]:
        """Call a ``register_*`` hook and gather what each plugin registers."""
        gathered: list[tuple[str, Any]] = []
        for name, function, argnames in self.implementations(hook):
            def register(item: Any, _plugin: str = name) -> None:
                if not check(item):
                    raise PluginError(_plugin, hook, f"registered a {type(item).__name__}; expected {expected}")
                gathered.append((_plugin, item))

            args = {k: v for k, v in {"register": register, **kwargs}.items() if k in argnames}
            try:
                function(**args)
            except PluginError:
                raise
            except Exception as exc:
                raise PluginError(name, hook, f"{type(exc).__name__}: {exc}") from exc
        return gathered

    # ------------------------------------------------------------------ listing

    def info(self) -> list[PluginInfo]:
        out = []
        for name, plugin in self.pm.list_name_plugin():
            if plugin is None:   # a disabled plugin's name, blocked
                continue
            hooks = tuple(sorted(c.name for c in self.pm.get_hookcallers(plugin) or []))
            source, version = self._sources.get(name, ("?", None))
            out.append(PluginInfo(name, hooks, version, source))
        return out

    def writers(self) -> dict[str, Any]:
        """format -> writer; two plugins registering one format is an error."""
        from .writers import Writer

        found: dict[str, tuple[str, Any]] = {}
        for plugin, writer in self.collect("register_writers", lambda w: isinstance(w, Writer),
                                           "an object with format, extension and write()"):
            if writer.format in found:
                raise PluginError(plugin, "register_writers",
                                  f"format {writer.format!r} already has a writer from plugin {found[writer.format][0]!r}")
            found[writer.format] = (plugin, writer)
        return {fmt: w for fmt, (_, w) in found.items()}

"""A rule plugin with a bug: its rule raises. It is named, and the other rules still run."""

from tenderpack import Rule, hookimpl


def broken(spec):
    raise RuntimeError("the rules server is down")


@hookimpl
def register_rules(register):
    register(Rule("BROKEN-CHECK", "error", "A rule that cannot run", "nowhere", broken))

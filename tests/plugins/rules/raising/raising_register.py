"""A rule plugin that fails while registering: it is named, and the other plugins' rules still run."""

from tenderpack import hookimpl


@hookimpl
def register_rules(register):
    raise ValueError("cannot read our rules file")

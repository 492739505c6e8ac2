"""Finding house-style files: the buyer's --template-dir first, then the built-in templates/."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import InputError


def data_dir(name: str) -> Path:
    """A data folder shipped with tenderpack ("templates" or "clauses").

    Inside an installed wheel the folders live in the package; in a source checkout they
    are the top-level folders of the repository.
    """
    packaged = Path(str(resources.files("tenderpack"))) / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


class Templates:
    """The template files used by the writers, with a buyer's overrides taking precedence."""

    def __init__(self, override: Path | None = None):
        if override is not None and not override.is_dir():
            raise InputError(f"{override}: --template-dir must be a folder")
        self.override = override
        self.builtin = data_dir("templates")

    @property
    def search_path(self) -> list[Path]:
        return [p for p in (self.override, self.builtin) if p is not None]

    def find(self, name: str) -> Path:
        """The path of template file ``name``; the override folder wins."""
        for folder in self.search_path:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        raise InputError(f"template {name!r} not found in {', '.join(map(str, self.search_path))}")

    def optional(self, name: str) -> Path | None:
        """Like find(), but None when no folder has the file (a logo, for instance)."""
        try:
            return self.find(name)
        except InputError:
            return None

    def fingerprint(self) -> str:
        """Names of the folders in use, for the manifest."""
        return " + ".join(str(p) for p in self.search_path)

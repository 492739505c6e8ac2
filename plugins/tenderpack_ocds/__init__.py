"""The tender notice as open data: tender-notice.ocds.json, an OCDS 1.1.5 release package.

Written into every pack as an artifact, after the documents, so that it lists each of
them with its title, format and SHA-256 hash. It describes the buyers, the value, the
procedure (mapped to the standard's codes), the lots, the award criteria with their
weights, and the tender, enquiry and contract periods; and it is checked against the
official schema and the lots, award criteria and UK extensions (copied into schema/, with
their licence) before it is written: a notice that does not validate stops the build.
"""

from __future__ import annotations

import tenderpack
from tenderpack import Artifact, hookimpl

from . import validation
from .notice import release_package

NOTICE_ID = "tender-notice.ocds"   # written as tender-notice.ocds.json


def notice(spec: tenderpack.Spec, files: list) -> dict:
    """The release package, validated: raises ValueError listing every schema error."""
    package = release_package(spec, files)
    problems = validation.errors(package)
    if problems:
        raise ValueError("the OCDS tender notice does not validate against OCDS 1.1.5: " + "; ".join(problems[:10]))
    return package


@hookimpl
def register_artifacts(register, spec: tenderpack.Spec) -> None:
    register(Artifact(id=NOTICE_ID, title="Tender notice (OCDS open data)", format="json",
                      content=lambda files: notice(spec, files), order=900))

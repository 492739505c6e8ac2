"""The tender notice as open data: tender-notice.ocds.json, an OCDS 1.1.5 release package.

Written into every pack as an artifact, after the documents and the buyer's own attached
files (spec.attachments), so that it lists each of them with its title, format and SHA-256 hash. It describes the buyers (with their identifiers, address
parts and type when the spec gives them), the value, the legal basis and regime (a UK4 tender notice, or a below-threshold tender notice), the procedure
(mapped to the standard's codes), the lots with their own values, award criteria,
conditions of participation, items (CPV, place), suitability for SMEs and VCSEs and renewals, and the deadlines by procedure (the first stage's deadline of
a competitive flexible procedure is not the tender period's end); and it is checked against
the official schema and the UK profile that Find a Tender's notices follow (copied into
schema/, with their licences) before it is written: a notice that does not validate stops
the build.

Its OCID is never made under Find a Tender's prefix: the platform assigns it on
publication. The buyer's own registered prefix (buyer.ocid_prefix) is used when given;
otherwise the ocid is a placeholder, placeholder-ocid-<reference>, for the platform to replace.
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
        raise ValueError("the OCDS tender notice does not validate against OCDS 1.1.5 and the UK profile: " + "; ".join(problems[:10]))
    return package


@hookimpl
def register_artifacts(register: tenderpack.RegisterArtifact, spec: tenderpack.Spec) -> None:
    register(Artifact(id=NOTICE_ID, title="Tender notice (OCDS open data)", format="json",
                      content=lambda files: notice(spec, files), order=900))

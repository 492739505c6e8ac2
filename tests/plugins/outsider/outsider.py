"""An outside plugin, written as a legal team would: only the public API."""

import tenderpack
from tenderpack import Clause, DocumentType, Paragraph, Section, hookimpl


@hookimpl
def register_documents(register, spec):
    register(DocumentType(id="site-rules", title="Site rules", order=900,
                          description=f"For {spec.title}"))


@hookimpl
def document_sections(spec, document):
    if document.id == "site-rules":
        return [Section("Rules on site", [
            Paragraph.of(f"These rules apply to every visit for {spec.reference}."),
            Clause("Parking", [Paragraph.of("Park only in marked bays.")], key="site:parking"),
            Clause("Badges", [Paragraph.of("Wear your badge at all times.")], key="site:badges"),
        ])]
    if document.id == "invitation-to-tender":
        return [Section("Site visits (added by outsider)", [
            Paragraph.of("Site visits are on request; ", tenderpack.Run("book ahead", bold=True), "."),
        ], order=950)]
    return None


@hookimpl
def template_context(spec, document):
    if document.id == "site-rules":
        return {"site_rules_owner": "Facilities team"}
    return None


class TextWriter:
    """A third-party writer: plain text, registered like the built-in Word and PDF writers."""

    format = "text"
    extension = ".txt"

    def write(self, document, target, templates):
        lines = [document.title, ""]
        for section in document.sections:
            lines.append(section.title.upper())
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    lines.append("".join(run.text for run in block.runs))
                elif isinstance(block, Clause):
                    lines.append(f"{block.number} {block.title}")
            lines.append("")
        target.write_text("\n".join(lines), encoding="utf-8")


@hookimpl
def register_writers(register):
    register(TextWriter())


BUILT: list = []


@hookimpl
def pack_built(pack, out_dir):
    BUILT.append((out_dir, [f.path for f in pack.files]))


@hookimpl
def register_artifacts(register, spec):
    def index(files):
        return {"reference": spec.reference,
                "files": [{"path": f.path, "sha256": f.sha256} for f in files]}
    register(tenderpack.Artifact(id="site-index", title="Index of files", format="json", content=index))

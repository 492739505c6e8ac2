"""The pages. Each reads or saves a version and asks ``engine`` about it; none knows the engine.

Every save is a new version, made only if the tender is still at the revision the page was
loaded from (a compare-and-set on ``Tender.revision``): a second window's save is never
lost silently, it is refused with "This tender changed in another window".
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ..limits import ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX_BYTES, SPEC_MAX_BYTES
from ..text import slug
from . import engine, jobs, preview_html, sections as sections_module, spec_files, yamltext
from .models import Build, Tender, Version
from .schema_form import EMPTY, Reading, add_item, attach, field_at, path_of, read_fields, widgets

FORMATS = (("docx", "Word (.docx)"), ("pdf", "PDF"))
CHANGED_ELSEWHERE = ("This tender changed in another window. Your changes here were not saved. "
                     "Copy anything you need, then open the page again to see the latest version.")


def _data_dir() -> Path:
    return Path(settings.TENDERPACK_DATA)


def _spec_model():
    from ..spec import Spec

    return Spec


# ---------------------------------------------------------------------------- versions


def _latest(tender: Tender) -> Version:
    version = tender.versions.order_by("-number").first()
    if version is None:
        raise Http404("this tender has no saved version")
    return version


def _file(version: Version) -> Path:
    # the database holds the text; the file, and the attached files beside it, are made from it
    return spec_files.materialise(_data_dir(), version.tender_id, version.number, version.text)


def _checked(version: Version) -> engine.Checked:
    return engine.check(_file(version))


def _save(tender: Tender, revision: int, text: str, note: str, completed: list[str]) -> Version | None:
    """A new version of ``tender`` if it is still at ``revision``; None if another save came first."""
    data, _ = engine.parse(text)
    meta = data if isinstance(data, dict) else {}
    with transaction.atomic():
        moved = Tender.objects.filter(pk=tender.pk, revision=revision).update(
            revision=revision + 1, reference=str(meta.get("reference", ""))[:200], title=str(meta.get("title", ""))[:400])
        if not moved:
            return None
        version = Version.objects.create(tender=tender, number=revision + 1, text=text, note=note[:300],
                                         completed=sorted(set(completed)))
    _file(version)
    return version


def _revision(request: HttpRequest) -> int:
    raw = request.POST.get("revision", "")
    return int(raw) if raw.isdigit() else -1


# ---------------------------------------------------------------------------- start


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "tenderpack_web/home.html", {
        "tenders": Tender.objects.all()[:200], "examples": engine.examples(), "limit": _size(SPEC_MAX_BYTES)})


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("example", "")
    text = engine.example_text(name)
    if text is None:
        return render(request, "tenderpack_web/home.html", {
            "tenders": Tender.objects.all()[:200], "examples": engine.examples(), "limit": _size(SPEC_MAX_BYTES),
            "start_error": "Choose an example to start from"}, status=400)
    tender = Tender.objects.create()
    _save(tender, 0, text, f"Started from the example {name}", [])
    return redirect("tender", tender.pk)


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


@require_POST
def upload(request: HttpRequest, tender_id: int | None = None) -> HttpResponse:
    """A tender.yaml uploaded: a new tender, or a new version of ``tender_id``. Read as data,
    with the command line's messages; never stored under the name the browser gave."""
    tender = get_object_or_404(Tender, pk=tender_id) if tender_id is not None else None
    problems: list[engine.Message] = []
    upload_error = ""
    sent = request.FILES.get("spec")
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if sent is None and length > SPEC_MAX_BYTES:
        upload_error = f"The file must be smaller than {_size(SPEC_MAX_BYTES)}"
    elif sent is None:
        upload_error = "Select a tender.yaml file"
    elif sent.size > SPEC_MAX_BYTES:
        upload_error = f"The file must be smaller than {_size(SPEC_MAX_BYTES)}"
    else:
        text, problems = engine.read_upload(sent.read(), _data_dir() / "uploads")
        if text is not None:
            data, problems = engine.parse(text)
            if data is not None:
                if tender is None:
                    tender = Tender.objects.create()
                    revision, completed = 0, []
                else:
                    revision, completed = _revision(request), _latest(tender).completed
                if _save(tender, revision, text, "Uploaded a tender.yaml", completed) is None:
                    return _overview(request, tender, conflict=True, status=409)
                return redirect("tender", tender.pk)
        upload_error = "The file could not be read as a tender specification"
    context: dict[str, Any] = {"upload_error": upload_error, "upload_problems": problems}
    if tender is not None:
        return _overview(request, tender, status=400, **context)
    return render(request, "tenderpack_web/home.html", {
        "tenders": Tender.objects.all()[:200], "examples": engine.examples(), "limit": _size(SPEC_MAX_BYTES),
        **context}, status=400)


# ---------------------------------------------------------------------------- the task list


def tender(request: HttpRequest, tender_id: int) -> HttpResponse:
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _overview(request, get_object_or_404(Tender, pk=tender_id))


def _overview(request: HttpRequest, tender: Tender, conflict: bool = False, status: int = 200, **extra) -> HttpResponse:
    version = _latest(tender)
    checked = _checked(version)
    tasks = [{"section": s, "state": sections_module.state(s, checked.data, checked.errors, version.completed),
              "href": reverse("section", args=[tender.pk, s.slug])} for s in sections_module.sections()]
    glance = engine.preview(_file(version), engine.AT_A_GLANCE) if checked.valid else None
    html, widths = preview_html.without_styles(glance[1]) if glance else (None, "")
    completed = sum(1 for t in tasks if t["state"] == sections_module.COMPLETE)
    return render(request, "tenderpack_web/overview.html", {
        "tender": tender, "version": version, "checked": checked, "tasks": tasks, "completed": completed,
        "glance": html, "widths": widths, "conflict": conflict, "limit": _size(SPEC_MAX_BYTES),
        "files": _attached(tender, checked.data), "formats": FORMATS, "builds": tender.builds.all()[:5], **extra},
        status=status)


def _attached(tender: Tender, data: Any) -> list[dict]:
    """The files the spec attaches, as its ``file:`` values say, and whether each was uploaded here
    (so in the zip), for the download's words."""
    items = data.get("attachments") if isinstance(data, dict) else None
    files = [str(i["file"]) for i in items if isinstance(i, dict) and i.get("file")] if isinstance(items, list) else []
    return [{"file": f, "held": spec_files.held(_data_dir(), tender.pk, f)} for f in files]


# ---------------------------------------------------------------------------- a section


def section(request: HttpRequest, tender_id: int, slug_: str) -> HttpResponse:
    tender = get_object_or_404(Tender, pk=tender_id)
    part = sections_module.section(slug_)
    if part is None:
        raise Http404("no such section")
    if request.method == "GET":
        version = _latest(tender)
        checked = _checked(version)
        return _section_page(request, tender, version, part, checked.data or {}, checked.messages,
                             saved=request.GET.get("saved") == "1")
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    revision = _revision(request)
    # The form is read on the version it was loaded from, so that each item it sends back is
    # built on the saved item it came from (a save from a stale revision is refused below).
    version = tender.versions.filter(number=revision).first() or _latest(tender)
    stored, _ = engine.parse(version.text)
    stored = stored if isinstance(stored, dict) else {}
    action = request.POST.get("_action", "")
    verb, _, where = action.partition(":")
    reading = Reading()
    if verb == "remove":
        listed, _, key = where.partition(":")
        reading.remove = (listed, key)
    refused = _take_uploads(request, tender, part, reading)
    posted = read_fields(_spec_model(), request.POST, (), copy.deepcopy(stored), keys=part.keys, reading=reading)
    posted = {} if posted is EMPTY else posted
    if verb in ("add", "remove") or refused:
        if verb == "add":
            add_item(posted, reading.data_path(path_of(where)), reading)
        return _section_page(request, tender, version, part, posted, refused, unsaved=True, revision=revision,
                             focus=where, origins=reading.origins, status=400 if refused else 200)
    completed = set(version.completed)
    finished = request.POST.get("completed")
    if finished == "yes":
        completed.add(part.slug)
    elif finished == "no":
        completed.discard(part.slug)
    # the changed values written into the buyer's own text: their comments and order stay
    text = yamltext.update(version.text, stored, posted, reading.origins)
    unchanged = engine.parse(text)[0] == stored and completed == set(version.completed)
    if unchanged and revision == tender.revision:
        return redirect(reverse("section", args=[tender.pk, part.slug]) + "?saved=1")
    if _save(tender, revision, text, f"Saved {part.title}", sorted(completed)) is None:
        return _section_page(request, tender, version, part, posted, [], conflict=True, revision=revision,
                             origins=reading.origins, status=409)
    return redirect(reverse("section", args=[tender.pk, part.slug]) + "?saved=1")


def _upload_field(name: str, suffix: str, part) -> str | None:
    """The form name of a file field of this section that ``name`` (``<field><suffix>``) is for."""
    if not name.endswith(suffix):
        return None
    field_name = name.removesuffix(suffix)
    path = path_of(field_name)
    spec = field_at(_spec_model(), path)
    return field_name if spec is not None and spec.shape.kind == "upload" and path[0] in part.keys else None


def _signer(tender: Tender):
    from django.core.signing import Signer

    return Signer(salt=f"tenderpack.web.upload.{tender.pk}")


def _take_uploads(request: HttpRequest, tender: Tender, part, reading: Reading) -> list[engine.Message]:
    """Keep each file uploaded for a file field of this section (``<field>.upload``), noting the
    value the server made for it in ``reading``; the messages for files that were refused.

    A value the server made earlier travels with the page, signed (``<field>.kept``), so that a
    page drawn again before it is saved ("Add another") keeps it; an unsigned one is ignored."""
    from django.core.signing import BadSignature

    for name, raw in request.POST.items():
        field_name = _upload_field(name, ".kept", part)
        if field_name is not None:
            try:
                reading.uploaded[field_name] = _signer(tender).unsign(raw)
            except BadSignature:
                continue
    refused = []
    for name, upload in request.FILES.items():
        field_name = _upload_field(name, ".upload", part)
        if field_name is None:
            continue   # not a file field of this page: ignored, as any unknown field is
        path = path_of(field_name)
        try:
            reading.uploaded[field_name] = spec_files.store(_data_dir(), tender.pk, upload)
        except spec_files.Refused as exc:
            refused.append(engine.Message(path, None, None, "error", str(exc)))
    return refused


def _section_page(request: HttpRequest, tender: Tender, version: Version, part, data: dict, messages: list,
                  saved: bool = False, unsaved: bool = False, conflict: bool = False, revision: int | None = None,
                  focus: str = "", status: int = 200, origins: dict | None = None) -> HttpResponse:
    ws = widgets(_spec_model(), data, (), keys=part.keys, origins=origins)
    attach(ws, [m for m in messages if m.path and m.path[0] in part.keys])
    for w in (w for top in ws for w in top.walk() if w.kind == "upload"):
        stored = spec_files.stored_name(w.value) or ""   # a file uploaded here: shown by its name
        w.parts = {"stored": stored, "kept": _signer(tender).sign(w.value) if stored else ""}
    summary = _summary(ws, "errors")
    warnings = _summary(ws, "warnings")
    return render(request, "tenderpack_web/section.html", {
        "tender": tender, "version": version, "part": part, "widgets": ws, "summary": summary,
        "warnings": warnings, "saved": saved, "unsaved": unsaved, "conflict": conflict,
        "conflict_text": CHANGED_ELSEWHERE, "revision": tender.revision if revision is None else revision,
        "completed": part.slug in version.completed, "focus": focus,
        "upload_limit": spec_files.size_text(ATTACHMENT_MAX_BYTES),
        "upload_total": spec_files.size_text(ATTACHMENTS_MAX_BYTES)}, status=status)


def _summary(ws: list, kind: str) -> list[dict]:
    """The error summary's lines: each message under the label of its field, with the labels of the
    fieldsets and items it is in ("Lots: Lot 2: Title"), so that the line names the field in the
    page's words; the message itself keeps the command line's code and words."""
    out: list[dict] = []

    def visit(w, trail: tuple[str, ...]) -> None:
        here = (*trail, w.label)
        for m in getattr(w, kind):
            out.append({"message": m, "label": ": ".join(here), "target": _target(w)})
        for child in w.children:   # a list's items name themselves ("Lot 2"): the list's label is not repeated
            visit(child, trail if w.kind == "items" and child.kind == "item" else here)

    for top in ws:
        visit(top, ())
    return out


def _target(w) -> str:
    """The id of the input an error summary link moves to."""
    if w.choices:
        return w.choices[0].id
    if w.kind in ("date", "datetime"):
        return f"{w.id}-day"
    return w.id


# ---------------------------------------------------------------------------- check your answers


def _rows(model, data: Any, path: tuple, label: str, rows: list) -> None:
    """Every answer under ``data`` as (label, value, path) rows, labels from the model."""
    from .schema_form import _singular as singular, fields_of

    if isinstance(data, dict) and model is not None:
        known = {f.key: f for f in fields_of(model)}
        for key, value in data.items():
            spec = known.get(key)
            inner = spec.shape.model if spec is not None else None
            _rows(inner, value, (*path, key), f"{label}: {spec.label if spec else key}" if label else
                  (spec.label if spec else key), rows)
    elif isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        head, _, last = label.rpartition(": ")   # "Lots: Lots" -> "Lots: Lot 1"
        for i, item in enumerate(data):
            _rows(model, item, (*path, i), f"{head + ': ' if head else ''}{singular(last)} {i + 1}", rows)
    else:
        shown = "\n".join(map(str, data)) if isinstance(data, list) else (
            "\n".join(f"{k}: {v}" for k, v in data.items()) if isinstance(data, dict) else
            ("Yes" if data is True else "No" if data is False else str(data)))
        rows.append({"label": label, "value": shown, "path": path})


@require_GET
def check_answers(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = get_object_or_404(Tender, pk=tender_id)
    version = _latest(tender)
    checked = _checked(version)
    Spec = _spec_model()
    from .schema_form import field_named, id_of

    groups = []
    for part in sections_module.sections():
        rows: list[dict] = []
        for key in part.keys:
            if checked.data and key in checked.data:
                spec = field_named(Spec, key)
                _rows(spec.shape.model if spec else None, checked.data[key], (key,), spec.label if spec else key, rows)
        for row in rows:
            row["href"] = reverse("section", args=[tender.pk, part.slug]) + "#" + id_of(row["path"][:1])
        groups.append({"section": part, "rows": rows})
    return render(request, "tenderpack_web/check.html", {"tender": tender, "version": version, "checked": checked,
                                                        "groups": groups})


# ---------------------------------------------------------------------------- preview


@require_GET
def preview(request: HttpRequest, tender_id: int, document: str) -> HttpResponse:
    tender = get_object_or_404(Tender, pk=tender_id)
    version = _latest(tender)
    checked = _checked(version)
    if not checked.valid:
        return render(request, "tenderpack_web/preview.html", {"tender": tender, "checked": checked,
                                                              "version": version}, status=409)
    if document not in dict(checked.documents):
        raise Http404("the pack has no such document")
    shown = engine.preview(_file(version), document)
    assert shown is not None
    html, widths = preview_html.without_styles(shown[1])
    return render(request, "tenderpack_web/preview.html", {
        "tender": tender, "version": version, "checked": checked, "document": document,
        "title": shown[0], "html": html, "widths": widths})


# ---------------------------------------------------------------------------- YAML out


@require_GET
def download_yaml(request: HttpRequest, tender_id: int, number: int | None = None) -> HttpResponse:
    tender = get_object_or_404(Tender, pk=tender_id)
    version = _latest(tender) if number is None else get_object_or_404(Version, tender=tender, number=number)
    response = HttpResponse(version.text.encode("utf-8"), content_type="application/yaml; charset=utf-8")
    name = slug(tender.reference or "tender", "tender")
    response["Content-Disposition"] = f'attachment; filename="{name}-v{version.number}.yaml"'
    return response


@require_GET
def download_zip(request: HttpRequest, tender_id: int, number: int | None = None) -> HttpResponse:
    """The spec with the files it attaches, in the folders it names them in: unzipped,
    `tenderpack build tender.yaml` takes it unchanged (the YAML alone names files the buyer lacks)."""
    tender = get_object_or_404(Tender, pk=tender_id)
    version = _latest(tender) if number is None else get_object_or_404(Version, tender=tender, number=number)
    data, _ = engine.parse(version.text)
    archive = spec_files.zipped(_file(version), data)
    name = f"{slug(tender.reference or 'tender', 'tender')}-v{version.number}.zip"
    return FileResponse(archive, as_attachment=True, filename=name, content_type="application/zip")


# ---------------------------------------------------------------------------- history


@require_GET
def history(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = get_object_or_404(Tender, pk=tender_id)
    return render(request, "tenderpack_web/history.html", {"tender": tender, "versions": tender.versions.all()})


def _flat(data: Any, path: tuple = ()) -> dict[tuple, Any]:
    if isinstance(data, dict):
        out: dict[tuple, Any] = {}
        for key, value in data.items():
            out.update(_flat(value, (*path, key)))
        return out or {path: {}}
    if isinstance(data, list) and any(isinstance(v, (dict, list)) for v in data):
        out = {}
        for i, value in enumerate(data):
            out.update(_flat(value, (*path, i)))
        return out or {path: []}
    return {path: data}


@require_GET
def compare(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = get_object_or_404(Tender, pk=tender_id)
    numbers = [request.GET.get("a", ""), request.GET.get("b", "")]
    if not all(n.isdigit() for n in numbers):
        return render(request, "tenderpack_web/history.html", {
            "tender": tender, "versions": tender.versions.all(),
            "compare_error": "Choose two versions to compare"}, status=400)
    a, b = (get_object_or_404(Version, tender=tender, number=int(n)) for n in sorted(numbers, key=int))
    old, new = (_flat(engine.parse(v.text)[0] or {}) for v in (a, b))
    from ..positions import format_path

    changes = [{"path": format_path(p), "before": _shown(old.get(p)), "after": _shown(new.get(p)),
                "kind": "added" if p not in old else "removed" if p not in new else "changed"}
               for p in sorted(set(old) | set(new), key=lambda p: [str(x) for x in p]) if old.get(p) != new.get(p)]
    checked_a, checked_b = _checked(a), _checked(b)
    documents: list[dict] | None = None
    if checked_a.valid and checked_b.valid:
        before, after = engine.digests(_file(a)), engine.digests(_file(b))
        documents = [{"id": d, "title": (after.get(d) or before[d])[0],
                      "how": "added" if d not in before else "removed" if d not in after else "changed"}
                     for d in list(after) + [d for d in before if d not in after]
                     if before.get(d, ("", ""))[1] != after.get(d, ("", ""))[1]]
    return render(request, "tenderpack_web/compare.html", {
        "tender": tender, "a": a, "b": b, "changes": changes, "documents": documents,
        "invalid": [v.number for v, c in ((a, checked_a), (b, checked_b)) if not c.valid]})


def _shown(value: Any) -> str:
    if value is None:
        return ""
    return yamltext.dump(value).strip().removesuffix("...").strip()


@require_POST
def revert(request: HttpRequest, tender_id: int, number: int) -> HttpResponse:
    tender = get_object_or_404(Tender, pk=tender_id)
    old = get_object_or_404(Version, tender=tender, number=number)
    if _save(tender, _revision(request), old.text, f"Went back to version {old.number}", old.completed) is None:
        return render(request, "tenderpack_web/history.html", {
            "tender": tender, "versions": tender.versions.all(), "conflict": CHANGED_ELSEWHERE}, status=409)
    return redirect("tender", tender.pk)


# ---------------------------------------------------------------------------- builds


@require_POST
def start_build(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = get_object_or_404(Tender, pk=tender_id)
    version = _latest(tender)
    formats = [f for f, _ in FORMATS if f in request.POST.getlist("formats")]
    if not formats:
        return _overview(request, tender, status=400, build_error="Select at least one format")
    if not _checked(version).valid:
        return _overview(request, tender, status=409,
                         build_error="Fix the errors in this tender before you build its pack")
    build = Build.objects.create(tender=tender, version=version, formats=",".join(formats))
    transaction.on_commit(lambda: jobs.enqueue_build(build.pk))
    return redirect("build", build.pk)


@require_GET
def builds(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = get_object_or_404(Tender, pk=tender_id)
    return render(request, "tenderpack_web/builds.html", {"tender": tender, "builds": tender.builds.all()})


def build(request: HttpRequest, build_id: int) -> HttpResponse:
    item = get_object_or_404(Build.objects.select_related("tender", "version"), pk=build_id)
    verified = None
    if request.method == "POST":
        if item.status != Build.DONE:
            verified = (False, ["The pack is not built yet"])
        else:
            verified = engine.verify(jobs.pack_folder(item.pk) / "pack", item.manifest_sha256)
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    files = (item.manifest or {}).get("files", [])
    return render(request, "tenderpack_web/build.html", {
        "build": item, "tender": item.tender, "files": files, "verified": verified,
        "running": item.status in (Build.QUEUED, Build.RUNNING)})


@require_GET
def build_zip(request: HttpRequest, build_id: int) -> HttpResponse:
    item = get_object_or_404(Build.objects.select_related("tender"), pk=build_id)
    path = jobs.pack_folder(item.pk) / "pack.zip"
    if item.status != Build.DONE or not path.is_file():
        raise Http404("this build has no pack")
    name = f"{slug(item.tender.reference or 'tender', 'tender')}-build-{item.pk}.zip"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="application/zip")

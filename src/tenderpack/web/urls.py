"""The page's addresses. Ids and slugs only: no file name or path is ever taken from a request."""

from __future__ import annotations

from django.conf import settings
from django.urls import path, re_path
from django.views.static import serve

from . import views


def _static(request, asset: str, folder: str = ""):
    # Django's own file view (it refuses paths out of the folder); the page is one user's tool
    # on their machine, so no separate static file server is needed.
    return serve(request, asset, document_root=str(settings.TENDERPACK_STATIC / folder))


urlpatterns = [
    path("", views.home, name="home"),
    path("tenders/new", views.start, name="start"),
    path("tenders/upload", views.upload, name="upload"),
    path("tenders/<int:tender_id>/", views.tender, name="tender"),
    path("tenders/<int:tender_id>/upload", views.upload, name="upload_version"),
    path("tenders/<int:tender_id>/sections/<slug:slug_>/", views.section, name="section"),
    path("tenders/<int:tender_id>/check/", views.check_answers, name="check"),
    path("tenders/<int:tender_id>/preview/<slug:document>/", views.preview, name="preview"),
    path("tenders/<int:tender_id>/tender.yaml", views.download_yaml, name="yaml"),
    path("tenders/<int:tender_id>/versions/<int:number>/tender.yaml", views.download_yaml, name="version_yaml"),
    path("tenders/<int:tender_id>/tender.zip", views.download_zip, name="spec_zip"),
    path("tenders/<int:tender_id>/versions/<int:number>/tender.zip", views.download_zip, name="version_zip"),
    path("tenders/<int:tender_id>/history/", views.history, name="history"),
    path("tenders/<int:tender_id>/compare/", views.compare, name="compare"),
    path("tenders/<int:tender_id>/versions/<int:number>/revert", views.revert, name="revert"),
    path("tenders/<int:tender_id>/builds/", views.builds, name="builds"),
    path("tenders/<int:tender_id>/builds/new", views.start_build, name="start_build"),
    path("builds/<int:build_id>/", views.build, name="build"),
    path("builds/<int:build_id>/pack.zip", views.build_zip, name="build_zip"),
    re_path(r"^static/(?P<asset>.+)$", _static),
]

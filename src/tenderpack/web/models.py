"""What the page keeps: tenders, every saved version of each, and every build.

A version's YAML text is the spec, exactly as ``tenderpack build`` reads it; the spec files
and the packs on disk are named from ids alone, never from anything a form sent.
"""

from __future__ import annotations

from django.db import models


class Tender(models.Model):
    """One tender being written. ``revision`` is the number of its latest version: a save
    says which revision it was made from, and is refused if another save came first."""

    reference = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=400, blank=True)
    revision = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated"]

    def __str__(self) -> str:
        return self.title or f"Tender {self.pk}"


class Version(models.Model):
    """A saved state of a tender's spec: the YAML text and what the save was."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    note = models.CharField(max_length=300)
    # The sections the buyer marked as finished ("Have you completed this section?").
    completed = models.JSONField(default=list)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["tender", "number"], name="one_version_per_number")]

    def __str__(self) -> str:
        return f"{self.tender} v{self.number}"


class Build(models.Model):
    """A pack built from one version, by a job on the queue."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, "Queued"), (RUNNING, "Building"), (DONE, "Built"), (FAILED, "Failed")]

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="builds")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="builds")
    formats = models.CharField(max_length=100)
    status = models.CharField(max_length=20, choices=STATUSES, default=QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    manifest = models.JSONField(null=True, blank=True)
    manifest_sha256 = models.CharField(max_length=64, blank=True)
    zip_name = models.CharField(max_length=200, blank=True)   # made from the build's id, under the data folder
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

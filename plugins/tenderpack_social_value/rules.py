"""Rules the social value plugin adds: the chosen outcomes must be in the model the spec names."""

from __future__ import annotations

import tenderpack

from . import model

OUTCOME_IN_MODEL = "SV-MODEL-OUTCOME"
MODEL_KNOWN = "SV-MODEL-KNOWN"


def outcomes_in_model(spec: tenderpack.Spec):
    """Each chosen outcome must be an award criterion (or an outcome) of the model the spec names."""
    sv = spec.social_value
    if sv is None:
        return
    data = model.find(sv.model)
    if data is None:
        return  # the model is unknown: SV-MODEL-KNOWN says so
    for i, outcome in enumerate(sv.outcomes):
        if not data.lookup(outcome.id):
            yield tenderpack.Finding(
                f"{outcome.id!r} is not in the social value model {data.name}; "
                f"choose from its award criteria: {', '.join(data.ids())}",
                ("social_value", "outcomes", i, "id"))


def model_known(spec: tenderpack.Spec):
    """tenderpack has data for the social value model the spec names."""
    sv = spec.social_value
    if sv is None or model.find(sv.model) is not None:
        return
    known = ", ".join(m.name for m in model.models())
    yield tenderpack.Finding(
        f"tenderpack has no data for the social value model {sv.model!r}, so the chosen outcomes are printed "
        f"as given and not checked; it knows: {known}",
        ("social_value", "model"))


RULES = [
    tenderpack.Rule(OUTCOME_IN_MODEL, "error", "Social value outcomes come from the model",
                    "Social value model data (PPN 002; PPN 06/20)", outcomes_in_model),
    tenderpack.Rule(MODEL_KNOWN, "warning", "The social value model is one tenderpack knows",
                    "Social value model data (PPN 002; PPN 06/20)", model_known),
]

"""The dated data files of this plugin: tendering periods, named products, model contracts,
the commercial figures and the old procurement terms.

The figures of the law (thresholds, the standstill, KPIs, payment, bank holidays) live with
the engine, beside the duties they decide, and the rules read them through
``tenderpack.law.figure`` / ``amount`` / ``as_of``, so a plugin and a clause read the same
figure. This module reads only the plugin's own files.
"""

from __future__ import annotations

from pathlib import Path

import tenderpack

DATA = Path(__file__).parent / "data"
_FIGURES = tenderpack.Figures(DATA)
load = _FIGURES.load       # a data file of this plugin, such as load("tendering_periods")
figure = _FIGURES.figure   # figure("tendering_periods", "standard", "days")
amount = _FIGURES.amount
as_of = _FIGURES.as_of     # 'tendering_periods.yaml, as of 2025-02-24'

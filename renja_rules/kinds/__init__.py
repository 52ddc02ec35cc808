"""Rule kinds: one module each, one ``check`` generator each, gathered in :data:`KINDS`.

Adding a kind is adding a module with a ``KIND`` and one line here.
"""

from __future__ import annotations

from . import (average, bands, ceiling, ceiling_rows, children, columns, count, cross, distinct, document_set,
               expression, hierarchy, nomenclature, number, outlier, ratio, required, sum, suppression, tier, units, years)
from .base import COMMON_PLACEHOLDERS, CompileError, Finding, Kind, LineOf, Params

__all__ = ["KINDS", "Kind", "Finding", "LineOf", "Params", "CompileError", "COMMON_PLACEHOLDERS"]

KINDS: dict[str, Kind] = {
    module.KIND.name: module.KIND for module in (hierarchy, sum, expression, required, count, number, ratio, average, bands, cross, suppression, years,
                                     children, distinct, units, tier, outlier, columns, document_set, ceiling,
                                     ceiling_rows, nomenclature)
}

"""Percentiles as every benchmark reads them: nearest rank, so a reported figure is a value measured."""
from __future__ import annotations


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of them lie (nearest rank); 0 if there are none."""
    if not values:
        return 0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

"""The progress arithmetic, kept pure so that property-based tests can check it directly."""

from collections.abc import Iterable
from decimal import Decimal


def clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def measured_progress(
    baseline: Decimal, target: Decimal, current: Decimal | None, *, decrease: bool
) -> float:
    """(current − baseline) / (target − baseline) for an increase, the mirror for a decrease; 0–1."""
    if current is None or target == baseline:
        return 0.0
    span = (baseline - target) if decrease else (target - baseline)
    moved = (baseline - current) if decrease else (current - baseline)
    return clamp(float(moved / span))


def milestone_progress(done: int, total: int) -> float:
    return done / total if total else 0.0


def weighted_progress(items: Iterable[tuple[Decimal | float, float]]) -> float | None:
    """The weighted mean of (weight, progress) pairs; None when there is nothing to roll up."""
    total_weight = 0.0
    total = 0.0
    for weight, progress in items:
        w = float(weight)
        if w <= 0:
            continue
        total_weight += w
        total += w * progress
    if total_weight == 0:
        return None
    return clamp(total / total_weight)

"""Time constants and vectorised time helpers.

All times inside the generator are int64 seconds since the Unix epoch (UTC);
-1 means "no value".
"""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

MINUTE = 60
HOUR = 3600
DAY = 86_400
WEEK = 7 * DAY
NULL = -1


def ts(text: str) -> int:
    """Epoch seconds of a UTC 'YYYY-MM-DD[ HH:MM:SS]' string."""
    fmt = "%Y-%m-%d %H:%M:%S" if " " in text else "%Y-%m-%d"
    return int(datetime.strptime(text, fmt).replace(tzinfo=timezone.utc).timestamp())


YEAR_START = ts("2025-01-01")
DATA_END = ts("2025-12-31 23:59:59")  # the last second any event may carry
AI_ROLLOUT = ts("2025-07-01")  # dbt var ai_rollout_date
N_DAYS = (DATA_END + 1 - YEAR_START) // DAY

# Hour-of-day weights (UTC). Customers write around the clock with a
# European + American business-hours bump; employees work business hours.
CUSTOMER_HOURS = np.array(
    [2, 1.5, 1, 1, 1, 1.5, 3, 5, 7, 8, 8, 8, 8, 9, 10, 10, 10, 9, 8, 7, 6, 5, 4, 3],
    dtype=np.float64,
)
WORK_HOURS = np.array(
    [0.5, 0.3, 0.2, 0.2, 0.2, 0.3, 1, 3, 7, 9, 9, 9, 8, 10, 11, 11, 10, 9, 7, 5, 3, 2, 1.5, 1],
    dtype=np.float64,
)


def iso_weekday(seconds: I64) -> npt.NDArray[np.int64]:
    """ISO weekday (Monday = 1 ... Sunday = 7) of epoch seconds."""
    return (seconds // DAY + 3) % 7 + 1


def ramp(seconds: I64, start: int, days: float) -> F64:
    """0 before start, rising linearly to 1 over `days` days."""
    return np.clip((seconds - start) / (days * DAY), 0.0, 1.0)


def sample_times(
    rng: np.random.Generator,
    n: int,
    day_weights: F64,
    hour_weights: F64,
    first_day: int = YEAR_START,
) -> I64:
    """n timestamps: a day by `day_weights` (from `first_day`), an hour by
    `hour_weights`, then a uniform minute and second."""
    p = day_weights / day_weights.sum()
    day = rng.choice(len(p), size=n, p=p)
    hour = rng.choice(24, size=n, p=hour_weights / hour_weights.sum())
    within = rng.integers(0, HOUR, size=n)
    return (first_day + day * DAY + hour * HOUR + within).astype(np.int64)


def times_in_windows(
    rng: np.random.Generator,
    lo: I64,
    hi: I64,
    hour_weights: F64 = WORK_HOURS,
    weekend_keep: float = 0.25,
) -> I64:
    """One timestamp per window [lo, hi], shaped towards working hours and
    weekdays where the window allows it (always inside the window)."""
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.maximum(np.asarray(hi, dtype=np.int64), lo)
    n = lo.shape[0]
    base = lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(np.int64)
    day = base // DAY
    wd = (day + 3) % 7 + 1
    move = (wd >= 6) & (rng.random(n) > weekend_keep)
    day = np.where(move & (wd == 6), day - 1, day)
    day = np.where(move & (wd == 7), day + 1, day)
    hour = rng.choice(24, size=n, p=hour_weights / hour_weights.sum())
    cand = day * DAY + hour * HOUR + rng.integers(0, HOUR, size=n)
    ok = (cand >= lo) & (cand <= hi)
    return np.where(ok, cand, base).astype(np.int64)


def lognormal_seconds(
    rng: np.random.Generator, median: F64 | float, sigma: float, lo: float, hi: float, n: int
) -> I64:
    """Durations in whole seconds, log-normal around `median`, clipped."""
    x = np.asarray(median, dtype=np.float64) * np.exp(sigma * rng.standard_normal(n))
    return np.clip(np.round(x), lo, hi).astype(np.int64)


def month_index(seconds: I64) -> npt.NDArray[np.int64]:
    """Calendar month 0..11 of a 2025 timestamp."""
    d = seconds.astype("datetime64[s]").astype("datetime64[M]")
    return (d - np.datetime64("2025-01", "M")).astype(np.int64)

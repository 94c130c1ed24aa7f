"""CS interventions, churn and renewals.

Causal order: accounts have a latent health; unhealthy accounts get more
risk interventions; a CSM's AI use (driven by segment, tenure, personal
propensity and the time since the AI rollout) decides whether an
intervention gets material AI involvement; AI involvement raises the save
rate of risk interventions; lost risk interventions drive churn; churn ends
an account's activity and produces a churned renewal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .config import rng_for
from .ids import IdSpace
from .people import CSM, ENT, MID, SMB, Accounts, Users
from .timeutil import (
    AI_ROLLOUT, DATA_END, DAY, HOUR, NULL, YEAR_START, lognormal_seconds, ramp,
    times_in_windows, ts,
)

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]

TYPES = ("risk_mitigation", "onboarding", "adoption", "renewal", "expansion", "qbr")
RISK, ONBOARDING, ADOPTION, RENEWAL, EXPANSION, QBR = range(6)
OUTCOMES = ("saved", "lost", "completed", "no_response")
SAVED, LOST, COMPLETED, NO_RESPONSE = range(4)

COPILOT_APPROVED = ts("2025-02-03 09:00:00")
AGENT_APPROVED = ts("2025-06-15 08:00:00")


@dataclass
class Interventions:
    n: int
    ids: IdSpace
    account: I64
    csm: I64
    itype: npt.NDArray[np.int8]
    opened: I64
    closed: I64
    outcome: npt.NDArray[np.int8]  # -1 while open
    involved: B  # material AI involvement planned
    n_material: I64
    autonomous: B  # one material event is an autonomous AI action


def make_interventions(seed: int, scale: float, acc: Accounts, users: Users) -> Interventions:
    rng = rng_for(seed, "interventions")
    lo = np.maximum(acc.created, YEAR_START)
    years = (DATA_END - lo) / (365 * DAY)
    rate = np.array([11.0, 13.5, 20.0])[acc.segment] * (0.6 + 0.9 * (1 - acc.health))
    count = rng.poisson(rate * years)
    account = np.repeat(np.arange(acc.n), count)
    n = len(account)
    opened = times_in_windows(rng, lo[account], np.full(n, DATA_END - HOUR))
    order = np.lexsort((account, opened))
    account, opened = account[order], opened[order]

    seg = acc.segment[account]
    health = acc.health[account]
    young = opened - acc.created[account] < 90 * DAY
    w = np.stack([
        0.05 + 0.45 * (1 - health) ** 1.5,
        np.where(young, 0.5, 0.03),
        np.full(n, 0.22),
        np.full(n, 0.15),
        0.08 + 0.18 * health,
        np.array([0.04, 0.14, 0.25])[seg],
    ], axis=1)
    cum = np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)
    itype = (rng.random(n)[:, None] > cum).sum(axis=1).clip(0, 5).astype(np.int8)

    median = np.where(itype == RISK, 18.0, 11.0) * DAY
    dur = lognormal_seconds(rng, median, 0.6, DAY, 70 * DAY, n)
    closed = opened + dur
    still_open = (closed > DATA_END) | ((rng.random(n) < 0.02) & (opened > DATA_END - 60 * DAY))
    closed = np.where(still_open, NULL, closed)

    # The owner runs it when active; otherwise another active CSM of the segment.
    owner = acc.owner[account]
    csm = owner.copy()
    bad = ~users.active_at(owner, opened)
    if bad.any():
        pools_ = [np.flatnonzero((users.role == CSM) & (users.segment == s)) for s in (SMB, MID, ENT)]
        fallback = [int(np.flatnonzero((users.segment == s) & users.always_active)[0])
                    for s in (SMB, MID, ENT)]
        csm[bad] = users.pick_active(rng, pools_, seg[bad].astype(np.int64), opened[bad], fallback)

    # Material AI involvement.
    tenure_months = (opened - users.hired[csm]) / (30.44 * DAY)
    tenure_f = np.select([tenure_months < 6, tenure_months < 12, tenure_months < 24],
                         [1.35, 1.2, 1.0], 0.8)
    seg_base = np.array([0.66, 0.48, 0.32])[seg]
    time_f = np.where(
        opened >= AI_ROLLOUT, 0.5 + 0.5 * ramp(opened, AI_ROLLOUT, 120),
        np.where(opened >= COPILOT_APPROVED, 0.09, 0.05),
    )
    p = np.clip(seg_base * tenure_f * users.adoption[csm] * time_f, 0, 0.95)
    involved = rng.random(n) < p
    span_days = np.where(closed > 0, closed, DATA_END) - opened
    lam = np.array([3.3, 2.6, 2.0])[seg] * np.clip(span_days / (12 * DAY), 0.5, 2.0)
    n_material = np.where(involved, 1 + rng.poisson(lam), 0)
    autonomous = involved & (opened >= AGENT_APPROVED) & (rng.random(n) < 0.07)

    outcome = np.full(n, -1, dtype=np.int8)
    is_closed = closed > 0
    risk = itype == RISK
    p_save = np.where(involved, 0.74, 0.52)
    outcome[is_closed & risk] = np.where(rng.random(n) < p_save, SAVED, LOST)[is_closed & risk]
    other = is_closed & ~risk
    outcome[other] = np.where(rng.random(n) < 0.82, COMPLETED, NO_RESPONSE)[other]

    return Interventions(
        n=n, ids=IdSpace("I", n, 5), account=account.astype(np.int64), csm=csm.astype(np.int64),
        itype=itype, opened=opened, closed=closed.astype(np.int64), outcome=outcome,
        involved=involved, n_material=n_material.astype(np.int64), autonomous=autonomous,
    )


def apply_churn(seed: int, acc: Accounts, iv: Interventions) -> Interventions:
    """Decide churn from lost risk interventions and drop activity after it."""
    rng = rng_for(seed, "churn")
    lost = (iv.itype == RISK) & (iv.outcome == LOST)
    # First lost risk intervention per account.
    first_lost = np.full(acc.n, NULL, dtype=np.int64)
    idx = np.flatnonzero(lost)
    if idx.size:
        order = np.lexsort((iv.closed[idx], iv.account[idx]))
        a, c = iv.account[idx][order], iv.closed[idx][order]
        first = np.r_[True, a[1:] != a[:-1]]
        first_lost[a[first]] = c[first]
    churn_after_loss = (first_lost > 0) & (rng.random(acc.n) < 0.14)
    t1 = first_lost + rng.integers(DAY, 45 * DAY, size=acc.n)
    random_churn = (rng.random(acc.n) < 0.015) & ~churn_after_loss
    lo = np.maximum(acc.created + 60 * DAY, YEAR_START + 10 * DAY)
    t2 = lo + (rng.random(acc.n) * np.maximum(DATA_END - 5 * DAY - lo, DAY)).astype(np.int64)
    churned = np.where(churn_after_loss, t1, np.where(random_churn, t2, NULL))
    churned = np.where(churned > DATA_END - DAY, NULL, churned)
    churned = np.where(churned > 0, (churned // DAY) * DAY + 14 * HOUR
                       + rng.integers(0, 3 * HOUR, size=acc.n), NULL)
    # Never before an earlier intervention closed (the loss that caused it).
    acc.churned = churned.astype(np.int64)

    ch = acc.churned[iv.account]
    keep = (ch < 0) | (iv.opened < ch)
    sel = np.flatnonzero(keep)
    ch = ch[sel]
    closed = iv.closed[sel].copy()
    outcome = iv.outcome[sel].copy()
    itype = iv.itype[sel]
    open_at_churn = (ch > 0) & (closed < 0)
    closed[open_at_churn] = ch[open_at_churn]
    outcome[open_at_churn & (itype == RISK)] = LOST
    outcome[open_at_churn & (itype != RISK)] = NO_RESPONSE
    return Interventions(
        n=len(sel), ids=IdSpace("I", len(sel), 5), account=iv.account[sel], csm=iv.csm[sel],
        itype=itype, opened=iv.opened[sel], closed=closed, outcome=outcome,
        involved=iv.involved[sel], n_material=iv.n_material[sel], autonomous=iv.autonomous[sel],
    )


@dataclass
class Renewals:
    account: I64
    date: I64  # midnight seconds
    arr_before: F64
    arr_after: F64
    outcome: npt.NDArray[np.int8]  # 0 renewed 1 expanded 2 contracted 3 churned


RENEWAL_OUTCOMES = ("renewed", "expanded", "contracted", "churned")


def make_renewals(seed: int, acc: Accounts) -> tuple[Renewals, F64]:
    """Renewals in 2025 and each account's current ARR."""
    rng = rng_for(seed, "renewals")
    created_day = acc.created.astype("datetime64[s]").astype("datetime64[D]")
    day_of_year = (created_day - created_day.astype("datetime64[Y]")).astype(np.int64)
    anniversary = YEAR_START + np.minimum(day_of_year, 364) * DAY
    churned = acc.churned > 0
    old = acc.created < YEAR_START
    has = churned | old
    date = np.where(churned, (acc.churned // DAY) * DAY, anniversary)
    h = acc.health
    u = rng.random(acc.n)
    p_exp = 0.15 + 0.25 * h
    p_con = 0.05 + 0.15 * (1 - h)
    outcome = np.where(u < p_exp, 1, np.where(u < p_exp + p_con, 2, 0)).astype(np.int8)
    outcome[churned] = 3
    before = acc.arr_start
    factor = np.select(
        [outcome == 1, outcome == 2, outcome == 3],
        [rng.uniform(1.05, 1.45, acc.n), rng.uniform(0.55, 0.95, acc.n), np.zeros(acc.n)],
        1.0,
    )
    after = np.round(before * factor, 0)
    current = np.where(churned, before, np.where(has, after, before))
    sel = np.flatnonzero(has)
    order = sel[np.argsort(date[sel], kind="stable")]
    return Renewals(
        account=order.astype(np.int64), date=date[order], arr_before=before[order],
        arr_after=after[order], outcome=outcome[order],
    ), current

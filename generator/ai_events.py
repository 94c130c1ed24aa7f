"""CSM-side AI telemetry: the ai_events attached to CS interventions.

Material events (an approved tool's draft_sent kept >= 0.5, signal_surfaced,
recommendation_accepted, autonomous_action) come from interventions the CS
model marked as AI-involved; every intervention may also carry non-material
use (opened, draft_generated, drafts rewritten below 0.5, recommendations
not accepted) and shadow use (the never-approved personal chatbot, or the
mid-2025 tool before its approval).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from . import frame
from .contract import TABLES_BY_NAME
from .cs import COPILOT_APPROVED, Interventions
from .frame import INT_NULL
from .helpdesk import Context
from .timeutil import AI_ROLLOUT, DATA_END, WORK_HOURS, times_in_windows, ts

I64 = npt.NDArray[np.int64]

FORECASTER_APPROVED = ts("2025-08-18 09:00:00")
FORECASTER_TRIAL = ts("2025-06-02 09:00:00")
LEGACY_RETIRED = ts("2025-04-30 18:00:00")


def _drafting_tool(rng: np.random.Generator, t: I64) -> npt.NDArray[np.object_]:
    """An approved drafting tool of the moment: the legacy assistant until the
    copilot was approved, then either until the legacy one retired."""
    legacy = (t < COPILOT_APPROVED) | ((t < LEGACY_RETIRED) & (rng.random(len(t)) < 0.4))
    return np.where(legacy, "AT06", "AT01").astype(object)


def _chars(rng: np.random.Generator, etype: npt.NDArray[np.object_]) -> I64:
    n = len(etype)
    draft = rng.integers(250, 1800, size=n)
    short = rng.integers(60, 400, size=n)
    rec = rng.integers(100, 700, size=n)
    auto = rng.integers(150, 1200, size=n)
    return np.select(
        [etype == "opened", np.isin(etype, ["draft_generated", "draft_sent"]),
         etype == "signal_surfaced", etype == "autonomous_action"],
        [np.full(n, INT_NULL), draft, short, auto], rec,
    )


def intervention_chunk(
    ctx: Context, iv: Interventions, rng: np.random.Generator, lo: int, hi: int
) -> pa.Table:
    users = ctx.users
    idx = np.arange(lo, hi)
    o = iv.opened[idx]
    close = np.where(iv.closed[idx] > 0, iv.closed[idx], DATA_END)
    term = users.terminated[iv.csm[idx]]
    e = np.minimum(close, np.where(term > 0, term - 1, DATA_END))
    e = np.maximum(e, o)
    csm = iv.csm[idx]
    post = o >= AI_ROLLOUT
    parts: list[dict[str, np.ndarray]] = []

    def add(rows: I64, t: I64, etype: npt.NDArray[np.object_], tool: npt.NDArray[np.object_],
            user: I64, ratio: npt.NDArray[np.float64]) -> None:
        parts.append({"row": rows, "t": t, "type": etype, "tool": tool, "user": user, "ratio": ratio})

    # Material events.
    rows = np.repeat(np.arange(len(idx)), iv.n_material[idx])
    k = len(rows)
    t = times_in_windows(rng, o[rows], e[rows], WORK_HOURS, weekend_keep=0.3)
    u = rng.random(k)
    etype = np.where(u < 0.45, "draft_sent", np.where(u < 0.75, "signal_surfaced",
                                                       "recommendation_accepted")).astype(object)
    first_of = np.r_[True, rows[1:] != rows[:-1]] if k else np.zeros(0, dtype=bool)
    auto = first_of & iv.autonomous[idx][rows]
    etype[auto] = "autonomous_action"
    tool = np.select(
        [etype == "draft_sent", (etype == "signal_surfaced") & (t >= FORECASTER_APPROVED)
         & (rng.random(k) < 0.35), etype == "autonomous_action"],
        [_drafting_tool(rng, t), np.full(k, "AT04", dtype=object), np.full(k, "AT02", dtype=object)],
        "AT03",
    ).astype(object)
    # Most autonomous actions are logged without a user; every fourth
    # intervention's carries the CSM who let the AI act (a CSM-side
    # autonomous_action interaction). Chosen by index, not by a draw, so the
    # rest of the dataset does not move.
    user = np.where(auto & (idx[rows] % 4 != 0), -1, csm[rows])
    ratio = np.where(rng.random(k) < 0.15, 0.5, np.round(0.5 + 0.5 * rng.beta(2.0, 1.6, size=k), 2))
    ratio = np.where(etype == "draft_sent", ratio, np.nan)
    add(rows, t, etype, tool, user, ratio)

    # Companions: a draft is generated (and the tool opened) before it is
    # sent; a recommendation is generated before it is accepted.
    d = np.flatnonzero((etype == "draft_sent") & (rng.random(k) < 0.8))
    t_gen = np.maximum(o[rows[d]], t[d] - rng.integers(60, 1800, size=len(d)))
    add(rows[d], t_gen, np.full(len(d), "draft_generated", dtype=object), tool[d], user[d],
        np.full(len(d), np.nan))
    d2 = d[rng.random(len(d)) < 0.3]
    t_open = np.maximum(o[rows[d2]], t[d2] - rng.integers(1900, 3600, size=len(d2)))
    add(rows[d2], t_open, np.full(len(d2), "opened", dtype=object), tool[d2], user[d2],
        np.full(len(d2), np.nan))
    ra = np.flatnonzero(etype == "recommendation_accepted")
    t_rg = np.maximum(o[rows[ra]], t[ra] - rng.integers(300, 2 * 86_400, size=len(ra)))
    add(rows[ra], t_rg, np.full(len(ra), "recommendation_generated", dtype=object), tool[ra],
        user[ra], np.full(len(ra), np.nan))

    # Non-material use.
    n_low = rng.poisson(np.where(post, 0.8, 0.15))
    rows = np.repeat(np.arange(len(idx)), n_low)
    k = len(rows)
    t = times_in_windows(rng, o[rows], e[rows], WORK_HOURS, weekend_keep=0.3)
    u = rng.random(k)
    etype = np.select([u < 0.25, u < 0.45, u < 0.75],
                      ["opened", "draft_generated", "draft_sent"],
                      "recommendation_generated").astype(object)
    tool = np.where(etype == "recommendation_generated", "AT03", _drafting_tool(rng, t)).astype(object)
    v = rng.random(k)
    low = np.select([v < 0.3, v < 0.65],
                    [np.full(k, 0.49), np.round(rng.uniform(0.0, 0.05, size=k), 2)],
                    np.round(rng.uniform(0.06, 0.48, size=k), 2))
    add(rows, t, etype, tool, csm[rows], np.where(etype == "draft_sent", low, np.nan))

    # Shadow AI: the personal chatbot (never approved).
    shadow = users.shadow[csm]
    n_sh = np.where(shadow, rng.poisson(np.where(post, 0.9, 0.4)), 0)
    rows = np.repeat(np.arange(len(idx)), n_sh)
    k = len(rows)
    t = times_in_windows(rng, o[rows], e[rows], WORK_HOURS, weekend_keep=0.4)
    etype = np.where(rng.random(k) < 0.4, "draft_generated", "draft_sent").astype(object)
    ratio = np.where(etype == "draft_sent", np.round(rng.uniform(0, 1, size=k), 2), np.nan)
    add(rows, t, etype, np.full(k, "AT05", dtype=object), csm[rows], ratio)

    # The forecaster before its approval (shadow until 2025-08-18).
    w_lo = np.maximum(o, FORECASTER_TRIAL)
    w_hi = np.minimum(e, FORECASTER_APPROVED - 1)
    trial = users.early_tester[csm] & (w_lo <= w_hi)
    n_tr = np.where(trial, rng.poisson(1.2, size=len(idx)), 0)
    rows = np.repeat(np.arange(len(idx)), n_tr)
    k = len(rows)
    t = times_in_windows(rng, w_lo[rows], w_hi[rows], WORK_HOURS, weekend_keep=0.3)
    add(rows, t, np.full(k, "signal_surfaced", dtype=object), np.full(k, "AT04", dtype=object),
        csm[rows], np.full(k, np.nan))

    ev = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    order = np.lexsort((ev["row"], ev["t"]))
    ev = {key: val[order] for key, val in ev.items()}
    n = len(order)
    return frame.build(TABLES_BY_NAME["ai_events"], {
        "event_id": ctx.next_ids("event", n),
        "occurred_at": ev["t"],
        "tool_id": ev["tool"],
        "user_id": users.ids(ev["user"]),
        "ticket_id": pa.nulls(n, pa.string()),
        "intervention_id": iv.ids(idx[ev["row"]]),
        "event_type": ev["type"],
        "ai_output_chars": _chars(rng, ev["type"]),
        "retained_ratio": ev["ratio"],
    })


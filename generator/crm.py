"""Opportunities, support costs, vendor contracts and the AI tool list."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from . import pools
from .config import rng_for
from .cs import COMPLETED, EXPANSION, RENEWAL, RISK, SAVED, Interventions
from .people import Accounts, Users
from .tickets import AI_ONLY, S, Tickets
from .timeutil import DATA_END, DAY, HOUR, NULL, lognormal_seconds, month_index, ts

I64 = npt.NDArray[np.int64]

OPP_TYPES = ("upsell", "cross_sell", "retention_save")
UPSELL, CROSS_SELL, RETENTION = range(3)
STAGES = ("closed_won", "closed_lost", "open")


def make_opportunities(seed: int, acc: Accounts, iv: Interventions, tk: Tickets) -> dict[str, np.ndarray]:
    rng = rng_for(seed, "opportunities")
    # From interventions.
    closed_ok = iv.closed > 0
    u = rng.random(iv.n)
    from_exp = closed_ok & (iv.itype == EXPANSION) & (iv.outcome == COMPLETED) & (u < 0.45)
    from_risk = closed_ok & (iv.itype == RISK) & (iv.outcome == SAVED) & (u < 0.35)
    from_ren = closed_ok & (iv.itype == RENEWAL) & (iv.outcome == COMPLETED) & (u < 0.12)
    i_sel = np.flatnonzero(from_exp | from_risk | from_ren)
    i_type = np.where(from_risk[i_sel], RETENTION,
                      np.where(rng.random(len(i_sel)) < 0.65, UPSELL, CROSS_SELL))
    i_created = iv.closed[i_sel] + rng.integers(HOUR, 3 * DAY, size=len(i_sel))

    # From tickets: a how-to or integration question that turns into a sale,
    # a billing complaint that turns into a save.
    commercial = np.isin(tk.category, [2, 3, 4, 5])  # how_to, data_export, billing, integration
    t_sel = np.flatnonzero(tk.solved & commercial & (rng.random(tk.n) < 0.03))
    billing = tk.category[t_sel] == 4
    t_type = np.where(billing & (rng.random(len(t_sel)) < 0.5), RETENTION,
                      np.where(rng.random(len(t_sel)) < 0.6, UPSELL, CROSS_SELL))
    t_created = tk.solved_at[t_sel] + rng.integers(HOUR, 10 * DAY, size=len(t_sel))

    # Standalone pipeline.
    n_sa = rng.poisson(0.2, size=acc.n)
    s_acc = np.repeat(np.arange(acc.n), n_sa)
    lo = np.maximum(acc.created[s_acc], ts("2025-01-01"))
    s_created = lo + (rng.random(len(s_acc)) * (DATA_END - lo)).astype(np.int64)
    s_type = rng.choice(3, size=len(s_acc), p=[0.5, 0.35, 0.15])

    account = np.concatenate([iv.account[i_sel], tk.account[t_sel], s_acc]).astype(np.int64)
    created = np.concatenate([i_created, t_created, s_created]).astype(np.int64)
    otype = np.concatenate([i_type, t_type, s_type]).astype(np.int8)
    src_iv = np.concatenate([i_sel, np.full(len(t_sel) + len(s_acc), -1)]).astype(np.int64)
    src_tk = np.concatenate([np.full(len(i_sel), -1), t_sel, np.full(len(s_acc), -1)]).astype(np.int64)
    ai_ticket = np.concatenate([np.zeros(len(i_sel), bool), tk.path[t_sel] == AI_ONLY,
                                np.zeros(len(s_acc), bool)])
    involved = np.concatenate([iv.involved[i_sel], np.zeros(len(t_sel) + len(s_acc), bool)])

    ch = acc.churned[account]
    ok = (created <= DATA_END) & ((ch < 0) | (created < ch))
    sel = np.flatnonzero(ok)
    account, created, otype = account[sel], created[sel], otype[sel]
    src_iv, src_tk, ai_ticket, involved = src_iv[sel], src_tk[sel], ai_ticket[sel], involved[sel]
    ch = ch[sel]
    n = len(sel)

    closed = created + lognormal_seconds(rng, 30 * DAY, 0.6, 3 * DAY, 120 * DAY, n)
    p_win = np.array([0.42, 0.35, 0.55])[otype] + 0.08 * involved + 0.04 * ai_ticket
    stage = np.where(rng.random(n) < p_win, 0, 1)
    lost_to_churn = (ch > 0) & (closed >= ch)
    closed = np.where(lost_to_churn, ch, closed)
    stage = np.where(lost_to_churn, 1, stage)
    is_open = closed > DATA_END
    stage = np.where(is_open, 2, stage)
    closed = np.where(is_open, NULL, closed)
    factor = np.select([otype == UPSELL, otype == CROSS_SELL],
                       [rng.uniform(0.1, 0.45, n), rng.uniform(0.05, 0.3, n)], rng.uniform(0.4, 1.0, n))
    amount = np.maximum(np.round(acc.arr_start[account] * factor, 0), 100.0)

    order = np.argsort(created, kind="stable")
    return dict(account=account[order], created=created[order], closed=closed[order],
                otype=otype[order], stage=stage[order].astype(np.int8), amount=amount[order],
                src_iv=src_iv[order], src_tk=src_tk[order])


COST_LINES = (
    ("agent_labor", "human"), ("tooling", "shared"), ("ai_platform_fee", "ai"),
    ("ai_usage", "ai"), ("training_data", "ai"), ("optimization", "ai"),
)
# Jun..Dec: training data and optimisation are front-loaded after the launch.
TRAINING = (150.0, 300.0, 240.0, 170.0, 110.0, 70.0, 45.0)
OPTIMIZATION = (60.0, 150.0, 130.0, 100.0, 70.0, 45.0, 30.0)


def make_costs(seed: int, scale: float, tk: Tickets, users: Users) -> dict[str, list[object]]:
    """Monthly ledger lines (12 months x 6 cost types; AI lines from June)."""
    rng = rng_for(seed, "costs")
    month_created = month_index(tk.created)
    human = np.bincount(month_created[tk.agent >= 0], minlength=12)[:12]
    ai_conv = np.bincount(month_created[tk.present[:, S["ai1"]]], minlength=12)[:12]
    ai_solved = tk.solved & (tk.path == AI_ONLY)
    ai_res = np.bincount(month_index(tk.solved_at[ai_solved]), minlength=12)[:12]
    rows: dict[str, list[object]] = {"cost_month": [], "cost_type": [], "channel": [], "amount_usd": []}
    for m in range(12):
        for ctype, chan in COST_LINES:
            if chan == "ai" and m < 5:
                continue
            if ctype == "agent_labor":
                amount = human[m] * rng.uniform(10.8, 12.2)
            elif ctype == "tooling":
                amount = 300.0 * scale * (1 + 0.01 * m) + 0.4 * human[m]
            elif ctype == "ai_platform_fee":
                amount = 20.0 * scale + 0.25 * ai_conv[m]
            elif ctype == "ai_usage":
                amount = ai_res[m] * (1.25 if m < 9 else 0.99)
            elif ctype == "training_data":
                amount = TRAINING[m - 5] * scale
            else:
                amount = OPTIMIZATION[m - 5] * scale
            rows["cost_month"].append(ts(f"2025-{m + 1:02d}-01"))
            rows["cost_type"].append(ctype)
            rows["channel"].append(chan)
            rows["amount_usd"].append(round(float(amount), 2))
    return rows


VENDOR_CONTRACTS = (
    {"contract_id": "VC01", "vendor": "Helix Labs", "tool_id": "AT02",
     "effective_from": "2025-06-15", "effective_to": "2025-09-30",
     "price_per_resolution_usd": 1.25, "min_resolution_rate": 0.5, "min_csat_pct": 80.0,
     "penalty_pct": 10.0},
    {"contract_id": "VC02", "vendor": "Helix Labs", "tool_id": "AT02",
     "effective_from": "2025-10-01", "effective_to": None,
     "price_per_resolution_usd": 0.99, "min_resolution_rate": 0.55, "min_csat_pct": 82.0,
     "penalty_pct": 15.0},
)


def tools_columns() -> dict[str, list[object]]:
    cols: dict[str, list[object]] = {k: [] for k in pools.TOOLS[0]}
    for tool in pools.TOOLS:
        for k, v in tool.items():
            if k in ("approved_at", "retired_at"):
                v = ts(v) if isinstance(v, str) else NULL
            cols[k].append(v)
    return cols


def contracts_columns() -> dict[str, list[object]]:
    cols: dict[str, list[object]] = {k: [] for k in VENDOR_CONTRACTS[0]}
    for c in VENDOR_CONTRACTS:
        for k, v in c.items():
            if k.startswith("effective"):
                v = ts(v) if isinstance(v, str) else NULL
            cols[k].append(v)
    return cols

"""Orchestration: build the world, then stream every table to its sink."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from . import frame, pools
from .ai_events import intervention_chunk
from .config import Config, rng_for
from .contract import TABLES, TABLES_BY_NAME
from .crm import (
    OPP_TYPES, STAGES, contracts_columns, make_costs, make_opportunities, tools_columns,
)
from .cs import OUTCOMES, RENEWAL_OUTCOMES, TYPES, apply_churn, make_interventions, make_renewals
from .helpdesk import BodyPool, Context, ticket_chunk
from .ids import IdSpace
from .kb import make_articles, random_views, vote
from .output import TableSink, write_ledger, write_seed_properties
from .people import make_accounts, make_contacts, make_users, users_table_columns
from .text import LedgerRows
from .tickets import make_tickets


@dataclass
class Summary:
    truth_rows: dict[str, int] = field(default_factory=dict)
    raw_rows: dict[str, int] = field(default_factory=dict)
    ledger_rows: int = 0
    seconds: float = 0.0

    def render(self) -> str:
        width = max(len(t) for t in self.truth_rows)
        lines = [f"{'table':<{width}}  {'truth':>10}  {'raw':>10}"]
        for t in self.truth_rows:
            lines.append(f"{t:<{width}}  {self.truth_rows[t]:>10,}  {self.raw_rows[t]:>10,}")
        lines.append(f"ledger rows: {self.ledger_rows:,}; {self.seconds:.1f} s")
        return "\n".join(lines)


def generate(cfg: Config) -> Summary:
    started = time.perf_counter()
    seed, scale = cfg.seed, cfg.scale
    if cfg.layout == "seeds" and cfg.fmt != "csv":
        raise ValueError("--layout seeds writes dbt seeds, which must be CSV")
    cfg.out.mkdir(parents=True, exist_ok=True)

    users = make_users(seed, scale)
    acc = make_accounts(seed, scale, users)
    contacts = make_contacts(seed, acc)
    iv = apply_churn(seed, acc, make_interventions(seed, scale, acc, users))
    renewals, current_arr = make_renewals(seed, acc)
    tickets = make_tickets(seed, scale, contacts, acc, users)
    articles = make_articles(rng_for(seed, "kb_articles"))
    opps = make_opportunities(seed, acc, iv, tickets)

    ledger = LedgerRows([], [], [], [])
    sinks = {t.name: TableSink(cfg, t, ledger) for t in TABLES}
    n_t = tickets.n
    ticket_ids = IdSpace("T", n_t, 7)
    ctx = Context(
        seed=seed, scale=scale, tickets=tickets, ticket_ids=ticket_ids, contacts=contacts,
        domains=acc.domains(), accounts=acc, users=users, articles=articles, bodies=BodyPool(),
        counters={},
        id_spaces={
            "message": IdSpace("M", n_t * 24, 7),
            "event": IdSpace("E", (n_t + iv.n) * 16, 7),
            "time_entry": IdSpace("TE", n_t * 4, 6),
            "survey": IdSpace("SV", n_t * 3, 6),
            "review": IdSpace("ER", n_t, 5),
            "qa_review": IdSpace("QA", n_t, 5),
            "view": IdSpace("V", n_t * 2, 6),
        },
    )

    def put(name: str, columns: dict[str, object]) -> None:
        sinks[name].write(frame.build(TABLES_BY_NAME[name], columns))

    # --- CRM and lookups ------------------------------------------------------------
    idx = np.arange(acc.n)
    put("crm_accounts", {
        "account_id": acc.ids(idx),
        "account_name": acc.names(),
        "segment": pa.array(pools.SEGMENTS).take(pa.array(acc.segment)),
        "owner_csm_id": users.ids(acc.owner),
        "industry": pa.array(pools.INDUSTRIES).take(pa.array(acc.industry)),
        "created_at": acc.created,
        "arr_usd": current_arr,
        "churned_at": acc.churned,
    })
    put("crm_renewals", {
        "renewal_id": IdSpace("R", len(renewals.account), 4)(np.arange(len(renewals.account))),
        "account_id": acc.ids(renewals.account),
        "renewal_date": renewals.date,
        "arr_before_usd": renewals.arr_before,
        "arr_after_usd": renewals.arr_after,
        "outcome": pa.array(RENEWAL_OUTCOMES).take(pa.array(renewals.outcome)),
    })
    n_o = len(opps["account"])
    put("crm_opportunities", {
        "opportunity_id": IdSpace("O", n_o, 5)(np.arange(n_o)),
        "account_id": acc.ids(opps["account"]),
        "created_at": opps["created"],
        "closed_at": opps["closed"],
        "opportunity_type": pa.array(OPP_TYPES).take(pa.array(opps["otype"])),
        "stage": pa.array(STAGES).take(pa.array(opps["stage"])),
        "amount_usd": opps["amount"],
        "source_ticket_id": ticket_ids(opps["src_tk"]),
        "source_intervention_id": iv.ids(opps["src_iv"]),
    })
    put("crm_users", users_table_columns(users))
    put("ai_tools", tools_columns())
    put("kb_articles", {
        "article_id": articles.ids(np.arange(articles.n)),
        "title": articles.title,
        "category": pa.array(pools.CATEGORY_LABELS).take(pa.array(articles.category)),
        "created_at": articles.created,
    })
    costs = make_costs(seed, scale, tickets, users)
    n_c = len(costs["cost_month"])
    put("support_costs", {"cost_line_id": IdSpace("CL", n_c, 4)(np.arange(n_c)), **costs})
    put("vendor_contracts", contracts_columns())

    # --- Helpdesk, chunk by chunk -----------------------------------------------------
    for k, lo in enumerate(range(0, n_t, cfg.chunk_tickets)):
        hi = min(n_t, lo + cfg.chunk_tickets)
        for name, tbl in ticket_chunk(ctx, rng_for(seed, "ticket_chunk", k), lo, hi).items():
            sinks[name].write(tbl)

    # --- CS interventions and their AI events -----------------------------------------
    for k, lo in enumerate(range(0, iv.n, cfg.chunk_tickets)):
        hi = min(iv.n, lo + cfg.chunk_tickets)
        sel = np.arange(lo, hi)
        put("cs_interventions", {
            "intervention_id": iv.ids(sel),
            "account_id": acc.ids(iv.account[sel]),
            "csm_id": users.ids(iv.csm[sel]),
            "intervention_type": pa.array(TYPES).take(pa.array(iv.itype[sel])),
            "opened_at": iv.opened[sel],
            "closed_at": iv.closed[sel],
            "outcome": pa.array(OUTCOMES, pa.string()).take(
                pa.array(np.where(iv.outcome[sel] < 0, 0, iv.outcome[sel]),
                         mask=iv.outcome[sel] < 0)),
        })
        sinks["ai_events"].write(intervention_chunk(ctx, iv, rng_for(seed, "iv_chunk", k), lo, hi))

    # --- Knowledge-base browsing not tied to a ticket ----------------------------------
    n_views = max(50, round(2500 * scale))
    per = cfg.chunk_tickets * 2
    for k in range(math.ceil(n_views / per)):
        m = min(per, n_views - k * per)
        rng = rng_for(seed, "kb_views", k)
        art, req, t = random_views(rng, m, articles, contacts, acc)
        order = np.argsort(t, kind="stable")
        art, req, t = art[order], req[order], t[order]
        put("kb_article_views", {
            "view_id": ctx.next_ids("view", m),
            "article_id": articles.ids(art),
            "requester_id": contacts.ids(req),
            "viewed_at": t,
            "voted_helpful": vote(rng, articles, art),
        })

    summary = Summary()
    for name, sink in sinks.items():
        sink.close()
        summary.truth_rows[name] = sink.truth_rows
        summary.raw_rows[name] = sink.raw_rows
    write_ledger(cfg.ledger_path, ledger)
    summary.ledger_rows = len(ledger.table)
    if cfg.layout == "seeds":
        write_seed_properties(cfg.out / "_raw__seeds.yml")
    summary.seconds = time.perf_counter() - started
    return summary

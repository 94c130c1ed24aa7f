"""Tickets, stage 2: everything that hangs off one chunk of tickets.

For a contiguous chunk of (time-sorted) tickets this builds the _truth rows of
helpdesk_tickets, helpdesk_messages, helpdesk_time_entries,
helpdesk_surveys, escalation_reviews, qa_reviews, the ticket-level
ai_events (the AI agent's autonomous actions and agents' copilot drafts) and
the knowledge-base views that precede a ticket.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from . import frame, pools
from .contract import TABLES_BY_NAME
from .cs import COPILOT_APPROVED
from .frame import INT_NULL
from .ids import IdSpace
from .kb import Articles, vote
from .people import AGENT, MANAGER, Accounts, Contacts, Users
from .tickets import (
    AI_ONLY, AI_TO_HUMAN, AGENT_REPLY_SLOTS, CAT_HARD, CHANNELS, HANDOFF_SLOTS,
    N_SLOTS, PRIORITIES, S, SLOTS, STATUSES, UNANSWERED, Tickets, timeline,
)
from .timeutil import AI_ROLLOUT, DATA_END, DAY, HOUR, MINUTE, NULL, YEAR_START, lognormal_seconds, ramp

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

SUPPORT_BOT = "AT02"
COPILOT = "AT01"


class BodyPool:
    """All message bodies as one string pool, addressed by index arrays."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        pii = pools.PII_EMAILS + pools.PII_PHONES
        n_cat = len(pools.CATEGORIES)
        self.first = np.array([self._add(pools.CUSTOMER_FIRST[c[0]]) for c in pools.CATEGORIES])
        self.first_pii = np.array([
            self._add([f"{b} {t.format(pii=p)}" for b in pools.CUSTOMER_FIRST[c[0]]
                       for t in pools.CUSTOMER_PII for p in pii])
            for c in pools.CATEGORIES
        ])
        assert self.first.shape[0] == n_cat
        self.follow = self._add(pools.CUSTOMER_FOLLOW)
        self.follow_pii = self._add([f"{b} {t.format(pii=p)}" for b in pools.CUSTOMER_FOLLOW
                                     for t in pools.CUSTOMER_PII for p in pii])
        self.thanks = self._add(pools.CUSTOMER_THANKS)
        self.after = self._add(pools.CUSTOMER_AFTER)
        self.ai = self._add(pools.AI_REPLIES)
        self.agent = self._add(pools.AGENT_REPLIES)
        self.note = self._add([t.format(pii=p) if "{pii}" in t else t
                               for t in pools.AGENT_NOTES for p in pii])
        self.handoff = self._add(pools.HANDOFF_TEXTS)
        self.reopen = self._add([pools.REOPEN_TEXT])
        self.oos = self._add([pools.OOS_TEXT.format(topic=t.replace("_", " "))
                              for t, _w in pools.OOS_TOPICS])
        self.array = pa.array(self.strings, pa.string())

    def _add(self, items: list[str] | tuple[str, ...]) -> npt.NDArray[np.int64]:
        start = len(self.strings)
        self.strings.extend(items)
        return np.arange(start, len(self.strings), dtype=np.int64)


def pick(rng: np.random.Generator, choices: npt.NDArray[np.int64], n: int) -> I64:
    return choices[rng.integers(0, len(choices), size=n)]


def retained_ratio_mix(rng: np.random.Generator, n: int) -> F64:
    """retained_ratio of sent drafts: masses at exactly 0.49 and 0.5, drafts
    rewritten to (almost) nothing, and a body of mostly-kept drafts."""
    u = rng.random(n)
    kept = np.round(0.5 + 0.5 * rng.beta(2.0, 1.6, size=n), 2)
    low = np.round(rng.uniform(0.06, 0.48, size=n), 2)
    near0 = np.round(rng.uniform(0.0, 0.05, size=n), 2)
    return np.select([u < 0.10, u < 0.20, u < 0.32, u < 0.42], [0.5, 0.49, near0, low], kept)


@dataclass
class Context:
    seed: int
    scale: float
    tickets: Tickets
    ticket_ids: IdSpace
    contacts: Contacts
    domains: npt.NDArray[np.object_]
    accounts: Accounts
    users: Users
    articles: Articles
    bodies: BodyPool
    counters: dict[str, int]
    id_spaces: dict[str, IdSpace]

    def next_ids(self, kind: str, n: int) -> pa.Array:
        start = self.counters.get(kind, 0)
        self.counters[kind] = start + n
        return self.id_spaces[kind](np.arange(start, start + n))


def ticket_chunk(ctx: Context, rng: np.random.Generator, lo: int, hi: int) -> dict[str, pa.Table]:
    tk = ctx.tickets.take(np.arange(lo, hi))
    n = tk.n
    gidx = np.arange(lo, hi)
    tid = ctx.ticket_ids(gidx)
    users, contacts = ctx.users, ctx.contacts
    times, _ = timeline(tk.created, tk.gaps, tk.present)
    P = tk.present
    out: dict[str, pa.Table] = {}

    # --- helpdesk_tickets -------------------------------------------------------
    out["helpdesk_tickets"] = frame.build(TABLES_BY_NAME["helpdesk_tickets"], {
        "ticket_id": tid,
        "requester_id": contacts.ids(tk.requester),
        "requester_email": contacts.emails(tk.requester, ctx.domains),
        "account_id": ctx.accounts.ids(tk.account),
        "channel": pa.array(CHANNELS).take(pa.array(tk.channel)),
        "category": pa.array(pools.CATEGORY_LABELS).take(pa.array(tk.category)),
        "priority": pa.array(PRIORITIES).take(pa.array(tk.priority)),
        "complexity": tk.complexity.astype(np.int64),
        "created_at": tk.created,
        "status": pa.array(STATUSES).take(pa.array(tk.status)),
        "solved_at": tk.solved_at,
    })

    # --- helpdesk_messages ------------------------------------------------------
    row, slot = np.nonzero(P)
    m = len(row)
    role = np.array([s[1] for s in SLOTS], dtype=object)[slot]
    etype = np.array([s[2] for s in SLOTS], dtype=object)[slot]
    public = np.array([s[3] for s in SLOTS])[slot]
    is_ho = np.isin(slot, HANDOFF_SLOTS)
    role[is_ho & (rng.random(m) < 0.4)] = "ai_agent"
    rr = slot == S["rr"]
    role[rr & (tk.path[row] == AI_ONLY)] = "ai_agent"
    author = np.full(m, None, dtype=object)
    cust = role == "customer"
    author[cust] = np.asarray(contacts.ids(tk.requester[row[cust]]).to_pylist(), dtype=object)
    ag = role == "agent"
    author[ag] = np.asarray(users.ids(tk.agent[row[ag]]).to_pylist(), dtype=object)
    author[role == "ai_agent"] = SUPPORT_BOT

    # Sentiment of customer messages drifts from the first to the last one.
    n_ho = P[:, list(HANDOFF_SLOTS)].sum(axis=1)
    reopened = P[:, S["ro"]]
    s_first = np.clip(-0.2 + 0.35 * rng.standard_normal(n), -1, 1)
    delta = np.select([tk.path == AI_ONLY, tk.path == AI_TO_HUMAN],
                      [np.full(n, 0.45), 0.15 - 0.4 * (n_ho >= 2)], 0.4)
    delta = np.where(tk.path == UNANSWERED, -0.35, delta) - 0.2 * reopened
    frac = np.zeros(N_SLOTS)
    frac[[S["c1"], S["c2"], S["c3"], S["c4"], S["thx"]]] = [0.3, 0.5, 0.6, 0.8, 1.0]
    senti = s_first[row] + delta[row] * frac[slot] + 0.1 * rng.standard_normal(m)
    senti = np.where(slot == S["thx"], senti + 0.2, senti)
    senti = np.where(slot == S["post"], -0.1 + 0.4 * rng.standard_normal(m), senti)
    senti = np.where(slot == S["rc"], -0.45 + 0.3 * rng.standard_normal(m), senti)
    senti = np.where(cust, np.round(np.clip(senti, -1, 1), 2), np.nan)

    topic = np.full(m, None, dtype=object)
    oos = slot == S["oos"]
    topic_idx = tk.oos_topic[row[oos]]
    topic[oos] = np.array([t for t, _w in pools.OOS_TOPICS], dtype=object)[topic_idx]

    bp = ctx.bodies
    body = np.zeros(m, dtype=np.int64)
    cat = tk.category[row]
    with_pii = rng.random(m) < 0.07
    first = slot == S["c0"]
    j = rng.integers(0, bp.first.shape[1], size=m)
    jp = rng.integers(0, bp.first_pii.shape[1], size=m)
    body = np.where(first, np.where(with_pii, bp.first_pii[cat, jp], bp.first[cat, j]), body)
    chase = np.isin(slot, [S["c1"], S["c2"], S["c3"], S["c4"]])
    body = np.where(chase, np.where(with_pii, pick(rng, bp.follow_pii, m), pick(rng, bp.follow, m)), body)
    body = np.where(slot == S["thx"], pick(rng, bp.thanks, m), body)
    body = np.where((slot == S["post"]) | (slot == S["rc"]), pick(rng, bp.after, m), body)
    body = np.where((role == "ai_agent") & (etype == "message"), pick(rng, bp.ai, m), body)
    body = np.where((role == "agent") & (etype == "message"), pick(rng, bp.agent, m), body)
    body = np.where(etype == "internal_note", pick(rng, bp.note, m), body)
    body = np.where(is_ho, pick(rng, bp.handoff, m), body)
    body = np.where(etype == "reopened", bp.reopen[0], body)
    body = np.where(oos, bp.oos[np.where(oos, tk.oos_topic[row], 0)], body)

    msg_time = times[row, slot]
    out["helpdesk_messages"] = frame.build(TABLES_BY_NAME["helpdesk_messages"], {
        "message_id": ctx.next_ids("message", m),
        "ticket_id": tid.take(pa.array(row)),
        "created_at": msg_time,
        "author_role": role,
        "author_id": author,
        "event_type": etype,
        "is_public": public,
        "sentiment_score": senti,
        "topic": topic,
        "body": bp.array.take(pa.array(body)),
    })

    # --- ai_events on tickets ---------------------------------------------------
    ai_msg = (role == "ai_agent") & (etype == "message")
    a_row = row[ai_msg]
    auto = {
        "occurred_at": msg_time[ai_msg],
        "tool": np.full(len(a_row), SUPPORT_BOT, dtype=object),
        "user": np.full(len(a_row), -1),
        "ticket": a_row,
        "type": np.full(len(a_row), "autonomous_action", dtype=object),
        "chars": rng.integers(150, 1200, size=len(a_row)),
        "ratio": np.full(len(a_row), np.nan),
    }
    # Agents' copilot drafts before their first reply.
    has_ag1 = P[:, S["ag1"]]
    t_ag1 = times[:, S["ag1"]]
    r = ramp(tk.created, AI_ROLLOUT, 90)
    p_use = np.where(tk.created >= AI_ROLLOUT, 0.25 + 0.45 * r,
                     np.where(tk.created >= COPILOT_APPROVED, 0.04, 0.0))
    uses = has_ag1 & (rng.random(n) < p_use)
    cp = np.flatnonzero(uses)
    k = len(cp)
    floor = tk.created[cp] + 1
    t_sent = np.maximum(t_ag1[cp] - rng.integers(0, 60, size=k), floor)
    t_gen = np.maximum(t_sent - rng.integers(30, 240, size=k), floor)
    t_open = np.maximum(t_gen - rng.integers(20, 600, size=k), floor)
    ratio = retained_ratio_mix(rng, k)
    copilot_material = np.zeros(n, dtype=bool)
    copilot_material[cp] = ratio >= 0.5
    chars = rng.integers(250, 1800, size=k)
    cop = {
        "occurred_at": np.concatenate([t_open, t_gen, t_sent]),
        "tool": np.full(3 * k, COPILOT, dtype=object),
        "user": np.tile(tk.agent[cp], 3),
        "ticket": np.tile(cp, 3),
        "type": np.repeat(np.array(["opened", "draft_generated", "draft_sent"], dtype=object), k),
        "chars": np.concatenate([np.full(k, INT_NULL), chars, chars]),
        "ratio": np.concatenate([np.full(2 * k, np.nan), ratio]),
    }
    ev = {key: np.concatenate([auto[key], cop[key]]) for key in auto}
    order = np.lexsort((ev["ticket"], ev["occurred_at"]))
    ev = {key: v[order] for key, v in ev.items()}
    ne = len(order)
    out["ai_events"] = frame.build(TABLES_BY_NAME["ai_events"], {
        "event_id": ctx.next_ids("event", ne),
        "occurred_at": ev["occurred_at"],
        "tool_id": ev["tool"],
        "user_id": users.ids(ev["user"]),
        "ticket_id": tid.take(pa.array(ev["ticket"])),
        "intervention_id": pa.nulls(ne, pa.string()),
        "event_type": ev["type"],
        "ai_output_chars": ev["chars"],
        "retained_ratio": ev["ratio"],
    })

    # --- helpdesk_time_entries --------------------------------------------------
    work_slots = list(AGENT_REPLY_SLOTS) + [S["rr"]]
    W = P[:, work_slots] & (tk.agent >= 0)[:, None]
    W[:, 3] &= tk.path != AI_ONLY
    total = 260.0 * tk.complexity.astype(np.float64) ** 1.25 * np.exp(0.45 * rng.standard_normal(n))
    total *= np.where(copilot_material & (tk.created >= AI_ROLLOUT), 0.65, 1.0)
    total *= np.where(n_ho >= 2, 1.15, 1.0)
    share = rng.gamma(2.0, size=(n, 4)) * np.array([3.0, 1.0, 1.0, 1.5])
    share = np.where(W, share, 0.0)
    share = share / np.maximum(share.sum(axis=1, keepdims=True), 1e-9)
    te_row, te_k = np.nonzero(W)
    secs = np.maximum(1, np.round(total[te_row] * share[te_row, te_k])).astype(np.int64)
    t_reply = times[te_row, np.array(work_slots)[te_k]]
    start = np.maximum(t_reply - secs - rng.integers(0, 180, size=len(te_row)), tk.created[te_row])
    out["helpdesk_time_entries"] = frame.build(TABLES_BY_NAME["helpdesk_time_entries"], {
        "time_entry_id": ctx.next_ids("time_entry", len(te_row)),
        "ticket_id": tid.take(pa.array(te_row)),
        "agent_id": users.ids(tk.agent[te_row]),
        "started_at": start,
        "seconds": secs,
    })

    # --- helpdesk_surveys ---------------------------------------------------------
    hard = CAT_HARD[tk.category]
    base = np.select(
        [tk.path == AI_ONLY, tk.path == AI_TO_HUMAN, tk.path == UNANSWERED],
        [np.where(hard, 3.55, 4.2), 3.95, 2.3], 4.35,
    )
    latent = base - 0.6 * (n_ho >= 2) - 0.9 * reopened - 0.08 * (tk.complexity - 3)
    surveyed = tk.solved & (rng.random(n) < np.where(tk.path == UNANSWERED, 0.15, 0.4))
    resp = tk.solved_at + lognormal_seconds(rng, 6 * HOUR, 1.0, 5 * MINUTE, 5 * DAY, n)
    surveyed &= resp <= DATA_END
    parts = []
    for stype, p_type, lo_s, hi_s in (("csat", 1.0, 1, 5), ("ces", 0.45, 1, 7), ("nps", 0.3, 0, 10)):
        sel = np.flatnonzero(surveyed & (rng.random(n) < p_type))
        lat = latent[sel]
        if stype == "csat":
            score = lat + 0.8 * rng.standard_normal(len(sel))
        elif stype == "ces":
            score = 1.5 * lat - 0.5 + 0.9 * rng.standard_normal(len(sel))
        else:
            score = 2.2 * lat - 1.0 + 1.3 * rng.standard_normal(len(sel))
        score = np.clip(np.round(score), lo_s, hi_s).astype(np.int64)
        t = np.minimum(resp[sel] + (0 if stype == "csat" else rng.integers(1, 120, size=len(sel))), DATA_END)
        parts.append((sel, t, np.full(len(sel), stype, dtype=object), score))
    s_row = np.concatenate([p[0] for p in parts])
    s_t = np.concatenate([p[1] for p in parts])
    s_type = np.concatenate([p[2] for p in parts])
    s_score = np.concatenate([p[3] for p in parts])
    order = np.lexsort((s_row, s_t))
    out["helpdesk_surveys"] = frame.build(TABLES_BY_NAME["helpdesk_surveys"], {
        "survey_id": ctx.next_ids("survey", len(order)),
        "ticket_id": tid.take(pa.array(s_row[order])),
        "responded_at": s_t[order],
        "survey_type": s_type[order],
        "score": s_score[order],
    })

    # --- escalation_reviews -----------------------------------------------------
    last_ho = np.max(np.where(P[:, list(HANDOFF_SLOTS)], times[:, list(HANDOFF_SLOTS)], NULL), axis=1)
    rev_t = last_ho + lognormal_seconds(rng, 24 * HOUR, 0.8, 2 * HOUR, 5 * DAY, n)
    reviewed = (last_ho > 0) & (rng.random(n) < 0.35) & (rev_t <= DATA_END)
    er = np.flatnonzero(reviewed)
    reviewers = np.flatnonzero((users.role == AGENT) | (users.role == MANAGER))
    fallback = int(np.flatnonzero((users.role == MANAGER) & users.always_active)[0])
    reviewer = users.pick_active(rng, [reviewers], np.zeros(len(er), dtype=np.int64), rev_t[er], [fallback])
    easy = ~hard[er]
    rr_ = ramp(tk.created[er], AI_ROLLOUT, 150)
    ne = len(er)
    out["escalation_reviews"] = frame.build(TABLES_BY_NAME["escalation_reviews"], {
        "review_id": ctx.next_ids("review", ne),
        "ticket_id": tid.take(pa.array(er)),
        "reviewer_id": users.ids(reviewer),
        "reviewed_at": rev_t[er],
        "was_necessary": rng.random(ne) < np.where(easy, 0.55, 0.86),
        "had_sufficient_context": rng.random(ne) < 0.58 + 0.27 * rr_,
        "routed_correctly": rng.random(ne) < 0.86,
    })

    # --- qa_reviews ---------------------------------------------------------------
    t_ai1 = times[:, S["ai1"]]
    qa_t = t_ai1 + rng.integers(DAY, 6 * DAY, size=n)
    qa = np.flatnonzero(P[:, S["ai1"]] & (rng.random(n) < 0.15) & (qa_t <= DATA_END))
    nq = len(qa)
    p_hall = 0.075 - 0.045 * ramp(tk.created[qa], AI_ROLLOUT, 150) + 0.02 * hard[qa]
    out["qa_reviews"] = frame.build(TABLES_BY_NAME["qa_reviews"], {
        "qa_review_id": ctx.next_ids("qa_review", nq),
        "ticket_id": tid.take(pa.array(qa)),
        "reviewed_at": qa_t[qa],
        "has_hallucination": rng.random(nq) < p_hall,
        "has_policy_violation": rng.random(nq) < 0.018,
    })

    # --- kb views shortly before a ticket (contact-after-view) ------------------
    art = ctx.articles
    u = rng.random(n)
    gap = np.where(u < 0.13, rng.integers(5 * MINUTE, 24 * HOUR - MINUTE, size=n),
                   rng.integers(24 * HOUR + MINUTE, 30 * HOUR, size=n))
    viewed = u < 0.16
    vt = tk.created - gap
    by_cat = [np.flatnonzero(art.category == c) for c in range(len(pools.CATEGORIES))]
    choice = np.array([c[rng.integers(0, len(c), size=n)] for c in by_cat])[tk.category, np.arange(n)]
    viewed &= (art.created[choice] <= vt) & (ctx.accounts.created[tk.account] <= vt) & (vt >= YEAR_START)
    v = np.flatnonzero(viewed)
    out["kb_article_views"] = frame.build(TABLES_BY_NAME["kb_article_views"], {
        "view_id": ctx.next_ids("view", len(v)),
        "article_id": art.ids(choice[v]),
        "requester_id": contacts.ids(tk.requester[v]),
        "viewed_at": vt[v],
        "voted_helpful": vote(rng, art, choice[v]),
    })
    return out

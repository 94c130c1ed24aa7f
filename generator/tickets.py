"""Tickets, stage 1: who opens what, when, and how it gets resolved.

Each ticket's conversation is a fixed list of optional *slots* (customer
message, AI reply, hand-off, agent reply, ...), stored as a gap matrix
(seconds after the previous present slot) and a presence mask. The same
matrix gives the ticket's solved_at here and its messages in
``helpdesk.py``, so the two always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from . import pools
from .config import rng_for
from .cs import AGENT_APPROVED
from .people import AGENT, Accounts, Contacts, Users
from .timeutil import (
    AI_ROLLOUT, CUSTOMER_HOURS, DATA_END, DAY, HOUR, MINUTE, N_DAYS, NULL, WEEK,
    YEAR_START, lognormal_seconds, ramp, sample_times, ts,
)

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]

CHANNELS = ("email", "chat", "web", "phone")
EMAIL, CHAT, WEB, PHONE = range(4)
PRIORITIES = ("low", "normal", "high", "urgent")
STATUSES = ("new", "open", "pending", "solved", "closed")
NEW, OPEN, PENDING, SOLVED, CLOSED = range(5)
PATHS = ("ai_only", "ai_to_human", "human_only", "unanswered")
AI_ONLY, AI_TO_HUMAN, HUMAN_ONLY, UNANSWERED = range(4)

CAT_SHARE = np.array([c[1] for c in pools.CATEGORIES])
CAT_AI = np.array([c[2] for c in pools.CATEGORIES])
CAT_COMPLEXITY = np.array([c[3] for c in pools.CATEGORIES])
CAT_HARD = np.array([c[4] for c in pools.CATEGORIES])

# Slots: (name, author role, message event type, is_public).
SLOTS: tuple[tuple[str, str, str, bool], ...] = (
    ("c0", "customer", "message", True),      # 0 first customer message (created_at)
    ("ai1", "ai_agent", "message", True),     # 1 AI first reply
    ("c1", "customer", "message", True),      # 2 customer rephrases / chases
    ("ai2", "ai_agent", "message", True),     # 3
    ("c2", "customer", "message", True),      # 4
    ("ai3", "ai_agent", "message", True),     # 5
    ("oos", "ai_agent", "out_of_scope", False),  # 6
    ("ho1", "system", "handoff_to_human", False),  # 7
    ("aib1", "ai_agent", "message", True),    # 8 bounced back to the AI (ping-pong)
    ("ho2", "system", "handoff_to_human", False),  # 9
    ("aib2", "ai_agent", "message", True),    # 10
    ("ho3", "system", "handoff_to_human", False),  # 11
    ("ag1", "agent", "message", True),        # 12 first human reply
    ("note", "agent", "internal_note", False),  # 13
    ("c3", "customer", "message", True),      # 14
    ("ag2", "agent", "message", True),        # 15
    ("c4", "customer", "message", True),      # 16
    ("ag3", "agent", "message", True),        # 17
    ("thx", "customer", "message", True),     # 18
    # --- solved_at = last present slot above + solve gap ---
    ("post", "customer", "message", True),    # 19 further message after solved (no reopen)
    ("rc", "customer", "message", True),      # 20 customer reply that reopens
    ("ro", "system", "reopened", False),      # 21
    ("rr", "agent", "message", True),         # 22 reply after reopen (AI or agent)
)
S = {name: i for i, (name, *_rest) in enumerate(SLOTS)}
N_SLOTS = len(SLOTS)
FIRST_POST = S["post"]
AI_REPLY_SLOTS = (S["ai1"], S["ai2"], S["ai3"], S["aib1"], S["aib2"])
HANDOFF_SLOTS = (S["ho1"], S["ho2"], S["ho3"])
AGENT_REPLY_SLOTS = (S["ag1"], S["ag2"], S["ag3"])


@dataclass
class Tickets:
    requester: I64
    account: I64
    created: I64
    channel: npt.NDArray[np.int8]
    category: npt.NDArray[np.int8]
    priority: npt.NDArray[np.int8]
    complexity: npt.NDArray[np.int8]
    path: npt.NDArray[np.int8]
    gaps: npt.NDArray[np.int32]  # (n, N_SLOTS + 1): slot gaps, last column = solve gap
    present: npt.NDArray[np.bool_]  # (n, N_SLOTS)
    can_solve: B
    solved: B
    solved_at: I64
    status: npt.NDArray[np.int8]
    agent: I64
    oos_topic: npt.NDArray[np.int8]

    @property
    def n(self) -> int:
        return len(self.created)

    def take(self, index: I64) -> Tickets:
        return Tickets(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    @staticmethod
    def concat(parts: list[Tickets]) -> Tickets:
        return Tickets(**{
            f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Tickets)
        })


def timeline(created: I64, gaps: npt.NDArray[np.int32], present: npt.NDArray[np.bool_]
             ) -> tuple[I64, I64]:
    """Slot times (n, N_SLOTS) and the solve time implied by the gap matrix.

    Slots before FIRST_POST chain from created_at; post-solve slots chain from
    solved_at. Absent slots get NULL.
    """
    n = len(created)
    times = np.full((n, N_SLOTS), NULL, dtype=np.int64)
    last = created.astype(np.int64).copy()
    for s in range(FIRST_POST):
        t = last + gaps[:, s]
        times[:, s] = np.where(present[:, s], t, NULL)
        last = np.where(present[:, s], t, last)
    solved_at = last + gaps[:, N_SLOTS]
    last = solved_at.copy()
    for s in range(FIRST_POST, N_SLOTS):
        t = last + gaps[:, s]
        times[:, s] = np.where(present[:, s], t, NULL)
        last = np.where(present[:, s], t, last)
    return times, solved_at


def _choice(rng: np.random.Generator, p: F64 | list[float], n: int) -> npt.NDArray[np.int8]:
    return rng.choice(len(p), size=n, p=np.asarray(p) / np.sum(p)).astype(np.int8)


def _day_weights() -> F64:
    day = np.arange(N_DAYS)
    t = YEAR_START + day * DAY
    wd = (day + YEAR_START // DAY + 3) % 7 + 1
    w = np.where(wd >= 6, 0.4, 1.0) * (1 + 0.12 * day / N_DAYS)
    w = w * np.where(t >= AI_ROLLOUT, 0.9, 1.0)  # self-service deflection after rollout
    holiday = (t >= ts("2025-12-24")) & (t < ts("2025-12-27"))
    return np.where(holiday, w * 0.4, w)


def _core(
    rng: np.random.Generator, requester: I64, created: I64, contacts: Contacts, acc: Accounts,
    category: npt.NDArray[np.int8] | None = None, channel: npt.NDArray[np.int8] | None = None,
) -> dict[str, np.ndarray]:
    n = len(created)
    account = contacts.account[requester]
    seg = acc.segment[account]
    if channel is None:
        channel = _choice(rng, [0.36, 0.29, 0.25, 0.10], n)
    if category is None:
        category = _choice(rng, CAT_SHARE, n)
    pri_p = np.array([[0.27, 0.52, 0.16, 0.05], [0.24, 0.50, 0.19, 0.07], [0.18, 0.47, 0.24, 0.11]])
    cum = np.cumsum(pri_p[seg], axis=1)
    priority = (rng.random(n)[:, None] > cum).sum(axis=1).clip(0, 3).astype(np.int8)
    cx = CAT_COMPLEXITY[category] + 0.35 * (priority - 1) + 0.75 * rng.standard_normal(n)
    complexity = np.clip(np.round(cx), 1, 5).astype(np.int8)
    return dict(requester=requester, account=account, created=created, channel=channel,
                category=category, priority=priority, complexity=complexity)


def _resolve(rng: np.random.Generator, core: dict[str, np.ndarray], users: Users) -> Tickets:
    """Resolution path, conversation gaps, solved_at, status and agent."""
    created = core["created"]
    n = len(created)
    channel, category, complexity = core["channel"], core["category"], core["complexity"]
    post = created >= AI_ROLLOUT
    live = created >= AGENT_APPROVED
    r = ramp(created, AI_ROLLOUT, 150)
    chat_web = (channel == CHAT) | (channel == WEB)
    p_ai = np.where(chat_web, np.where(post, 0.93, 0.15),
                    np.where(channel == EMAIL, np.where(post, 0.2 + 0.3 * r, 0.0), 0.0))
    ai_first = live & (rng.random(n) < p_ai)
    p_success = np.clip(CAT_AI[category] * (1.3 - 0.13 * complexity) * (0.85 + 0.25 * r), 0.03, 0.95)
    ai_ok = ai_first & (rng.random(n) < p_success)
    unanswered = ~ai_first & (rng.random(n) < 0.035)
    path = np.where(ai_first, np.where(ai_ok, AI_ONLY, AI_TO_HUMAN),
                    np.where(unanswered, UNANSWERED, HUMAN_ONLY)).astype(np.int8)
    is_ai = path <= AI_TO_HUMAN
    a2h = path == AI_TO_HUMAN
    human = path == HUMAN_ONLY
    hard = CAT_HARD[category]

    P = np.zeros((n, N_SLOTS), dtype=bool)
    G = np.zeros((n, N_SLOTS + 1), dtype=np.int64)
    u = lambda: rng.random(n)  # noqa: E731

    P[:, S["c0"]] = True
    P[:, S["ai1"]] = is_ai
    G[:, S["ai1"]] = lognormal_seconds(rng, 3.0, 0.5, 1, 40, n)
    # Customers rephrase or chase: with the AI before a hand-off, with nobody
    # when unanswered, before the first human reply otherwise.
    pairs = np.where(path == AI_ONLY, _choice(rng, [0.65, 0.27, 0.08], n),
                     np.where(a2h, _choice(rng, [0.45, 0.35, 0.20], n),
                              np.where(human, (u() < 0.25).astype(np.int8) + (u() < 0.05),
                                       (u() < 0.3).astype(np.int8))))
    for k, (cs, ai_s) in enumerate(((S["c1"], S["ai2"]), (S["c2"], S["ai3"]))):
        P[:, cs] = pairs > k
        chatting = lognormal_seconds(rng, 180, 0.8, 30, 1800, n)  # with the AI: minutes
        waiting = lognormal_seconds(rng, (2 + k) * HOUR, 1.0, 5 * MINUTE, (12 + 6 * k) * HOUR, n)
        G[:, cs] = np.where(is_ai, chatting, waiting)
        P[:, ai_s] = is_ai & (pairs > k)
        G[:, ai_s] = lognormal_seconds(rng, 4, 0.5, 1, 30, n)

    oos = (a2h & (u() < 0.32)) | ((path == AI_ONLY) & (u() < 0.02))
    P[:, S["oos"]] = oos
    G[:, S["oos"]] = rng.integers(1, 4, size=n)
    topic = _choice(rng, [t[1] for t in pools.OOS_TOPICS], n)
    topic = np.where(oos, topic, -1).astype(np.int8)

    # AI-to-human variants: hand-off then a human (most), a human steps in
    # without a hand-off event, or a hand-off still waiting for a human.
    variant = _choice(rng, [0.87, 0.08, 0.05], n)
    n_ho = np.where(a2h & (variant != 1), 1 + (u() < 0.17) + (u() < 0.04), 0)
    for k, (ho, bounce) in enumerate(((S["ho1"], None), (S["ho2"], S["aib1"]), (S["ho3"], S["aib2"]))):
        P[:, ho] = n_ho > k
        G[:, ho] = rng.integers(5, 90, size=n) if k == 0 else lognormal_seconds(rng, 300, 0.7, 30, 3600, n)
        if bounce is not None:
            P[:, bounce] = n_ho > k
            G[:, bounce] = lognormal_seconds(rng, 120, 0.8, 10, 1800, n)
    has_human = human | (a2h & (variant != 2))
    P[:, S["ag1"]] = has_human
    frt_median = np.where(a2h, np.where(n_ho > 0, 20 * MINUTE, 35 * MINUTE),
                          np.where(post, 90 * MINUTE, 4 * HOUR))
    G[:, S["ag1"]] = lognormal_seconds(rng, frt_median, 1.0, 45, 4 * DAY, n)
    P[:, S["note"]] = has_human & (u() < 0.25)
    G[:, S["note"]] = lognormal_seconds(rng, 20 * MINUTE, 1.0, 60, 3 * HOUR, n)
    ex = np.where(has_human, _choice(rng, [0.55, 0.33, 0.12], n), 0)
    for k, (cs, ag) in enumerate(((S["c3"], S["ag2"]), (S["c4"], S["ag3"]))):
        P[:, cs] = ex > k
        G[:, cs] = lognormal_seconds(rng, 2 * HOUR, 1.0, 5 * MINUTE, DAY, n)
        P[:, ag] = ex > k
        G[:, ag] = lognormal_seconds(rng, HOUR, 1.0, 3 * MINUTE, 10 * HOUR, n)

    auto_close = (path == UNANSWERED) & (u() < 0.55)
    can_solve = (path == AI_ONLY) | has_human | auto_close
    P[:, S["thx"]] = can_solve & ~auto_close & (u() < 0.35)
    G[:, S["thx"]] = lognormal_seconds(rng, 15 * MINUTE, 1.0, 60, 2 * HOUR, n)
    G[:, N_SLOTS] = np.where(
        auto_close, rng.integers(3 * DAY, 7 * DAY, size=n),
        np.where(path == AI_ONLY, lognormal_seconds(rng, 30 * MINUTE, 1.2, 60, 2 * DAY, n),
                 lognormal_seconds(rng, 90 * MINUTE, 1.1, 60, 3 * DAY, n)))

    times, solved_at = timeline(created, G.astype(np.int32), P)
    stuck = can_solve & (u() < 0.012)
    solved = can_solve & ~stuck & (solved_at <= DATA_END)

    # After solved: a further customer message (AI tickets: often right at the
    # vendor's 72-hour window), or a reopen.
    p_post = np.where(path == AI_ONLY, 0.14, 0.04)
    has_post = solved & (u() < p_post) & ~auto_close
    gap_kind = _choice(rng, [0.3, 0.3, 0.4], n)
    other_gap = lognormal_seconds(rng, 30 * HOUR, 1.0, HOUR, 10 * DAY, n)
    other_gap = np.where(np.abs(other_gap - 72 * HOUR) < 1800, other_gap + 2 * HOUR, other_gap)
    post_gap = np.where(path == AI_ONLY, np.select([gap_kind == 0, gap_kind == 1],
                                                   [71 * HOUR, 73 * HOUR], other_gap), other_gap)
    # Always a few at exactly 71 h and 73 h, whatever the scale.
    for g in (71 * HOUR, 73 * HOUR):
        need = 2 - int((has_post & (path == AI_ONLY) & (post_gap == g)).sum())
        cand = np.flatnonzero(solved & (path == AI_ONLY) & ~has_post & ~auto_close
                              & (solved_at + g <= DATA_END))
        if need > 0 and cand.size:
            pick = rng.choice(cand, size=min(need, cand.size), replace=False)
            has_post[pick] = True
            post_gap[pick] = g
    P[:, S["post"]] = has_post
    G[:, S["post"]] = post_gap
    p_reopen = np.select([path == AI_ONLY, a2h, human], [0.05 + 0.10 * hard, 0.06, 0.04], 0.0)
    reopen = solved & ~has_post & ~auto_close & (u() < p_reopen)
    for s in ("rc", "ro", "rr"):
        P[:, S[s]] = reopen
    G[:, S["rc"]] = lognormal_seconds(rng, 20 * HOUR, 1.0, HOUR, 7 * DAY, n)
    G[:, S["ro"]] = rng.integers(1, 6, size=n)
    G[:, S["rr"]] = np.where(path == AI_ONLY, lognormal_seconds(rng, 4, 0.5, 1, 30, n),
                             lognormal_seconds(rng, 2 * HOUR, 1.0, 10 * MINUTE, 10 * HOUR, n))

    # Nothing after the export cut-off; nothing after solved_at unless solved.
    times, _ = timeline(created, G.astype(np.int32), P)
    P &= times <= DATA_END
    P[:, FIRST_POST:] &= solved[:, None]
    replied = P[:, list(AI_REPLY_SLOTS) + list(AGENT_REPLY_SLOTS)].any(axis=1)
    status = np.where(
        solved,
        np.where((solved_at < DATA_END - 4 * DAY) & (u() < 0.75), CLOSED, SOLVED),
        np.where(~replied, NEW, np.where(u() < 0.6, OPEN, PENDING)),
    ).astype(np.int8)

    # The human agent: a support agent active when the human work starts.
    t_human = np.where(P[:, S["ag1"]], times[:, S["ag1"]], created)
    agent = np.full(n, -1, dtype=np.int64)
    m = has_human
    if m.any():
        pool = np.flatnonzero(users.role == AGENT)
        fallback = int(np.flatnonzero((users.role == AGENT) & users.always_active)[0])
        agent[m] = users.pick_active(rng, [pool], np.zeros(int(m.sum()), dtype=np.int64),
                                     t_human[m], [fallback])
    return Tickets(
        requester=core["requester"], account=core["account"], created=created,
        channel=channel, category=category, priority=core["priority"], complexity=complexity,
        path=path, gaps=G.astype(np.int32), present=P, can_solve=can_solve, solved=solved,
        solved_at=np.where(solved, solved_at, NULL), status=status, agent=agent,
        oos_topic=topic,
    )


def _active(acc: Accounts, account: I64, t: I64) -> B:
    ch = acc.churned[account]
    return (acc.created[account] <= t) & ((ch < 0) | (t < ch)) & (t <= DATA_END)


def _base_tickets(rng: np.random.Generator, n_base: int, contacts: Contacts,
                  acc: Accounts) -> tuple[I64, I64]:
    seg_factor = np.array([1.0, 2.0, 4.0])[acc.segment]
    per_account = np.bincount(contacts.account, weights=contacts.weight, minlength=acc.n)
    w = seg_factor[contacts.account] * contacts.weight / per_account[contacts.account]
    p = w / w.sum()
    day_w = _day_weights()
    req_parts, t_parts, have = [], [], 0
    while have < n_base:
        m = int((n_base - have) * 1.25) + 16
        t = sample_times(rng, m, day_w, CUSTOMER_HOURS)
        req = rng.choice(contacts.n, size=m, p=p)
        ok = _active(acc, contacts.account[req], t)
        req_parts.append(req[ok])
        t_parts.append(t[ok])
        have += int(ok.sum())
    return np.concatenate(req_parts)[:n_base], np.concatenate(t_parts)[:n_base]


def _followups(
    rng: np.random.Generator, parents: Tickets, contacts: Contacts, acc: Accounts,
    scale: float, forced: bool,
) -> dict[str, np.ndarray] | None:
    """Follow-up tickets after solved parents: the repeat contacts."""
    n = parents.n
    ok = parents.solved & (parents.path != UNANSWERED)
    hard = CAT_HARD[parents.category]
    reopened = parents.present[:, S["ro"]]
    p = np.select([parents.path == AI_ONLY, parents.path == AI_TO_HUMAN],
                  [0.06 + 0.12 * hard, 0.08], 0.06) + 0.15 * reopened
    pick = ok & (rng.random(n) < p * (1.0 if forced else 0.5))
    kind = _choice(rng, [0.35, 0.30, 0.20, 0.15], n)
    lo = np.array([HOUR, 3 * DAY, 7 * DAY, 14 * DAY])[kind]
    hi = np.array([3 * DAY, 7 * DAY, 14 * DAY, 30 * DAY])[kind]
    gap = lo + (rng.random(n) * (hi - lo)).astype(np.int64)
    requester = parents.requester.copy()
    category = parents.category.copy()

    if forced:
        # Exact window boundaries: same requester and category at 7 d - 1 s,
        # 7 d, 7 d + 1 s, 14 d, 14 d + 1 s; plus near-misses that must NOT
        # count (other category / other requester of the same account).
        k = max(2, round(6 * scale))
        eligible = ok & ~pick & (parents.solved_at + 15 * DAY <= DATA_END) & \
            (acc.churned[parents.account] < 0)
        cand = rng.permutation(np.flatnonzero(eligible))
        plan = [(WEEK - 1, "same"), (WEEK, "same"), (WEEK + 1, "same"), (2 * WEEK, "same"),
                (2 * WEEK + 1, "same"), (WEEK, "other_category"), (WEEK + 1, "other_category"),
                (WEEK, "other_requester")]
        pos = 0
        n_contacts = np.bincount(contacts.account, minlength=acc.n)
        first_contact = np.r_[0, np.cumsum(n_contacts)[:-1]]
        for g, what in plan:
            take = cand[pos:pos + k]
            if what == "other_requester":
                take = take[n_contacts[parents.account[take]] >= 2]
            pos += k
            pick[take] = True
            gap[take] = g
            if what == "other_category":
                category[take] = (category[take] + 1 + rng.integers(0, 5, size=len(take))) % len(CAT_SHARE)
            if what == "other_requester":
                a = parents.account[take]
                local = requester[take] - first_contact[a]
                requester[take] = first_contact[a] + (local + 1) % n_contacts[a]
    idx = np.flatnonzero(pick)
    created = parents.solved_at[idx] + gap[idx]
    keep = _active(acc, contacts.account[requester[idx]], created)
    idx, created = idx[keep], created[keep]
    if idx.size == 0:
        return None
    same_channel = rng.random(idx.size) < 0.6
    other = _choice(rng, [0.36, 0.29, 0.25, 0.10], idx.size)
    channel = np.where(same_channel, parents.channel[idx], other).astype(np.int8)
    core = _core(rng, requester[idx], created, contacts, acc, category=category[idx],
                 channel=channel)
    drift = rng.integers(-1, 2, size=idx.size)
    core["complexity"] = np.clip(parents.complexity[idx] + drift, 1, 5).astype(np.int8)
    return core


def make_tickets(seed: int, scale: float, contacts: Contacts, acc: Accounts, users: Users) -> Tickets:
    rng = rng_for(seed, "tickets")
    n_target = max(200, round(4000 * scale))
    n_base = round(0.91 * n_target)
    req, created = _base_tickets(rng, n_base, contacts, acc)
    base = _resolve(rng, _core(rng, req, created, contacts, acc), users)
    parts = [base]
    core1 = _followups(rng, base, contacts, acc, scale, forced=True)
    if core1 is not None:
        gen1 = _resolve(rng, core1, users)
        parts.append(gen1)
        core2 = _followups(rng, gen1, contacts, acc, scale, forced=False)
        if core2 is not None:
            parts.append(_resolve(rng, core2, users))
    allt = Tickets.concat(parts)
    order = np.lexsort((allt.requester, allt.created))
    return allt.take(order)

"""Accounts, their contact people (ticket requesters) and employees."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from . import pools
from .config import rng_for
from .ids import IdSpace
from .timeutil import DATA_END, DAY, HOUR, NULL, YEAR_START, ts

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]

SMB, MID, ENT = 0, 1, 2
CSM, AGENT, MANAGER = 0, 1, 2
ROLE_NAMES = ("csm", "support_agent", "manager")


@dataclass
class Accounts:
    n: int
    ids: IdSpace
    segment: npt.NDArray[np.int8]
    created: I64
    churned: I64  # set after interventions are known
    health: F64
    arr_start: F64
    industry: npt.NDArray[np.int8]
    name_parts: npt.NDArray[np.int16]  # (n, 3) prefix, noun, suffix
    owner: I64  # user index of the owning CSM

    def names(self) -> list[str]:
        out = []
        for i, (p, n_, s) in enumerate(self.name_parts.tolist()):
            suffix = pools.ACCOUNT_SUFFIXES[s]
            base = f"{pools.ACCOUNT_PREFIXES[p]} {pools.ACCOUNT_NOUNS[n_]}"
            out.append(f"{base} {suffix}".strip())
        return out

    def domains(self) -> npt.NDArray[np.object_]:
        """E-mail domain per account (unique: carries the account number)."""
        p = np.array([x.lower() for x in pools.ACCOUNT_PREFIXES], dtype=object)
        n_ = np.array([x.lower() for x in pools.ACCOUNT_NOUNS], dtype=object)
        num = np.arange(1, self.n + 1).astype(str).astype(object)
        return p[self.name_parts[:, 0]] + n_[self.name_parts[:, 1]] + num + ".example"


@dataclass
class Contacts:
    n: int
    ids: IdSpace
    account: I64
    first: npt.NDArray[np.int16]
    last: npt.NDArray[np.int16]
    weight: F64

    def emails(self, index: I64, domains: npt.NDArray[np.object_]) -> pa.Array:
        first = pa.array([s.lower() for s in pools.FIRST_NAMES]).take(pa.array(self.first[index]))
        last = pa.array([s.lower() for s in pools.LAST_NAMES]).take(pa.array(self.last[index]))
        num = pc.cast(pa.array(index + 1), pa.string())
        dom = pa.array(domains[self.account[index]].tolist(), pa.string())
        local = pc.binary_join_element_wise(first, pa.scalar("."), last, num, "")
        return pc.binary_join_element_wise(local, dom, "@")


@dataclass
class Users:
    n: int
    ids: IdSpace
    role: npt.NDArray[np.int8]
    segment: npt.NDArray[np.int8]  # -1 for non-CSMs
    team: list[str]
    hired: I64
    terminated: I64
    always_active: B
    first: npt.NDArray[np.int16]
    last: npt.NDArray[np.int16]
    adoption: F64  # personal AI adoption propensity (CSMs)
    shadow: B  # uses the never-approved personal chatbot
    early_tester: B  # used the mid-2025 tool before it was approved

    def active_at(self, user: I64, t: I64) -> B:
        term = self.terminated[user]
        return (self.hired[user] <= t) & ((term < 0) | (term > t))

    def pick_active(
        self, rng: np.random.Generator, pool_by_group: list[I64], group: I64, t: I64,
        fallback_by_group: list[int],
    ) -> I64:
        """For each (group, time) a random user of that group active at that time."""
        n = len(t)
        out = np.full(n, -1, dtype=np.int64)
        todo = np.arange(n)
        for _ in range(30):
            if todo.size == 0:
                break
            g = group[todo]
            cand = np.empty(todo.size, dtype=np.int64)
            for gi, pool in enumerate(pool_by_group):
                m = g == gi
                if m.any():
                    cand[m] = pool[rng.integers(0, len(pool), size=int(m.sum()))]
            ok = self.active_at(cand, t[todo])
            out[todo[ok]] = cand[ok]
            todo = todo[~ok]
        if todo.size:
            out[todo] = np.asarray(fallback_by_group, dtype=np.int64)[group[todo]]
        return out


def _hire_times(rng: np.random.Generator, lo: int, hi: int, n: int) -> I64:
    """Weekday dates between lo and hi at 09:00-11:59 UTC (a date cut is safe
    under any UTC offset between -09:00 and +12:00)."""
    day = rng.integers(lo // DAY, hi // DAY, size=n)
    wd = (day + 3) % 7 + 1
    day = np.where(wd == 6, day + 2, np.where(wd == 7, day + 1, day))
    return day * DAY + 9 * HOUR + rng.integers(0, 3 * HOUR, size=n)


def make_users(seed: int, scale: float) -> Users:
    rng = rng_for(seed, "users")
    # CSM segments: 40 % SMB, 33 % Mid-Market, 27 % Enterprise; at least 3 each.
    n_smb, n_mid, n_ent = (max(3, round(share * 60 * scale)) for share in (0.40, 0.33, 0.27))
    n_csm = n_smb + n_mid + n_ent
    n_agent = max(4, round(30 * scale))
    n_mgr = max(2, round(4 * scale))
    n = n_csm + n_agent + n_mgr
    role = np.concatenate([
        np.full(n_csm, CSM), np.full(n_agent, AGENT), np.full(n_mgr, MANAGER)
    ]).astype(np.int8)

    seg_csm = np.concatenate([np.full(n_smb, SMB), np.full(n_mid, MID), np.full(n_ent, ENT)])
    rng.shuffle(seg_csm)
    segment = np.concatenate([seg_csm, np.full(n_agent + n_mgr, -1)]).astype(np.int8)

    always = np.zeros(n, dtype=bool)
    for s in (SMB, MID, ENT):
        always[np.flatnonzero(segment == s)[:2]] = True
    agents = np.flatnonzero(role == AGENT)
    always[agents[:3]] = True
    always[role == MANAGER] = True

    hired = np.empty(n, dtype=np.int64)
    # Veterans (hired 2018-2024) and 2025 hires.
    hired_2025 = (~always) & (rng.random(n) < np.where(role == CSM, 0.30, 0.15))
    newcomer = int(np.flatnonzero((~always) & (role == CSM))[0])  # at least one 2025 CSM hire
    hired_2025[newcomer] = True
    early_lo, early_hi = ts("2018-03-01"), ts("2024-12-20")
    hired[:] = _hire_times(rng, early_lo, early_hi, n)
    hired[hired_2025] = _hire_times(rng, YEAR_START + 5 * DAY, ts("2025-10-31"), int(hired_2025.sum()))
    # Recent veterans exist too, so tenure bands are all populated.
    recent = (~hired_2025) & (rng.random(n) < 0.25)
    hired[recent] = _hire_times(rng, ts("2024-03-01"), ts("2024-12-20"), int(recent.sum()))

    terminated = np.full(n, NULL, dtype=np.int64)
    can_leave = (~always) & (role != MANAGER) & (hired < ts("2025-09-01"))
    leaves = can_leave & (rng.random(n) < np.where(role == CSM, 0.14, 0.10))
    leaves[newcomer] = False
    lo = np.maximum(hired + 60 * DAY, YEAR_START + 20 * DAY)
    hi = np.full(n, DATA_END - 10 * DAY)
    span = np.maximum(hi - lo, DAY)
    day = (lo + (rng.random(n) * span).astype(np.int64)) // DAY
    wd = (day + 3) % 7 + 1
    day = np.where(wd == 6, day + 2, np.where(wd == 7, day + 1, day))  # leave on a weekday
    t_leave = day * DAY + 16 * HOUR + rng.integers(0, 2 * HOUR, size=n)
    # At least one CSM leaves, and one is hired, in 2025 on a Wednesday.
    csm_can_leave = np.flatnonzero(can_leave & (role == CSM))
    if csm_can_leave.size and not (leaves & (role == CSM)).any():
        leaves[csm_can_leave[0]] = True
    terminated[leaves] = t_leave[leaves]
    first_leaver = np.flatnonzero(leaves & (role == CSM))
    if first_leaver.size:
        i = first_leaver[0]
        terminated[i] += ((3 - ((terminated[i] // DAY + 3) % 7 + 1)) % 7) * DAY
        terminated[i] = min(terminated[i], DATA_END - DAY)
    hired[newcomer] += ((3 - ((hired[newcomer] // DAY + 3) % 7 + 1)) % 7) * DAY

    team: list[str] = []
    agent_team = rng.choice(3, size=n, p=[0.6, 0.3, 0.1])
    mgr_team = rng.choice(2, size=n)
    for i in range(n):
        if role[i] == CSM:
            team.append(pools.CSM_TEAMS[segment[i]])
        elif role[i] == AGENT:
            team.append(pools.AGENT_TEAMS[agent_team[i]])
        else:
            team.append(pools.MANAGER_TEAMS[mgr_team[i]])

    adoption = np.exp(0.25 * rng.standard_normal(n))
    shadow = (role == CSM) & (rng.random(n) < 0.25)
    early = (role == CSM) & (rng.random(n) < 0.2)
    # Whatever the scale, a couple of CSMs use shadow AI and trial the
    # mid-2025 tool before its approval.
    csms = rng.permutation(np.flatnonzero(role == CSM))
    shadow[csms[:2]] = True
    early[csms[2:4]] = True
    return Users(
        n=n, ids=IdSpace("U", n, 3), role=role, segment=segment, team=team,
        hired=hired, terminated=terminated, always_active=always,
        first=rng.integers(0, len(pools.FIRST_NAMES), size=n).astype(np.int16),
        last=rng.integers(0, len(pools.LAST_NAMES), size=n).astype(np.int16),
        adoption=adoption, shadow=shadow, early_tester=early,
    )


def make_accounts(seed: int, scale: float, users: Users) -> Accounts:
    rng = rng_for(seed, "accounts")
    n = max(12, round(400 * scale))
    segment = rng.choice(3, size=n, p=[0.55, 0.30, 0.15]).astype(np.int8)
    segment[:3] = [SMB, MID, ENT]
    new = rng.random(n) < 0.18
    created = _hire_times(rng, ts("2019-01-07"), ts("2024-12-20"), n)
    created[new] = _hire_times(rng, YEAR_START + 3 * DAY, ts("2025-11-15"), int(new.sum()))
    health = rng.beta(4.0, 2.0, size=n)
    median_arr = np.array([14_000.0, 65_000.0, 260_000.0])[segment]
    arr = np.round(median_arr * np.exp(0.5 * rng.standard_normal(n)), 0)
    industry = rng.integers(0, len(pools.INDUSTRIES), size=n).astype(np.int8)
    parts = np.stack([
        rng.integers(0, len(pools.ACCOUNT_PREFIXES), size=n),
        rng.integers(0, len(pools.ACCOUNT_NOUNS), size=n),
        rng.integers(0, len(pools.ACCOUNT_SUFFIXES), size=n),
    ], axis=1).astype(np.int16)

    # Owner: a current (not terminated) CSM of the same segment.
    owner = np.empty(n, dtype=np.int64)
    for s in (SMB, MID, ENT):
        pool = np.flatnonzero((users.role == CSM) & (users.segment == s) & (users.terminated < 0))
        m = segment == s
        owner[m] = pool[rng.integers(0, len(pool), size=int(m.sum()))]
    return Accounts(
        n=n, ids=IdSpace("A", n, 4), segment=segment, created=created,
        churned=np.full(n, NULL, dtype=np.int64), health=health, arr_start=arr,
        industry=industry, name_parts=parts, owner=owner,
    )


def make_contacts(seed: int, accounts: Accounts) -> Contacts:
    rng = rng_for(seed, "contacts")
    lo = np.array([1, 2, 4])[accounts.segment]
    hi = np.array([3, 5, 9])[accounts.segment]
    per = rng.integers(lo, hi + 1)
    account = np.repeat(np.arange(accounts.n), per)
    n = len(account)
    return Contacts(
        n=n, ids=IdSpace("C", n, 5), account=account.astype(np.int64),
        first=rng.integers(0, len(pools.FIRST_NAMES), size=n).astype(np.int16),
        last=rng.integers(0, len(pools.LAST_NAMES), size=n).astype(np.int16),
        weight=np.exp(0.8 * rng.standard_normal(n)),
    )


def users_table_columns(users: Users) -> dict[str, object]:
    """Columns of crm_users (small table, built in Python)."""
    idx = np.arange(users.n)
    names, emails, phones = [], [], []
    seen: dict[str, int] = {}
    for i in range(users.n):
        first = pools.FIRST_NAMES[users.first[i]]
        last = pools.LAST_NAMES[users.last[i]]
        names.append(f"{first} {last}")
        local = f"{first}.{last}".lower()
        k = seen.get(local, 0)
        seen[local] = k + 1
        emails.append(f"{local}{k + 1 if k else ''}@helio-support.example")
        phones.append(f"+1 415 555 {(1000 + i * 37) % 10000:04d}")
    seg = users.segment
    return {
        "user_id": users.ids(idx),
        "full_name": names,
        "email": emails,
        "phone": phones,
        "role": [ROLE_NAMES[r] for r in users.role],
        "team": users.team,
        "segment_focus": [pools.SEGMENTS[s] if s >= 0 else None for s in seg],
        "hired_at": users.hired,
        "terminated_at": users.terminated,
    }

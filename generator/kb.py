"""Knowledge-base articles and article views."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from . import pools
from .ids import IdSpace
from .people import Accounts, Contacts
from .timeutil import AI_ROLLOUT, CUSTOMER_HOURS, DATA_END, DAY, N_DAYS, YEAR_START, sample_times, ts

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


@dataclass
class Articles:
    n: int
    ids: IdSpace
    category: npt.NDArray[np.int8]
    title: list[str]
    created: I64
    popularity: F64
    p_helpful: F64


def make_articles(rng: np.random.Generator) -> Articles:
    """~40 articles (fixed, independent of scale)."""
    cats, titles = [], []
    for ci, (label, *_rest) in enumerate(pools.CATEGORIES):
        for title in pools.KB_TITLES[label]:
            cats.append(ci)
            titles.append(title)
    n = len(titles)
    created = np.where(
        rng.random(n) < 0.8,
        rng.integers(ts("2023-01-09") // DAY, ts("2024-12-01") // DAY, size=n),
        rng.integers(ts("2025-01-06") // DAY, ts("2025-10-01") // DAY, size=n),
    ) * DAY + 10 * 3600 + rng.integers(0, 3600, size=n)
    popularity = rng.pareto(1.5, size=n) + 0.2
    p_helpful = rng.uniform(0.55, 0.88, size=n)
    # A few popular articles that do not help: candidates for a rewrite.
    bad = rng.choice(n, size=3, replace=False)
    popularity[bad] = popularity.max() * rng.uniform(0.8, 1.2, size=3)
    p_helpful[bad] = rng.uniform(0.12, 0.25, size=3)
    return Articles(n=n, ids=IdSpace("KB", n, 3), category=np.array(cats, dtype=np.int8),
                    title=titles, created=created.astype(np.int64), popularity=popularity,
                    p_helpful=p_helpful)


def vote(rng: np.random.Generator, art: Articles, article: I64) -> npt.NDArray[np.int8]:
    """voted_helpful: -1 (no vote, 55 %), else 1/0 by the article's helpfulness."""
    n = len(article)
    voted = rng.random(n) >= 0.55
    helpful = rng.random(n) < art.p_helpful[article]
    return np.where(voted, helpful.astype(np.int8), -1).astype(np.int8)


def random_views(
    rng: np.random.Generator, n: int, art: Articles, contacts: Contacts, acc: Accounts
) -> tuple[I64, I64, I64]:
    """(article, requester, viewed_at) of browsing not tied to a ticket."""
    day = np.arange(N_DAYS)
    t_day = YEAR_START + day * DAY
    wd = (day + YEAR_START // DAY + 3) % 7 + 1
    w = np.where(wd >= 6, 0.5, 1.0) * np.where(t_day >= AI_ROLLOUT, 1.5, 1.0)
    p_art = art.popularity / art.popularity.sum()
    p_req = contacts.weight / contacts.weight.sum()
    out_a, out_r, out_t, have = [], [], [], 0
    while have < n:
        m = int((n - have) * 1.3) + 16
        t = sample_times(rng, m, w, CUSTOMER_HOURS)
        a = rng.choice(art.n, size=m, p=p_art)
        r = rng.choice(contacts.n, size=m, p=p_req)
        acct = contacts.account[r]
        ch = acc.churned[acct]
        ok = (art.created[a] <= t) & (acc.created[acct] <= t) & ((ch < 0) | (t < ch)) & (t <= DATA_END)
        out_a.append(a[ok])
        out_r.append(r[ok])
        out_t.append(t[ok])
        have += int(ok.sum())
    return (np.concatenate(out_a)[:n].astype(np.int64), np.concatenate(out_r)[:n].astype(np.int64),
            np.concatenate(out_t)[:n].astype(np.int64))

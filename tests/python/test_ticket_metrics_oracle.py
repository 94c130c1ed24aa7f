"""Oracle tests for the support-automation ticket metrics (issue 4).

The ticket metrics are recomputed here from the generator's clean ground truth
(``_truth/*.parquet``), straight from docs/definitions.md, without reading
the project's SQL: the repeat-contact rule is a plain self-merge of tickets on
requester and category (the models use a window pass), the resolution path is
read from message counts, and so on. The dbt build read the messy raw exports
of the same data, so agreement also shows that staging recovered the truth.

Compared: every row of mart_automation_resolution_monthly and
mart_repeat_contacts_monthly, and per ticket in fct_tickets the resolution
path, the 7/14-day repeat flags and claimed / true / vendor-billable AI
resolution and FCR.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pytest


class DbtBuild(Protocol):
    """What the tests use of conftest's `generated_build` fixture."""

    @property
    def truth_dir(self) -> Path: ...

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]: ...

    def frame(self, sql: str) -> Any: ...

# The definition vars' defaults (dbt_project.yml; docs/definitions.md).
REPEAT_SHORT_DAYS = 7
REPEAT_LONG_DAYS = 14
VENDOR_WINDOW_HOURS = 72
CSAT_SATISFIED_MIN = 4
PATHS = ("ai_only", "ai_to_human", "human_only", "unanswered")


@dataclass(frozen=True)
class Oracle:
    as_of: pd.Timestamp
    tickets: pd.DataFrame  # one row per ticket, the oracle's flags


def _utc_naive(series: pd.Series) -> pd.Series:
    """Truth timestamps are tz-aware UTC; dbt stores naive UTC."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("UTC").dt.tz_localize(None)
    return pd.to_datetime(series)


def _read(truth_dir: Path, table: str) -> pd.DataFrame:
    frame = pd.read_parquet(truth_dir / f"{table}.parquet")
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = _utc_naive(frame[column])
    return frame


def _latest_event(truth_dir: Path) -> pd.Timestamp:
    """as_of = the latest event in the data, as int_data_cutoff."""
    tickets = _read(truth_dir, "helpdesk_tickets")
    messages = _read(truth_dir, "helpdesk_messages")
    ai_events = _read(truth_dir, "ai_events")
    interventions = _read(truth_dir, "cs_interventions")
    candidates = [
        tickets["created_at"].max(),
        tickets["solved_at"].max(),
        messages["created_at"].max(),
        ai_events["occurred_at"].max(),
        interventions["opened_at"].max(),
        interventions["closed_at"].max(),
    ]
    return max(pd.Timestamp(c) for c in candidates if pd.notna(c))


def _repeat_flags(tickets: pd.DataFrame, as_of: pd.Timestamp, days: int) -> pd.Series:
    """Repeat contact within `days` days: same requester and category,
    solved_at < created_at <= solved_at + days x 24 h; null unless solved and
    solved_at + days <= as_of (mature)."""
    window = pd.Timedelta(days=days)
    solved = tickets.loc[tickets["solved_at"].notna(), ["ticket_id", "requester_id", "category", "solved_at"]]
    others = tickets[["requester_id", "category", "created_at"]]
    pairs = solved.merge(others, on=["requester_id", "category"], how="inner")
    hit = (pairs["created_at"] > pairs["solved_at"]) & (pairs["created_at"] <= pairs["solved_at"] + window)
    repeated = set(pairs.loc[hit, "ticket_id"])
    mature = tickets["solved_at"].notna() & (tickets["solved_at"] + window <= as_of)
    flags = pd.Series(pd.NA, index=tickets.index, dtype="boolean")
    flags[mature] = tickets.loc[mature, "ticket_id"].isin(repeated)
    return flags


def build_oracle(truth_dir: Path) -> Oracle:
    as_of = _latest_event(truth_dir)
    tickets = _read(truth_dir, "helpdesk_tickets")
    messages = _read(truth_dir, "helpdesk_messages")
    surveys = _read(truth_dir, "helpdesk_surveys")

    # --- conversation facts per ticket -----------------------------------
    msg = messages.merge(tickets[["ticket_id", "solved_at"]], on="ticket_id", how="inner")
    public_message = (msg["event_type"] == "message") & msg["is_public"].fillna(False).astype(bool)
    msg["ai_reply"] = public_message & (msg["author_role"] == "ai_agent")
    msg["human_reply"] = public_message & (msg["author_role"] == "agent")
    msg["handoff"] = msg["event_type"] == "handoff_to_human"
    after_solve = msg["solved_at"].notna() & (msg["created_at"] > msg["solved_at"])
    msg["reopen_after_solve"] = (msg["event_type"] == "reopened") & after_solve
    msg["reply_before_solve"] = (msg["ai_reply"] | msg["human_reply"]) & ~after_solve
    customer = (msg["author_role"] == "customer") & (msg["event_type"] == "message")
    msg["customer_after_solve_at"] = msg["created_at"].where(customer & after_solve)
    facts = msg.groupby("ticket_id").agg(
        ai_replies=("ai_reply", "sum"),
        human_replies=("human_reply", "sum"),
        handoffs=("handoff", "sum"),
        reopens=("reopen_after_solve", "sum"),
        replies_before_solve=("reply_before_solve", "sum"),
        first_customer_after_solve_at=("customer_after_solve_at", "min"),
    )
    t = tickets.merge(facts, left_on="ticket_id", right_index=True, how="left")
    for column in ("ai_replies", "human_replies", "handoffs", "reopens", "replies_before_solve"):
        t[column] = t[column].fillna(0).astype(int)

    # --- resolution path (docs/definitions.md) ---------------------------------------
    ai = t["ai_replies"] > 0
    human_or_handoff = (t["human_replies"] > 0) | (t["handoffs"] > 0)
    t["path"] = np.select(
        [ai & human_or_handoff, ai, t["human_replies"] > 0],
        ["ai_to_human", "ai_only", "human_only"],
        "unanswered",
    )

    # --- latest CSAT answer -------------------------------------------------
    csat = (
        surveys[surveys["survey_type"] == "csat"]
        .sort_values(["ticket_id", "responded_at"])
        .groupby("ticket_id")["score"]
        .last()
    )
    t["csat"] = t["ticket_id"].map(csat)

    # --- repeat contacts, maturity ----------------------------------------
    t["repeat_7d"] = _repeat_flags(t, as_of, REPEAT_SHORT_DAYS)
    t["repeat_14d"] = _repeat_flags(t, as_of, REPEAT_LONG_DAYS)
    solved = t["solved_at"].notna()
    mature_7d = solved & (t["solved_at"] + pd.Timedelta(days=REPEAT_SHORT_DAYS) <= as_of)
    t["mature_7d"] = mature_7d
    t["mature_14d"] = solved & (t["solved_at"] + pd.Timedelta(days=REPEAT_LONG_DAYS) <= as_of)

    # --- claimed / true / billable / FCR ----------------------------------
    claimed = solved & (t["path"] == "ai_only")
    t["claimed"] = claimed
    reopened = t["reopens"] > 0
    escalated = (t["handoffs"] > 0) | (t["human_replies"] > 0)
    csat_ok = t["csat"].isna() | (t["csat"] >= CSAT_SATISFIED_MIN)
    repeat_7d = t["repeat_7d"].fillna(False).astype(bool)

    def judged(value: pd.Series, window_elapsed: pd.Series) -> pd.Series:
        """Unsolved: False. Solved, window not elapsed: null. Else value."""
        out = pd.Series(pd.NA, index=t.index, dtype="boolean")
        out[~solved] = False
        ok = solved & window_elapsed
        out[ok] = value[ok]
        return out

    t["true"] = judged(claimed & ~reopened & ~repeat_7d & ~escalated & csat_ok, mature_7d)
    vendor_end = t["solved_at"] + pd.Timedelta(hours=VENDOR_WINDOW_HOURS)
    quiet = t["first_customer_after_solve_at"].isna() | (t["first_customer_after_solve_at"] > vendor_end)
    t["billable"] = judged(claimed & quiet, vendor_end <= as_of)
    t["fcr"] = judged((t["replies_before_solve"] == 1) & ~reopened & ~repeat_7d, mature_7d)

    t["ticket_month"] = t["created_at"].dt.to_period("M").dt.to_timestamp()
    t["solved_month"] = t["solved_at"].dt.to_period("M").dt.to_timestamp()
    return Oracle(as_of=as_of, tickets=t)


def _plain(values: pd.Series) -> list[Any]:
    """Values as plain Python objects, every kind of null as None."""
    return [None if pd.isna(v) else (bool(v) if isinstance(v, (bool, np.bool_)) else v) for v in values]


def _rate(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (100.0 * numerator / denominator).where(denominator > 0)


def oracle_automation_monthly(t: pd.DataFrame) -> pd.DataFrame:
    frame = t.assign(
        solved=t["solved_at"].notna(),
        true_=t["true"].fillna(False).astype(bool),
        judged_7d=t["true"].notna(),
        claimed_judged=t["claimed"] & t["true"].notna(),
        billable_=t["billable"].fillna(False).astype(bool),
        judged_72h=t["billable"].notna(),
        fcr_=t["fcr"].fillna(False).astype(bool),
    )
    g = frame.groupby(["ticket_month", "category"]).agg(
        tickets=("ticket_id", "size"),
        solved_tickets=("solved", "sum"),
        claimed_ai_resolutions=("claimed", "sum"),
        tickets_judged_short_window=("judged_7d", "sum"),
        claimed_ai_resolutions_judged_short_window=("claimed_judged", "sum"),
        true_ai_resolutions=("true_", "sum"),
        tickets_judged_vendor_window=("judged_72h", "sum"),
        vendor_billable_resolutions=("billable_", "sum"),
        first_contact_resolutions=("fcr_", "sum"),
    ).reset_index().rename(columns={"ticket_month": "month_start"})
    g["repeat_window_short_days"] = REPEAT_SHORT_DAYS
    g["vendor_resolution_window_hours"] = VENDOR_WINDOW_HOURS
    g["claimed_ai_resolution_rate_pct"] = _rate(g["claimed_ai_resolutions"], g["tickets"])
    g["true_ai_resolution_rate_pct"] = _rate(g["true_ai_resolutions"], g["tickets_judged_short_window"])
    g["ai_resolution_overcount"] = g["claimed_ai_resolutions_judged_short_window"] - g["true_ai_resolutions"]
    g["ai_resolution_overcount_pct"] = _rate(g["ai_resolution_overcount"], g["claimed_ai_resolutions_judged_short_window"])
    g["vendor_billable_resolution_rate_pct"] = _rate(g["vendor_billable_resolutions"], g["tickets_judged_vendor_window"])
    g["first_contact_resolution_rate_pct"] = _rate(g["first_contact_resolutions"], g["tickets_judged_short_window"])
    return g


def oracle_repeat_monthly(t: pd.DataFrame) -> pd.DataFrame:
    solved = t[t["solved_at"].notna()].assign(
        r7=lambda f: f["repeat_7d"].fillna(False).astype(bool),
        r14=lambda f: f["repeat_14d"].fillna(False).astype(bool),
    )
    g = solved.groupby(["solved_month", "category", "path"]).agg(
        solved_tickets=("ticket_id", "size"),
        mature_tickets_short_window=("mature_7d", "sum"),
        repeat_contacts_short_window=("r7", "sum"),
        mature_tickets_long_window=("mature_14d", "sum"),
        repeat_contacts_long_window=("r14", "sum"),
    ).reset_index().rename(columns={"path": "resolution_path", "solved_month": "month_start"})
    g["repeat_window_short_days"] = REPEAT_SHORT_DAYS
    g["repeat_window_long_days"] = REPEAT_LONG_DAYS
    g["repeat_contact_rate_short_window_pct"] = _rate(g["repeat_contacts_short_window"], g["mature_tickets_short_window"])
    g["repeat_contact_rate_long_window_pct"] = _rate(g["repeat_contacts_long_window"], g["mature_tickets_long_window"])
    return g


def _assert_frames_match(expected: pd.DataFrame, actual: pd.DataFrame, keys: list[str], what: str) -> None:
    expected = expected.copy()
    actual = actual.copy()
    for frame in (expected, actual):
        for key in keys:
            if key.endswith("_month") or key == "month_start":
                frame[key] = pd.to_datetime(frame[key])
    merged = expected.merge(actual, on=keys, how="outer", suffixes=("_oracle", "_mart"), indicator=True)
    unmatched = merged[merged["_merge"] != "both"]
    assert unmatched.empty, f"{what}: grain rows differ:\n{unmatched[keys + ['_merge']].to_string()}"
    problems: list[str] = []
    for column in expected.columns:
        if column in keys:
            continue
        want = merged[f"{column}_oracle"].astype(float)
        got = merged[f"{column}_mart"].astype(float)
        bad = ~np.isclose(want, got, rtol=1e-9, atol=1e-9, equal_nan=True)
        if bad.any():
            rows = merged.loc[bad, keys + [f"{column}_oracle", f"{column}_mart"]]
            problems.append(f"{column}:\n{rows.head(10).to_string()}")
    assert not problems, f"{what} differs from the oracle:\n" + "\n".join(problems)


@pytest.fixture(scope="module")
def oracle(generated_build: DbtBuild) -> Oracle:
    return build_oracle(generated_build.truth_dir)


def test_as_of_is_the_latest_event(generated_build: DbtBuild, oracle: Oracle) -> None:
    (as_of,) = generated_build.query("select as_of_at from intermediate.int_data_cutoff")[0]
    assert pd.Timestamp(as_of) == oracle.as_of


def test_generated_data_holds_the_boundary_cases(oracle: Oracle) -> None:
    """The comparison only proves something if the planted edge cases exist."""
    t = oracle.tickets
    solved = t.loc[t["solved_at"].notna(), ["requester_id", "category", "solved_at"]]
    pairs = solved.merge(t[["requester_id", "category", "created_at"]], on=["requester_id", "category"])
    gap = pairs["created_at"] - pairs["solved_at"]
    week = pd.Timedelta(days=7)
    second = pd.Timedelta(seconds=1)
    assert (gap == week).any(), "no repeat contact at exactly 7 days"
    assert (gap == week + second).any(), "no repeat contact at 7 days + 1 s"
    assert (gap == 2 * week).any(), "no repeat contact at exactly 14 days"
    after = t["first_customer_after_solve_at"] - t["solved_at"]
    assert (after == pd.Timedelta(hours=71)).any(), "no customer message 71 h after a solve"
    assert (after == pd.Timedelta(hours=73)).any(), "no customer message 73 h after a solve"
    assert set(t["path"]) == set(PATHS)
    assert t["true"].isna().any() and t["repeat_7d"].isna().any(), "no immature ticket"
    assert (t["claimed"] & (t["true"] == False)).any()  # noqa: E712 - pandas NA-aware


def test_fct_tickets_flags_match_oracle(generated_build: DbtBuild, oracle: Oracle) -> None:
    mart = generated_build.frame(
        """
        select
            ticket_id,
            resolution_path,
            is_repeat_contact_short_window,
            is_repeat_contact_long_window,
            is_claimed_ai_resolution,
            is_true_ai_resolution,
            is_vendor_billable_resolution,
            is_first_contact_resolution
        from marts.fct_tickets
        """
    )
    t = oracle.tickets
    expected = pd.DataFrame({
        "ticket_id": t["ticket_id"],
        "resolution_path": t["path"],
        "is_repeat_contact_short_window": t["repeat_7d"],
        "is_repeat_contact_long_window": t["repeat_14d"],
        "is_claimed_ai_resolution": t["claimed"].astype("boolean"),
        "is_true_ai_resolution": t["true"],
        "is_vendor_billable_resolution": t["billable"],
        "is_first_contact_resolution": t["fcr"],
    })
    assert len(mart) == len(expected), "fct_tickets must hold one row per truth ticket"
    merged = expected.merge(mart, on="ticket_id", how="outer", suffixes=("_oracle", "_mart"), indicator=True)
    assert (merged["_merge"] == "both").all(), "ticket ids differ between truth and fct_tickets"
    problems: list[str] = []
    for column in expected.columns.drop("ticket_id"):
        want = _plain(merged[f"{column}_oracle"])
        got = _plain(merged[f"{column}_mart"])
        bad = pd.Series([w != g for w, g in zip(want, got)], index=merged.index)
        if bad.any():
            rows = merged.loc[bad, ["ticket_id", f"{column}_oracle", f"{column}_mart"]]
            problems.append(f"{column} ({int(bad.sum())} tickets):\n{rows.head(10).to_string()}")
    assert not problems, "fct_tickets differs from the oracle:\n" + "\n".join(problems)


def test_automation_resolution_monthly_matches_oracle(generated_build: DbtBuild, oracle: Oracle) -> None:
    mart = generated_build.frame("select * from marts.mart_automation_resolution_monthly")
    expected = oracle_automation_monthly(oracle.tickets)
    # Every column the oracle computes is in the mart (a mart may carry more).
    assert set(expected.columns) <= set(mart.columns), set(expected.columns) - set(mart.columns)
    _assert_frames_match(expected, mart, ["month_start", "category"], "mart_automation_resolution_monthly")
    # The over-count is the point of the mart: the data must show one.
    assert expected["ai_resolution_overcount"].sum() > 0


def test_repeat_contacts_monthly_matches_oracle(generated_build: DbtBuild, oracle: Oracle) -> None:
    mart = generated_build.frame("select * from marts.mart_repeat_contacts_monthly")
    expected = oracle_repeat_monthly(oracle.tickets)
    # Every column the oracle computes is in the mart (a mart may carry more).
    assert set(expected.columns) <= set(mart.columns), set(expected.columns) - set(mart.columns)
    _assert_frames_match(
        expected, mart, ["month_start", "category", "resolution_path"], "mart_repeat_contacts_monthly"
    )
    # Immature tickets are out of the denominator, never counted as "no repeat".
    assert (expected["mature_tickets_short_window"] < expected["solved_tickets"]).any()

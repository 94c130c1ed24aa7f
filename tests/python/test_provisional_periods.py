"""Provisional periods (issue 16, part 3; docs/definitions.md "Provisional
period").

The bundled sample is built twice (the default data cut-off, the latest
event, and a var as_of inside the data). The immature share of every month is
recomputed here from the staged tickets and the cut-off, straight from the
definition, without reading int_period_maturity or the marts' new columns: a
ticket is immature when it is solved and its longest window (repeat contact
7 / 14 days, vendor window 72 hours) ends after as_of. Compared with every row
of a created-month mart, a solved-month mart and a weekly CS mart (no window,
never provisional).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from conftest import run_dbt

REPEAT_SHORT_DAYS = 7
REPEAT_LONG_DAYS = 14
VENDOR_WINDOW_HOURS = 72
LONGEST_WINDOW = max(
    pd.Timedelta(days=REPEAT_SHORT_DAYS),
    pd.Timedelta(days=REPEAT_LONG_DAYS),
    pd.Timedelta(hours=VENDOR_WINDOW_HOURS),
)
CREATED_MART = "mart_automation_resolution_monthly"
CREATED_BY = ("category",)
SOLVED_MART = "mart_repeat_contacts_monthly"
SOLVED_BY = ("category", "resolution_path")
WEEKLY_MART = "mart_csm_ai_adoption_weekly"
SELECT = f"+{CREATED_MART} +{SOLVED_MART} +{WEEKLY_MART}"
# The var as_of of the second build: inside the sample's data, so that a
# month final at the default cut-off is provisional at this one.
VAR_AS_OF = "2025-10-25 00:00:00"


SCORECARD = "mart_balanced_scorecard_metrics_monthly"
# Marts with a window-based metric (docs/definitions.md "Provisional period").
WINDOW_MARTS = {
    "mart_automation_resolution_monthly",
    "mart_repeat_contacts_monthly",
    "mart_ticket_deflection_monthly",
    "mart_cost_per_resolution_monthly",
    "mart_vendor_pay_for_performance_monthly",
}


def _build(work: Path, dbt_vars: dict[str, Any] | None, select: str = SELECT) -> Path:
    db_path = work / "sample.duckdb"
    run_dbt(
        [
            "build",
            "--select",
            *select.split(),
            "--exclude-resource-type",
            "test",
            "--exclude-resource-type",
            "unit_test",
        ],
        db_path,
        work,
        dbt_vars,
    )
    return db_path


@pytest.fixture(scope="module")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(
        tmp_path_factory.mktemp("provisional_default"), None, f"{SELECT} +{SCORECARD}"
    )


@pytest.fixture(scope="module")
def var_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("provisional_var"), {"as_of": VAR_AS_OF})


def _frame(db_path: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql).df()


def _latest_event(db_path: Path) -> pd.Timestamp:
    """The default cut-off: the latest ticket created or solved, message,
    AI event, intervention opened or closed (staged tables)."""
    row = _frame(
        db_path,
        """
        select greatest(
            (select max(created_at) from staging.stg_helpdesk__tickets),
            (select max(solved_at) from staging.stg_helpdesk__tickets),
            (select max(created_at) from staging.stg_helpdesk__messages),
            (select max(occurred_at) from staging.stg_ai_telemetry__events),
            (select max(opened_at) from staging.stg_cs_platform__interventions),
            (select max(closed_at) from staging.stg_cs_platform__interventions)
        ) as as_of
        """,
    )
    return pd.Timestamp(row["as_of"][0])


def _oracle(
    db_path: Path, as_of: pd.Timestamp, basis: str, by: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Per month (by created or solved date) and `by` columns: tickets,
    immature tickets. Category from the staged tickets; the resolution path
    (a grouping attribute, not part of the rule) from fct_tickets."""
    tickets = _frame(
        db_path,
        """
        select t.ticket_id, t.created_at, t.solved_at, t.category,
               f.resolution_path
        from staging.stg_helpdesk__tickets as t
        left join marts.fct_tickets as f on t.ticket_id = f.ticket_id
        """,
    )
    tickets["is_immature"] = tickets["solved_at"].notna() & (
        tickets["solved_at"] + LONGEST_WINDOW > as_of
    )
    if basis == "solved":
        tickets = tickets[tickets["solved_at"].notna()]
    date = tickets["created_at"] if basis == "created" else tickets["solved_at"]
    tickets = tickets.assign(month_start=date.dt.to_period("M").dt.start_time.dt.date)
    out = tickets.groupby(["month_start", *by], dropna=False).agg(
        period_items=("ticket_id", "size"), immature_items=("is_immature", "sum")
    )
    out["immature_share_pct"] = 100.0 * out["immature_items"] / out["period_items"]
    out["is_provisional"] = out["immature_items"] > 0
    return out


def _mart_rows(db_path: Path, mart: str, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """The mart's provisional columns per row (month and `by` columns)."""
    keys = ", ".join(("month_start", *by))
    rows = _frame(
        db_path,
        f"""
        select {keys}, period_items, immature_items,
               immature_share_pct, is_provisional
        from marts.{mart}
        """,
    )
    rows["month_start"] = pd.to_datetime(rows["month_start"]).dt.date
    assert not rows[["month_start", *by]].duplicated().any()
    return rows.set_index(["month_start", *by]).sort_index()


def _month_totals(db_path: Path, as_of: pd.Timestamp, basis: str) -> pd.DataFrame:
    return _oracle(db_path, as_of, basis)


def _compare(
    db_path: Path, as_of: pd.Timestamp, mart: str, basis: str, by: tuple[str, ...]
) -> pd.DataFrame:
    expected = _oracle(db_path, as_of, basis, by)
    actual = _mart_rows(db_path, mart, by)
    months = actual.index.intersection(expected.index)
    assert len(months) == len(actual), "a mart row has no tickets in the oracle"
    assert len(months) > 0
    exp = expected.loc[months]
    act = actual.loc[months]
    assert (act["period_items"].astype(int) == exp["period_items"]).all(), (act, exp)
    assert (act["immature_items"].astype(int) == exp["immature_items"]).all(), (act, exp)
    assert (act["is_provisional"].astype(bool) == exp["is_provisional"]).all(), (act, exp)
    assert (act["immature_share_pct"] - exp["immature_share_pct"]).abs().max() < 1e-9
    return exp


def test_default_cutoff_latest_month_provisional_earlier_final(default_build: Path) -> None:
    as_of = _latest_event(default_build)
    _compare(default_build, as_of, CREATED_MART, "created", CREATED_BY)
    months = _month_totals(default_build, as_of, "created")
    latest = months.index.max()
    earlier = months.index.min()
    assert months.loc[latest, "is_provisional"]
    assert months.loc[latest, "immature_share_pct"] > 0
    assert not months.loc[earlier, "is_provisional"]
    assert months.loc[earlier, "immature_items"] == 0
    rows = _mart_rows(default_build, CREATED_MART, CREATED_BY)
    assert rows.loc[latest, "is_provisional"].any()
    assert rows.loc[latest, "immature_items"].sum() == months.loc[latest, "immature_items"]
    assert not rows.loc[earlier, "is_provisional"].any()
    print(
        f"\nlatest month {latest}: {months.loc[latest, 'immature_items']} of "
        f"{months.loc[latest, 'period_items']} tickets immature "
        f"({months.loc[latest, 'immature_share_pct']:.1f} %)"
    )


def test_default_cutoff_solved_month_mart(default_build: Path) -> None:
    as_of = _latest_event(default_build)
    exp = _compare(default_build, as_of, SOLVED_MART, "solved", SOLVED_BY)
    assert exp["is_provisional"].any() and not exp["is_provisional"].all()


def test_var_as_of_makes_a_final_month_provisional(
    default_build: Path, var_build: Path
) -> None:
    as_of = pd.Timestamp(VAR_AS_OF)
    _compare(var_build, as_of, CREATED_MART, "created", CREATED_BY)
    _compare(var_build, as_of, SOLVED_MART, "solved", SOLVED_BY)
    at_var = _month_totals(var_build, as_of, "created")
    at_default = _month_totals(default_build, _latest_event(default_build), "created")
    month = as_of.to_period("M").start_time.date()
    assert at_var.loc[month, "is_provisional"]
    assert not at_default.loc[month, "is_provisional"]
    assert _mart_rows(var_build, CREATED_MART, CREATED_BY).loc[month, "is_provisional"].any()
    assert not _mart_rows(default_build, CREATED_MART, CREATED_BY).loc[
        month, "is_provisional"
    ].any()


def test_rows_without_window_metric_are_never_provisional(default_build: Path) -> None:
    rows = _frame(
        default_build,
        f"""
        select count(*) as n,
               count(*) filter (where is_provisional) as provisional,
               count(*) filter (where immature_items <> 0) as immature,
               count(immature_share_pct) as shares,
               count(period_items) as denominators
        from marts.{WEEKLY_MART}
        """,
    )
    assert rows["n"][0] > 0
    assert rows["provisional"][0] == 0
    assert rows["immature"][0] == 0
    assert rows["shares"][0] == 0
    assert rows["denominators"][0] == 0


def test_scorecard_rows_provisional_only_for_window_metrics(default_build: Path) -> None:
    """A scorecard row is provisional when its metric comes from a mart with
    a window-based metric and its month has immature tickets (by created
    date); any other metric's row is never provisional."""
    as_of = _latest_event(default_build)
    months = _month_totals(default_build, as_of, "created")
    rows = _frame(
        default_build,
        f"""
        select s.month_start, s.metric, c.mart, s.immature_items, s.period_items,
               s.immature_share_pct, s.is_provisional
        from marts.{SCORECARD} as s
        inner join reference.metric_catalog as c on s.metric = c.metric
        """,
    )
    rows["month_start"] = pd.to_datetime(rows["month_start"]).dt.date
    windowed = rows["mart"].isin(WINDOW_MARTS)
    assert windowed.any() and (~windowed).any()
    other = rows[~windowed]
    assert not other["is_provisional"].any()
    assert (other["immature_items"] == 0).all()
    assert other["immature_share_pct"].isna().all()
    win = rows[windowed].merge(
        months, left_on="month_start", right_index=True, suffixes=("", "_expected")
    )
    assert (win["immature_items"] == win["immature_items_expected"]).all()
    assert (win["period_items"] == win["period_items_expected"]).all()
    assert (win["is_provisional"] == win["is_provisional_expected"]).all()
    latest = months.index.max()
    assert win[win["month_start"] == latest]["is_provisional"].all()

"""Oracle tests for the customer-success AI metrics (issue 3).

The AI-assisted resolution rate ("AI-Assisted Resolution Rate") and the CSM AI
adoption rate ("CSM AI Adoption Rate") are recomputed here in pandas from the generator's clean ground
truth (`generated_build.truth_dir`), straight from the definitions in
docs/definitions.md, without reading any model's SQL:

- material AI involvement: a tool approved at the event's time (approved,
  approved_at <= occurred_at or null, occurred_at < retired_at or null) and
  event type draft_sent with retained_ratio >= var
  material_ai_min_retained_ratio, signal_surfaced, recommendation_accepted or
  autonomous_action;
- an intervention is AI-assisted when a material event is linked to it by
  intervention_id; it counts in the calendar month of opened_at;
- a CSM (role csm) is active in an ISO week when hired on or before its
  Sunday and not terminated before its Monday; an adopter has at least var
  adoption_min_weekly_interactions material events of their own in the week;
  events from tools not approved at the time are shadow AI;
- the data runs from its first event to as_of (the latest event).

Every row of mart_ai_assisted_resolution_monthly, mart_csm_ai_adoption_weekly
and mart_csm_ai_adoption_monthly is compared with the oracle (keys,
numerators, denominators, rates, bands).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
SEGMENTS = ("SMB", "Mid-Market", "Enterprise")
INVOLVEMENT_TYPES = ("drafted", "surfaced_signal", "recommendation", "autonomous_action")

# The articles' benchmarks: (good, great, world class) lower bounds.
RESOLUTION_BANDS = {"SMB": (20, 40, 65), "Mid-Market": (15, 35, 60), "Enterprise": (10, 25, 50)}
ADOPTION_BANDS = {"SMB": (50, 70, 85), "Mid-Market": (45, 65, 80), "Enterprise": (40, 60, 75)}


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


def project_vars(overrides: dict[str, Any]) -> dict[str, Any]:
    """The dbt vars as the build saw them: dbt_project.yml plus --vars."""
    with open(PROJECT_DIR / "dbt_project.yml", encoding="utf-8") as handle:
        declared: dict[str, Any] = yaml.safe_load(handle)["vars"]
    return {**declared, **overrides}


def read_truth(truth_dir: Path, table: str) -> pd.DataFrame:
    """One ground-truth table, every timestamp as naive UTC."""
    frame = pd.read_parquet(truth_dir / f"{table}.parquet")
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].dt.tz_convert("UTC").dt.tz_localize(None)
    return frame


def monday(ts: pd.Series) -> pd.Series:
    """Monday (00:00) of the ISO week of each timestamp."""
    day = ts.dt.normalize()
    return day - pd.to_timedelta(day.dt.day_of_week, unit="D")


def month_first(ts: pd.Series) -> pd.Series:
    return ts.dt.to_period("M").dt.to_timestamp()


@dataclass(frozen=True)
class Window:
    data_start: pd.Timestamp
    as_of: pd.Timestamp


def data_window(truth_dir: Path, dbt_vars: dict[str, Any]) -> Window:
    """First event and as_of (var, or the latest event in the data)."""
    tickets = read_truth(truth_dir, "helpdesk_tickets")
    messages = read_truth(truth_dir, "helpdesk_messages")
    events = read_truth(truth_dir, "ai_events")
    interventions = read_truth(truth_dir, "cs_interventions")
    starts = [
        tickets["created_at"].min(),
        messages["created_at"].min(),
        events["occurred_at"].min(),
        interventions["opened_at"].min(),
    ]
    ends = [
        tickets["created_at"].max(),
        tickets["solved_at"].max(),
        messages["created_at"].max(),
        events["occurred_at"].max(),
        interventions["opened_at"].max(),
        interventions["closed_at"].max(),
    ]
    as_of = (
        pd.Timestamp(dbt_vars["as_of"])
        if dbt_vars.get("as_of") is not None
        else max(t for t in ends if pd.notna(t))
    )
    return Window(data_start=min(t for t in starts if pd.notna(t)), as_of=as_of)


def classify_events(truth_dir: Path, min_retained_ratio: float) -> pd.DataFrame:
    """Every AI event with is_approved_at_event and its involvement type."""
    events = read_truth(truth_dir, "ai_events")
    tools = read_truth(truth_dir, "ai_tools")
    ev = events.merge(
        tools[["tool_id", "is_approved", "approved_at", "retired_at"]], on="tool_id", how="left"
    )
    approved = (
        ev["is_approved"].fillna(False).astype(bool)
        & (ev["approved_at"].isna() | (ev["approved_at"] <= ev["occurred_at"]))
        & (ev["retired_at"].isna() | (ev["occurred_at"] < ev["retired_at"]))
    )
    etype = ev["event_type"]
    kept = ev["retained_ratio"].fillna(-1.0) >= min_retained_ratio
    ev["involvement_type"] = np.select(
        [
            approved & (etype == "draft_sent") & kept,
            approved & (etype == "signal_surfaced"),
            approved & (etype == "recommendation_accepted"),
            approved & (etype == "autonomous_action"),
        ],
        list(INVOLVEMENT_TYPES),
        default="",
    )
    ev["is_material"] = ev["involvement_type"] != ""
    ev["is_shadow"] = ~approved
    return ev


def band(
    rate: float | None, bounds: tuple[int, int, int] | None, n: int, min_n: int
) -> str | None:
    """The benchmark band; too small a sample (n < var min_sample_size) is
    judged 'insufficient_data', whatever the rate."""
    if rate is None or bounds is None or math.isnan(rate):
        return None
    if n < min_n:
        return "insufficient_data"
    good, great, world_class = bounds
    if rate >= world_class:
        return "world_class"
    if rate >= great:
        return "great"
    if rate >= good:
        return "good"
    return "below_good"


def pct(numerator: float, denominator: float) -> float | None:
    return 100.0 * numerator / denominator if denominator > 0 else None


# --------------------------------------------------------------------------
# Oracles
# --------------------------------------------------------------------------


def resolution_oracle(truth_dir: Path, dbt_vars: dict[str, Any]) -> pd.DataFrame:
    """AI-assisted resolution rate per month x account segment."""
    window = data_window(truth_dir, dbt_vars)
    ev = classify_events(truth_dir, float(dbt_vars["material_ai_min_retained_ratio"]))
    ev = ev[ev["is_material"] & ev["intervention_id"].notna() & (ev["occurred_at"] <= window.as_of)]
    iv = read_truth(truth_dir, "cs_interventions")
    iv = iv[iv["opened_at"] <= window.as_of]
    accounts = read_truth(truth_dir, "crm_accounts")[["account_id", "segment"]]
    iv = iv.merge(accounts, on="account_id", how="left")
    iv["segment"] = iv["segment"].fillna("Unknown")
    iv["month_start"] = month_first(iv["opened_at"])

    types = (
        ev.groupby(["intervention_id", "involvement_type"]).size().unstack(fill_value=0) > 0
    ).reindex(columns=list(INVOLVEMENT_TYPES), fill_value=False)
    iv = iv.merge(types, left_on="intervention_id", right_index=True, how="left")
    for kind in INVOLVEMENT_TYPES:
        iv[kind] = iv[kind].astype("boolean").fillna(False).astype(bool)
    iv["is_ai_assisted"] = iv[list(INVOLVEMENT_TYPES)].any(axis=1)

    grouped = iv.groupby(["month_start", "segment"]).agg(
        interventions=("intervention_id", "size"),
        ai_assisted_interventions=("is_ai_assisted", "sum"),
        drafted_interventions=("drafted", "sum"),
        surfaced_signal_interventions=("surfaced_signal", "sum"),
        recommendation_interventions=("recommendation", "sum"),
        autonomous_action_interventions=("autonomous_action", "sum"),
    )
    months = pd.date_range(
        month_first(pd.Series([window.data_start]))[0],
        month_first(pd.Series([window.as_of]))[0],
        freq="MS",
    )
    spine = pd.MultiIndex.from_product(
        [months, sorted(iv["segment"].unique())], names=["month_start", "segment"]
    )
    out = grouped.reindex(spine, fill_value=0).reset_index()
    out["ai_assisted_rate_pct"] = [
        pct(n, d) for n, d in zip(out["ai_assisted_interventions"], out["interventions"])
    ]
    min_n = int(dbt_vars["min_sample_size"])
    out["benchmark_band"] = [
        band(r, RESOLUTION_BANDS.get(s), n, min_n)
        for r, s, n in zip(out["ai_assisted_rate_pct"], out["segment"], out["interventions"])
    ]
    return out


def csm_weeks_oracle(truth_dir: Path, dbt_vars: dict[str, Any]) -> pd.DataFrame:
    """One row per active CSM x ISO week, with their AI use that week."""
    window = data_window(truth_dir, dbt_vars)
    users = read_truth(truth_dir, "crm_users")
    csms = users[users["role"] == "csm"].copy()
    csms["segment"] = csms["segment_focus"].fillna("Unassigned")

    first = monday(pd.Series([window.data_start]))[0]
    last = monday(pd.Series([window.as_of]))[0]
    weeks = pd.DataFrame({"week_start": pd.date_range(first, last, freq="7D")})
    weeks["week_end"] = weeks["week_start"] + pd.Timedelta(days=6)

    pairs = csms.merge(weeks, how="cross")
    hired_day = pairs["hired_at"].dt.normalize()
    terminated_day = pairs["terminated_at"].dt.normalize()
    active = (hired_day <= pairs["week_end"]) & (
        terminated_day.isna() | (terminated_day >= pairs["week_start"])
    )
    pairs = pairs[active]

    ev = classify_events(truth_dir, float(dbt_vars["material_ai_min_retained_ratio"]))
    ev = ev[ev["user_id"].notna() & (ev["occurred_at"] <= window.as_of)].copy()
    ev["week_start"] = monday(ev["occurred_at"])
    use = ev.groupby(["user_id", "week_start"]).agg(
        ai_assisted_interactions=("is_material", "sum"), shadow_ai_events=("is_shadow", "sum")
    )
    pairs = pairs.merge(
        use, left_on=["user_id", "week_start"], right_index=True, how="left"
    ).fillna({"ai_assisted_interactions": 0, "shadow_ai_events": 0})
    threshold = int(dbt_vars["adoption_min_weekly_interactions"])
    pairs["is_adopter"] = pairs["ai_assisted_interactions"] >= threshold
    pairs["is_shadow_user"] = pairs["shadow_ai_events"] > 0
    return pairs


def adoption_weekly_oracle(truth_dir: Path, dbt_vars: dict[str, Any]) -> pd.DataFrame:
    """CSM AI adoption rate per ISO week x CSM segment."""
    window = data_window(truth_dir, dbt_vars)
    pairs = csm_weeks_oracle(truth_dir, dbt_vars)
    grouped = pairs.groupby(["week_start", "segment"]).agg(
        active_csms=("user_id", "size"),
        adopting_csms=("is_adopter", "sum"),
        ai_assisted_interactions=("ai_assisted_interactions", "sum"),
        shadow_ai_events=("shadow_ai_events", "sum"),
        shadow_ai_users=("is_shadow_user", "sum"),
    )
    first = monday(pd.Series([window.data_start]))[0]
    last = monday(pd.Series([window.as_of]))[0]
    spine = pd.MultiIndex.from_product(
        [pd.date_range(first, last, freq="7D"), sorted(pairs["segment"].unique())],
        names=["week_start", "segment"],
    )
    out = grouped.reindex(spine, fill_value=0).reset_index()
    out["adoption_rate_pct"] = [
        pct(n, d) for n, d in zip(out["adopting_csms"], out["active_csms"])
    ]
    min_n = int(dbt_vars["min_sample_size"])
    out["benchmark_band"] = [
        band(r, ADOPTION_BANDS.get(s), n, min_n)
        for r, s, n in zip(out["adoption_rate_pct"], out["segment"], out["active_csms"])
    ]
    return out


def adoption_monthly_oracle(truth_dir: Path, dbt_vars: dict[str, Any]) -> pd.DataFrame:
    """Monthly roll-up: CSM-weeks of the weeks whose Thursday falls in the
    month (clamped to the data's months), and the top-20 % concentration."""
    window = data_window(truth_dir, dbt_vars)
    first_month = month_first(pd.Series([window.data_start]))[0]
    last_month = month_first(pd.Series([window.as_of]))[0]
    pairs = csm_weeks_oracle(truth_dir, dbt_vars)
    thursday_month = month_first(pairs["week_start"] + pd.Timedelta(days=3))
    pairs["month_start"] = thursday_month.clip(lower=first_month, upper=last_month)
    usage = pairs.groupby(["month_start", "segment"]).agg(
        active_csm_weeks=("user_id", "size"), adopting_csm_weeks=("is_adopter", "sum")
    )

    # Concentration: CSMs active in the month, ranked by AI-assisted
    # interventions they opened that month; the top share rounded up.
    share = Decimal(str(dbt_vars["concentration_top_csm_share"]))
    users = read_truth(truth_dir, "crm_users")
    csms = users[users["role"] == "csm"].copy()
    csms["segment"] = csms["segment_focus"].fillna("Unassigned")
    months = pd.DataFrame({"month_start": pd.date_range(first_month, last_month, freq="MS")})
    months["month_end"] = months["month_start"] + pd.offsets.MonthEnd(0)
    month_csms = csms.merge(months, how="cross")
    active = (month_csms["hired_at"].dt.normalize() <= month_csms["month_end"]) & (
        month_csms["terminated_at"].isna()
        | (month_csms["terminated_at"].dt.normalize() >= month_csms["month_start"])
    )
    month_csms = month_csms[active]
    resolution_events = classify_events(
        truth_dir, float(dbt_vars["material_ai_min_retained_ratio"])
    )
    assisted_ids = set(
        resolution_events.loc[
            resolution_events["is_material"] & (resolution_events["occurred_at"] <= window.as_of),
            "intervention_id",
        ].dropna()
    )
    iv = read_truth(truth_dir, "cs_interventions")
    iv = iv[(iv["opened_at"] <= window.as_of) & iv["intervention_id"].isin(assisted_ids)]
    iv["month_start"] = month_first(iv["opened_at"])
    per_csm = iv.groupby(["month_start", "csm_id"]).size().rename("assisted")
    month_csms = month_csms.merge(
        per_csm, left_on=["month_start", "user_id"], right_index=True, how="left"
    ).fillna({"assisted": 0})
    rows = []
    for (month, segment), group in month_csms.groupby(["month_start", "segment"]):
        n = len(group)
        top_n = int((share * n).to_integral_value(rounding=ROUND_CEILING))
        ranked = group.sort_values(["assisted", "user_id"], ascending=[False, True])
        rows.append(
            {
                "month_start": month,
                "segment": segment,
                "active_csms": n,
                "top_csms": top_n,
                "top_csm_ai_assisted_interventions": int(ranked["assisted"].head(top_n).sum()),
                "csm_ai_assisted_interventions": int(group["assisted"].sum()),
            }
        )
    concentration = pd.DataFrame(rows).set_index(["month_start", "segment"])
    spine = pd.MultiIndex.from_product(
        [months["month_start"], sorted(pairs["segment"].unique())],
        names=["month_start", "segment"],
    )
    out = usage.reindex(spine, fill_value=0).join(concentration).fillna(0).reset_index()
    out["adoption_rate_pct"] = [
        pct(n, d) for n, d in zip(out["adopting_csm_weeks"], out["active_csm_weeks"])
    ]
    return out


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------


def assert_frames_match(
    name: str,
    actual: pd.DataFrame,
    expected: pd.DataFrame,
    keys: list[str],
    exact: list[str],
    rates: list[str],
) -> None:
    """Same keys, and for every row the same counts and rates (1e-9)."""
    actual = actual.copy()
    expected = expected.copy()
    for frame in (actual, expected):
        for key in keys:
            if key.endswith("_start"):
                frame[key] = pd.to_datetime(frame[key])
    actual_keys = set(map(tuple, actual[keys].itertuples(index=False)))
    expected_keys = set(map(tuple, expected[keys].itertuples(index=False)))
    assert actual_keys == expected_keys, (
        f"{name}: rows only in the mart {sorted(actual_keys - expected_keys)[:5]}, "
        f"only in the oracle {sorted(expected_keys - actual_keys)[:5]}"
    )
    merged = actual.merge(expected, on=keys, suffixes=("_mart", "_oracle"))
    assert len(merged) == len(expected) == len(actual)
    problems: list[str] = []
    for column in exact:
        left, right = merged[f"{column}_mart"], merged[f"{column}_oracle"]
        both_null = left.isna() & right.isna()
        same = both_null | (left.astype(object) == right.astype(object))
        if column not in ("benchmark_band",):
            same = both_null | (left.fillna(-1).astype("int64") == right.fillna(-1).astype("int64"))
        for _, row in merged[~same].head(5).iterrows():
            problems.append(
                f"{column} at {tuple(row[k] for k in keys)}: "
                f"mart {row[f'{column}_mart']!r} vs oracle {row[f'{column}_oracle']!r}"
            )
    for column in rates:
        left = merged[f"{column}_mart"].astype("float64")
        right = merged[f"{column}_oracle"].astype("float64")
        same = (left.isna() & right.isna()) | ((left - right).abs() <= 1e-9)
        for _, row in merged[~same].head(5).iterrows():
            problems.append(
                f"{column} at {tuple(row[k] for k in keys)}: "
                f"mart {row[f'{column}_mart']!r} vs oracle {row[f'{column}_oracle']!r}"
            )
    assert not problems, f"{name} differs from the oracle:\n" + "\n".join(problems)


@pytest.fixture(scope="module")
def oracle_vars(generated_build: Any) -> dict[str, Any]:
    return project_vars(generated_build.vars)


def test_ai_assisted_resolution_monthly_matches_oracle(
    generated_build: Any, oracle_vars: dict[str, Any]
) -> None:
    expected = resolution_oracle(generated_build.truth_dir, oracle_vars)
    actual = generated_build.frame("select * from marts.mart_ai_assisted_resolution_monthly")
    assert expected["ai_assisted_interventions"].sum() > 0, "the oracle found no AI-assisted work"
    assert_frames_match(
        "mart_ai_assisted_resolution_monthly",
        actual,
        expected,
        keys=["month_start", "segment"],
        exact=[
            "interventions",
            "ai_assisted_interventions",
            "drafted_interventions",
            "surfaced_signal_interventions",
            "recommendation_interventions",
            "autonomous_action_interventions",
            "benchmark_band",
        ],
        rates=["ai_assisted_rate_pct"],
    )


def test_csm_ai_adoption_weekly_matches_oracle(
    generated_build: Any, oracle_vars: dict[str, Any]
) -> None:
    expected = adoption_weekly_oracle(generated_build.truth_dir, oracle_vars)
    actual = generated_build.frame("select * from marts.mart_csm_ai_adoption_weekly")
    assert expected["adopting_csms"].sum() > 0, "the oracle found no adopter"
    assert expected["shadow_ai_events"].sum() > 0, "the data has no shadow AI to exclude"
    assert_frames_match(
        "mart_csm_ai_adoption_weekly",
        actual,
        expected,
        keys=["week_start", "segment"],
        exact=[
            "active_csms",
            "adopting_csms",
            "ai_assisted_interactions",
            "shadow_ai_events",
            "shadow_ai_users",
            "benchmark_band",
        ],
        rates=["adoption_rate_pct"],
    )


def test_csm_ai_adoption_monthly_matches_oracle(
    generated_build: Any, oracle_vars: dict[str, Any]
) -> None:
    expected = adoption_monthly_oracle(generated_build.truth_dir, oracle_vars)
    actual = generated_build.frame("select * from marts.mart_csm_ai_adoption_monthly")
    assert_frames_match(
        "mart_csm_ai_adoption_monthly",
        actual,
        expected,
        keys=["month_start", "segment"],
        exact=[
            "active_csm_weeks",
            "adopting_csm_weeks",
            "active_csms",
            "top_csms",
            "top_csm_ai_assisted_interventions",
            "csm_ai_assisted_interventions",
        ],
        rates=["adoption_rate_pct"],
    )


def test_marts_re_aggregate_to_the_interventions_fact(generated_build: Any) -> None:
    """The month x segment and month x CSM marts add up to the fact table."""
    totals = generated_build.query(
        """
        select
            (select count(*) from marts.fct_cs_interventions),
            (select sum(interventions) from marts.mart_ai_assisted_resolution_monthly),
            (select count(*) from marts.fct_cs_interventions where is_ai_assisted),
            (select sum(ai_assisted_interventions)
             from marts.mart_ai_assisted_resolution_monthly),
            (select count(*) from marts.fct_cs_interventions where csm_id is not null),
            (select sum(interventions) from marts.mart_ai_assisted_resolution_monthly_by_csm),
            (select sum(interventions) from marts.mart_ai_assisted_outcomes_monthly)
        """
    )[0]
    assert totals[0] == totals[1] == totals[6]
    assert totals[2] == totals[3]
    assert totals[4] == totals[5]

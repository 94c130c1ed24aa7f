"""The intervals and p-values computed in SQL match scipy and statsmodels.

mart_outcome_comparisons (and catalog_rate's Wilson columns) compute every
interval and test in plain SQL (macros/metrics/statistics.sql: Lanczos
ln-gamma, an erfc fit, the incomplete beta's continued fraction). Here the
same rows the marts were built from (fct_tickets, the CS outcome groups,
the monthly costs of the shared generated build) are grouped again in
pandas, and each group's figures are recomputed with scipy / statsmodels:

* Wilson intervals: statsmodels proportion_confint(method='wilson');
* Newcombe's interval of a difference of proportions: statsmodels
  confint_proportions_2indep(method='newcomb');
* the two-proportion z test (pooled): statsmodels proportions_ztest;
* Fisher's exact test (where an expected count is below 5):
  scipy.stats.fisher_exact;
* Welch's t test and interval: scipy.stats.ttest_ind(equal_var=False).

GRR of AI-assisted vs unassisted interventions is rebuilt from the staged
renewals, interventions and classified AI events (not from any mart), with
the renewal window of var renewal_intervention_window_days.

Every figure must agree to 1e-6 (percent and percentage points are
compared as fractions). The checks are one test per statistic, so a broken
one names itself.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

from conftest import DbtBuild

TOLERANCE = 1e-6
KEYS = ["comparison", "metric", "period_grain", "period_start"]


def project_var(name: str) -> Any:
    import yaml

    from conftest import PROJECT_DIR

    return yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"][name]


Z = float(project_var("confidence_z"))
ALPHA = 2 * stats.norm.sf(Z)
SIGNIFICANCE = float(project_var("significance_alpha"))


# --------------------------------------------------------------------------
# The groups, rebuilt from the rows the mart read
# --------------------------------------------------------------------------


def _with_periods(frame: pd.DataFrame, monthly: bool) -> pd.DataFrame:
    overall = frame.assign(period_grain="overall", period_start=pd.NaT)
    if not monthly:
        return overall
    month = frame.assign(period_grain="month", period_start=frame["month_start"])
    return pd.concat([month, overall], ignore_index=True)


def proportion_groups(build: DbtBuild) -> pd.DataFrame:
    """Successes x of n per comparison, metric, period and side."""
    tickets = build.frame("select * from marts.fct_tickets")
    tickets["month_start"] = pd.to_datetime(tickets["ticket_month"])
    parts = []
    ai_human = tickets[
        (tickets["rollout_period"] == "post_rollout")
        & tickets["resolution_path"].isin(["ai_only", "human_only"])
    ].copy()
    ai_human["side"] = np.where(ai_human["resolution_path"] == "ai_only", "a", "b")
    for metric, flag in [
        ("repeat_contact_rate_short_window", "is_repeat_contact_short_window"),
        ("repeat_contact_rate_long_window", "is_repeat_contact_long_window"),
        ("first_contact_resolution_rate", "is_first_contact_resolution"),
    ]:
        judged = ai_human[ai_human[flag].notna()]
        parts.append(pd.DataFrame({
            "comparison": "ai_only_vs_human_only", "metric": metric,
            "month_start": judged["month_start"], "side": judged["side"],
            "n": 1, "x": judged[flag].astype(bool).astype(int),
        }))
    parts.append(pd.DataFrame({
        "comparison": "ai_only_vs_human_only", "metric": "csat",
        "month_start": ai_human["month_start"], "side": ai_human["side"],
        "n": ai_human["csat_answers"], "x": ai_human["csat_satisfied_answers"],
    }))
    pre_post = tickets[tickets["rollout_period"].isin(["pre_ai", "post_rollout"])]
    parts.append(pd.DataFrame({
        "comparison": "post_rollout_vs_pre_ai", "metric": "csat",
        "month_start": pre_post["month_start"],
        "side": np.where(pre_post["rollout_period"] == "post_rollout", "a", "b"),
        "n": pre_post["csat_answers"], "x": pre_post["csat_satisfied_answers"],
    }))
    cs = build.frame("select * from marts.mart_ai_assisted_outcomes_monthly")
    cs["month_start"] = pd.to_datetime(cs["month_start"])
    side = np.where(cs["is_ai_assisted"], "a", "b")
    for metric, n, x in [
        ("save_rate", "risk_interventions_decided", "risk_interventions_saved"),
        ("csat", "csat_answers", "csat_satisfied_answers"),
    ]:
        parts.append(pd.DataFrame({
            "comparison": "ai_assisted_vs_unassisted", "metric": metric,
            "month_start": cs["month_start"], "side": side, "n": cs[n], "x": cs[x],
        }))
    rows = pd.concat(parts, ignore_index=True)
    rows = pd.concat([
        _with_periods(rows[rows["comparison"] != "post_rollout_vs_pre_ai"], True),
        _with_periods(rows[rows["comparison"] == "post_rollout_vs_pre_ai"], False),
    ])
    grouped = (
        rows.groupby(KEYS + ["side"], dropna=False)[["n", "x"]].sum().unstack("side", fill_value=0)
    )
    grouped.columns = [f"{side}_{stat}" for stat, side in grouped.columns]
    return grouped.reset_index()


def grr_observations(build: DbtBuild) -> pd.DataFrame:
    """One row per renewal in a group of the GRR comparison, from staged rows:
    renewals up to as_of with ARR before > 0 and after known; the account's
    interventions opened in the window days before the renewal date (or on
    it); AI-assisted when one of them has a material AI event (up to as_of)
    by the end of the renewal date."""
    window = pd.Timedelta(days=int(project_var("renewal_intervention_window_days")))
    as_of = pd.Timestamp(build.query("select as_of_at from intermediate.int_data_cutoff")[0][0])
    renewals = build.frame("select * from staging.stg_crm__renewals")
    renewals["renewal_date"] = pd.to_datetime(renewals["renewal_date"])
    renewals = renewals[
        renewals["arr_before_usd"].notna() & renewals["arr_after_usd"].notna()
        & (renewals["renewal_date"] <= as_of.normalize()) & (renewals["arr_before_usd"] > 0)
    ].copy()
    interventions = build.frame("select intervention_id, account_id, opened_at from staging.stg_cs_platform__interventions")
    interventions = interventions[interventions["opened_at"] <= as_of]
    events = build.frame(
        "select intervention_id, occurred_at from intermediate.int_ai_events_classified"
        " where is_material and intervention_id is not null"
    )
    first_ai = events[events["occurred_at"] <= as_of].groupby("intervention_id")["occurred_at"].min()
    interventions = interventions.assign(first_ai_at=interventions["intervention_id"].map(first_ai))
    joined = renewals.merge(interventions, on="account_id", how="inner")
    joined["end_at"] = joined["renewal_date"] + pd.Timedelta(days=1)
    joined = joined[(joined["opened_at"] >= joined["renewal_date"] - window) & (joined["opened_at"] < joined["end_at"])]
    assisted = (joined["first_ai_at"] < joined["end_at"]).groupby(joined["renewal_id"]).any()
    renewals = renewals[renewals["renewal_id"].isin(assisted.index)].copy()
    renewals["side"] = np.where(renewals["renewal_id"].map(assisted), "a", "b")
    renewals["retained"] = np.minimum(renewals["arr_after_usd"], renewals["arr_before_usd"])
    return pd.DataFrame({
        "comparison": "ai_assisted_vs_unassisted", "metric": "grr",
        "month_start": renewals["renewal_date"].dt.to_period("M").dt.to_timestamp(),
        "side": renewals["side"],
        "value": 100.0 * renewals["retained"] / renewals["arr_before_usd"],
        "retained": renewals["retained"], "before": renewals["arr_before_usd"],
    })


def mean_observations(build: DbtBuild) -> pd.DataFrame:
    """One observation per row, as the mart defines each mean."""
    tickets = build.frame("select * from marts.fct_tickets")
    tickets["month_start"] = pd.to_datetime(tickets["ticket_month"])
    parts = []
    ai_human = tickets[
        (tickets["rollout_period"] == "post_rollout")
        & tickets["resolution_path"].isin(["ai_only", "human_only"])
        & (tickets["ces_answers"] > 0)
    ]
    parts.append(pd.DataFrame({
        "comparison": "ai_only_vs_human_only", "metric": "ces_score",
        "month_start": ai_human["month_start"],
        "side": np.where(ai_human["resolution_path"] == "ai_only", "a", "b"),
        "value": ai_human["ces_score_sum"] / ai_human["ces_answers"],
    }))
    pre_post = tickets[tickets["rollout_period"].isin(["pre_ai", "post_rollout"])].copy()
    pre_post["side"] = np.where(pre_post["rollout_period"] == "post_rollout", "a", "b")
    first = pre_post[["ai_first_response_seconds", "human_first_response_seconds"]].min(axis=1)
    human_only = pre_post["resolution_path"] == "human_only"
    for metric, values in [
        ("first_response_seconds", first),
        ("human_first_response_seconds", pre_post["human_first_response_seconds"]),
        ("handle_seconds", pre_post["handle_seconds"]),
        ("human_only_first_response_seconds", pre_post["human_first_response_seconds"].where(human_only)),
        ("human_only_handle_seconds", pre_post["handle_seconds"].where(human_only)),
    ]:
        keep = values.notna()
        parts.append(pd.DataFrame({
            "comparison": "post_rollout_vs_pre_ai", "metric": metric,
            "month_start": pre_post.loc[keep, "month_start"], "side": pre_post.loc[keep, "side"],
            "value": values[keep].astype(float),
        }))
    costs = build.frame("select * from marts.mart_cost_per_resolution_monthly")
    costs = costs[
        costs["rollout_period"].isin(["pre_ai", "post_rollout"])
        & costs["blended_cost_per_resolution_usd"].notna()
    ]
    parts.append(pd.DataFrame({
        "comparison": "post_rollout_vs_pre_ai", "metric": "blended_cost_per_resolution_usd",
        "month_start": pd.to_datetime(costs["month_start"]),
        "side": np.where(costs["rollout_period"] == "post_rollout", "a", "b"),
        "value": costs["blended_cost_per_resolution_usd"].astype(float),
    }))
    parts.append(grr_observations(build)[["comparison", "metric", "month_start", "side", "value"]])
    rows = pd.concat(parts, ignore_index=True)
    return pd.concat([
        _with_periods(rows[rows["comparison"] != "post_rollout_vs_pre_ai"], True),
        _with_periods(rows[rows["comparison"] == "post_rollout_vs_pre_ai"], False),
    ])


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mart(generated_build: DbtBuild) -> pd.DataFrame:
    frame = generated_build.frame("select * from marts.mart_outcome_comparisons")
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    return frame


def _index(frame: pd.DataFrame) -> dict[tuple[Any, ...], dict[str, Any]]:
    out = {}
    for row in frame.to_dict("records"):
        start = row["period_start"]
        key = (row["comparison"], row["metric"], row["period_grain"],
               None if pd.isna(start) else pd.Timestamp(start).date())
        out[key] = row
    return out


@pytest.fixture(scope="module")
def proportions(generated_build: DbtBuild, mart: pd.DataFrame) -> list[tuple[dict, dict]]:
    """(expected group counts, mart row) for every proportion comparison."""
    groups = _index(proportion_groups(generated_build))
    rows = _index(mart[mart["statistic"] == "proportion"])
    assert set(groups) == set(rows), (
        f"only rebuilt: {sorted(set(groups) - set(rows))[:5]}; "
        f"only in the mart: {sorted(set(rows) - set(groups))[:5]}"
    )
    return [(groups[key], rows[key]) for key in sorted(rows, key=str)]


@pytest.fixture(scope="module")
def means(generated_build: DbtBuild, mart: pd.DataFrame) -> list[tuple[np.ndarray, np.ndarray, dict]]:
    observations = mean_observations(generated_build)
    rows = _index(mart[mart["statistic"] == "mean"])
    out = []
    keys = set()
    for key, group in observations.groupby(KEYS, dropna=False):
        start = key[3]
        key = (key[0], key[1], key[2], None if pd.isna(start) else pd.Timestamp(start).date())
        keys.add(key)
        a = group.loc[group["side"] == "a", "value"].to_numpy()
        b = group.loc[group["side"] == "b", "value"].to_numpy()
        out.append((a, b, rows[key]))
    assert keys == set(rows), sorted(set(rows) ^ keys, key=str)[:5]
    return out


def close(expected: float | None, actual: float | None) -> bool:
    missing = expected is None or (isinstance(expected, float) and math.isnan(expected))
    absent = actual is None or (isinstance(actual, float) and math.isnan(actual))
    if missing or absent:
        return missing and absent
    return abs(expected - actual) <= TOLERANCE


def report(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems[:20])


def key_of(row: dict) -> str:
    return f"{row['comparison']}/{row['metric']}/{row['period_grain']}/{row['period_start']}"


# --------------------------------------------------------------------------
# Proportions
# --------------------------------------------------------------------------


def test_group_counts_and_rates(proportions: list[tuple[dict, dict]]) -> None:
    problems = []
    for group, row in proportions:
        for side in ("a", "b"):
            n, x = group[f"{side}_n"], group[f"{side}_x"]
            if (row[f"{side}_n"], row[f"{side}_successes"]) != (n, x):
                problems.append(f"{key_of(row)} {side}: mart {row[f'{side}_n']}, {row[f'{side}_successes']}; rows {n}, {x}")
            elif n and not close(x / n, row[f"{side}_value"] / 100):
                problems.append(f"{key_of(row)} {side} rate")
    report(problems)


def test_wilson_interval_matches_statsmodels(generated_build: DbtBuild) -> None:
    """Every catalog proportion's Wilson interval in every mart row."""
    catalog = generated_build.query(
        "select mart, mart_column, numerator, denominator from reference.metric_catalog"
        " where has_interval and filter_sql is null"
    )
    assert catalog, "no catalog rate has an interval"
    problems = []
    for mart_name, column, numerator, denominator in catalog:
        stem = column[: -len("_pct")]
        rows = generated_build.query(
            f"select {numerator}, {denominator}, {stem}_ci_low_pct, {stem}_ci_high_pct,"
            f" is_{stem}_low_sample from marts.{mart_name}"
        )
        for x, n, low, high, is_low in rows:
            if not n:
                if low is not None or high is not None:
                    problems.append(f"{mart_name}.{column}: an interval without a denominator")
                continue
            expected_low, expected_high = proportion_confint(x, n, alpha=ALPHA, method="wilson")
            if not (close(expected_low, low / 100) and close(expected_high, high / 100)):
                problems.append(f"{mart_name}.{column} {x}/{n}: {low}, {high} vs {expected_low}, {expected_high}")
            if is_low != (n < int(project_var("min_sample_size"))):
                problems.append(f"{mart_name}.{column} {x}/{n}: is_low_sample {is_low}")
    report(problems)


def test_newcombe_interval_matches_statsmodels(proportions: list[tuple[dict, dict]]) -> None:
    problems = []
    checked = 0
    for group, row in proportions:
        if not (group["a_n"] and group["b_n"]):
            continue
        checked += 1
        low, high = confint_proportions_2indep(
            group["a_x"], group["a_n"], group["b_x"], group["b_n"],
            method="newcomb", compare="diff", alpha=ALPHA,
        )
        if not (close(low, row["difference_ci_low"] / 100) and close(high, row["difference_ci_high"] / 100)):
            problems.append(f"{key_of(row)}: {row['difference_ci_low']}, {row['difference_ci_high']} vs {100 * low}, {100 * high}")
    assert checked
    report(problems)


def _pooled_expected_min(group: dict) -> float:
    pooled = (group["a_x"] + group["b_x"]) / (group["a_n"] + group["b_n"])
    return min(group["a_n"] * pooled, group["a_n"] * (1 - pooled),
               group["b_n"] * pooled, group["b_n"] * (1 - pooled))


def test_two_proportion_z_matches_statsmodels(proportions: list[tuple[dict, dict]]) -> None:
    problems = []
    checked = 0
    for group, row in proportions:
        if not (group["a_n"] and group["b_n"]) or _pooled_expected_min(group) < 5:
            continue
        checked += 1
        _, p = proportions_ztest([group["a_x"], group["b_x"]], [group["a_n"], group["b_n"]])
        if row["test_used"] != "two_proportion_z" or not close(p, row["p_value"]):
            problems.append(f"{key_of(row)}: {row['test_used']} {row['p_value']} vs z {p}")
    assert checked, "no comparison large enough for the z test"
    report(problems)


def test_fisher_exact_matches_scipy(proportions: list[tuple[dict, dict]]) -> None:
    problems = []
    checked = 0
    for group, row in proportions:
        if not (group["a_n"] and group["b_n"]):
            continue
        pooled = (group["a_x"] + group["b_x"]) / (group["a_n"] + group["b_n"])
        if pooled in (0, 1) or _pooled_expected_min(group) >= 5:
            continue
        checked += 1
        table = [[group["a_x"], group["a_n"] - group["a_x"]], [group["b_x"], group["b_n"] - group["b_x"]]]
        p = stats.fisher_exact(table).pvalue
        if row["test_used"] != "fisher_exact" or not close(p, row["p_value"]):
            problems.append(f"{key_of(row)} {table}: {row['test_used']} {row['p_value']} vs Fisher {p}")
    assert checked, "no comparison with a small expected count: Fisher's test is not exercised"
    report(problems)


# --------------------------------------------------------------------------
# Means
# --------------------------------------------------------------------------


def test_group_means(means: list[tuple[np.ndarray, np.ndarray, dict]]) -> None:
    """Each group's n, mean, standard deviation and median."""
    problems = []
    for a, b, row in means:
        for side, values in (("a", a), ("b", b)):
            if row[f"{side}_n"] != len(values):
                problems.append(f"{key_of(row)} {side}: n {row[f'{side}_n']} vs {len(values)}")
            elif len(values) and not math.isclose(values.mean(), row[f"{side}_value"], rel_tol=1e-9):
                problems.append(f"{key_of(row)} {side}: mean")
            elif len(values) > 1 and not math.isclose(values.std(ddof=1), row[f"{side}_std_dev"], rel_tol=1e-9, abs_tol=1e-9):
                problems.append(f"{key_of(row)} {side}: std dev")
            elif len(values) and not math.isclose(float(np.median(values)), row[f"{side}_median"], rel_tol=1e-12, abs_tol=1e-9):
                problems.append(f"{key_of(row)} {side}: median {row[f'{side}_median']} vs {np.median(values)}")
    report(problems)


def test_welch_matches_scipy(means: list[tuple[np.ndarray, np.ndarray, dict]]) -> None:
    """Welch's t p-value, its degrees of freedom and interval: the p-value to
    1e-6, the interval's bounds to 1e-6 relative to the difference's scale."""
    problems = []
    checked = 0
    for a, b, row in means:
        if len(a) < 2 or len(b) < 2 or (a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b)) == 0:
            assert row["p_value"] is None or math.isnan(row["p_value"]), key_of(row)
            continue
        checked += 1
        result = stats.ttest_ind(a, b, equal_var=False)
        interval = result.confidence_interval(confidence_level=1 - ALPHA)
        scale = max(1.0, abs(row["difference"]), abs(interval.high - interval.low))
        if row["test_used"] != "welch_t" or not close(result.pvalue, row["p_value"]):
            problems.append(f"{key_of(row)}: p {row['p_value']} vs {result.pvalue} (df {result.df})")
        if not math.isclose(result.df, row["degrees_of_freedom"], rel_tol=1e-9):
            problems.append(f"{key_of(row)}: df {row['degrees_of_freedom']} vs {result.df}")
        if not (abs(interval.low - row["difference_ci_low"]) <= TOLERANCE * scale
                and abs(interval.high - row["difference_ci_high"]) <= TOLERANCE * scale):
            problems.append(
                f"{key_of(row)}: [{row['difference_ci_low']}, {row['difference_ci_high']}]"
                f" vs [{interval.low}, {interval.high}]"
            )
    assert checked
    report(problems)


def test_grr_comparison_matches_scipy(generated_build: DbtBuild, mart: pd.DataFrame) -> None:
    """GRR rows: each group's n, ARR-weighted GRR and per-renewal mean, and
    Welch's p-value (to 1e-6) and interval (to 1e-6 relative to its scale,
    as test_welch_matches_scipy) on the per-renewal retained %, from staged
    rows (the general mean checks cover them too; this one names GRR)."""
    observations = _with_periods(grr_observations(generated_build), True)
    rows = _index(mart[mart["metric"] == "grr"])
    problems = []
    tested = 0
    assert len(rows) > 1, "no GRR comparison rows"
    for key, group in observations.groupby(KEYS, dropna=False):
        start = key[3]
        row = rows.pop((key[0], key[1], key[2], None if pd.isna(start) else pd.Timestamp(start).date()))
        sides = {side: group[group["side"] == side] for side in ("a", "b")}
        for side, frame in sides.items():
            weighted = 100 * frame["retained"].sum() / frame["before"].sum() if len(frame) else None
            if row[f"{side}_n"] != len(frame):
                problems.append(f"{key_of(row)} {side}: n {row[f'{side}_n']} vs {len(frame)}")
            elif not close(weighted, row[f"{side}_weighted_value"]):
                problems.append(f"{key_of(row)} {side}: weighted GRR {row[f'{side}_weighted_value']} vs {weighted}")
            elif len(frame) and not close(frame["value"].mean(), row[f"{side}_value"]):
                problems.append(f"{key_of(row)} {side}: mean {row[f'{side}_value']} vs {frame['value'].mean()}")
        a, b = sides["a"]["value"].to_numpy(), sides["b"]["value"].to_numpy()
        if len(a) < 2 or len(b) < 2 or a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b) == 0:
            continue
        tested += 1
        result = stats.ttest_ind(a, b, equal_var=False)
        interval = result.confidence_interval(confidence_level=1 - ALPHA)
        scale = max(1.0, abs(row["difference"]), abs(interval.high - interval.low))
        if not (close(result.pvalue, row["p_value"])
                and abs(interval.low - row["difference_ci_low"]) <= TOLERANCE * scale
                and abs(interval.high - row["difference_ci_high"]) <= TOLERANCE * scale):
            problems.append(
                f"{key_of(row)}: p {row['p_value']} [{row['difference_ci_low']}, {row['difference_ci_high']}]"
                f" vs {result.pvalue} [{interval.low}, {interval.high}]"
            )
        if row["is_significant"] != (result.pvalue < SIGNIFICANCE):
            problems.append(f"{key_of(row)}: is_significant {row['is_significant']}")
    assert not rows, f"GRR rows without renewals: {sorted(rows, key=str)[:5]}"
    assert tested, "no GRR row with two groups to test"
    report(problems)


def test_is_significant_at_alpha(mart: pd.DataFrame) -> None:
    tested = mart[mart["p_value"].notna()]
    assert len(tested)
    assert (tested["is_significant"] == (tested["p_value"] < SIGNIFICANCE)).all()
    assert mart.loc[mart["p_value"].isna(), "is_significant"].isna().all()


def _segment_renewals(build: DbtBuild) -> dict[tuple[str, Any], np.ndarray]:
    """Each segment and month's renewals' capped retained %, from staged rows
    (renewals up to as_of, ARR before > 0 and after known)."""
    as_of = pd.Timestamp(build.query("select as_of_at from intermediate.int_data_cutoff")[0][0])
    renewals = build.frame("select * from staging.stg_crm__renewals")
    renewals["renewal_date"] = pd.to_datetime(renewals["renewal_date"])
    renewals = renewals[
        renewals["arr_before_usd"].notna() & renewals["arr_after_usd"].notna()
        & (renewals["renewal_date"] <= as_of.normalize()) & (renewals["arr_before_usd"] > 0)
    ]
    accounts = build.frame("select account_id, segment from staging.stg_crm__accounts")
    renewals = renewals.merge(accounts, on="account_id", how="left")
    renewals["segment"] = renewals["segment"].fillna("Unknown")
    renewals["month"] = renewals["renewal_date"].dt.to_period("M").dt.to_timestamp().dt.date
    renewals["value"] = 100.0 * np.minimum(renewals["arr_after_usd"], renewals["arr_before_usd"]) / renewals["arr_before_usd"]
    return {key: frame["value"].to_numpy() for key, frame in renewals.groupby(["segment", "month"])}


def test_noise_flag_reads_a_significant_csat_or_grr_fall(generated_build: DbtBuild) -> None:
    """is_rate_up_outcomes_down: the rate rose and CSAT fell with a
    two-proportion z test (statsmodels) below significance_alpha against the
    previous month (not judged where an expected count is below 5), or GRR
    fell with Welch's t test (scipy) on the renewals' capped retained %
    below significance_alpha (not judged with fewer than 2 renewals a month
    or no spread). Both tests rebuilt from staged rows."""
    rows = generated_build.frame(
        "select segment, month_start, ai_assisted_rate_pct, csat_satisfied_answers, csat_answers,"
        " csat_change_p_value, grr_renewals_tested, grr_change_p_value, is_csat_fall_significant,"
        " is_grr_fall_significant, is_rate_up_outcomes_down"
        " from marts.mart_ai_assisted_resolution_monthly order by segment, month_start"
    )
    renewals = _segment_renewals(generated_build)
    problems = []
    tested = grr_tested = fired = 0
    for _, segment in rows.groupby("segment"):
        previous = None
        for row in segment.to_dict("records"):
            expected_p, csat_falls = None, False
            expected_grr_p, grr_falls = None, False
            month = pd.Timestamp(row["month_start"]).date()
            values = renewals.get((row["segment"], month), np.array([]))
            if row["grr_renewals_tested"] != len(values):
                problems.append(f"{row['segment']} {month}: renewals {row['grr_renewals_tested']} vs {len(values)}")
            if previous is not None and row["csat_answers"] and previous["csat_answers"]:
                counts = [row["csat_satisfied_answers"], previous["csat_satisfied_answers"]]
                nobs = [row["csat_answers"], previous["csat_answers"]]
                pooled = sum(counts) / sum(nobs)
                if 0 < pooled < 1 and min(n * p for n in nobs for p in (pooled, 1 - pooled)) >= 5:
                    _, expected_p = proportions_ztest(counts, nobs)
                    tested += 1
                    csat_falls = bool(counts[0] / nobs[0] < counts[1] / nobs[1] and expected_p < SIGNIFICANCE)
            if previous is not None:
                before = renewals.get((row["segment"], pd.Timestamp(previous["month_start"]).date()), np.array([]))
                if len(values) > 1 and len(before) > 1 and values.var(ddof=1) / len(values) + before.var(ddof=1) / len(before) > 0:
                    result = stats.ttest_ind(values, before, equal_var=False)
                    expected_grr_p = float(result.pvalue)
                    grr_tested += 1
                    grr_falls = bool(result.statistic < 0 and expected_grr_p < SIGNIFICANCE)
            rate_up = bool(
                previous is not None
                and row["ai_assisted_rate_pct"] is not None and not pd.isna(row["ai_assisted_rate_pct"])
                and previous["ai_assisted_rate_pct"] is not None and not pd.isna(previous["ai_assisted_rate_pct"])
                and row["ai_assisted_rate_pct"] > previous["ai_assisted_rate_pct"]
            )
            fires = rate_up and (csat_falls or grr_falls)
            fired += fires
            if not close(expected_p, row["csat_change_p_value"]):
                problems.append(f"{row['segment']} {month}: p {row['csat_change_p_value']} vs {expected_p}")
            if not close(expected_grr_p, row["grr_change_p_value"]):
                problems.append(f"{row['segment']} {month}: GRR p {row['grr_change_p_value']} vs {expected_grr_p}")
            if bool(row["is_csat_fall_significant"]) != csat_falls or bool(row["is_grr_fall_significant"]) != grr_falls:
                problems.append(f"{row['segment']} {month}: falls {row['is_csat_fall_significant']}, {row['is_grr_fall_significant']} vs {csat_falls}, {grr_falls}")
            if bool(row["is_rate_up_outcomes_down"]) != fires:
                problems.append(f"{row['segment']} {month}: flag {row['is_rate_up_outcomes_down']} vs {fires}")
            previous = row
    assert tested, "no month with enough CSAT answers to test"
    assert grr_tested, "no month with enough renewals to test GRR"
    assert fired < len(rows), "the flag fires everywhere"
    report(problems)


def test_duration_percentiles_match_numpy(generated_build: DbtBuild) -> None:
    """Median and P90 beside every mean duration of the response-time marts
    (numpy's linear interpolation) at each mart's grain."""
    tickets = generated_build.frame("select * from marts.fct_tickets")
    tickets["month_start"] = pd.to_datetime(tickets["ticket_month"])
    problems = []
    for mart_name, grain in [
        ("mart_response_handle_time_rollout_period", ["rollout_period", "resolution_path", "is_copilot_assisted"]),
        ("mart_response_handle_time_monthly",
         ["month_start", "category", "rollout_period", "resolution_path", "is_copilot_assisted"]),
    ]:
        mart = generated_build.frame(f"select * from marts.{mart_name}")
        if "month_start" in grain:
            mart["month_start"] = pd.to_datetime(mart["month_start"])
        groups = {
            tuple(None if pd.isna(v) else v for v in (key if isinstance(key, tuple) else (key,))): frame
            for key, frame in tickets.groupby(grain, dropna=False)
        }
        for row in mart.to_dict("records"):
            key = tuple(None if pd.isna(row[c]) else row[c] for c in grain)
            group = groups[key]
            for column in ("ai_first_response_seconds", "human_first_response_seconds", "handle_seconds"):
                values = group[column].dropna().astype(float)
                for name, q in (("median", 50), ("p90", 90)):
                    expected = float(np.percentile(values, q)) if len(values) else None
                    if not close(expected, row[f"{name}_{column}"]):
                        problems.append(f"{mart_name} {key} {name}_{column}: {row[f'{name}_{column}']} vs {expected}")
    report(problems)

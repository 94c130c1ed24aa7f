"""The MetricFlow saved queries answer the leader questions with the marts' figures.

Every saved query of models/semantic/_saved_queries.yml runs as an analyst
runs it, `mf query --saved-query <name>` (the CLI, as a subprocess, in a
throwaway project folder with its own copy of the DuckDB file, as in
test_semantic_layer.py), and each one's figures are checked against the
marts: a rate re-aggregated from the mart's numerators and denominators
over the query's grain (sum of numerators / sum of denominators), or the
mart's own column where the query's grain is the mart's. The vendor query
and the claimed / true / billable query are also recounted from the
resolution audit's tickets. A saved query added to the file without a
check here fails the test.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import PROJECT_DIR, DbtBuild
from mf_runner import MfProject, make_mf_project

def saved_query(project: MfProject, name: str) -> list[dict[str, str]]:
    return project.rows(["--saved-query", name], project.root / f"{name}.csv")


@pytest.fixture(scope="module")
def project(generated_build: DbtBuild, tmp_path_factory: pytest.TempPathFactory) -> MfProject:
    return make_mf_project(
        tmp_path_factory.mktemp("saved_queries") / "project",
        generated_build.db_path,
        generated_build.db_path.parent / "target" / "semantic_manifest.json",
    )


@pytest.fixture(scope="module")
def saved_query_names(project: MfProject) -> list[str]:
    manifest: dict[str, Any] = json.loads((project.root / "target" / "semantic_manifest.json").read_text())
    return [query["name"] for query in manifest["saved_queries"]]


def _day(value: Any) -> str:
    return str(value)[:10]


def _num(value: Any) -> float | None:
    if value is None or value == "":
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def compare(
    rows: list[dict[str, str]],
    build: DbtBuild,
    sql: str,
    keys: list[str],
    figures: list[str],
) -> int:
    """mf rows (keyed by `keys`, mf's column names) against the SQL's rows,
    whose columns are the same keys then the same figures. Returns how many
    figures were compared (each row of the SQL must be in mf's answer)."""
    expected = {
        tuple(_day(v) if i == 0 else str(v) for i, v in enumerate(row[: len(keys)])): row[len(keys):]
        for row in build.query(sql)
    }
    actual = {tuple(_day(row[k]) if i == 0 else row[k] for i, k in enumerate(keys)): row for row in rows}
    assert expected, f"no mart rows for {sql}"
    failures = []
    compared = 0
    for key, values in expected.items():
        assert key in actual, f"{key} missing from mf's answer"
        for figure, value in zip(figures, values):
            compared += 1
            if not _close(_num(value), _num(actual[key][figure])):
                failures.append(f"{key} {figure}: mart {value}, mf {actual[key][figure]}")
    assert not failures, "\n".join(failures[:20])
    return compared


def check_ai_assisted(rows: list[dict[str, str]], build: DbtBuild) -> int:
    keys = ["metric_time__quarter", "cs_segment_month__segment"]
    for row in rows:  # the band holds the rate
        rate, low, high = (_num(row[f"ai_assisted_rate{s}_pct"]) for s in ("", "_ci_low", "_ci_high"))
        if rate is not None:
            assert low is not None and high is not None and low <= rate <= high, row
    return compare(
        rows,
        build,
        """
        select date_trunc('quarter', month_start), segment,
            100.0 * sum(ai_assisted_interventions) / nullif(sum(interventions), 0),
            sum(ai_assisted_interventions), sum(interventions)
        from marts.mart_ai_assisted_resolution_monthly group by all
        """,
        keys,
        ["ai_assisted_rate_pct", "ai_assisted_interventions", "interventions"],
    )


def check_claimed_true_billable(rows: list[dict[str, str]], build: DbtBuild) -> int:
    keys = ["metric_time__month", "automation_category_month__category"]
    figures = [
        "claimed_ai_resolution_rate_pct",
        "true_ai_resolution_rate_pct",
        "vendor_billable_resolution_rate_pct",
        "ai_resolution_overcount_pct",
        "claimed_ai_resolutions",
        "true_ai_resolutions",
        "vendor_billable_resolutions",
    ]
    compared = compare(
        rows,
        build,
        f"select month_start, category, {', '.join(figures)} from marts.mart_automation_resolution_monthly",
        keys,
        figures,
    )
    # The same counts from the tickets of the resolution audit.
    return compared + compare(
        rows,
        build,
        """
        select month_start, category,
            count(*) filter (where is_claimed_ai_resolution),
            count(*) filter (where is_true_ai_resolution),
            count(*) filter (where is_vendor_billable_resolution)
        from marts.fct_ticket_resolution_audit group by all
        """,
        keys,
        ["claimed_ai_resolutions", "true_ai_resolutions", "vendor_billable_resolutions"],
    )


def check_repeat_contacts(rows: list[dict[str, str]], build: DbtBuild) -> int:
    return compare(
        rows,
        build,
        """
        select month_start, resolution_path,
            100.0 * sum(repeat_contacts_short_window) / nullif(sum(mature_tickets_short_window), 0),
            sum(mature_tickets_short_window),
            100.0 * sum(repeat_contacts_long_window) / nullif(sum(mature_tickets_long_window), 0)
        from marts.mart_repeat_contacts_monthly group by all
        """,
        ["metric_time__month", "repeat_contact_group__resolution_path"],
        ["repeat_contact_rate_short_window_pct", "mature_tickets_short_window", "repeat_contact_rate_long_window_pct"],
    )


def check_cost(rows: list[dict[str, str]], build: DbtBuild) -> int:
    figures = [
        "human_cost_per_resolution_usd",
        "ai_full_cost_per_resolution_usd",
        "ai_marginal_cost_per_resolution_usd",
        "blended_cost_per_resolution_usd",
        "total_resolutions",
    ]
    return compare(
        rows,
        build,
        f"select month_start, {', '.join(figures)} from marts.mart_cost_per_resolution_monthly",
        ["metric_time__month"],
        figures,
    )


def check_vendor(rows: list[dict[str, str]], build: DbtBuild) -> int:
    keys = ["metric_time__month", "vendor_contract_month__contract_id"]
    figures = ["over_billing_usd", "vendor_invoice_usd", "invoice_usd", "over_billed_resolutions"]
    compared = compare(
        rows,
        build,
        f"select month_start, contract_id, {', '.join(figures)}"
        " from marts.mart_vendor_pay_for_performance_monthly",
        keys,
        figures,
    )
    # The over-billed resolutions, ticket by ticket.
    return compared + compare(
        rows,
        build,
        """
        select month_start, contract_id, sum(over_billed_resolutions), sum(vendor_billed_resolutions)
        from marts.fct_ticket_resolution_audit where contract_id is not null group by all
        """,
        keys,
        ["over_billed_resolutions", "billable_resolutions"],
    )


def check_scorecard(rows: list[dict[str, str]], build: DbtBuild) -> int:
    return compare(
        rows,
        build,
        """
        select month_start, rollout_period, weighted_total_score_pct, efficiency_score_pct,
            quality_score_pct, experience_score_pct, weight_coverage_pct
        from marts.mart_balanced_scorecard_monthly
        """,
        ["metric_time__month", "scorecard_month__rollout_period"],
        [
            "scorecard_total_score_pct",
            "efficiency_score_pct",
            "quality_score_pct",
            "experience_score_pct",
            "scorecard_weight_coverage_pct",
        ],
    )


CHECKS: dict[str, Callable[[list[dict[str, str]], DbtBuild], int]] = {
    "ai_assisted_rate_by_segment_quarter": check_ai_assisted,
    "ai_resolution_claimed_true_billable_by_category": check_claimed_true_billable,
    "repeat_contacts_by_path": check_repeat_contacts,
    "cost_per_resolution_trend": check_cost,
    "vendor_over_billing": check_vendor,
    "balanced_scorecard": check_scorecard,
}


def test_every_saved_query_has_a_check(saved_query_names: list[str]) -> None:
    assert sorted(saved_query_names) == sorted(CHECKS)


def test_readme_lists_every_saved_query(saved_query_names: list[str]) -> None:
    readme = (PROJECT_DIR / "README.md").read_text()
    missing = [name for name in saved_query_names if f"--saved-query {name}" not in readme]
    assert not missing


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_saved_query_matches_the_marts(name: str, project: MfProject, generated_build: DbtBuild) -> None:
    rows = saved_query(project, name)
    assert rows, f"{name} returned no row"
    assert CHECKS[name](rows, generated_build) > 0


"""The semantic layer answers what the marts say.

For every MetricFlow metric (models/semantic/_semantic_layer.yml, generated
from the metric catalog), `mf query` (the CLI, as a subprocess, as an analyst
runs it) grouped by metric_time and every dimension of its semantic model
must return, row for row, the value the corresponding mart row holds: the
mart's own rate column for a catalog rate, its numerator or denominator
column for a simple metric. The checks are derived from the semantic
manifest, so a metric added to the catalog is checked with no change here.
A few checks group by fewer dimensions than the mart has (a month over every
segment, a CSM team) or compare twin marts, and use the marts' numerators
and denominators re-aggregated, so the rates are shown to roll up
correctly.

The marts come from the shared `generated_build` (conftest.py), with the
semantic manifest that build wrote. `mf` reads
`<project>/target/semantic_manifest.json` and nothing else, so each worker
gets a throwaway project folder (symlinks to the real project plus its own
target/ and its own copy of the DuckDB file): nothing here touches the
developer's target/ or database, and two `mf` processes never open the same
DuckDB file.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator

import duckdb
import pytest

from conftest import DBT, PROJECT_DIR, VENV_BIN, DbtBuild
from mf_runner import MfProject, make_mf_project

WORKERS = 2


@dataclass(frozen=True)
class Check:
    """One `mf query` and the mart rows it must reproduce."""

    name: str
    # A mart (schema marts) or a SQL query over the marts.
    source: str
    # mf group-by item -> column of the source.
    group_by: dict[str, str]
    # metric -> SQL expression over the source's columns.
    metrics: dict[str, str]
    # mf rows whose group-by keys are null are not in the mart (e.g. an
    # intervention without a CSM in the by-CSM mart).
    drop_null_keys: bool = False

    @property
    def source_sql(self) -> str:
        if self.source.lstrip().lower().startswith("select"):
            return f"({self.source})"
        return f"marts.{self.source}"


MONTH = "metric_time__month"


def semantic_model_checks(manifest: dict[str, Any]) -> list[Check]:
    """One check per semantic model with measures: every metric built on it,
    grouped by the model's time column and every dimension (the mart's own
    grain), against the mart's columns. Derived from the semantic manifest
    the catalog generated, so a metric added to the catalog is checked with
    no change here."""
    measure_model: dict[str, str] = {}
    models = {model["name"]: model for model in manifest["semantic_models"]}
    for model in manifest["semantic_models"]:
        for measure in model["measures"]:
            measure_model[measure["name"]] = model["name"]
    metrics = {metric["name"]: metric for metric in manifest["metrics"]}

    def model_of(metric: dict[str, Any]) -> str:
        if metric["type"] == "simple":
            return measure_model[metric["type_params"]["measure"]["name"]]
        return model_of(metrics[metric["type_params"]["metrics"][0]["name"]])

    by_model: dict[str, dict[str, str]] = {}
    for metric in manifest["metrics"]:
        model = models[model_of(metric)]
        measures = {measure["name"]: measure for measure in model["measures"]}
        if metric["type"] == "simple":
            measure = measures[metric["type_params"]["measure"]["name"]]
            expr = measure.get("expr") or measure["name"]
        else:
            meta = (metric.get("config") or {}).get("meta") or {}
            expr = meta["mart_column"]
            if meta.get("filter"):
                condition = " and ".join(f"{key} = '{value}'" for key, value in meta["filter"].items())
                expr = f"case when {condition} then {expr} end"
        by_model.setdefault(model["name"], {})[metric["name"]] = expr

    checks = []
    for name, metric_exprs in sorted(by_model.items()):
        model = models[name]
        entity = model["primary_entity"] or next(
            entity["name"] for entity in model["entities"] if entity["type"] == "primary"
        )
        agg_time = model["defaults"]["agg_time_dimension"]
        group_by: dict[str, str] = {}
        for dimension in model["dimensions"]:
            if dimension["type"] == "time":
                grain = dimension["type_params"]["time_granularity"]
                item = (
                    f"metric_time__{grain}" if dimension["name"] == agg_time
                    else f"{entity}__{dimension['name']}__{grain}"
                )
            else:
                item = f"{entity}__{dimension['name']}"
            group_by[item] = dimension["name"]
        checks.append(Check(name, model["node_relation"]["alias"], group_by, metric_exprs))
    return checks


# Roll-ups over fewer dimensions than a mart has: the mart's numerators and
# denominators re-aggregated must equal the metric, so the metrics roll up
# correctly (sum of numerators / sum of denominators, never a mean of rates),
# and twin marts agree with each other.
ROLLUP_CHECKS: list[Check] = [
    Check(
        "ai_assisted_rate_all_segments",
        """
        select month_start,
            sum(interventions) as interventions,
            100.0 * sum(ai_assisted_interventions) / nullif(sum(interventions), 0) as rate_pct
        from marts.mart_ai_assisted_resolution_monthly
        group by all
        """,
        {MONTH: "month_start"},
        {"interventions": "interventions", "ai_assisted_rate_pct": "rate_pct"},
    ),
    Check(
        # Through the csm entity to dim_csms: a team's rate is the sum of its
        # CSMs' numerators over the sum of their denominators.
        "csm_ai_assisted_rate_by_csm_team",
        """
        select month_start, team,
            100.0 * sum(ai_assisted_interventions) / sum(interventions) as rate_pct
        from marts.mart_ai_assisted_resolution_monthly_by_csm
        group by all
        """,
        {MONTH: "month_start", "csm__team": "team"},
        {"csm_ai_assisted_rate_pct": "rate_pct"},
        drop_null_keys=True,
    ),
    Check(
        "automation_all_categories",
        """
        select month_start,
            100.0 * sum(claimed_ai_resolutions) / nullif(sum(tickets), 0) as claimed_pct,
            100.0 * sum(true_ai_resolutions) / nullif(sum(tickets_judged_short_window), 0) as true_pct
        from marts.mart_automation_resolution_monthly
        group by all
        """,
        {MONTH: "month_start"},
        {"claimed_ai_resolution_rate_pct": "claimed_pct", "true_ai_resolution_rate_pct": "true_pct"},
    ),
    Check(
        # The weekly twin by month (weeks counted in the month of their
        # Thursday) is the monthly mart's rate.
        "weekly_adoption_by_month_is_the_monthly_rate",
        "mart_csm_ai_adoption_monthly",
        {MONTH: "month_start", "csm_adoption_week__segment": "segment"},
        {"weekly_adoption_rate_pct": "adoption_rate_pct"},
    ),
    Check(
        # The month twin by rollout period is the rollout-period mart.
        "response_times_by_rollout_period",
        "mart_response_handle_time_rollout_period",
        {
            "response_time_group__rollout_period": "rollout_period",
            "response_time_group__resolution_path": "resolution_path",
            "response_time_group__is_copilot_assisted": "is_copilot_assisted",
        },
        {
            "avg_ai_first_response_seconds": "avg_ai_first_response_seconds",
            "avg_human_first_response_seconds": "avg_human_first_response_seconds",
            "avg_handle_seconds": "avg_handle_seconds",
            "handle_time_reduction_pct": "handle_time_reduction_pct",
        },
    ),
]


# ---------------------------------------------------------------------------
# Running mf
def mf_query(project: MfProject, metrics: list[str], group_by: list[str], out_csv: Path) -> list[dict[str, str]]:
    return project.rows(["--metrics", ",".join(metrics), "--group-by", ",".join(group_by)], out_csv)


@pytest.fixture(scope="module")
def mf_projects(
    generated_build: DbtBuild, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[MfProject]]:
    """Worker folders, each with its DuckDB copy and the build's semantic manifest."""
    base = tmp_path_factory.mktemp("semantic_layer")
    projects = [
        make_mf_project(base / f"worker{index}", generated_build.db_path) for index in range(WORKERS)
    ]
    # The build wrote target/semantic_manifest.json next to its database
    # (conftest.run_dbt): the manifest of exactly the models that were built.
    manifest = generated_build.db_path.parent / "target" / "semantic_manifest.json"
    if not manifest.exists():
        first = projects[0]
        parse = subprocess.run(
            [
                DBT,
                "parse",
                "--profiles-dir",
                str(PROJECT_DIR),
                "--project-dir",
                str(first.root),
                "--target-path",
                str(first.root / "target"),
                "--log-path",
                str(first.root / "logs"),
                "--vars",
                json.dumps(generated_build.vars),
            ],
            cwd=first.root,
            env=first.env(),
            capture_output=True,
            text=True,
        )
        assert parse.returncode == 0, parse.stdout[-4000:] + parse.stderr[-2000:]
        manifest = first.root / "target" / "semantic_manifest.json"
    for project in projects:
        (project.root / "target").mkdir(exist_ok=True)
        if manifest != project.root / "target" / "semantic_manifest.json":
            shutil.copyfile(manifest, project.root / "target" / "semantic_manifest.json")
    yield projects


@pytest.fixture(scope="module")
def semantic_manifest(mf_projects: list[MfProject]) -> dict[str, Any]:
    return json.loads((mf_projects[0].root / "target" / "semantic_manifest.json").read_text())


@pytest.fixture(scope="module")
def checks(semantic_manifest: dict[str, Any]) -> list[Check]:
    return semantic_model_checks(semantic_manifest) + ROLLUP_CHECKS


@pytest.fixture(scope="module")
def mf_results(
    mf_projects: list[MfProject], checks: list[Check]
) -> dict[str, list[dict[str, str]]]:
    """Every check's `mf query`, run on WORKERS DuckDB copies side by side.

    Checks with the same group-by share one `mf query` (MetricFlow joins
    metrics of different semantic models on metric_time): each call costs a
    few seconds of start-up.
    """
    queries: dict[tuple[str, ...], list[str]] = {}
    for check in checks:
        metrics = queries.setdefault(tuple(check.group_by), [])
        metrics.extend(metric for metric in check.metrics if metric not in metrics)
    ordered = list(queries.items())

    def run_worker(worker: int) -> dict[tuple[str, ...], list[dict[str, str]]]:
        # A worker runs its queries one after another (one DuckDB copy, one mf).
        project = mf_projects[worker]
        done: dict[tuple[str, ...], list[dict[str, str]]] = {}
        for index, (group_by, metrics) in enumerate(ordered):
            if index % len(mf_projects) == worker:
                out = project.root / f"query{index}.csv"
                done[group_by] = mf_query(project, metrics, list(group_by), out)
        return done

    rows_by_group_by: dict[tuple[str, ...], list[dict[str, str]]] = {}
    with ThreadPoolExecutor(max_workers=len(mf_projects)) as pool:
        for done in pool.map(run_worker, range(len(mf_projects))):
            rows_by_group_by.update(done)
    return {check.name: rows_by_group_by[tuple(check.group_by)] for check in checks}


# ---------------------------------------------------------------------------
# Comparing
def key_text(value: Any) -> str:
    """One spelling for a group-by value from the mart or from mf's CSV."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if len(text) >= 19 and text[4] == "-" and text[10] == " ":  # mf timestamps
        return text[:10]
    if text in ("True", "False"):
        return text.lower()
    return text


def number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    result = float(value)
    return None if math.isnan(result) else result


def is_empty(value: float | None) -> bool:
    """What a missing row stands for: no population (null) or a zero count."""
    return value is None or value == 0


def same(expected: float | None, actual: float | None) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    return math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-9)


def mart_rows(db_path: Path, check: Check) -> dict[tuple[str, ...], dict[str, float | None]]:
    selects = [f"{column} as k{index}" for index, column in enumerate(check.group_by.values())]
    selects += [f"({expr}) as m{index}" for index, expr in enumerate(check.metrics.values())]
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute(f"select {', '.join(selects)} from {check.source_sql} as source").fetchall()
    key_count = len(check.group_by)
    metrics = list(check.metrics)
    result: dict[tuple[str, ...], dict[str, float | None]] = {}
    for row in rows:
        key = tuple(key_text(value) for value in row[:key_count])
        assert key not in result, f"{check.name}: the source has two rows for {key}"
        result[key] = {metric: number(value) for metric, value in zip(metrics, row[key_count:])}
    return result


def test_mf_query_matches_mart(
    checks: list[Check],
    mf_results: dict[str, list[dict[str, str]]],
    generated_build: DbtBuild,
) -> None:
    assert len(checks) > len(ROLLUP_CHECKS), "the semantic manifest gave no semantic model to check"
    failures: list[str] = []
    for check in checks:
        failures += compare(check, mf_results[check.name], generated_build)
    assert not failures, "\n\n".join(failures)


def compare(check: Check, rows: list[dict[str, str]], generated_build: DbtBuild) -> list[str]:
    expected = mart_rows(generated_build.db_path, check)
    actual: dict[tuple[str, ...], dict[str, float | None]] = {}
    for row in rows:
        key = tuple(key_text(row[item]) for item in check.group_by)
        if check.drop_null_keys and "" in key:
            continue
        if key in actual:
            return [f"{check.name}: mf returned two rows for {key}"]
        actual[key] = {metric: number(row[metric]) for metric in check.metrics}
    if not actual:
        return [f"{check.name}: mf returned no row"]

    problems: list[str] = []
    for key in sorted(set(expected) | set(actual)):
        mart_values = expected.get(key)
        mf_values = actual.get(key)
        for metric in check.metrics:
            if mart_values is None:
                # A row mf has and the mart has not must be empty.
                if mf_values is not None and not is_empty(mf_values[metric]):
                    problems.append(f"{key} {metric}: mf {mf_values[metric]}, no mart row")
            elif mf_values is None:
                # MetricFlow has no row where nothing happened (a week without
                # active CSMs): the mart row must be empty too.
                if not is_empty(mart_values[metric]):
                    problems.append(f"{key} {metric}: mart {mart_values[metric]}, no mf row")
            elif not same(mart_values[metric], mf_values[metric]):
                problems.append(f"{key} {metric}: mart {mart_values[metric]} != mf {mf_values[metric]}")
    if problems:
        return [f"{check.name}: {len(problems)} differences:\n" + "\n".join(problems[:20])]
    return []


def test_every_metric_is_checked_by_time(
    semantic_manifest: dict[str, Any], checks: list[Check]
) -> None:
    """Every metric of the semantic layer is compared with a mart by month (or quarter)."""
    metrics = {metric["name"] for metric in semantic_manifest["metrics"]}
    by_time = {
        metric
        for check in checks
        if any(item.startswith("metric_time__") for item in check.group_by)
        for metric in check.metrics
    }
    unknown = {metric for check in checks for metric in check.metrics} - metrics
    assert not unknown, f"checks name metrics that do not exist: {sorted(unknown)}"
    assert metrics - by_time == set(), (
        "metrics without a check against a mart grouped by metric_time: "
        f"{sorted(metrics - by_time)}"
    )


def test_every_additive_catalog_metric_is_a_metric(
    semantic_manifest: dict[str, Any], generated_build: DbtBuild
) -> None:
    """The semantic layer holds exactly the catalog's re-aggregating metrics
    of marts with a period (reference.metric_catalog), under the same names."""
    catalog = {
        row[0]
        for row in generated_build.query(
            "select metric from reference.metric_catalog where is_additive and period_column is not null"
        )
    }
    catalogued = {
        metric["name"]
        for metric in semantic_manifest["metrics"]
        if ((metric.get("config") or {}).get("meta") or {}).get("mart_column")
        and not ((metric.get("config") or {}).get("meta") or {}).get("interval_of")
    }
    assert catalog, "the metric catalog is empty"
    assert catalog == catalogued, (
        f"in the catalog only: {sorted(catalog - catalogued)}; "
        f"in the semantic layer only: {sorted(catalogued - catalog)}"
    )


def test_ratio_metrics_are_built_from_numerator_and_denominator(
    semantic_manifest: dict[str, Any],
) -> None:
    """A rate is a ratio of two summed measures (or a derived metric of them), never an
    average of precomputed rates, so it rolls up over any dimension."""
    measures = {
        measure["name"]: measure
        for model in semantic_manifest["semantic_models"]
        for measure in model["measures"]
    }
    assert all(measure["agg"] in ("sum", "count", "count_distinct") for measure in measures.values()), [
        name for name, measure in measures.items() if measure["agg"] not in ("sum", "count", "count_distinct")
    ]
    for metric in semantic_manifest["metrics"]:
        # Rates are derived from a numerator and a denominator metric.
        if metric["name"].endswith("_pct"):
            assert metric["type"] == "derived", metric["name"]
            aliases = {item["alias"] for item in metric["type_params"]["metrics"]}
            assert aliases == {"numerator", "denominator"}, metric["name"]


def test_time_spine_is_configured(semantic_manifest: dict[str, Any]) -> None:
    config = semantic_manifest["project_configuration"]
    spines = config.get("time_spines") or []
    assert any(spine["primary_column"]["name"] == "date_day" for spine in spines), spines


def test_semantic_layer_file_is_generated_from_the_catalog() -> None:
    """models/semantic/_semantic_layer.yml is what scripts/generate_semantic_layer.py
    writes from the marts' properties today: a catalog change without
    regenerating it fails here (run the script)."""
    result = subprocess.run(
        [str(VENV_BIN / "python"), str(PROJECT_DIR / "scripts" / "generate_semantic_layer.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr

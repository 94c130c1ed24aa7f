"""Freshness of the exports: audit_source_freshness and its two tests.

The lag of each raw table is recomputed here from the staged tables and
int_data_cutoff (not from the model), then both sides of each threshold are
driven through the vars: a build within the thresholds is green, one past the
warn threshold warns and one past the error threshold fails naming the test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DbtBuild, run_dbt

# Table -> the staged timestamp it is judged by (reference tables are not).
JUDGED = {
    "crm_renewals": ("stg_crm__renewals", "renewal_date"),
    "crm_opportunities": ("stg_crm__opportunities", "created_at"),
    "cs_interventions": ("stg_cs_platform__interventions", "opened_at"),
    "ai_events": ("stg_ai_telemetry__events", "occurred_at"),
    "helpdesk_tickets": ("stg_helpdesk__tickets", "created_at"),
    "helpdesk_messages": ("stg_helpdesk__messages", "created_at"),
    "helpdesk_time_entries": ("stg_helpdesk__time_entries", "started_at"),
    "helpdesk_surveys": ("stg_helpdesk__surveys", "responded_at"),
    "escalation_reviews": ("stg_helpdesk__escalation_reviews", "reviewed_at"),
    "qa_reviews": ("stg_helpdesk__qa_reviews", "reviewed_at"),
    "kb_article_views": ("stg_kb__article_views", "viewed_at"),
    "support_costs": ("stg_finance__support_costs", "cost_month"),
}
SELECT = ["build", "--select", "audit_source_freshness"]


def _copy(generated_build: DbtBuild, tmp_path: Path) -> Path:
    db_path = tmp_path / "freshness.duckdb"
    shutil.copyfile(generated_build.db_path, db_path)
    return db_path


def expected_lags(build: DbtBuild) -> dict[str, int]:
    (as_of,) = build.query("select as_of_at from intermediate.int_data_cutoff")[0]
    lags = {}
    for table, (model, column) in JUDGED.items():
        (latest,) = build.query(f"select max(cast({column} as timestamp)) from staging.{model}")[0]
        lags[table] = (as_of.date() - latest.date()).days
    return lags


def statuses(db_path: Path) -> dict[str, tuple[int | None, str]]:
    build = DbtBuild(db_path=db_path, data_dir=db_path.parent, vars={})
    return {t: (lag, s) for t, lag, s in build.query(
        "select source_table, lag_days, freshness_status from staging.audit_source_freshness")}


def test_lags_match_the_staged_tables_and_defaults_pass(generated_build: DbtBuild, tmp_path: Path) -> None:
    db_path = _copy(generated_build, tmp_path)
    run_dbt(SELECT, db_path, tmp_path, generated_build.vars)
    got = statuses(db_path)
    lags = expected_lags(generated_build)
    assert {t: lag for t, (lag, _) in got.items() if t in JUDGED} == lags
    assert {t for t, (_, s) in got.items() if s == "not_applicable"} == {
        "crm_accounts", "crm_users", "ai_tools", "kb_articles", "vendor_contracts"}
    assert all(s == "fresh" for t, (_, s) in got.items() if t in JUDGED)


def test_past_the_warn_threshold_warns_past_the_error_threshold_fails(
    generated_build: DbtBuild, tmp_path: Path
) -> None:
    lags = expected_lags(generated_build)
    # The most lagging activity table, and a threshold just below its lag.
    table, lag = max(((t, v) for t, v in lags.items() if t not in ("support_costs", "crm_renewals")),
                     key=lambda item: item[1])
    assert lag >= 1, lags
    db_path = _copy(generated_build, tmp_path)
    warned = run_dbt(SELECT, db_path, tmp_path / "warn", {
        **generated_build.vars, "freshness_warn_after_days": lag - 1, "freshness_error_after_days": 400})
    assert "audit_source_freshness_no_table_past_warn_threshold" in warned.stdout
    assert "WARN=1" in warned.stdout, warned.stdout[-3000:]
    assert statuses(db_path)[table][1] == "warn"

    failed = run_dbt(SELECT, db_path, tmp_path / "error", {
        **generated_build.vars, "freshness_overrides": {table: {"warn_after_days": 0, "error_after_days": lag - 1}}},
        check=False)
    assert failed.returncode != 0
    assert "FAIL" in failed.stdout and "audit_source_freshness_no_table_past_error_threshold" in failed.stdout
    assert statuses(db_path)[table][1] == "error"
    # Within the thresholds again: green.
    run_dbt(SELECT, db_path, tmp_path / "again", generated_build.vars)

"""The semantic layer answers what the marts say.

For every MetricFlow metric in models/semantic/, `mf query` (the CLI, as a
subprocess, as an analyst runs it) grouped by metric_time and the metric's
dimensions must return, row for row, the value the corresponding mart row
holds: the mart's own rate column for a ratio metric, its numerator or
denominator column for a simple metric. A few checks group by fewer
dimensions than the mart has (a month over every segment, a CSM team) and
compare with the mart's numerators and denominators re-aggregated, so the
ratio metrics are shown to roll up correctly.

The marts come from the shared `generated_build` (conftest.py), with the
semantic manifest that build wrote. `mf` reads
`<project>/target/semantic_manifest.json` and nothing else, so each worker
gets a throwaway project folder (symlinks to the real project plus its own
target/ and its own copy of the DuckDB file): nothing here touches the
developer's target/ or database, and two `mf` processes never open the same
DuckDB file.
"""

from __future__ import annotations

import csv
import json
import math
import os
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

MF = str(VENV_BIN / "mf")
WORKERS = 2
PROJECT_ENTRIES = ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "analyses"]


def rate(metric: str, pct_column: str) -> dict[str, str]:
    """A ratio metric (a fraction) and its _pct twin, against the mart's pct column."""
    return {metric: f"{pct_column} / 100.0", f"{metric}_pct": pct_column}


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

CHECKS: list[Check] = [
    # ---------------------------------------------------------------- CS
    Check(
        "ai_assisted_resolution_by_segment",
        "mart_ai_assisted_resolution_monthly",
        {MONTH: "month_start", "intervention__segment": "segment"},
        {
            "interventions": "interventions",
            "ai_assisted_interventions": "ai_assisted_interventions",
            "drafted_interventions": "drafted_interventions",
            "surfaced_signal_interventions": "surfaced_signal_interventions",
            "recommendation_interventions": "recommendation_interventions",
            "autonomous_action_interventions": "autonomous_action_interventions",
            "shadow_ai_interventions": "shadow_ai_interventions",
            **rate("ai_assisted_resolution_rate", "ai_assisted_rate_pct"),
        },
    ),
    Check(
        "ai_assisted_resolution_by_csm",
        "mart_ai_assisted_resolution_monthly_by_csm",
        {MONTH: "month_start", "intervention__csm_id": "csm_id"},
        {
            "interventions": "interventions",
            "ai_assisted_interventions": "ai_assisted_interventions",
            "drafted_interventions": "drafted_interventions",
            "autonomous_action_interventions": "autonomous_action_interventions",
            "shadow_ai_interventions": "shadow_ai_interventions",
            **rate("ai_assisted_resolution_rate", "ai_assisted_rate_pct"),
        },
        drop_null_keys=True,
    ),
    Check(
        # Roll-up through the csm entity to dim_csms: a team's rate is the
        # sum of its CSMs' numerators over the sum of their denominators.
        "ai_assisted_resolution_by_csm_team",
        """
        select month_start, team,
            sum(interventions) as interventions,
            sum(ai_assisted_interventions) as ai_assisted_interventions,
            100.0 * sum(ai_assisted_interventions) / sum(interventions) as rate_pct
        from marts.mart_ai_assisted_resolution_monthly_by_csm
        group by all
        """,
        {MONTH: "month_start", "csm__team": "team"},
        {
            "interventions": "interventions",
            "ai_assisted_interventions": "ai_assisted_interventions",
            **rate("ai_assisted_resolution_rate", "rate_pct"),
        },
        drop_null_keys=True,
    ),
    Check(
        # Roll-up over every segment: sum(numerator) / sum(denominator), not
        # the mean of the segments' rates.
        "ai_assisted_resolution_all_segments",
        """
        select month_start,
            sum(interventions) as interventions,
            100.0 * sum(ai_assisted_interventions) / nullif(sum(interventions), 0) as rate_pct
        from marts.mart_ai_assisted_resolution_monthly
        group by all
        """,
        {MONTH: "month_start"},
        {"interventions": "interventions", **rate("ai_assisted_resolution_rate", "rate_pct")},
    ),
    Check(
        "save_rate_by_ai_group",
        "mart_ai_assisted_outcomes_monthly",
        {
            MONTH: "month_start",
            "intervention__segment": "segment",
            "intervention__is_ai_assisted": "is_ai_assisted",
        },
        {
            "interventions": "interventions",
            "risk_interventions_saved": "risk_interventions_saved",
            "risk_interventions_decided": "risk_interventions_decided",
            **rate("risk_save_rate", "save_rate_pct"),
        },
    ),
    Check(
        "csm_adoption_weekly",
        "mart_csm_ai_adoption_weekly",
        {"csm_week__week_start__week": "week_start", "csm_week__segment": "segment"},
        {
            "active_csm_weeks": "active_csms",
            "adopting_csm_weeks": "adopting_csms",
            "csm_ai_assisted_interactions": "ai_assisted_interactions",
            "csm_shadow_ai_events": "shadow_ai_events",
            "shadow_ai_users": "shadow_ai_users",
            **rate("csm_ai_adoption_rate", "adoption_rate_pct"),
        },
    ),
    Check(
        "csm_adoption_weekly_by_tenure",
        "mart_csm_ai_adoption_weekly_by_tenure",
        {
            "csm_week__week_start__week": "week_start",
            "csm_week__segment": "segment",
            "csm_week__tenure_band": "tenure_band",
        },
        {
            "active_csm_weeks": "active_csms",
            "adopting_csm_weeks": "adopting_csms",
            **rate("csm_ai_adoption_rate", "adoption_rate_pct"),
        },
    ),
    Check(
        "csm_adoption_monthly",
        "mart_csm_ai_adoption_monthly",
        {MONTH: "month_start", "csm_week__segment": "segment"},
        {
            "active_csm_weeks": "active_csm_weeks",
            "adopting_csm_weeks": "adopting_csm_weeks",
            "csm_ai_assisted_interactions": "ai_assisted_interactions",
            "csm_shadow_ai_events": "shadow_ai_events",
            "shadow_ai_users": "shadow_ai_users",
            **rate("csm_ai_adoption_rate", "adoption_rate_pct"),
        },
    ),
    Check(
        "csm_adoption_concentration",
        "mart_csm_ai_adoption_monthly",
        {MONTH: "month_start", "csm_adoption_month__segment": "segment"},
        {
            "top_csm_ai_assisted_interventions": "top_csm_ai_assisted_interventions",
            "csm_ai_assisted_interventions": "csm_ai_assisted_interventions",
            **rate("top_csm_share", "top_csm_share_pct"),
        },
    ),
    Check(
        "cs_segment_outcomes",
        "mart_ai_assisted_resolution_monthly",
        {MONTH: "month_start", "cs_segment_month__segment": "segment"},
        {
            "account_csat_answers": "csat_answers",
            "account_csat_satisfied_answers": "csat_satisfied_answers",
            "account_renewals": "renewals",
            "renewal_arr_before_usd": "renewal_arr_before_usd",
            "renewal_arr_retained_usd": "renewal_arr_retained_usd",
            "renewal_arr_after_usd": "renewal_arr_after_usd",
            **rate("account_csat", "csat_pct"),
            **rate("gross_revenue_retention", "grr_pct"),
            **rate("net_revenue_retention", "nrr_pct"),
        },
    ),
    Check(
        "cs_ai_group_outcomes",
        "mart_ai_assisted_outcomes_monthly",
        {
            MONTH: "month_start",
            "cs_ai_group__segment": "segment",
            "cs_ai_group__is_ai_assisted": "is_ai_assisted",
        },
        {
            "touched_accounts": "touched_accounts",
            "touched_csat_answers": "csat_answers",
            "touched_csat_satisfied_answers": "csat_satisfied_answers",
            "touched_renewal_arr_before_usd": "renewal_arr_before_usd",
            "touched_renewal_arr_retained_usd": "renewal_arr_retained_usd",
            "touched_renewal_arr_after_usd": "renewal_arr_after_usd",
            **rate("touched_account_csat", "csat_pct"),
            **rate("touched_account_grr", "grr_pct"),
            **rate("touched_account_nrr", "nrr_pct"),
        },
    ),
    # ----------------------------------------------------------- support
    Check(
        "response_handle_time_by_rollout_period",
        "mart_response_handle_time_rollout_period",
        {
            "ticket__rollout_period": "rollout_period",
            "ticket__resolution_path": "resolution_path",
            "ticket__is_copilot_assisted": "is_copilot_assisted",
        },
        {
            "ticket_count": "tickets",
            "ai_answered_tickets": "ai_answered_tickets",
            "ai_first_response_seconds_sum": "ai_first_response_seconds_sum",
            "human_answered_tickets": "human_answered_tickets",
            "human_first_response_seconds_sum": "human_first_response_seconds_sum",
            "handled_tickets": "handled_tickets",
            "handle_seconds_sum": "handle_seconds_sum",
            "avg_ai_first_response_seconds": "avg_ai_first_response_seconds",
            "avg_human_first_response_seconds": "avg_human_first_response_seconds",
            "avg_handle_seconds": "avg_handle_seconds",
        },
    ),
    Check(
        "tickets_by_month_and_category",
        """
        select ticket_month, category,
            count(*) as tickets,
            count(ai_first_response_seconds) as ai_answered_tickets,
            sum(ai_first_response_seconds) as ai_first_response_seconds_sum,
            avg(ai_first_response_seconds) as avg_ai_first_response_seconds,
            count(human_first_response_seconds) as human_answered_tickets,
            sum(human_first_response_seconds) as human_first_response_seconds_sum,
            avg(human_first_response_seconds) as avg_human_first_response_seconds,
            count(handle_seconds) as handled_tickets,
            sum(handle_seconds) as handle_seconds_sum,
            avg(handle_seconds) as avg_handle_seconds
        from marts.fct_tickets
        group by all
        """,
        {MONTH: "ticket_month", "ticket__category": "category"},
        {
            "ticket_count": "tickets",
            "ai_answered_tickets": "ai_answered_tickets",
            "ai_first_response_seconds_sum": "ai_first_response_seconds_sum",
            "human_answered_tickets": "human_answered_tickets",
            "human_first_response_seconds_sum": "human_first_response_seconds_sum",
            "handled_tickets": "handled_tickets",
            "handle_seconds_sum": "handle_seconds_sum",
            "avg_ai_first_response_seconds": "avg_ai_first_response_seconds",
            "avg_human_first_response_seconds": "avg_human_first_response_seconds",
            "avg_handle_seconds": "avg_handle_seconds",
        },
    ),
    Check(
        "automation_resolution",
        "mart_automation_resolution_monthly",
        {MONTH: "ticket_month", "automation_category_month__category": "category"},
        {
            "automation_tickets": "tickets",
            "automation_solved_tickets": "solved_tickets",
            "claimed_ai_resolutions": "claimed_ai_resolutions",
            "tickets_judged_7d": "tickets_judged_7d",
            "claimed_ai_resolutions_judged_7d": "claimed_ai_resolutions_judged_7d",
            "true_ai_resolutions": "true_ai_resolutions",
            "ai_resolution_overcount": "ai_resolution_overcount",
            "tickets_judged_72h": "tickets_judged_72h",
            "vendor_billable_resolutions": "vendor_billable_resolutions",
            "first_contact_resolutions": "first_contact_resolutions",
            **rate("claimed_ai_resolution_rate", "claimed_ai_resolution_rate_pct"),
            **rate("true_ai_resolution_rate", "true_ai_resolution_rate_pct"),
            **rate("ai_resolution_overcount_rate", "ai_resolution_overcount_pct"),
            **rate("vendor_billable_resolution_rate", "vendor_billable_resolution_rate_pct"),
            **rate("first_contact_resolution_rate", "first_contact_resolution_rate_pct"),
        },
    ),
    Check(
        "automation_resolution_all_categories",
        """
        select ticket_month,
            100.0 * sum(claimed_ai_resolutions) / nullif(sum(tickets), 0) as claimed_pct,
            100.0 * sum(true_ai_resolutions) / nullif(sum(tickets_judged_7d), 0) as true_pct
        from marts.mart_automation_resolution_monthly
        group by all
        """,
        {MONTH: "ticket_month"},
        {
            **rate("claimed_ai_resolution_rate", "claimed_pct"),
            **rate("true_ai_resolution_rate", "true_pct"),
        },
    ),
    Check(
        "repeat_contacts",
        "mart_repeat_contacts_monthly",
        {
            MONTH: "solved_month",
            "repeat_contact_group__category": "category",
            "repeat_contact_group__resolution_path": "resolution_path",
        },
        {
            "repeat_solved_tickets": "solved_tickets",
            "mature_tickets_7d": "mature_tickets_7d",
            "repeat_contacts_7d": "repeat_contacts_7d",
            "mature_tickets_14d": "mature_tickets_14d",
            "repeat_contacts_14d": "repeat_contacts_14d",
            **rate("repeat_contact_rate_7d", "repeat_contact_rate_7d_pct"),
            **rate("repeat_contact_rate_14d", "repeat_contact_rate_14d_pct"),
        },
    ),
    Check(
        "customer_experience",
        "mart_customer_experience_monthly",
        {MONTH: "ticket_month", "experience_group__resolution_path": "resolution_path"},
        {
            "experience_tickets": "tickets",
            "csat_answers": "csat_answers",
            "csat_satisfied_answers": "csat_satisfied_answers",
            "ces_answers": "ces_answers",
            "ces_score_sum": "ces_score_sum",
            "nps_answers": "nps_answers",
            "nps_promoter_answers": "nps_promoter_answers",
            "nps_detractor_answers": "nps_detractor_answers",
            "sentiment_tickets": "sentiment_tickets",
            "sentiment_shift_sum": "sentiment_shift_sum",
            "deteriorating_sentiment_tickets": "deteriorating_sentiment_tickets",
            "customer_messages_before_resolution": "customer_messages_before_resolution",
            **rate("csat", "csat_pct"),
            "ces_avg_score": "ces_avg_score",
            "nps": "nps",
            "avg_sentiment_shift": "avg_sentiment_shift",
            **rate("deteriorating_sentiment_rate", "deteriorating_sentiment_pct"),
            "avg_customer_messages_before_resolution": "avg_customer_messages_before_resolution",
        },
    ),
    Check(
        "escalation_quality",
        "mart_escalation_quality_monthly",
        {MONTH: "ticket_month", "escalation_group__category": "category"},
        {
            "handed_off_tickets": "handed_off_tickets",
            "ping_pong_tickets": "ping_pong_tickets",
            "reviewed_handoffs": "reviewed_handoffs",
            "quality_handoffs": "quality_handoffs",
            "necessary_handoffs": "necessary_handoffs",
            "correctly_routed_handoffs": "correctly_routed_handoffs",
            **rate("ping_pong_rate", "ping_pong_rate_pct"),
            **rate("escalation_quality_rate", "escalation_quality_rate_pct"),
            **rate("escalation_acceptance_rate", "escalation_acceptance_rate_pct"),
            **rate("routing_accuracy", "routing_accuracy_pct"),
        },
    ),
    Check(
        "ai_answer_quality",
        "mart_ai_answer_quality_monthly",
        {MONTH: "ticket_month", "answer_quality_group__category": "category"},
        {
            "reviewed_answers": "reviewed_answers",
            "hallucinated_answers": "hallucinated_answers",
            "policy_violating_answers": "policy_violating_answers",
            **rate("hallucination_rate", "hallucination_rate_pct"),
            **rate("policy_violation_rate", "policy_violation_rate_pct"),
        },
    ),
    Check(
        "agent_workload",
        "mart_agent_workload_complexity_monthly",
        {MONTH: "ticket_month", "workload_month__rollout_period": "rollout_period"},
        {
            "workload_tickets": "tickets",
            "rated_tickets": "rated_tickets",
            "complexity_sum": "complexity_sum",
            "human_tickets": "human_tickets",
            "rated_human_tickets": "rated_human_tickets",
            "human_complexity_sum": "human_complexity_sum",
            "high_complexity_human_tickets": "high_complexity_human_tickets",
            "human_handled_tickets_timed": "human_handled_tickets_timed",
            "human_handle_seconds_sum": "human_handle_seconds_sum",
            "avg_complexity": "avg_complexity",
            **rate("human_ticket_share", "human_ticket_share_pct"),
            "avg_human_complexity": "avg_human_complexity",
            **rate("high_complexity_human_share", "high_complexity_human_share_pct"),
            "avg_human_handle_seconds": "avg_human_handle_seconds",
        },
    ),
    Check(
        "ticket_deflection",
        "mart_ticket_deflection_monthly",
        {
            MONTH: "month_start",
            "deflection_group__segment": "segment",
            "deflection_group__rollout_period": "rollout_period",
        },
        {
            "active_account_months": "active_accounts",
            "deflection_tickets": "tickets",
            "deflection_human_tickets": "human_tickets",
            "deflection_true_ai_resolutions": "true_ai_resolutions",
            "tickets_per_active_account": "tickets_per_active_account",
            "human_tickets_per_active_account": "human_tickets_per_active_account",
            **rate("true_ai_resolution_share", "true_ai_resolution_share_pct"),
        },
    ),
    Check(
        "out_of_scope_topics",
        "mart_out_of_scope_topics_monthly",
        {MONTH: "month_start", "out_of_scope_topic_month__topic": "topic"},
        {
            "out_of_scope_events": "out_of_scope_events",
            "out_of_scope_tickets": "out_of_scope_tickets",
        },
    ),
    # ---------------------------------------------------------- business
    Check(
        "cost_per_resolution",
        "mart_cost_per_resolution_monthly",
        {MONTH: "month_start"},
        {
            "human_resolutions": "human_resolutions",
            "cost_true_ai_resolutions": "true_ai_resolutions",
            "total_resolutions": "total_resolutions",
            "human_cost_usd": "human_cost_usd",
            "shared_cost_usd": "shared_cost_usd",
            "ai_full_cost_usd": "ai_full_cost_usd",
            "ai_marginal_cost_usd": "ai_marginal_cost_usd",
            "total_support_cost_usd": "total_cost_usd",
            "human_cost_allocated_usd": "human_cost_allocated_usd",
            "ai_full_cost_allocated_usd": "ai_full_cost_allocated_usd",
            "human_cost_per_resolution_usd": "human_cost_per_resolution_usd",
            "ai_full_cost_per_resolution_usd": "ai_full_cost_per_resolution_usd",
            "ai_marginal_cost_per_resolution_usd": "ai_marginal_cost_per_resolution_usd",
            "blended_cost_per_resolution_usd": "blended_cost_per_resolution_usd",
        },
    ),
    Check(
        "vendor_pay_for_performance",
        "mart_vendor_pay_for_performance_monthly",
        {
            MONTH: "month_start",
            "vendor_contract_month__contract_id": "contract_id",
            "vendor_contract_month__vendor": "vendor",
        },
        {
            "ai_handled_tickets": "ai_handled_tickets",
            "ai_handled_tickets_judged_7d": "ai_handled_tickets_judged_7d",
            "verified_resolutions": "verified_resolutions",
            "ai_handled_tickets_judged_72h": "ai_handled_tickets_judged_72h",
            "billable_resolutions": "billable_resolutions",
            "over_billed_resolutions": "over_billed_resolutions",
            "vendor_csat_answers": "csat_answers",
            "vendor_csat_satisfied_answers": "csat_satisfied_answers",
            "gross_invoice_usd": "gross_invoice_usd",
            "penalty_usd": "penalty_usd",
            "invoice_usd": "invoice_usd",
            "vendor_invoice_usd": "vendor_invoice_usd",
            "over_billing_usd": "over_billing_usd",
            **rate("verified_resolution_rate", "verified_resolution_rate_pct"),
            **rate("billable_resolution_rate", "billable_resolution_rate_pct"),
            **rate("vendor_csat", "csat_pct"),
        },
    ),
    Check(
        "retention_impact",
        "mart_retention_impact_quarterly",
        {
            "metric_time__quarter": "quarter_start",
            "retention_group__segment": "segment",
            "retention_group__comparison": "comparison",
            "retention_group__has_ai": "has_ai",
        },
        {
            "retention_accounts_at_risk": "accounts_at_risk",
            "retention_churned_accounts": "churned_accounts",
            "retention_renewal_arr_before_usd": "renewal_arr_before_usd",
            "retention_renewal_arr_retained_usd": "renewal_arr_retained_usd",
            "retention_renewal_arr_after_usd": "renewal_arr_after_usd",
            **rate("account_churn_rate", "churn_rate_pct"),
            **rate("retention_grr", "grr_pct"),
            **rate("retention_nrr", "nrr_pct"),
        },
    ),
    Check(
        "revenue_per_interaction",
        "mart_revenue_per_interaction_monthly",
        {
            MONTH: "month_start",
            "interaction_group__interaction_source": "interaction_source",
            "interaction_group__is_ai_involved": "is_ai_involved",
        },
        {
            "interactions": "interactions",
            "sourced_opportunities": "sourced_opportunities",
            "won_opportunities": "won_opportunities",
            "decided_opportunities": "won_opportunities + lost_opportunities",
            "upsell_won_usd": "upsell_won_usd",
            "cross_sell_won_usd": "cross_sell_won_usd",
            "retention_save_won_usd": "retention_save_won_usd",
            "won_revenue_usd": "won_revenue_usd",
            "revenue_per_interaction_usd": "revenue_per_interaction_usd",
            "upsell_revenue_per_interaction_usd": "upsell_revenue_per_interaction_usd",
            "cross_sell_revenue_per_interaction_usd": "cross_sell_revenue_per_interaction_usd",
            "retention_save_revenue_per_interaction_usd": "retention_save_revenue_per_interaction_usd",
            **rate("opportunity_win_rate", "win_rate_pct"),
        },
    ),
    Check(
        "balanced_scorecard",
        "mart_balanced_scorecard_monthly",
        {MONTH: "month_start"},
        {
            "efficiency_weighted_attainment": "efficiency_weighted_attainment",
            "efficiency_scored_weight": "efficiency_scored_weight",
            "quality_weighted_attainment": "quality_weighted_attainment",
            "quality_scored_weight": "quality_scored_weight",
            "experience_weighted_attainment": "experience_weighted_attainment",
            "experience_scored_weight": "experience_scored_weight",
            "weighted_attainment": "weighted_attainment",
            "scored_weight": "scored_weight",
            "total_weight": "total_weight",
            "efficiency_score_pct": "efficiency_score_pct",
            "quality_score_pct": "quality_score_pct",
            "experience_score_pct": "experience_score_pct",
            "scorecard_total_score_pct": "weighted_total_score_pct",
            **rate("scorecard_weight_coverage", "weight_coverage_pct"),
        },
    ),
]


# ---------------------------------------------------------------------------
# Running mf
@dataclass(frozen=True)
class MfProject:
    """A throwaway project folder `mf` can run in."""

    root: Path
    db_path: Path

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DBT_PROJECT_DIR=str(self.root),
            DBT_PROFILES_DIR=str(PROJECT_DIR),
            DBT_DUCKDB_PATH=str(self.db_path),
            DBT_DUCKDB_MEMORY_LIMIT="2GB",
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        )
        return env


def make_mf_project(root: Path, source_db: Path) -> MfProject:
    root.mkdir(parents=True)
    for entry in PROJECT_ENTRIES:
        if (PROJECT_DIR / entry).exists():
            (root / entry).symlink_to(PROJECT_DIR / entry)
    # The DuckDB catalog name is the file's stem and is baked into the
    # semantic manifest: every copy keeps the built file's name.
    db_path = root / source_db.name
    shutil.copyfile(source_db, db_path)
    return MfProject(root=root, db_path=db_path)


def mf_query(project: MfProject, metrics: list[str], group_by: list[str], out_csv: Path) -> list[dict[str, str]]:
    cmd = [
        MF,
        "query",
        "--metrics",
        ",".join(metrics),
        "--group-by",
        ",".join(group_by),
        "--csv",
        str(out_csv),
        "--quiet",
    ]
    result = subprocess.run(
        cmd, cwd=project.root, env=project.env(), capture_output=True, text=True, timeout=300
    )
    if result.returncode != 0 or not out_csv.exists():
        raise AssertionError(
            f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout[-4000:]}{result.stderr[-4000:]}"
        )
    with out_csv.open(newline="") as handle:
        return list(csv.DictReader(handle))


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
def mf_results(mf_projects: list[MfProject]) -> dict[str, list[dict[str, str]]]:
    """Every check's `mf query`, run on WORKERS DuckDB copies side by side.

    Checks with the same group-by share one `mf query` (MetricFlow joins
    metrics of different semantic models on metric_time): each call costs a
    few seconds of start-up.
    """
    queries: dict[tuple[str, ...], list[str]] = {}
    for check in CHECKS:
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
    return {check.name: rows_by_group_by[tuple(check.group_by)] for check in CHECKS}


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


@pytest.mark.parametrize("check", CHECKS, ids=[check.name for check in CHECKS])
def test_mf_query_matches_mart(
    check: Check,
    mf_results: dict[str, list[dict[str, str]]],
    generated_build: DbtBuild,
) -> None:
    expected = mart_rows(generated_build.db_path, check)
    actual: dict[tuple[str, ...], dict[str, float | None]] = {}
    for row in mf_results[check.name]:
        key = tuple(key_text(row[item]) for item in check.group_by)
        if check.drop_null_keys and "" in key:
            continue
        assert key not in actual, f"{check.name}: mf returned two rows for {key}"
        actual[key] = {metric: number(row[metric]) for metric in check.metrics}
    assert actual, f"{check.name}: mf returned no row"

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
    assert not problems, f"{check.name}: {len(problems)} differences:\n" + "\n".join(problems[:30])


def test_every_metric_is_checked_by_time(semantic_manifest: dict[str, Any]) -> None:
    """Every metric of the semantic layer is compared with a mart by month (or quarter)."""
    metrics = {metric["name"] for metric in semantic_manifest["metrics"]}
    by_time = {
        metric
        for check in CHECKS
        if any(item.startswith("metric_time__") for item in check.group_by)
        for metric in check.metrics
    }
    unknown = {metric for check in CHECKS for metric in check.metrics} - metrics
    assert not unknown, f"checks name metrics that do not exist: {sorted(unknown)}"
    assert metrics - by_time == set(), (
        "metrics without a check against a mart grouped by metric_time: "
        f"{sorted(metrics - by_time)}"
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
        if metric["type"] == "ratio":
            params = metric["type_params"]
            assert params["numerator"] and params["denominator"], metric["name"]
        # Rates in percent are derived from a ratio metric or numerators.
        if metric["name"].endswith("_pct"):
            assert metric["type"] == "derived", metric["name"]


def test_time_spine_is_configured(semantic_manifest: dict[str, Any]) -> None:
    config = semantic_manifest["project_configuration"]
    spines = config.get("time_spines") or []
    assert any(spine["primary_column"]["name"] == "date_day" for spine in spines), spines

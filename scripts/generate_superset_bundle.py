"""Write the Apache Superset dashboards as an import bundle (bi/superset/bundle/).

The bundle is what `superset import-dashboards` reads (YAML: one database,
the datasets, the charts, the dashboards). It is generated from the page
definitions below so that every figure is written once, as the marts'
numerator and denominator re-aggregated (sum, then divide), the same way
the scorecard, the semantic layer and scripts/build_dashboard.py roll up:

    python scripts/generate_superset_bundle.py [--out bi/superset/bundle] [--check]

--check exits 1 when the committed bundle differs from what this script
writes (tests/python/test_superset.py runs it). `make superset` zips the
bundle with scripts/superset_setup.py, which points the database at the
published read database (published/ai_support_metrics_read.duckdb, opened
read-only).

Every page reads one headline month: the latest complete month of
mart_ai_assisted_resolution_monthly (as the support leader's dashboard).
Each dataset is a virtual dataset (SQL over the published views) with a
column `is_headline_month`; the big numbers filter on it, the trend charts
do not.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_OUT = PROJECT_DIR / "bi" / "superset" / "bundle"
# Fixed namespace: the same names give the same UUIDs on every run, so a
# re-import updates the objects in place.
NAMESPACE = uuid.UUID("6f1c1b7e-3a52-4d1e-9a55-5d0f9c3b2a17")
DATABASE_NAME = "ai_support_metrics_published"
# Relative to the folder Superset runs in (the project root for `make
# superset`); scripts/superset_setup.py writes the absolute path on import.
READ_DB_URI = "duckdb:///published/ai_support_metrics_read.duckdb"
BUNDLE_VERSION = "1.0.0"

HEADLINE_MONTH_SQL = (
    "select max(month_start) as headline_month"
    " from marts.mart_ai_assisted_resolution_monthly where is_complete_month"
)

FORMATS = {"pct": ".1f", "usd": "$,.2f", "count": ",d", "score": ".1f"}


def uid(kind: str, name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{name}"))


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    sql: str
    # (column, type): what the charts use.
    columns: tuple[tuple[str, str], ...]
    main_dttm_col: str | None = "month_start"


def mart_dataset(name: str, mart: str, description: str, columns: tuple[tuple[str, str], ...],
                 month_column: str = "month_start", where: str = "") -> Dataset:
    """A mart's rows with `is_headline_month`."""
    sql = (
        f"with headline as ({HEADLINE_MONTH_SQL})\n"
        f"select m.*, m.{month_column} = headline.headline_month as is_headline_month\n"
        f"from marts.{mart} as m\ncross join headline"
        + (f"\nwhere {where}" if where else "")
    )
    return Dataset(
        name=name,
        description=description,
        sql=sql,
        columns=((month_column, "DATE"), ("is_headline_month", "BOOLEAN"), *columns),
        main_dttm_col=month_column,
    )


@dataclass(frozen=True)
class Metric:
    """One figure: multiplier * sum(numerator) / sum(denominator), or sum(numerator)."""

    label: str
    numerator: str
    denominator: str | None = None
    multiplier: float = 1.0
    unit: str = "pct"

    @property
    def sql(self) -> str:
        if self.denominator is None:
            return f"sum({self.numerator})"
        factor = "" if self.multiplier == 1.0 else f"{self.multiplier} * "
        return f"{factor}sum({self.numerator}) / nullif(sum({self.denominator}), 0)"

    def adhoc(self) -> dict[str, Any]:
        return {
            "expressionType": "SQL",
            "sqlExpression": self.sql,
            "label": self.label,
            "hasCustomLabel": True,
            "optionName": "metric_" + uid("metric", self.label).replace("-", "")[:12],
        }


@dataclass(frozen=True)
class Chart:
    """A chart of a page. kind: big_number (headline month), table (raw rows
    or metrics by `groupby`), trend (metrics by month)."""

    title: str
    dataset: str
    kind: str
    metrics: tuple[Metric, ...] = ()
    columns: tuple[str, ...] = ()
    groupby: tuple[str, ...] = ()
    headline_only: bool = True
    where: str = ""
    order_by: tuple[str, ...] = ()
    description: str = ""
    width: int = 3
    height: int = 40


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    description: str
    rows: tuple[tuple[Chart, ...], ...] = field(default_factory=tuple)


def rate(label: str, numerator: str, denominator: str, multiplier: float = 100.0,
         unit: str = "pct") -> Metric:
    return Metric(label, numerator, denominator, multiplier, unit)


def count(label: str, column: str) -> Metric:
    return Metric(label, column, None, 1.0, "count")


def usd(label: str, numerator: str, denominator: str | None = None) -> Metric:
    return Metric(label, numerator, denominator, 1.0, "usd")


# --------------------------------------------------------------------------
# The pages
DATASETS: tuple[Dataset, ...] = (
    mart_dataset(
        "sset_automation_resolution", "mart_automation_resolution_monthly",
        "AI resolution by month created and category: claimed, true (verified) and vendor-billable.",
        (("category", "VARCHAR"), ("tickets", "BIGINT"), ("claimed_ai_resolutions", "BIGINT"),
         ("tickets_judged_short_window", "BIGINT"), ("claimed_ai_resolutions_judged_short_window", "BIGINT"),
         ("true_ai_resolutions", "BIGINT"), ("ai_resolution_overcount", "BIGINT"),
         ("tickets_judged_vendor_window", "BIGINT"), ("vendor_billable_resolutions", "BIGINT")),
    ),
    Dataset(
        "sset_ai_resolution_tickets",
        "One row per ticket of the headline month that the AI claimed as resolved or the vendor"
        " bills for, with the checks it is verified by (fct_tickets).",
        f"with headline as ({HEADLINE_MONTH_SQL})\n"
        "select t.ticket_id, t.ticket_month, t.category, t.channel, t.resolution_path,\n"
        "    t.is_claimed_ai_resolution, t.is_vendor_billable_resolution, t.is_true_ai_resolution,\n"
        "    t.is_mature_short_window, t.is_reopened, t.is_repeat_contact_short_window,\n"
        "    t.first_customer_message_after_solve_at,\n"
        "    t.ticket_month = headline.headline_month as is_headline_month\n"
        "from marts.fct_tickets as t\ncross join headline\n"
        "where t.is_claimed_ai_resolution or t.is_vendor_billable_resolution",
        (("ticket_id", "VARCHAR"), ("ticket_month", "DATE"), ("category", "VARCHAR"),
         ("channel", "VARCHAR"), ("resolution_path", "VARCHAR"), ("is_claimed_ai_resolution", "BOOLEAN"),
         ("is_vendor_billable_resolution", "BOOLEAN"), ("is_true_ai_resolution", "BOOLEAN"),
         ("is_mature_short_window", "BOOLEAN"), ("is_reopened", "BOOLEAN"),
         ("is_repeat_contact_short_window", "BOOLEAN"), ("first_customer_message_after_solve_at", "TIMESTAMP"),
         ("is_headline_month", "BOOLEAN")),
        main_dttm_col="ticket_month",
    ),
    mart_dataset(
        "sset_csm_ai_adoption", "mart_csm_ai_adoption_monthly",
        "CSM AI adoption by month and segment, with the segment's benchmark band.",
        (("segment", "VARCHAR"), ("adopting_csm_weeks", "BIGINT"), ("active_csm_weeks", "BIGINT"),
         ("adoption_rate_pct", "DOUBLE"), ("benchmark_good_min_pct", "DOUBLE"), ("benchmark_band", "VARCHAR")),
    ),
    mart_dataset(
        "sset_ai_assisted_resolution", "mart_ai_assisted_resolution_monthly",
        "AI-assisted CS interventions by month and segment, with the segment's benchmark band.",
        (("segment", "VARCHAR"), ("ai_assisted_interventions", "BIGINT"), ("interventions", "BIGINT"),
         ("ai_assisted_rate_pct", "DOUBLE"), ("benchmark_good_min_pct", "DOUBLE"), ("benchmark_band", "VARCHAR")),
    ),
    Dataset(
        "sset_benchmark_bands",
        "Benchmark bands (reference.benchmark_bands): the lower bound of good, great and world class by segment.",
        "select metric, segment, good_min_pct, great_min_pct, world_class_min_pct, source_article\n"
        "from reference.benchmark_bands",
        (("metric", "VARCHAR"), ("segment", "VARCHAR"), ("good_min_pct", "DOUBLE"), ("great_min_pct", "DOUBLE"),
         ("world_class_min_pct", "DOUBLE"), ("source_article", "VARCHAR")),
        main_dttm_col=None,
    ),
    mart_dataset(
        "sset_repeat_contacts", "mart_repeat_contacts_monthly",
        "Repeat contacts by month solved, category and resolution path.",
        (("category", "VARCHAR"), ("resolution_path", "VARCHAR"), ("mature_tickets_short_window", "BIGINT"),
         ("repeat_contacts_short_window", "BIGINT"), ("mature_tickets_long_window", "BIGINT"),
         ("repeat_contacts_long_window", "BIGINT")),
    ),
    mart_dataset(
        "sset_cost_per_resolution", "mart_cost_per_resolution_monthly",
        "Cost per resolution by month solved: human, AI (full cost) and blended.",
        (("human_cost_allocated_usd", "DOUBLE"), ("human_resolutions", "BIGINT"),
         ("ai_full_cost_allocated_usd", "DOUBLE"), ("true_ai_resolutions", "BIGINT"),
         ("total_cost_usd", "DOUBLE"), ("total_resolutions", "BIGINT")),
    ),
    mart_dataset(
        "sset_vendor_invoice", "mart_vendor_pay_for_performance_monthly",
        "Vendor invoice audit by contract and month: what the vendor bills vs what verified resolutions earn.",
        (("contract_id", "VARCHAR"), ("vendor", "VARCHAR"), ("billable_resolutions", "BIGINT"),
         ("verified_resolutions", "BIGINT"), ("over_billed_resolutions", "BIGINT"),
         ("vendor_invoice_usd", "DOUBLE"), ("invoice_usd", "DOUBLE"), ("over_billing_usd", "DOUBLE"),
         ("is_vendor_penalty_applied", "BOOLEAN"), ("is_penalty_applied", "BOOLEAN"), ("is_provisional", "BOOLEAN")),
    ),
    mart_dataset(
        "sset_scorecard", "mart_balanced_scorecard_monthly",
        "Balanced scorecard by month: weighted total and category scores.",
        (("weighted_attainment", "DOUBLE"), ("scored_weight", "DOUBLE"),
         ("efficiency_weighted_attainment", "DOUBLE"), ("efficiency_scored_weight", "DOUBLE"),
         ("quality_weighted_attainment", "DOUBLE"), ("quality_scored_weight", "DOUBLE"),
         ("experience_weighted_attainment", "DOUBLE"), ("experience_scored_weight", "DOUBLE")),
    ),
    mart_dataset(
        "sset_scorecard_metrics", "mart_balanced_scorecard_metrics_monthly",
        "Balanced scorecard metrics by month: value, target and attainment.",
        (("metric", "VARCHAR"), ("metric_name", "VARCHAR"), ("scorecard_category", "VARCHAR"),
         ("numerator", "DOUBLE"), ("denominator", "DOUBLE"), ("metric_value", "DOUBLE"),
         ("target_value", "DOUBLE"), ("attainment_pct", "DOUBLE"), ("is_target_met", "BOOLEAN")),
    ),
)

CLAIMED = rate("Claimed AI resolution rate (%)", "claimed_ai_resolutions", "tickets")
TRUE = rate("True AI resolution rate (%)", "true_ai_resolutions", "tickets_judged_short_window")
BILLABLE = rate("Vendor-billable resolution rate (%)", "vendor_billable_resolutions", "tickets_judged_vendor_window")
OVERCOUNT = rate("AI resolution over-count (%)", "ai_resolution_overcount", "claimed_ai_resolutions_judged_short_window")
ADOPTION = rate("CSM AI adoption rate (%)", "adopting_csm_weeks", "active_csm_weeks")
ASSISTED = rate("AI-assisted rate (%)", "ai_assisted_interventions", "interventions")
REPEAT_SHORT = rate("Repeat contact rate, short window (%)", "repeat_contacts_short_window", "mature_tickets_short_window")
REPEAT_LONG = rate("Repeat contact rate, long window (%)", "repeat_contacts_long_window", "mature_tickets_long_window")
COST_BLENDED = usd("Blended cost per resolution (USD)", "total_cost_usd", "total_resolutions")
COST_AI = usd("AI cost per true resolution (USD, full cost)", "ai_full_cost_allocated_usd", "true_ai_resolutions")
COST_HUMAN = usd("Human cost per resolution (USD)", "human_cost_allocated_usd", "human_resolutions")
SCORE_TOTAL = rate("Scorecard total score (0-100)", "weighted_attainment", "scored_weight", 1.0, "score")

PAGES: tuple[Page, ...] = (
    Page(
        "ai-resolution-audit", "AI resolution audit: claimed vs true vs billable",
        "What the AI vendor claims, what held (no reopen, no repeat contact within the short window)"
        " and what the vendor bills, for the headline month; then every claimed or billed ticket.",
        (
            (Chart(CLAIMED.label, "sset_automation_resolution", "big_number", (CLAIMED,)),
             Chart(TRUE.label, "sset_automation_resolution", "big_number", (TRUE,)),
             Chart(BILLABLE.label, "sset_automation_resolution", "big_number", (BILLABLE,)),
             Chart(OVERCOUNT.label, "sset_automation_resolution", "big_number", (OVERCOUNT,))),
            (Chart("Numerators and denominators (headline month)", "sset_automation_resolution", "table",
                   (count("Tickets created", "tickets"), count("Claimed AI resolutions", "claimed_ai_resolutions"),
                    count("Tickets judged (short window)", "tickets_judged_short_window"),
                    count("True AI resolutions", "true_ai_resolutions"),
                    count("Tickets judged (vendor window)", "tickets_judged_vendor_window"),
                    count("Vendor-billable resolutions", "vendor_billable_resolutions")),
                   width=12, height=25),),
            (Chart("Claimed vs true vs billable by month created", "sset_automation_resolution", "trend",
                   (CLAIMED, TRUE, BILLABLE), headline_only=False, width=12, height=50),),
            (Chart("Claimed or billed tickets (headline month)", "sset_ai_resolution_tickets", "table",
                   columns=("ticket_id", "category", "channel", "resolution_path", "is_claimed_ai_resolution",
                            "is_true_ai_resolution", "is_vendor_billable_resolution", "is_mature_short_window",
                            "is_reopened", "is_repeat_contact_short_window", "first_customer_message_after_solve_at"),
                   order_by=("ticket_id",), width=12, height=100),),
        ),
    ),
    Page(
        "cs-ai-adoption", "CS AI adoption and AI-assisted rate",
        "CSM AI adoption (CSM-weeks at or over the weekly minimum of AI interactions) and the AI-assisted"
        " share of CS interventions, for the headline month, each segment judged by its benchmark band.",
        (
            (Chart(ADOPTION.label, "sset_csm_ai_adoption", "big_number", (ADOPTION,), width=6),
             Chart(ASSISTED.label, "sset_ai_assisted_resolution", "big_number", (ASSISTED,), width=6)),
            (Chart("CSM AI adoption by segment (headline month)", "sset_csm_ai_adoption", "table",
                   columns=("segment", "adopting_csm_weeks", "active_csm_weeks", "adoption_rate_pct",
                            "benchmark_good_min_pct", "benchmark_band"), order_by=("segment",), width=12, height=25),),
            (Chart("AI-assisted rate by segment (headline month)", "sset_ai_assisted_resolution", "table",
                   columns=("segment", "ai_assisted_interventions", "interventions", "ai_assisted_rate_pct",
                            "benchmark_good_min_pct", "benchmark_band"), order_by=("segment",), width=12, height=25),),
            (Chart("Benchmark bands", "sset_benchmark_bands", "table",
                   columns=("metric", "segment", "good_min_pct", "great_min_pct", "world_class_min_pct",
                            "source_article"), headline_only=False, order_by=("metric", "segment"),
                   width=12, height=35),),
            (Chart("AI-assisted rate by month", "sset_ai_assisted_resolution", "trend",
                   (ASSISTED,), headline_only=False, width=12, height=50),),
        ),
    ),
    Page(
        "repeat-contacts", "Repeat contacts",
        "Solved tickets followed by a contact on the same issue within the short and the long window"
        " (month solved; only tickets whose window is over), by resolution path.",
        (
            (Chart(REPEAT_SHORT.label, "sset_repeat_contacts", "big_number", (REPEAT_SHORT,), width=6),
             Chart(REPEAT_LONG.label, "sset_repeat_contacts", "big_number", (REPEAT_LONG,), width=6)),
            (Chart("Repeat contacts by resolution path (headline month)", "sset_repeat_contacts", "table",
                   (count("Mature tickets (short window)", "mature_tickets_short_window"),
                    count("Repeat contacts (short window)", "repeat_contacts_short_window"), REPEAT_SHORT),
                   groupby=("resolution_path",), order_by=("resolution_path",), width=12, height=30),),
            (Chart("Repeat contact rate by month solved", "sset_repeat_contacts", "trend",
                   (REPEAT_SHORT, REPEAT_LONG), headline_only=False, width=12, height=50),),
        ),
    ),
    Page(
        "cost-per-resolution", "Cost per resolution",
        "Cost per resolution for the headline month (month solved): AI at full cost per true"
        " (verified) resolution, human, and blended.",
        (
            (Chart(COST_AI.label, "sset_cost_per_resolution", "big_number", (COST_AI,), width=4),
             Chart(COST_HUMAN.label, "sset_cost_per_resolution", "big_number", (COST_HUMAN,), width=4),
             Chart(COST_BLENDED.label, "sset_cost_per_resolution", "big_number", (COST_BLENDED,), width=4)),
            (Chart("Costs and resolutions (headline month)", "sset_cost_per_resolution", "table",
                   (usd("AI cost allocated (USD)", "ai_full_cost_allocated_usd"),
                    count("True AI resolutions", "true_ai_resolutions"),
                    usd("Human cost allocated (USD)", "human_cost_allocated_usd"),
                    count("Human resolutions", "human_resolutions"),
                    usd("Total cost (USD)", "total_cost_usd"),
                    count("Total resolutions", "total_resolutions")), width=12, height=25),),
            (Chart("Cost per resolution by month solved", "sset_cost_per_resolution", "trend",
                   (COST_AI, COST_HUMAN, COST_BLENDED), headline_only=False, width=12, height=50),),
        ),
    ),
    Page(
        "vendor-invoice-audit", "Vendor invoice audit",
        "What the AI vendor invoices (billable resolutions at the contract price, its own window) against"
        " what the verified resolutions earn, and the over-billing, for the headline month and by contract month.",
        (
            (Chart("Vendor invoice (USD)", "sset_vendor_invoice", "big_number",
                   (usd("Vendor invoice (USD)", "vendor_invoice_usd"),), width=4),
             Chart("Invoice on verified resolutions (USD)", "sset_vendor_invoice", "big_number",
                   (usd("Invoice on verified resolutions (USD)", "invoice_usd"),), width=4),
             Chart("Over-billing (USD)", "sset_vendor_invoice", "big_number",
                   (usd("Over-billing (USD)", "over_billing_usd"),), width=4)),
            (Chart("Invoices by contract and month", "sset_vendor_invoice", "table",
                   columns=("contract_id", "vendor", "month_start", "billable_resolutions", "verified_resolutions",
                            "over_billed_resolutions", "vendor_invoice_usd", "invoice_usd", "over_billing_usd",
                            "is_penalty_applied", "is_provisional"),
                   headline_only=False, order_by=("month_start", "contract_id"), width=12, height=40),),
        ),
    ),
    Page(
        "scorecard", "Balanced scorecard",
        "Weighted scorecard for the headline month: total and category scores (0-100, attainment of each"
        " metric's target weighted), and every metric against its target.",
        (
            (Chart(SCORE_TOTAL.label, "sset_scorecard", "big_number", (SCORE_TOTAL,)),
             Chart("Efficiency score (0-100)", "sset_scorecard", "big_number",
                   (rate("Efficiency score (0-100)", "efficiency_weighted_attainment", "efficiency_scored_weight",
                         1.0, "score"),)),
             Chart("Quality score (0-100)", "sset_scorecard", "big_number",
                   (rate("Quality score (0-100)", "quality_weighted_attainment", "quality_scored_weight",
                         1.0, "score"),)),
             Chart("Experience score (0-100)", "sset_scorecard", "big_number",
                   (rate("Experience score (0-100)", "experience_weighted_attainment", "experience_scored_weight",
                         1.0, "score"),))),
            (Chart("Scorecard metrics (headline month)", "sset_scorecard_metrics", "table",
                   columns=("metric", "metric_name", "scorecard_category", "metric_value", "target_value",
                            "attainment_pct", "is_target_met"), order_by=("metric",), width=12, height=100),),
        ),
    ),
)


# --------------------------------------------------------------------------
# YAML
def database_yaml() -> dict[str, Any]:
    return {
        "database_name": DATABASE_NAME,
        "sqlalchemy_uri": READ_DB_URI,
        "cache_timeout": None,
        "expose_in_sqllab": True,
        "allow_run_async": False,
        "allow_ctas": False,
        "allow_cvas": False,
        "allow_dml": False,
        "allow_csv_upload": False,
        "extra": {
            "allows_virtual_table_explore": True,
            # duckdb.connect(..., read_only=True): the published file is never written.
            "engine_params": {"connect_args": {"read_only": True}},
            "metadata_params": {},
            "schemas_allowed_for_file_upload": [],
        },
        "uuid": uid("database", DATABASE_NAME),
        "version": BUNDLE_VERSION,
    }


def dataset_yaml(ds: Dataset) -> dict[str, Any]:
    return {
        "table_name": ds.name,
        "main_dttm_col": ds.main_dttm_col,
        "description": ds.description,
        "default_endpoint": None,
        "offset": 0,
        "cache_timeout": None,
        "schema": None,
        "sql": ds.sql,
        "params": None,
        "template_params": None,
        "filter_select_enabled": True,
        "fetch_values_predicate": None,
        "extra": None,
        "normalize_columns": False,
        "always_filter_main_dttm": False,
        "uuid": uid("dataset", ds.name),
        "metrics": [
            {"metric_name": "count", "verbose_name": "COUNT(*)", "metric_type": "count",
             "expression": "count(*)", "description": None, "d3format": None, "extra": None,
             "warning_text": None}
        ],
        "columns": [
            {"column_name": name, "verbose_name": None, "is_dttm": name == ds.main_dttm_col or type_ in ("DATE", "TIMESTAMP"),
             "is_active": True, "type": type_, "advanced_data_type": None, "groupby": True, "filterable": True,
             "expression": None, "description": None, "python_date_format": None, "extra": None}
            for name, type_ in ds.columns
        ],
        "version": BUNDLE_VERSION,
        "database_uuid": uid("database", DATABASE_NAME),
    }


def column_format(column: str) -> str | None:
    """How a raw table shows a column: rates to 0.1, dollars to the cent."""
    if column.endswith("_pct"):
        return FORMATS["pct"]
    if column.endswith("_usd"):
        return FORMATS["usd"]
    return None


def headline_filter(chart: Chart) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = []
    if chart.headline_only:
        filters.append({"expressionType": "SQL", "clause": "WHERE", "sqlExpression": "is_headline_month",
                        "filterOptionName": "filter_headline_month"})
    if chart.where:
        filters.append({"expressionType": "SQL", "clause": "WHERE", "sqlExpression": chart.where,
                        "filterOptionName": "filter_where"})
    return filters


def chart_params(chart: Chart, chart_id: int) -> tuple[str, dict[str, Any]]:
    datasets = {ds.name: ds for ds in DATASETS}
    ds = datasets[chart.dataset]
    common = {"datasource": f"{chart.dataset}__table", "slice_id": chart_id,
              "adhoc_filters": headline_filter(chart), "extra_form_data": {}, "dashboards": []}
    if chart.kind == "big_number":
        (metric,) = chart.metrics
        return "big_number_total", {
            **common, "viz_type": "big_number_total", "metric": metric.adhoc(),
            "header_font_size": 0.4, "subheader_font_size": 0.15, "y_axis_format": FORMATS[metric.unit],
            "subheader": metric.sql, "force_timestamp_formatting": False,
        }
    if chart.kind == "trend":
        assert ds.main_dttm_col
        return "echarts_timeseries_line", {
            **common, "viz_type": "echarts_timeseries_line", "x_axis": ds.main_dttm_col,
            "time_grain_sqla": "P1M", "metrics": [m.adhoc() for m in chart.metrics], "groupby": [],
            "row_limit": 1000, "y_axis_format": FORMATS[chart.metrics[0].unit], "show_legend": True,
            "markerEnabled": True, "rich_tooltip": True, "x_axis_time_format": "%Y-%m",
            "truncate_metric": True, "comparison_type": "values",
        }
    assert chart.kind == "table"
    params: dict[str, Any] = {
        **common, "viz_type": "table", "row_limit": 10000, "server_pagination": False,
        "page_length": 0, "include_search": False, "show_cell_bars": False, "table_timestamp_format": "%Y-%m-%d %H:%M",
        "order_desc": False, "allow_render_html": False,
    }
    if chart.columns:
        params.update({"query_mode": "raw", "all_columns": list(chart.columns),
                       "order_by_cols": [f'["{column}", true]' for column in chart.order_by],
                       "column_config": {column: {"d3NumberFormat": column_format(column)}
                                         for column in chart.columns if column_format(column)}})
    else:
        params.update({"query_mode": "aggregate", "groupby": list(chart.groupby),
                       "metrics": [m.adhoc() for m in chart.metrics], "percent_metrics": [],
                       "column_config": {m.label: {"d3NumberFormat": FORMATS[m.unit]} for m in chart.metrics},
                       "timeseries_limit_metric": None})
    return "table", params


def chart_yaml(chart: Chart, page: Page, chart_id: int) -> dict[str, Any]:
    viz_type, params = chart_params(chart, chart_id)
    return {
        "slice_name": chart.title,
        "description": chart.description or None,
        "certified_by": None,
        "certification_details": None,
        "viz_type": viz_type,
        "params": params,
        "query_context": None,
        "cache_timeout": None,
        "uuid": uid("chart", f"{page.slug}/{chart.title}"),
        "version": BUNDLE_VERSION,
        "dataset_uuid": uid("dataset", chart.dataset),
    }


def dashboard_yaml(page: Page, chart_ids: dict[str, int]) -> dict[str, Any]:
    position: dict[str, Any] = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
        "HEADER_ID": {"id": "HEADER_ID", "type": "HEADER", "meta": {"text": page.title}},
    }
    desc_id = "MARKDOWN-description"
    position[desc_id] = {
        "type": "MARKDOWN", "id": desc_id, "children": [], "parents": ["ROOT_ID", "GRID_ID", "ROW-0"],
        "meta": {"width": 12, "height": 12, "code": f"{page.description}\n\n"
                 "Headline month: the latest complete month of mart_ai_assisted_resolution_monthly."
                 " Every rate is sum(numerator) / sum(denominator) over the mart's rows."},
    }
    position["ROW-0"] = {"type": "ROW", "id": "ROW-0", "children": [desc_id], "parents": ["ROOT_ID", "GRID_ID"],
                         "meta": {"background": "BACKGROUND_TRANSPARENT"}}
    position["GRID_ID"]["children"].append("ROW-0")
    for row_index, row in enumerate(page.rows, start=1):
        row_id = f"ROW-{row_index}"
        position["GRID_ID"]["children"].append(row_id)
        position[row_id] = {"type": "ROW", "id": row_id, "children": [], "parents": ["ROOT_ID", "GRID_ID"],
                            "meta": {"background": "BACKGROUND_TRANSPARENT"}}
        for chart_index, chart in enumerate(row):
            chart_uuid = uid("chart", f"{page.slug}/{chart.title}")
            node_id = f"CHART-{row_index}-{chart_index}"
            position[row_id]["children"].append(node_id)
            position[node_id] = {
                "type": "CHART", "id": node_id, "children": [], "parents": ["ROOT_ID", "GRID_ID", row_id],
                "meta": {"chartId": chart_ids[chart_uuid], "uuid": chart_uuid, "sliceName": chart.title,
                         "width": chart.width, "height": chart.height},
            }
    return {
        "dashboard_title": page.title,
        "description": None,
        "css": "",
        "slug": page.slug,
        "certified_by": "",
        "certification_details": "",
        "published": True,
        "uuid": uid("dashboard", page.slug),
        "position": position,
        "metadata": {
            "color_scheme": "supersetColors",
            "refresh_frequency": 0,
            "expanded_slices": {},
            "label_colors": {},
            "timed_refresh_immune_slices": [],
            "cross_filters_enabled": False,
            "default_filters": "{}",
            "native_filter_configuration": [],
            "chart_configuration": {},
            "global_chart_configuration": {"scope": {"rootPath": ["ROOT_ID"], "excluded": []},
                                           "chartsInScope": []},
        },
        "version": BUNDLE_VERSION,
    }


def file_name(title: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in title).strip("_")


def bundle_files() -> dict[str, dict[str, Any]]:
    """Relative path -> YAML document of every file of the bundle."""
    files: dict[str, dict[str, Any]] = {
        "metadata.yaml": {"version": BUNDLE_VERSION, "type": "Dashboard",
                          "timestamp": "2026-01-01T00:00:00+00:00"},
        f"databases/{DATABASE_NAME}.yaml": database_yaml(),
    }
    used = {chart.dataset for page in PAGES for row in page.rows for chart in row}
    for ds in DATASETS:
        assert ds.name in used, f"dataset {ds.name} is not used by any chart"
        files[f"datasets/{DATABASE_NAME}/{ds.name}.yaml"] = dataset_yaml(ds)
    chart_ids: dict[str, int] = {}
    for page in PAGES:
        for row in page.rows:
            for chart in row:
                chart_uuid = uid("chart", f"{page.slug}/{chart.title}")
                assert chart_uuid not in chart_ids, f"{page.slug}: two charts named {chart.title}"
                chart_ids[chart_uuid] = len(chart_ids) + 1
                files[f"charts/{file_name(page.slug + '_' + chart.title)}.yaml"] = chart_yaml(
                    chart, page, chart_ids[chart_uuid]
                )
        files[f"dashboards/{file_name(page.slug)}.yaml"] = dashboard_yaml(page, chart_ids)
    return files


HEADER = "# Generated by scripts/generate_superset_bundle.py: edit the script, not this file.\n"


def render(document: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(document, sort_keys=True, allow_unicode=True, width=100)


def write(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    for relative, document in bundle_files().items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(document))


def check(out: Path) -> list[str]:
    """Differences between the bundle at `out` and what this script writes."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "bundle"
        write(fresh)
        expected = {p.relative_to(fresh).as_posix(): p.read_text() for p in fresh.rglob("*.yaml")}
    actual = {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*.yaml")} if out.exists() else {}
    problems = [f"missing: {name}" for name in sorted(expected.keys() - actual.keys())]
    problems += [f"not generated: {name}" for name in sorted(actual.keys() - expected.keys())]
    for name in sorted(expected.keys() & actual.keys()):
        if expected[name] != actual[name]:
            diff = difflib.unified_diff(actual[name].splitlines(), expected[name].splitlines(), name, name, lineterm="")
            problems.append("\n".join(list(diff)[:20]))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the bundle at --out is not up to date")
    args = parser.parse_args(argv)
    if args.check:
        problems = check(args.out)
        for problem in problems:
            print(problem)
        if problems:
            print("The Superset bundle is out of date: run python scripts/generate_superset_bundle.py")
        return 1 if problems else 0
    write(args.out)
    print(f"Wrote the Superset bundle to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

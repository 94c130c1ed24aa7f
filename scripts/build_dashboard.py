"""Build the support leader's dashboard from the published marts.

Reads the Parquet files that scripts/publish_marts.py writes (never the
DuckDB file dbt is building) and writes one self-contained HTML page:

    published/dashboard.html

Headline figures for the latest complete month with their benchmark bands
and month-on-month change, then the trends: AI-assisted resolution rate and
CSM AI adoption against the seed articles' bands per segment, true vs
claimed AI resolution, repeat contacts, cost per resolution and the
balanced scorecard. Charts are plotly with plotly.js written inline, so the
page opens without any network. A section whose mart is not published yet
says so instead of failing.

    python scripts/build_dashboard.py [--published published] [--out published/dashboard.html]

Every headline figure is re-aggregated from the marts' numerators and
denominators (sum over segments or categories, then divide), the same way
the semantic layer's ratio metrics roll up.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Sequence

import duckdb
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

sys.path.insert(0, str(Path(__file__).resolve().parent))
from published_folder import current_folder  # noqa: E402

SEGMENTS = ["SMB", "Mid-Market", "Enterprise"]
BAND_COLOURS = {
    "below_good": "rgba(220, 38, 38, 0.08)",
    "good": "rgba(234, 179, 8, 0.12)",
    "great": "rgba(34, 197, 94, 0.14)",
    "world_class": "rgba(21, 128, 61, 0.22)",
}
BAND_LABELS = {
    "below_good": "below good",
    "good": "good",
    "great": "great",
    "world_class": "world class",
}
LINE_COLOURS = ["#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#475569"]


# --------------------------------------------------------------------------
# Reading the published files
class Published:
    """The published Parquet files, queried with an in-memory DuckDB."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.con = duckdb.connect()
        manifest = folder / "_manifest.json"
        self.manifest: dict[str, Any] = (
            json.loads(manifest.read_text()) if manifest.exists() else {}
        )

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.parquet"

    def has(self, *names: str) -> bool:
        return all(self.path(name).exists() for name in names)

    def rows(self, sql: str, **tables: str) -> list[dict[str, Any]]:
        """Run `sql` with {alias} placeholders bound to published files."""
        bound = sql.format(
            **{alias: f"read_parquet('{self.path(name)}')" for alias, name in tables.items()}
        )
        cursor = self.con.execute(bound)
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def ratio(numerator: Any, denominator: Any, scale: float = 100.0) -> float | None:
    if numerator is None or denominator in (None, 0):
        return None
    return scale * float(numerator) / float(denominator)


# --------------------------------------------------------------------------
# Formatting
def fmt(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if unit == "pct":
        return f"{value:.1f} %"
    if unit == "usd":
        return f"${value:,.2f}"
    if unit == "score":
        return f"{value:.1f}"
    if unit == "seconds":
        return f"{value:,.0f} s"
    return f"{value:,.2f}"


def delta_text(value: float | None, prior: float | None, unit: str) -> str:
    if value is None or prior is None:
        return "no prior month"
    diff = value - prior
    if unit == "pct":
        return f"{diff:+.1f} pts vs prior month"
    if unit == "usd":
        return f"{'+' if diff >= 0 else '-'}${abs(diff):,.2f} vs prior month"
    return f"{diff:+.1f} vs prior month"


@dataclass
class Kpi:
    key: str
    title: str
    value: float | None
    unit: str
    prior: float | None = None
    note: str = ""
    bands: Sequence[tuple[str, str]] = ()  # (segment, band)

    def html(self) -> str:
        bands = "".join(
            f'<span class="band band-{html.escape(band or "none")}">'
            f"{html.escape(segment)}: {html.escape(BAND_LABELS.get(band or '', 'n/a'))}</span>"
            for segment, band in self.bands
        )
        data_value = "" if self.value is None else f"{self.value:.6f}"
        return (
            f'<div class="kpi" id="kpi-{self.key}" data-value="{data_value}">'
            f'<div class="kpi-title">{html.escape(self.title)}</div>'
            f'<div class="kpi-value" id="kpi-{self.key}-value">{html.escape(fmt(self.value, self.unit))}</div>'
            f'<div class="kpi-delta">{html.escape(delta_text(self.value, self.prior, self.unit))}</div>'
            f'<div class="kpi-bands">{bands}</div>'
            f'<div class="kpi-note">{html.escape(self.note)}</div>'
            "</div>"
        )


# --------------------------------------------------------------------------
# Headline month and figures
def headline_month(pub: Published) -> date | None:
    """The latest complete month of the AI-assisted resolution mart."""
    if not pub.has("mart_ai_assisted_resolution_monthly"):
        return None
    rows = pub.rows(
        "select max(month_start) as m from {t} where is_complete_month",
        t="mart_ai_assisted_resolution_monthly",
    )
    if rows and rows[0]["m"] is not None:
        return rows[0]["m"]
    rows = pub.rows("select max(month_start) as m from {t}", t="mart_ai_assisted_resolution_monthly")
    return rows[0]["m"] if rows else None


def monthly_totals(
    pub: Published, table: str, month_column: str, sums: dict[str, str]
) -> dict[date, dict[str, float]]:
    """sum(<expr>) per month over every other dimension of the mart."""
    select = ", ".join(f"sum({expr}) as {alias}" for alias, expr in sums.items())
    rows = pub.rows(
        f"select {month_column} as month, {select} from {{t}} group by 1 order by 1", t=table
    )
    return {row["month"]: row for row in rows}


def prior_key(months: dict[date, Any], month: date) -> date | None:
    earlier = [m for m in months if m < month]
    return max(earlier) if earlier else None


def build_kpis(pub: Published, month: date) -> list[Kpi]:
    kpis: list[Kpi] = []

    def value_and_prior(
        totals: dict[date, dict[str, float]], num: str, den: str, scale: float = 100.0
    ) -> tuple[float | None, float | None]:
        row = totals.get(month)
        value = ratio(row[num], row[den], scale) if row else None
        previous = prior_key(totals, month)
        prior = ratio(totals[previous][num], totals[previous][den], scale) if previous else None
        return value, prior

    if pub.has("mart_ai_assisted_resolution_monthly"):
        totals = monthly_totals(
            pub,
            "mart_ai_assisted_resolution_monthly",
            "month_start",
            {"num": "ai_assisted_interventions", "den": "interventions"},
        )
        value, prior = value_and_prior(totals, "num", "den")
        bands = pub.rows(
            f"select segment, benchmark_band from {{t}} where month_start = date '{month}'"
            " order by segment",
            t="mart_ai_assisted_resolution_monthly",
        )
        kpis.append(
            Kpi(
                "ai_assisted_resolution_rate",
                "AI-assisted resolution rate",
                value,
                "pct",
                prior,
                "CS interventions with material AI involvement (seed 000).",
                [(row["segment"], row["benchmark_band"]) for row in bands],
            )
        )

    if pub.has("mart_csm_ai_adoption_monthly"):
        totals = monthly_totals(
            pub,
            "mart_csm_ai_adoption_monthly",
            "month_start",
            {"num": "adopting_csm_weeks", "den": "active_csm_weeks"},
        )
        value, prior = value_and_prior(totals, "num", "den")
        bands = pub.rows(
            f"select segment, benchmark_band from {{t}} where month_start = date '{month}'"
            " and segment <> 'Unassigned' order by segment",
            t="mart_csm_ai_adoption_monthly",
        )
        kpis.append(
            Kpi(
                "csm_ai_adoption_rate",
                "CSM AI adoption rate",
                value,
                "pct",
                prior,
                "Active CSM-weeks with 3+ AI-assisted interactions (seed 002).",
                [(row["segment"], row["benchmark_band"]) for row in bands],
            )
        )

    if pub.has("mart_automation_resolution_monthly"):
        totals = monthly_totals(
            pub,
            "mart_automation_resolution_monthly",
            "ticket_month",
            {
                "true_num": "true_ai_resolutions",
                "true_den": "tickets_judged_7d",
                "claimed_num": "claimed_ai_resolutions",
                "claimed_den": "tickets",
            },
        )
        true_value, true_prior = value_and_prior(totals, "true_num", "true_den")
        claimed_value, claimed_prior = value_and_prior(totals, "claimed_num", "claimed_den")
        kpis.append(
            Kpi(
                "true_ai_resolution_rate",
                "True (verified) AI resolution rate",
                true_value,
                "pct",
                true_prior,
                "Solved by AI alone and held: no reopen, no repeat within 7 days, "
                "no escalation, CSAT 4+ where answered (seed 003). Target 60-80 % (seed 001).",
            )
        )
        kpis.append(
            Kpi(
                "claimed_ai_resolution_rate",
                "Claimed AI resolution rate",
                claimed_value,
                "pct",
                claimed_prior,
                "Every AI-only ticket that was closed: what a vendor dashboard shows.",
            )
        )

    if pub.has("mart_repeat_contacts_monthly"):
        totals = monthly_totals(
            pub,
            "mart_repeat_contacts_monthly",
            "solved_month",
            {"num": "repeat_contacts_7d", "den": "mature_tickets_7d"},
        )
        value, prior = value_and_prior(totals, "num", "den")
        kpis.append(
            Kpi(
                "repeat_contact_rate_7d",
                "Repeat contact rate (7 days)",
                value,
                "pct",
                prior,
                "Same requester, same category, within 7 days of the solve (seed 003); "
                "tickets whose window has not elapsed are left out.",
            )
        )

    if pub.has("mart_cost_per_resolution_monthly"):
        totals = monthly_totals(
            pub,
            "mart_cost_per_resolution_monthly",
            "month_start",
            {
                "ai_num": "ai_full_cost_allocated_usd",
                "ai_den": "true_ai_resolutions",
                "human_num": "human_cost_allocated_usd",
                "human_den": "human_resolutions",
            },
        )
        ai_value, ai_prior = value_and_prior(totals, "ai_num", "ai_den", 1.0)
        human_value, human_prior = value_and_prior(totals, "human_num", "human_den", 1.0)
        kpis.append(
            Kpi(
                "ai_cost_per_resolution",
                "AI cost per resolution (full cost)",
                ai_value,
                "usd",
                ai_prior,
                "Platform, usage, training data, optimization and allocated shared cost "
                "per true AI resolution (seed 003). Seed 001: AI $1-3.",
            )
        )
        kpis.append(
            Kpi(
                "human_cost_per_resolution",
                "Human cost per resolution",
                human_value,
                "usd",
                human_prior,
                "Seed 001: human $8-15.",
            )
        )
    else:
        kpis.append(
            Kpi("ai_cost_per_resolution", "AI cost per resolution", None, "usd", None,
                "mart_cost_per_resolution_monthly is not published yet.")
        )

    if pub.has("mart_balanced_scorecard_monthly"):
        totals = monthly_totals(
            pub,
            "mart_balanced_scorecard_monthly",
            "month_start",
            {"num": "weighted_attainment", "den": "scored_weight"},
        )
        value, prior = value_and_prior(totals, "num", "den", 1.0)
        kpis.append(
            Kpi(
                "scorecard_total",
                "Balanced scorecard (weighted total)",
                value,
                "score",
                prior,
                "Weighted attainment of every scored metric against its target, 0-100 (seed 003).",
            )
        )
    else:
        kpis.append(
            Kpi("scorecard_total", "Balanced scorecard", None, "score", None,
                "mart_balanced_scorecard_monthly is not published yet.")
        )
    return kpis


# --------------------------------------------------------------------------
# Charts
def figure_html(fig: go.Figure, div_id: str) -> str:
    fig.update_layout(
        template="plotly_white",
        margin={"l": 50, "r": 20, "t": 50, "b": 40},
        legend={"orientation": "h", "y": -0.15},
        font={"family": "system-ui, sans-serif", "size": 12},
    )
    return fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        default_width="100%",
        config={"responsive": True, "displaylogo": False},
    )


def banded_rate_chart(
    pub: Published,
    table: str,
    metric: str,
    num: str,
    den: str,
    title: str,
    div_id: str,
) -> str:
    """One small chart per segment: the monthly rate over its benchmark bands."""
    rows = pub.rows(
        f"select month_start, segment, sum({num}) as num, sum({den}) as den from {{t}}"
        " group by 1, 2 order by 1, 2",
        t=table,
    )
    bands: dict[str, dict[str, float]] = {}
    if pub.has("reference/benchmark_bands"):
        for row in pub.rows(
            f"select * from {{b}} where metric = '{metric}'", b="reference/benchmark_bands"
        ):
            bands[row["segment"]] = row
    fig = make_subplots(rows=1, cols=len(SEGMENTS), subplot_titles=SEGMENTS, shared_yaxes=True)
    for index, segment in enumerate(SEGMENTS, start=1):
        points = [row for row in rows if row["segment"] == segment]
        band = bands.get(segment)
        if band:
            edges = [
                ("below_good", 0.0, float(band["good_min_pct"])),
                ("good", float(band["good_min_pct"]), float(band["great_min_pct"])),
                ("great", float(band["great_min_pct"]), float(band["world_class_min_pct"])),
                ("world_class", float(band["world_class_min_pct"]), 100.0),
            ]
            for name, low, high in edges:
                label = {"annotation_text": BAND_LABELS[name], "annotation_position": "top left",
                         "annotation_font_size": 9} if index == 1 else {}
                fig.add_hrect(
                    y0=low, y1=high, fillcolor=BAND_COLOURS[name], line_width=0,
                    layer="below", row=1, col=index, exclude_empty_subplots=False, **label,
                )
        fig.add_trace(
            go.Scatter(
                x=[row["month_start"] for row in points],
                y=[ratio(row["num"], row["den"]) for row in points],
                mode="lines+markers",
                name=segment,
                line={"color": LINE_COLOURS[index - 1]},
                hovertemplate="%{x|%b %Y}: %{y:.1f} %<extra>" + segment + "</extra>",
            ),
            row=1,
            col=index,
        )
    fig.update_yaxes(range=[0, 100], ticksuffix=" %")
    fig.update_layout(title=title, height=340, showlegend=False)
    return figure_html(fig, div_id)


def line_chart(
    series: dict[str, list[tuple[Any, float | None]]],
    title: str,
    div_id: str,
    unit: str,
    target_bands: Sequence[tuple[float, float, str]] = (),
) -> str:
    fig = go.Figure()
    # Target bands as paper-wide rectangles: add_hrect on a figure without
    # traces yet leaves the x axis range stuck.
    for low, high, label in target_bands:
        fig.add_shape(
            type="rect", xref="paper", x0=0, x1=1, yref="y", y0=low, y1=high,
            fillcolor="rgba(34, 197, 94, 0.12)", line_width=0, layer="below",
        )
        fig.add_annotation(
            xref="paper", x=0.01, yref="y", y=high, text=label, showarrow=False,
            xanchor="left", yanchor="top", font={"size": 10, "color": "#166534"},
        )
    for index, (name, points) in enumerate(series.items()):
        fig.add_trace(
            go.Scatter(
                x=[point[0] for point in points],
                y=[point[1] for point in points],
                mode="lines+markers",
                name=name,
                line={"color": LINE_COLOURS[index % len(LINE_COLOURS)]},
            )
        )
    if unit == "pct":
        fig.update_yaxes(ticksuffix=" %", rangemode="tozero")
    elif unit == "usd":
        fig.update_yaxes(tickprefix="$", rangemode="tozero")
    fig.update_layout(title=title, height=360)
    return figure_html(fig, div_id)


def automation_chart(pub: Published) -> str:
    totals = monthly_totals(
        pub,
        "mart_automation_resolution_monthly",
        "ticket_month",
        {
            "claimed": "claimed_ai_resolutions",
            "tickets": "tickets",
            "true": "true_ai_resolutions",
            "judged_7d": "tickets_judged_7d",
            "billable": "vendor_billable_resolutions",
            "judged_72h": "tickets_judged_72h",
        },
    )
    months = sorted(totals)
    return line_chart(
        {
            "Claimed (closed by AI)": [(m, ratio(totals[m]["claimed"], totals[m]["tickets"])) for m in months],
            "Vendor-billable (no message in 72 h)": [
                (m, ratio(totals[m]["billable"], totals[m]["judged_72h"])) for m in months
            ],
            "True (verified)": [(m, ratio(totals[m]["true"], totals[m]["judged_7d"])) for m in months],
        },
        "True vs claimed AI resolution rate (month created, all categories)",
        "chart-automation",
        "pct",
        [(60.0, 80.0, "seed 001 target: autonomous resolution 60-80 %")],
    )


def repeat_chart(pub: Published) -> str:
    rows = pub.rows(
        "select solved_month, resolution_path, sum(repeat_contacts_7d) as r7,"
        " sum(mature_tickets_7d) as m7 from {t} group by 1, 2 order by 1, 2",
        t="mart_repeat_contacts_monthly",
    )
    series: dict[str, list[tuple[Any, float | None]]] = {}
    for row in rows:
        series.setdefault(row["resolution_path"], []).append(
            (row["solved_month"], ratio(row["r7"], row["m7"]))
        )
    return line_chart(
        series,
        "Repeat contact rate within 7 days, by resolution path (month solved)",
        "chart-repeat",
        "pct",
    )


def cost_chart(pub: Published) -> str:
    rows = pub.rows(
        "select month_start, human_cost_per_resolution_usd as human,"
        " ai_full_cost_per_resolution_usd as ai_full,"
        " ai_marginal_cost_per_resolution_usd as ai_marginal,"
        " blended_cost_per_resolution_usd as blended from {t} order by 1",
        t="mart_cost_per_resolution_monthly",
    )
    return line_chart(
        {
            "Human": [(row["month_start"], row["human"]) for row in rows],
            "AI, full cost": [(row["month_start"], row["ai_full"]) for row in rows],
            "AI, marginal cost only": [(row["month_start"], row["ai_marginal"]) for row in rows],
            "Blended": [(row["month_start"], row["blended"]) for row in rows],
        },
        "Cost per resolution (USD, month solved)",
        "chart-cost",
        "usd",
        [(8.0, 15.0, "seed 001: human $8-15"), (1.0, 3.0, "seed 001: AI $1-3")],
    )


def scorecard_chart(pub: Published) -> str:
    rows = pub.rows(
        "select month_start, efficiency_score_pct, quality_score_pct,"
        " experience_score_pct, weighted_total_score_pct from {t} order by 1",
        t="mart_balanced_scorecard_monthly",
    )
    return line_chart(
        {
            "Weighted total": [(row["month_start"], row["weighted_total_score_pct"]) for row in rows],
            "Efficiency": [(row["month_start"], row["efficiency_score_pct"]) for row in rows],
            "Quality": [(row["month_start"], row["quality_score_pct"]) for row in rows],
            "Experience": [(row["month_start"], row["experience_score_pct"]) for row in rows],
        },
        "Balanced scorecard: category scores and weighted total (0-100)",
        "chart-scorecard",
        "pct",
    )


def scorecard_table(pub: Published, month: date) -> str:
    rows = pub.rows(
        "select metric, metric_name, scorecard_category, unit, direction, weight,"
        " metric_value, target_value, is_target_met, attainment_pct, baseline_value"
        f" from {{t}} where month_start = date '{month}'"
        " order by scorecard_category, weight desc, metric",
        t="mart_balanced_scorecard_metrics_monthly",
    )
    body = []
    for row in rows:
        unit = row["unit"] if row["unit"] in ("pct", "usd", "seconds") else "score"
        met = row["is_target_met"]
        status = "met" if met else ("missed" if met is not None else "no target")
        body.append(
            f'<tr id="scorecard-{html.escape(row["metric"])}">'
            f"<td>{html.escape(row['metric_name'] or row['metric'])}</td>"
            f"<td>{html.escape(row['scorecard_category'] or '')}</td>"
            f"<td class=\"num\">{fmt(row['metric_value'], unit)}</td>"
            f"<td class=\"num\">{fmt(row['target_value'], unit)}</td>"
            f"<td class=\"num\">{fmt(row['baseline_value'], unit)}</td>"
            f"<td class=\"num\">{fmt(row['attainment_pct'], 'pct')}</td>"
            f"<td class=\"num\">{row['weight']:g}</td>"
            f'<td class="status status-{status.replace(" ", "-")}">{status}</td>'
            "</tr>"
        )
    return (
        '<table class="scorecard"><thead><tr><th>Metric</th><th>Category</th>'
        "<th>Value</th><th>Target</th><th>Pre-rollout baseline</th><th>Attainment</th>"
        "<th>Weight</th><th>Status</th></tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def warnings_html(pub: Published, month: date) -> str:
    """Seed 000 / 002 warning flags the CS marts compute, for the headline month."""
    items: list[str] = []
    if pub.has("mart_ai_assisted_resolution_monthly"):
        for row in pub.rows(
            f"select segment from {{t}} where month_start = date '{month}'"
            " and is_rate_up_outcomes_down order by 1",
            t="mart_ai_assisted_resolution_monthly",
        ):
            items.append(
                f"{row['segment']}: the AI-assisted rate rose while CSAT or GRR fell "
                "(seed 000: AI may be creating noise, not value)."
            )
    if pub.has("mart_csm_ai_adoption_monthly"):
        for row in pub.rows(
            f"select segment from {{t}} where month_start = date '{month}'"
            " and is_fragile_ai_program order by 1",
            t="mart_csm_ai_adoption_monthly",
        ):
            items.append(
                f"{row['segment']}: high AI-assisted rate, low adoption - a small group "
                "carries the AI program (seed 002)."
            )
    if not items:
        return '<p class="muted">No warning flag this month.</p>'
    return "<ul class=\"warnings\">" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def missing(name: str) -> str:
    return (
        f'<p class="missing">{html.escape(name)} is not published yet: run '
        "<code>make build</code> (or <code>make publish</code>) once it exists.</p>"
    )


# --------------------------------------------------------------------------
CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0;
       background: #f8fafc; color: #0f172a; }
header { background: #0f172a; color: #f8fafc; padding: 18px 28px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #cbd5e1; font-size: 13px; }
main { padding: 20px 28px 40px; max-width: 1400px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 14px; }
.kpi { background: white; border: 1px solid #e2e8f0; border-radius: 10px; padding: 14px 16px; }
.kpi-title { font-size: 13px; color: #475569; }
.kpi-value { font-size: 30px; font-weight: 650; margin: 6px 0 2px; }
.kpi-delta { font-size: 12px; color: #64748b; }
.kpi-note { font-size: 11px; color: #64748b; margin-top: 8px; }
.kpi-bands { margin-top: 6px; }
.band { display: inline-block; font-size: 11px; border-radius: 999px; padding: 1px 8px;
        margin: 2px 4px 0 0; background: #e2e8f0; }
.band-below_good { background: #fee2e2; } .band-good { background: #fef3c7; }
.band-great { background: #dcfce7; } .band-world_class { background: #bbf7d0; }
.chart { background: white; border: 1px solid #e2e8f0; border-radius: 10px; padding: 6px;
         margin-bottom: 14px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 14px; }
/* auto-fill, not auto-fit: a chart is drawn as soon as its div is parsed,
   before its neighbour exists, and must get its final width then. */
.grid2 > .chart { min-width: 0; }
table.scorecard { border-collapse: collapse; width: 100%; background: white; font-size: 13px; }
table.scorecard th, table.scorecard td { border-bottom: 1px solid #e2e8f0; padding: 6px 8px;
                                         text-align: left; }
table.scorecard td.num { text-align: right; font-variant-numeric: tabular-nums; }
.status-met { color: #15803d; font-weight: 600; } .status-missed { color: #b91c1c; font-weight: 600; }
.status-no-target { color: #64748b; }
.missing { background: #fff7ed; border: 1px dashed #fdba74; padding: 10px; border-radius: 8px; }
.warnings li { margin: 4px 0; } .muted { color: #64748b; }
footer { color: #64748b; font-size: 12px; padding: 0 28px 30px; }
"""


def build(published: Path, out: Path) -> Path:
    pub = Published(current_folder(published))
    month = headline_month(pub)
    if month is None:
        raise SystemExit(
            f"No mart_ai_assisted_resolution_monthly.parquet in {published}: "
            "run `make build` (or scripts/publish_marts.py) first"
        )
    kpis = build_kpis(pub, month)
    sections: list[str] = []
    sections.append(f'<h2>Headline: {month:%B %Y} (latest complete month)</h2>')
    sections.append('<div class="kpis">' + "".join(k.html() for k in kpis) + "</div>")
    sections.append("<h2>Warnings</h2>" + warnings_html(pub, month))

    sections.append("<h2>AI-assisted resolution rate and CSM AI adoption, against the benchmark bands</h2>")
    if pub.has("mart_ai_assisted_resolution_monthly"):
        sections.append(
            '<div class="chart">'
            + banded_rate_chart(
                pub, "mart_ai_assisted_resolution_monthly", "ai_assisted_resolution_rate",
                "ai_assisted_interventions", "interventions",
                "AI-assisted resolution rate by account segment (seed 000 bands)",
                "chart-ai-assisted-rate",
            )
            + "</div>"
        )
    if pub.has("mart_csm_ai_adoption_monthly"):
        sections.append(
            '<div class="chart">'
            + banded_rate_chart(
                pub, "mart_csm_ai_adoption_monthly", "csm_ai_adoption_rate",
                "adopting_csm_weeks", "active_csm_weeks",
                "CSM AI adoption rate by CSM segment (seed 002 bands)",
                "chart-adoption-rate",
            )
            + "</div>"
        )

    sections.append("<h2>Automation: true vs claimed resolution, repeat contacts</h2>")
    pair: list[str] = []
    pair.append(
        automation_chart(pub) if pub.has("mart_automation_resolution_monthly")
        else missing("mart_automation_resolution_monthly")
    )
    pair.append(
        repeat_chart(pub) if pub.has("mart_repeat_contacts_monthly")
        else missing("mart_repeat_contacts_monthly")
    )
    sections.append('<div class="grid2">' + "".join(f'<div class="chart">{p}</div>' for p in pair) + "</div>")

    sections.append("<h2>Cost per resolution and the balanced scorecard</h2>")
    pair = [
        cost_chart(pub) if pub.has("mart_cost_per_resolution_monthly")
        else missing("mart_cost_per_resolution_monthly"),
        scorecard_chart(pub) if pub.has("mart_balanced_scorecard_monthly")
        else missing("mart_balanced_scorecard_monthly"),
    ]
    sections.append('<div class="grid2">' + "".join(f'<div class="chart">{p}</div>' for p in pair) + "</div>")
    if pub.has("mart_balanced_scorecard_metrics_monthly"):
        sections.append(
            f'<h2 id="scorecard">Scorecard, {month:%B %Y}: every metric against its target</h2>'
        )
        sections.append(scorecard_table(pub, month))

    published_at = pub.manifest.get("published_at", "unknown")
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>AI in support &amp; success: metrics dashboard</title>
<style>{CSS}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head>
<body>
<header>
<h1>AI in customer support &amp; success</h1>
<p>Verified metrics from the dbt marts. Headline month: <span id="headline-month">{month:%Y-%m}</span>.
Published {html.escape(str(published_at))}.</p>
</header>
<main>
{''.join(sections)}
</main>
<footer>Built by scripts/build_dashboard.py from the Parquet files in {html.escape(str(published))}.
Definitions: the dbt docs site (<code>make docs</code>). Rates are re-aggregated from each mart's
numerator and denominator.</footer>
</body>
</html>
"""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--published", type=Path, default=Path("published"),
                        help="folder written by scripts/publish_marts.py (default: published)")
    parser.add_argument("--out", type=Path, default=None,
                        help="HTML file to write (default: <published>/dashboard.html)")
    args = parser.parse_args(argv)
    out = build(args.published, args.out or args.published / "dashboard.html")
    print(f"Wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

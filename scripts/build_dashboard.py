"""Build the support leader's dashboard from the published marts.

Reads the Parquet files that scripts/publish_marts.py writes (never the
DuckDB file dbt is building) and writes one self-contained HTML page:

    published/dashboard.html

What it shows comes from the metric catalog (published
reference/metric_catalog, declared on the marts' columns): a headline card
per headline metric for the latest complete month, with its target, the
month-on-month change and, for a benchmarked rate, the segments' bands; a
per-segment chart over the bands for each benchmarked headline metric; a
trend chart per catalog `panel`; and every scorecard metric against its
target. Adding `headline: true` or a `panel` to a metric's declaration adds
it here with no change to this script. Charts are plotly with plotly.js
written inline, so the page opens without any network.

    python scripts/build_dashboard.py [--published published] [--out published/dashboard.html]

Every figure is re-aggregated from the marts' numerators and denominators
(sum over segments or categories, then divide), the same way the scorecard
and the semantic layer's metrics roll up.
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
# The metric catalog: what the page shows and how each figure is computed
@dataclass(frozen=True)
class Metric:
    """One row of reference.metric_catalog (declared on a mart's column)."""

    key: str
    name: str
    definition: str
    mart: str
    numerator: str | None
    denominator: str | None
    multiplier: float
    filter_sql: str | None
    period: str | None
    grain: str | None
    unit: str
    target: float | None
    direction: str
    weight: float
    is_headline: bool
    benchmark: str | None
    source: str | None
    panel: str | None
    panel_by: str | None

    @property
    def is_monthly(self) -> bool:
        return self.period is not None and self.grain in ("day", "month") and self.numerator is not None


def catalog(pub: Published) -> list[Metric]:
    if not pub.has("reference/metric_catalog"):
        return []
    rows = pub.rows("select * from {c} order by mart, metric", c="reference/metric_catalog")
    return [
        Metric(
            key=row["metric"],
            name=row["metric_name"],
            definition=row["definition"] or "",
            mart=row["mart"],
            numerator=row["numerator"],
            denominator=row["denominator"],
            multiplier=float(row["multiplier"]),
            filter_sql=row["filter_sql"],
            period=row["period_column"],
            grain=row["time_grain"],
            unit=row["unit"],
            target=row["target"],
            direction=row["direction"],
            weight=float(row["weight"]),
            is_headline=bool(row["is_headline"]),
            benchmark=row["benchmark"],
            source=row["source_article"],
            panel=row.get("dashboard_panel"),
            panel_by=row.get("dashboard_panel_by"),
        )
        for row in rows
    ]


def monthly_values(
    pub: Published, metric: Metric, by: str | None = None
) -> dict[tuple[date, Any], float | None]:
    """The metric per month (and per value of `by`): multiplier x
    sum(numerator) / sum(denominator) over the mart's other dimensions, the
    way the scorecard and the semantic layer re-aggregate it."""
    if not metric.is_monthly or not pub.has(metric.mart):
        return {}
    key = f", {by}" if by else ", null"
    den = f"sum({metric.denominator})" if metric.denominator else "null"
    where = f" where {metric.filter_sql}" if metric.filter_sql else ""
    rows = pub.rows(
        f"select cast(date_trunc('month', {metric.period}) as date) as month{key} as part,"
        f" sum({metric.numerator}) as num, {den} as den from {{t}}{where} group by all order by 1",
        t=metric.mart,
    )
    values: dict[tuple[date, Any], float | None] = {}
    for row in rows:
        if metric.denominator:
            value = ratio(row["num"], row["den"], metric.multiplier)
        else:
            value = None if row["num"] is None else metric.multiplier * float(row["num"])
        values[(row["month"], row["part"])] = value
    return values


def target_text(metric: Metric) -> str:
    if metric.target is None:
        return ""
    word = "at least" if metric.direction == "higher_is_better" else "at most"
    return f"Target: {word} {fmt(metric.target, metric.unit)}."


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


def prior_key(months: dict[date, Any], month: date) -> date | None:
    earlier = [m for m in months if m < month]
    return max(earlier) if earlier else None


def segment_bands(pub: Published, metric: Metric, month: date) -> list[tuple[str, str]]:
    """The segments' benchmark bands that month, from the mart's own band column."""
    if not metric.benchmark or not pub.has(metric.mart):
        return []
    known = "segment in (select segment from {s} where has_benchmark)" if pub.has(
        "reference/segments"
    ) else "true"
    rows = pub.rows(
        f"select segment, benchmark_band from {{t}} where {metric.period} = date '{month}'"
        f" and {known} order by segment",
        t=metric.mart,
        s="reference/segments",
    )
    return [(row["segment"], row["benchmark_band"]) for row in rows]


def build_kpis(pub: Published, month: date, metrics: list[Metric]) -> list[Kpi]:
    """A headline card per headline catalog metric with a monthly value: the
    month's figure, the prior month's, its target and, with a benchmark, the
    segments' bands."""
    kpis: list[Kpi] = []
    # The benchmarked rates first, then the heaviest on the scorecard.
    ordered = sorted(metrics, key=lambda m: (m.benchmark is None, -m.weight, m.name))
    for metric in ordered:
        if not (metric.is_headline and metric.is_monthly):
            continue
        by_month = {month_: value for (month_, _), value in monthly_values(pub, metric).items()}
        previous = prior_key(by_month, month)
        note = " ".join(part for part in (target_text(metric), f"Source: {metric.source}." if metric.source else "") if part)
        kpis.append(
            Kpi(
                metric.key,
                metric.name,
                by_month.get(month),
                metric.unit,
                by_month.get(previous) if previous else None,
                note,
                segment_bands(pub, metric, month),
            )
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


def slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def banded_rate_chart(pub: Published, metric: Metric, segments: list[str]) -> str:
    """One small chart per segment: the monthly rate over its benchmark bands."""
    values = monthly_values(pub, metric, by="segment")
    bands: dict[str, dict[str, float]] = {}
    if pub.has("reference/benchmark_bands"):
        for row in pub.rows(
            f"select * from {{b}} where metric = '{metric.benchmark}'", b="reference/benchmark_bands"
        ):
            bands[row["segment"]] = row
    fig = make_subplots(rows=1, cols=len(segments), subplot_titles=segments, shared_yaxes=True)
    for index, segment in enumerate(segments, start=1):
        points = sorted((m, v) for (m, part), v in values.items() if part == segment)
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
                x=[point[0] for point in points],
                y=[point[1] for point in points],
                mode="lines+markers",
                name=segment,
                line={"color": LINE_COLOURS[(index - 1) % len(LINE_COLOURS)]},
                hovertemplate="%{x|%b %Y}: %{y:.1f} %<extra>" + segment + "</extra>",
            ),
            row=1,
            col=index,
        )
    fig.update_yaxes(range=[0, 100], ticksuffix=" %")
    source = f" ({metric.source} bands)" if metric.source else ""
    fig.update_layout(title=f"{metric.name} by segment{source}", height=340, showlegend=False)
    return figure_html(fig, f"chart-{slug(metric.key)}")


def panel_chart(pub: Published, title: str, metrics: list[Metric]) -> str:
    """A trend panel: one line per metric of the panel (or per value of the
    panel's `panel_by` dimension), each metric's target dotted."""
    fig = go.Figure()
    colour = 0
    by = metrics[0].panel_by
    for metric in metrics:
        values = monthly_values(pub, metric, by=by)
        parts = sorted({part for _, part in values}, key=str)
        for part in parts:
            points = sorted((m, v) for (m, p), v in values.items() if p == part)
            fig.add_trace(
                go.Scatter(
                    x=[point[0] for point in points],
                    y=[point[1] for point in points],
                    mode="lines+markers",
                    name=str(part) if by else metric.name,
                    line={"color": LINE_COLOURS[colour % len(LINE_COLOURS)]},
                )
            )
            colour += 1
        if metric.target is not None and not by:
            fig.add_hline(
                y=metric.target, line_dash="dot", line_width=1,
                line_color=LINE_COLOURS[(colour - 1) % len(LINE_COLOURS)],
                annotation_text=f"target {fmt(metric.target, metric.unit)}",
                annotation_font_size=9,
            )
    unit = metrics[0].unit
    if unit == "pct":
        fig.update_yaxes(ticksuffix=" %", rangemode="tozero")
    elif unit == "usd":
        fig.update_yaxes(tickprefix="$", rangemode="tozero")
    fig.update_layout(title=title, height=360)
    return figure_html(fig, f"chart-{slug(title)}")


def panels(metrics: list[Metric]) -> dict[str, list[Metric]]:
    grouped: dict[str, list[Metric]] = {}
    for metric in metrics:
        if metric.panel and metric.is_monthly:
            grouped.setdefault(metric.panel, []).append(metric)
    return grouped


def scorecard_table(pub: Published, month: date) -> str:
    rows = pub.rows(
        "select metric, metric_name, scorecard_category, unit, direction, weight,"
        " metric_value, target_value, is_target_met, attainment_pct, baseline_value,"
        " is_low_sample, is_provisional"
        f" from {{t}} where month_start = date '{month}'"
        " order by scorecard_category, weight desc, metric",
        t="mart_balanced_scorecard_metrics_monthly",
    )
    body = []
    for row in rows:
        unit = row["unit"] if row["unit"] in ("pct", "usd", "seconds") else "score"
        met = row["is_target_met"]
        if met is None and row["is_low_sample"] and row["target_value"] is not None:
            # Fewer observations than var min_sample_size: not judged.
            status = "too few"
        else:
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
            f'<td class="status status-{status.replace(" ", "-")}">{status}'
            + (' <span class="provisional">(provisional)</span>' if row["is_provisional"] else "")
            + "</td>"
            "</tr>"
        )
    return (
        '<table class="scorecard"><thead><tr><th>Metric</th><th>Category</th>'
        "<th>Value</th><th>Target</th><th>Pre-rollout baseline</th><th>Attainment</th>"
        "<th>Weight</th><th>Status</th></tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def provisional_rows(pub: Published) -> list[dict[str, Any]]:
    """Per month of the scorecard: is_provisional and the immature share
    (docs/definitions.md "Provisional period"), latest month first."""
    name = "mart_balanced_scorecard_monthly"
    if not pub.has(name):
        return []
    return pub.rows(
        "select distinct month_start, is_provisional, immature_items, period_items,"
        " immature_share_pct from {t} order by month_start desc",
        t=name,
    )


def provisional_html(pub: Published, month: date) -> str:
    """The headline month's status and every provisional month: a month
    some of whose tickets' windows (7 / 14 days, 72 hours) had not elapsed
    at the data cut-off; its rates may still change."""
    rows = provisional_rows(pub)
    by_month = {row["month_start"]: row for row in rows}
    head = by_month.get(month)
    if head is None:
        status = '<p id="headline-provisional">Provisional status unknown (no scorecard).</p>'
    elif head["is_provisional"]:
        status = (
            '<p id="headline-provisional" class="provisional">Provisional: '
            f"{fmt(head['immature_share_pct'], 'pct')} of its tickets "
            f"({head['immature_items']} of {head['period_items']}) not yet judged "
            "(a repeat-contact or vendor window still open at the data cut-off).</p>"
        )
    else:
        status = (
            '<p id="headline-provisional" class="final">Final: every ticket\'s windows '
            "had elapsed at the data cut-off.</p>"
        )
    items = [
        f'<li data-month="{row["month_start"]:%Y-%m}">{row["month_start"]:%B %Y}: '
        f"{fmt(row['immature_share_pct'], 'pct')} immature "
        f"({row['immature_items']} of {row['period_items']} tickets)</li>"
        for row in rows
        if row["is_provisional"]
    ]
    listing = (
        '<ul id="provisional-months">' + "".join(items) + "</ul>"
        if items
        else '<p id="provisional-months">No provisional month.</p>'
    )
    return status + "<h3>Provisional months</h3>" + listing


def warnings_html(pub: Published, month: date) -> str:
    """The warning flags the CS marts compute, for the headline month."""
    items: list[str] = []
    if pub.has("mart_ai_assisted_resolution_monthly"):
        for row in pub.rows(
            f"select segment from {{t}} where month_start = date '{month}'"
            " and is_rate_up_outcomes_down order by 1",
            t="mart_ai_assisted_resolution_monthly",
        ):
            items.append(
                f"{row['segment']}: the AI-assisted rate rose while CSAT or GRR fell "
                "(AI-Assisted Resolution Rate: AI may be creating noise, not value)."
            )
    if pub.has("mart_csm_ai_adoption_monthly"):
        for row in pub.rows(
            f"select segment from {{t}} where month_start = date '{month}'"
            " and is_fragile_ai_program order by 1",
            t="mart_csm_ai_adoption_monthly",
        ):
            items.append(
                f"{row['segment']}: high AI-assisted rate, low adoption - a small group "
                "carries the AI program (CSM AI Adoption Rate)."
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
.provisional { color: #b45309; font-weight: 600; } .final { color: #15803d; }
.status-met { color: #15803d; font-weight: 600; } .status-missed { color: #b91c1c; font-weight: 600; }
.status-no-target { color: #64748b; } .status-too-few { color: #64748b; font-style: italic; }
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
    metrics = catalog(pub)
    if not metrics:
        raise SystemExit(f"No reference/metric_catalog.parquet in {published}: publish again")
    segments = (
        [row["segment"] for row in pub.rows(
            "select segment from {s} where has_benchmark order by display_order", s="reference/segments"
        )]
        if pub.has("reference/segments") else []
    )
    kpis = build_kpis(pub, month, metrics)
    sections: list[str] = []
    sections.append(f'<h2>Headline: {month:%B %Y} (latest complete month)</h2>')
    sections.append(provisional_html(pub, month))
    sections.append('<div class="kpis">' + "".join(k.html() for k in kpis) + "</div>")
    sections.append("<h2>Warnings</h2>" + warnings_html(pub, month))

    banded = [m for m in metrics if m.benchmark and m.is_headline and m.is_monthly]
    if banded and segments:
        sections.append("<h2>Against the benchmark bands</h2>")
        for metric in banded:
            sections.append('<div class="chart">' + banded_rate_chart(pub, metric, segments) + "</div>")

    sections.append("<h2>Trends</h2>")
    charts = [
        f'<div class="chart">{panel_chart(pub, title, members)}</div>'
        for title, members in panels(metrics).items()
    ]
    sections.append('<div class="grid2">' + "".join(charts) + "</div>")
    if pub.has("mart_balanced_scorecard_metrics_monthly"):
        sections.append(
            f'<h2 id="scorecard">Scorecard, {month:%B %Y}: every metric against its target</h2>'
        )
        head = {row["month_start"]: row for row in provisional_rows(pub)}.get(month)
        if head is not None and head["is_provisional"]:
            sections.append(
                '<p id="scorecard-provisional" class="provisional">Provisional month: '
                f"{fmt(head['immature_share_pct'], 'pct')} of its tickets not yet judged.</p>"
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
What is shown comes from the metric catalog (reference.metric_catalog): its headline metrics, their
targets, benchmark bands and panels. Definitions: docs/definitions.md and the dbt docs site
(<code>make docs</code>). Rates are re-aggregated from each mart's numerator and denominator.</footer>
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

"""Build the support leader's dashboard from the published marts.

Reads the Parquet files that scripts/publish_marts.py writes (never the
DuckDB file dbt is building) and writes one self-contained HTML page:

    published/dashboard.html

What a leader reads in a minute, top to bottom:

- a "data as of" banner: the data cut-off (reference.reporting_calendar)
  against the time the page is built, called stale beyond
  `stale_after_days` (var freshness_warn_after_days, the export freshness
  threshold) and very stale beyond `very_stale_after_days` (var
  freshness_error_after_days);
- filters by segment and by ticket category: every card and trend line
  whose mart has that dimension is re-aggregated in the page from the
  numerators and denominators embedded in it;
- three headlines: CSAT after the rollout vs before the AI pilot (with the
  difference's interval, mart_outcome_comparisons), what the AI vendor
  over-billed (mart_vendor_pay_for_performance_monthly) and CSM AI adoption
  in the latest complete week (mart_csm_ai_adoption_weekly);
- a card per headline metric of the metric catalog (reference
  metric_catalog) for the latest complete month: value and change on the
  prior month coloured against the catalog's target and direction, n (the
  denominator) and, where the month's figure is one mart row, its 95 %
  Wilson interval as a whisker; a provisional month is marked;
- charts: each benchmarked headline rate per segment over its bands, the
  weekly adoption view, the vendor's over-billing by month and a trend
  chart per catalog `panel`. Whiskers are the marts' intervals, open
  markers are provisional months (or incomplete weeks), the pilot is shaded
  and left out of the y-axis scale (an off-scale pilot value is written on
  the chart instead);
- every scorecard metric against its target.

Durations are shown in hours (minutes below an hour, seconds below a
minute), money in dollars. Adding `headline: true` or a `panel` to a
metric's declaration adds it here with no change to this script. Charts
are plotly with plotly.js written inline, so the page opens without any
network.

    python scripts/build_dashboard.py [--published published] [--out published/dashboard.html]
                                      [--now 2026-01-05T09:00:00Z]

--now: the instant the banner judges the data's age at (default: now).

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
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
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
PILOT_FILL = "rgba(100, 116, 139, 0.16)"
# A dimension the page filters by, and the mart column that carries it.
FILTER_DIMENSIONS = ("segment", "category")
UNCATEGORISED = "(none)"


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
        self._columns: dict[str, set[str]] = {}

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.parquet"

    def has(self, *names: str) -> bool:
        return all(self.path(name).exists() for name in names)

    def columns(self, name: str) -> set[str]:
        if name not in self._columns:
            self._columns[name] = (
                {row[0] for row in self.con.execute(
                    f"describe select * from read_parquet('{self.path(name)}')"
                ).fetchall()}
                if self.has(name) else set()
            )
        return self._columns[name]

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
# Formatting (the page's script formats filtered values the same way: JS fmt)
def fmt_duration(seconds: float, like: float | None = None) -> str:
    """Hours; minutes below an hour, seconds below a minute (the unit of
    `like` when given: a change is shown in its value's unit)."""
    size = abs(seconds if like is None else like)
    if size >= 3600:
        return f"{seconds / 3600:,.2f} h"
    if size >= 60:
        return f"{seconds / 60:,.1f} min"
    return f"{seconds:,.0f} s"


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
        return fmt_duration(value)
    return f"{value:,.2f}"


def delta_text(value: float | None, prior: float | None, unit: str, against: str = "prior month") -> str:
    if value is None or prior is None:
        return f"no {against}"
    diff = value - prior
    if unit == "pct":
        return f"{diff:+.1f} pts vs {against}"
    if unit == "usd":
        return f"{'+' if diff >= 0 else '-'}${abs(diff):,.2f} vs {against}"
    if unit == "seconds":
        return f"{'+' if diff >= 0 else '-'}{fmt_duration(abs(diff), max(abs(value), abs(prior)))} vs {against}"
    return f"{diff:+.1f} vs {against}"


def judge(value: float | None, target: float | None, direction: str) -> str:
    """'good' / 'bad' against the target, 'neutral' without one."""
    if value is None or target is None or (isinstance(target, float) and math.isnan(target)):
        return "neutral"
    if direction == "lower_is_better":
        return "good" if value <= target else "bad"
    return "good" if value >= target else "bad"


def trend(value: float | None, prior: float | None, direction: str) -> str:
    """'better' / 'worse' / 'same' for a change, by the metric's direction."""
    if value is None or prior is None or value == prior:
        return "same"
    up = value > prior
    return "better" if up == (direction != "lower_is_better") else "worse"


def whisker_svg(value: float | None, low: float | None, high: float | None,
                target: float | None = None, axis: tuple[float, float] = (0.0, 100.0)) -> str:
    """A small inline interval whisker on the `axis` scale, the target ticked."""
    if value is None or low is None or high is None:
        return ""
    width = 180.0
    start, end = axis

    def x(v: float) -> float:
        return 4 + (width - 8) * (max(start, min(end, v)) - start) / (end - start)

    tick = (
        f'<line x1="{x(target):.1f}" x2="{x(target):.1f}" y1="2" y2="16" class="w-target"/>'
        if target is not None and not (isinstance(target, float) and math.isnan(target)) else ""
    )
    return (
        f'<svg class="whisker" width="{width:.0f}" height="18" viewBox="0 0 {width:.0f} 18" '
        f'role="img" aria-label="95 % interval {low:.1f} to {high:.1f}">'
        f'<line x1="4" x2="{width - 4:.0f}" y1="9" y2="9" class="w-axis"/>{tick}'
        f'<line x1="{x(low):.1f}" x2="{x(high):.1f}" y1="9" y2="9" class="w-range"/>'
        f'<line x1="{x(low):.1f}" x2="{x(low):.1f}" y1="5" y2="13" class="w-range"/>'
        f'<line x1="{x(high):.1f}" x2="{x(high):.1f}" y1="5" y2="13" class="w-range"/>'
        f'<circle cx="{x(value):.1f}" cy="9" r="3.5" class="w-dot"/></svg>'
    )


def humanise(column: str | None) -> str:
    return (column or "").replace("_", " ")


@dataclass
class Kpi:
    key: str
    title: str
    value: float | None
    unit: str
    prior: float | None = None
    note: str = ""
    bands: Sequence[tuple[str, str]] = ()  # (segment, band)
    target: float | None = None
    direction: str = "higher_is_better"
    n: float | None = None
    n_label: str = ""
    ci: tuple[float, float] | None = None
    is_low_sample: bool = False
    is_provisional: bool = False
    # For the filters: the mart's dimension and numerator / denominator per value.
    dim: str | None = None
    cells: dict[str, Any] = field(default_factory=dict)
    multiplier: float = 100.0

    def html(self) -> str:
        bands = "".join(
            f'<span class="band band-{html.escape(band or "none")}" data-segment="{html.escape(segment)}">'
            f"{html.escape(segment)}: {html.escape(BAND_LABELS.get(band or '', 'n/a'))}</span>"
            for segment, band in self.bands
        )
        data_value = "" if self.value is None else f"{self.value:.6f}"
        status = "neutral" if self.is_low_sample else judge(self.value, self.target, self.direction)
        change = trend(self.value, self.prior, self.direction)
        n_text = (
            f"n = {self.n:,.0f} {self.n_label}".rstrip() if self.n is not None else ""
        ) + (" (too few to judge)" if self.is_low_sample else "")
        ci = (
            f'<div class="kpi-ci">95 % interval {fmt(self.ci[0], self.unit)} – {fmt(self.ci[1], self.unit)}'
            f"{whisker_svg(self.value, self.ci[0], self.ci[1], self.target)}</div>"
            if self.ci else ""
        )
        attrs = ""
        if self.dim and self.cells:
            attrs = (
                f' data-dim="{self.dim}" data-unit="{self.unit}" data-direction="{self.direction}"'
                f' data-multiplier="{self.multiplier}"'
                f' data-target="{"" if self.target is None else self.target}"'
                f' data-n-label="{html.escape(self.n_label)}"'
                f" data-cells='{html.escape(json.dumps(self.cells), quote=True)}'"
            )
        flag = ' <span class="provisional-badge">provisional</span>' if self.is_provisional else ""
        return (
            f'<div class="kpi" id="kpi-{self.key}" data-value="{data_value}"{attrs}>'
            f'<div class="kpi-title">{html.escape(self.title)}{flag}</div>'
            f'<div class="kpi-value {status}" id="kpi-{self.key}-value">{html.escape(fmt(self.value, self.unit))}</div>'
            f'<div class="kpi-delta {change}">{html.escape(delta_text(self.value, self.prior, self.unit))}</div>'
            f'<div class="kpi-n">{html.escape(n_text)}</div>'
            f"{ci}"
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
    column: str
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
    has_interval: bool
    benchmark: str | None
    source: str | None
    panel: str | None
    panel_by: str | None

    @property
    def is_monthly(self) -> bool:
        return self.period is not None and self.grain in ("day", "month") and self.numerator is not None

    def interval_columns(self) -> tuple[str, str, str] | None:
        """The mart's Wilson interval and low-sample flag beside the rate."""
        if not self.has_interval or not self.column.endswith("_pct"):
            return None
        base = self.column[: -len("_pct")]
        return f"{base}_ci_low_pct", f"{base}_ci_high_pct", f"is_{base}_low_sample"


def nan_to_none(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


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
            column=row.get("mart_column") or row["metric"],
            numerator=row["numerator"],
            denominator=row["denominator"],
            multiplier=float(row["multiplier"]),
            filter_sql=row["filter_sql"],
            period=row["period_column"],
            grain=row["time_grain"],
            unit=row["unit"],
            target=nan_to_none(row["target"]),
            direction=row["direction"],
            weight=float(row["weight"]),
            is_headline=bool(row["is_headline"]),
            has_interval=bool(row.get("has_interval")),
            benchmark=row["benchmark"],
            source=row["source_article"],
            panel=row.get("dashboard_panel"),
            panel_by=row.get("dashboard_panel_by"),
        )
        for row in rows
    ]


@dataclass
class Point:
    """A metric's figure for one month (and value of the `by` dimension)."""

    value: float | None
    numerator: float | None
    denominator: float | None
    rows: int
    is_provisional: bool
    ci: tuple[float, float] | None = None
    is_low_sample: bool = False
    # numerator / denominator per value of the filter dimension
    cells: dict[str, list[float | None]] = field(default_factory=dict)


def filter_dimension(pub: Published, mart: str) -> str | None:
    columns = pub.columns(mart)
    return next((dim for dim in FILTER_DIMENSIONS if dim in columns), None)


def cell_key(value: Any) -> str:
    return UNCATEGORISED if value is None else str(value)


def monthly_points(pub: Published, metric: Metric, by: str | None = None) -> dict[tuple[date, Any], Point]:
    """The metric per month (and per value of `by`): multiplier x
    sum(numerator) / sum(denominator) over the mart's other dimensions, the
    way the scorecard and the semantic layer re-aggregate it. Where the
    month's figure is a single mart row, the mart's own interval and
    low-sample flag come with it; the filter dimension's numerators and
    denominators come along for the page's filters."""
    if not metric.is_monthly or not pub.has(metric.mart):
        return {}
    columns = pub.columns(metric.mart)
    key = f", {by}" if by else ", null"
    den = f"sum({metric.denominator})" if metric.denominator else "null"
    where = f" where {metric.filter_sql}" if metric.filter_sql else ""
    provisional = "bool_or(is_provisional)" if "is_provisional" in columns else "false"
    interval = metric.interval_columns()
    extra = ""
    if interval and all(column in columns for column in interval):
        extra = (
            f", max({interval[0]}) as ci_low, max({interval[1]}) as ci_high,"
            f" bool_or({interval[2]}) as low_sample"
        )
    month = f"cast(date_trunc('month', {metric.period}) as date)"
    rows = pub.rows(
        f"select {month} as month{key} as part, sum({metric.numerator}) as num, {den} as den,"
        f" count(*) as n_rows, {provisional} as provisional{extra}"
        f" from {{t}}{where} group by all order by 1",
        t=metric.mart,
    )
    points: dict[tuple[date, Any], Point] = {}
    for row in rows:
        if metric.denominator:
            value = ratio(row["num"], row["den"], metric.multiplier)
        else:
            value = None if row["num"] is None else metric.multiplier * float(row["num"])
        point = Point(value, row["num"], row["den"], row["n_rows"], bool(row["provisional"]))
        if extra and row["n_rows"] == 1 and row["ci_low"] is not None:
            point.ci = (float(row["ci_low"]), float(row["ci_high"]))
            point.is_low_sample = bool(row["low_sample"])
        points[(row["month"], row["part"])] = point
    dim = filter_dimension(pub, metric.mart)
    if dim and dim != by:
        for row in pub.rows(
            f"select {month} as month{key} as part, {dim} as dim, sum({metric.numerator}) as num,"
            f" {den} as den from {{t}}{where} group by all",
            t=metric.mart,
        ):
            point = points.get((row["month"], row["part"]))
            if point is not None:
                point.cells[cell_key(row["dim"])] = [
                    None if row["num"] is None else float(row["num"]),
                    None if row["den"] is None else float(row["den"]),
                ]
    return points


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
    month's figure and n, the prior month's, its target and, with a
    benchmark, the segments' bands."""
    kpis: list[Kpi] = []
    # The benchmarked rates first, then the heaviest on the scorecard.
    ordered = sorted(metrics, key=lambda m: (m.benchmark is None, -m.weight, m.name))
    for metric in ordered:
        if not (metric.is_headline and metric.is_monthly):
            continue
        by_month = {month_: point for (month_, _), point in monthly_points(pub, metric).items()}
        previous = prior_key(by_month, month)
        current = by_month.get(month)
        prior = by_month.get(previous) if previous else None
        note = " ".join(
            part for part in (
                target_text(metric), f"Source: {metric.source}." if metric.source else ""
            ) if part
        )
        dim = filter_dimension(pub, metric.mart)
        cells = (
            {"cur": current.cells if current else {}, "prior": prior.cells if prior else {}}
            if dim and metric.denominator else {}
        )
        kpis.append(
            Kpi(
                metric.key,
                metric.name,
                current.value if current else None,
                metric.unit,
                prior.value if prior else None,
                note,
                segment_bands(pub, metric, month),
                target=metric.target,
                direction=metric.direction,
                n=current.denominator if current and metric.denominator else None,
                n_label=humanise(metric.denominator),
                ci=current.ci if current else None,
                is_low_sample=bool(current and current.is_low_sample),
                is_provisional=bool(current and current.is_provisional),
                dim=dim if cells else None,
                cells=cells,
                multiplier=metric.multiplier,
            )
        )
    return kpis


# --------------------------------------------------------------------------
# The data cut-off, staleness and the pilot (reference.reporting_calendar)
@dataclass(frozen=True)
class Calendar:
    as_of: datetime | None
    as_of_source: str | None
    stale_after_days: float | None
    very_stale_after_days: float | None
    pilot_start: datetime | None
    rollout: datetime | None
    pilot_months: frozenset[date]

    def is_pilot_week(self, week_start: date) -> bool:
        if self.pilot_start is None or self.rollout is None:
            return False
        start = datetime.combine(week_start, datetime.min.time())
        return start < self.rollout and start + timedelta(days=7) > self.pilot_start


def calendar(pub: Published) -> Calendar:
    row: dict[str, Any] = {}
    if pub.has("reference/reporting_calendar"):
        found = pub.rows("select * from {c}", c="reference/reporting_calendar")
        row = found[0] if found else {}
    pilot: set[date] = set()
    # The months the marts themselves label pilot (macro rollout_period).
    if pub.has("mart_balanced_scorecard_monthly"):
        pilot = {
            r["month_start"] for r in pub.rows(
                "select distinct month_start from {t} where rollout_period = 'pilot'",
                t="mart_balanced_scorecard_monthly",
            )
        }
    return Calendar(
        row.get("as_of_at"),
        row.get("as_of_source"),
        row.get("stale_after_days"),
        row.get("very_stale_after_days"),
        row.get("ai_pilot_start_at"),
        row.get("ai_rollout_at"),
        frozenset(pilot),
    )


def as_of_banner(cal: Calendar, built_at: datetime) -> str:
    """Data as of the cut-off; stale when the page is built more than
    stale_after_days (var freshness_warn_after_days) after it."""
    built = built_at.astimezone(timezone.utc)
    built_text = f"{built:%d %b %Y %H:%M} UTC"
    if cal.as_of is None:
        return (
            f'<div id="as-of-banner" class="banner banner-unknown" data-status="unknown" '
            f'data-built-at="{built.isoformat()}">Data as of: unknown (reference.reporting_calendar '
            f"is not published; build again). Page built {built_text}.</div>"
        )
    as_of = cal.as_of.replace(tzinfo=timezone.utc) if cal.as_of.tzinfo is None else cal.as_of
    age_days = (built - as_of).total_seconds() / 86400
    whole_days = math.floor(max(age_days, 0.0))
    stale, very = cal.stale_after_days, cal.very_stale_after_days
    if very is not None and age_days > very:
        status = "very-stale"
    elif stale is not None and age_days > stale:
        status = "stale"
    else:
        status = "fresh"
    source = "the latest event in the data" if cal.as_of_source == "latest_event" else "var as_of"
    verdict = {
        "fresh": f"Fresh: within {stale:g} days." if stale is not None else "Fresh.",
        "stale": f"STALE: more than {stale:g} days old. Refresh the exports and rebuild.",
        "very-stale": f"VERY STALE: more than {very:g} days old. Refresh the exports and rebuild.",
    }[status]
    return (
        f'<div id="as-of-banner" class="banner banner-{status}" data-status="{status}" '
        f'data-as-of="{as_of.isoformat()}" data-built-at="{built.isoformat()}" '
        f'data-age-days="{whole_days}">'
        f'Data as of <strong id="as-of">{as_of:%d %b %Y %H:%M} UTC</strong> ({source}); '
        f"page built {built_text}: the data is <strong id=\"as-of-age\">{whole_days} days old</strong>. "
        f'<span id="as-of-verdict">{html.escape(verdict)}</span>'
        f' <span class="muted">(Stale after {stale:g} days, very stale after {very:g}: vars '
        "freshness_warn_after_days / freshness_error_after_days.)</span></div>"
    )


# --------------------------------------------------------------------------
# The three headlines: CSAT before vs after, vendor over-billing, weekly adoption
def metric_by_key(metrics: list[Metric], key: str) -> Metric | None:
    return next((m for m in metrics if m.key == key), None)


def headline_card(key: str, title: str, value: str, status: str, lines: list[str],
                  data: dict[str, Any] | None = None, extra: str = "") -> str:
    attrs = "".join(
        f' data-{name}="{html.escape(str(v))}"' for name, v in (data or {}).items() if v is not None
    )
    body = "".join(f'<div class="kpi-line">{line}</div>' for line in lines)
    return (
        f'<div class="kpi headline" id="headline-{key}"{attrs}>'
        f'<div class="kpi-title">{html.escape(title)}</div>'
        f'<div class="kpi-value {status}" id="headline-{key}-value">{html.escape(value)}</div>'
        f"{body}{extra}</div>"
    )


def csat_headline(pub: Published, metrics: list[Metric]) -> str:
    """CSAT of tickets created after the rollout vs before the AI pilot
    (mart_outcome_comparisons, overall): the pilot is in neither group."""
    if not pub.has("mart_outcome_comparisons"):
        return missing("mart_outcome_comparisons")
    rows = pub.rows(
        "select * from {t} where comparison = 'post_rollout_vs_pre_ai' and metric = 'csat'"
        " and period_grain = 'overall'",
        t="mart_outcome_comparisons",
    )
    if not rows:
        return '<p class="muted" id="headline-csat-pre-post">No CSAT before / after comparison.</p>'
    row = rows[0]
    csat = metric_by_key(metrics, "csat_pct")
    target = csat.target if csat else None
    direction = csat.direction if csat else "higher_is_better"
    post, pre = nan_to_none(row["a_value"]), nan_to_none(row["b_value"])
    diff = nan_to_none(row["difference"])
    low, high = nan_to_none(row["difference_ci_low"]), nan_to_none(row["difference_ci_high"])
    change = trend(post, pre, direction)
    significance = (
        "significant" if row["is_significant"] else "not significant"
    ) + (f", p = {row['p_value']:.3g}" if row["p_value"] is not None else "")
    lines = [
        f'<span id="headline-csat-post">After the rollout: <strong>{fmt(post, "pct")}</strong>'
        f" (n = {row['a_n']:,} answers)</span>",
        f'<span id="headline-csat-pre">Before the AI pilot: <strong>{fmt(pre, "pct")}</strong>'
        f" (n = {row['b_n']:,} answers)</span>",
        f'<span id="headline-csat-delta" class="kpi-delta {change}">'
        f"{'n/a' if diff is None else f'{diff:+.1f} pts'}"
        + (f" (95 % interval {low:+.1f} to {high:+.1f} pts; {significance})" if low is not None else "")
        + "</span>",
        f'<span class="kpi-note">{html.escape(target_text(csat) if csat else "")} Tickets by month '
        "created; the pilot months are in neither group. Low sample: "
        f"{'yes' if row['is_low_sample'] else 'no'}.</span>",
    ]
    reach = max(abs(low or 0.0), abs(high or 0.0), 1.0) * 1.2
    whisker = (
        f'<div class="kpi-ci">Change in pts, 95 % interval, against no change'
        f"{whisker_svg(diff, low, high, 0.0, (-reach, reach))}</div>"
        if low is not None else ""
    )
    return headline_card(
        "csat-pre-post",
        "CSAT after the AI rollout vs before",
        fmt(post, "pct"),
        judge(post, target, direction),
        lines,
        {"post": f"{post:.6f}" if post is not None else None,
         "pre": f"{pre:.6f}" if pre is not None else None},
        whisker,
    )


def over_billing_headline(pub: Published, metrics: list[Metric], month: date) -> str:
    """What the AI vendor billed beyond the resolutions that held: the
    headline month and every month since the first contract."""
    name = "mart_vendor_pay_for_performance_monthly"
    if not pub.has(name):
        return missing(name)
    rows = pub.rows(
        "select month_start, sum(over_billing_usd) as usd, sum(over_billed_resolutions) as n,"
        " sum(billable_resolutions) as billed, sum(verified_resolutions) as verified,"
        " sum(vendor_invoice_usd) as vendor_invoice, sum(invoice_usd) as invoice,"
        " bool_or(is_provisional) as provisional from {t} group by 1 order by 1",
        t=name,
    )
    metric = metric_by_key(metrics, "over_billing_usd")
    target = metric.target if metric else None
    direction = metric.direction if metric else "lower_is_better"
    by_month = {row["month_start"]: row for row in rows}
    head = by_month.get(month)
    total = sum(float(row["usd"] or 0) for row in rows)
    total_n = sum(int(row["n"] or 0) for row in rows)
    value = float(head["usd"]) if head and head["usd"] is not None else None
    previous = prior_key(by_month, month)
    prior = float(by_month[previous]["usd"]) if previous and by_month[previous]["usd"] is not None else None
    first = rows[0]["month_start"] if rows else None
    lines = []
    if head:
        lines.append(
            f'<span id="headline-over-billing-month">{month:%B %Y}: the vendor billed '
            f"{int(head['billed'] or 0):,} resolutions, {int(head['verified'] or 0):,} held "
            f"(verified): {int(head['n'] or 0):,} over-billed; invoice "
            f"{fmt(head['vendor_invoice'], 'usd')} vs {fmt(head['invoice'], 'usd')} on verified "
            "resolutions."
            + (' <span class="provisional-badge">provisional</span>' if head["provisional"] else "")
            + "</span>"
        )
        lines.append(
            f'<span class="kpi-delta {trend(value, prior, direction)}">'
            f"{html.escape(delta_text(value, prior, 'usd'))}</span>"
        )
    if first:
        lines.append(
            f'<span id="headline-over-billing-total">Since {first:%B %Y}: '
            f"<strong>{fmt(total, 'usd')}</strong> over-billed on {total_n:,} resolutions.</span>"
        )
    lines.append(f'<span class="kpi-note">{html.escape(target_text(metric) if metric else "")}</span>')
    return headline_card(
        "over-billing",
        f"AI vendor over-billing, {month:%B %Y}",
        fmt(value, "usd"),
        judge(value, target, direction),
        lines,
        {"usd": f"{value:.6f}" if value is not None else None, "total-usd": f"{total:.6f}"},
    )


def weekly_adoption_rows(pub: Published) -> list[dict[str, Any]]:
    name = "mart_csm_ai_adoption_weekly"
    if not pub.has(name):
        return []
    return pub.rows(
        "select week_start, segment, is_complete_week, active_csms, adopting_csms,"
        " adoption_rate_pct, adoption_rate_ci_low_pct, adoption_rate_ci_high_pct,"
        " is_adoption_rate_low_sample, benchmark_band, is_provisional"
        " from {t} order by week_start, segment",
        t=name,
    )


def weekly_adoption_headline(rows: list[dict[str, Any]]) -> str:
    """CSM AI adoption in the latest complete week: adopting CSMs over
    active CSMs, summed over segments (each segment with its interval)."""
    complete = [row for row in rows if row["is_complete_week"]]
    if not complete:
        return '<p class="muted" id="headline-weekly-adoption">No complete week of CSM activity.</p>'
    week = max(row["week_start"] for row in complete)
    latest = [row for row in complete if row["week_start"] == week]
    adopting = sum(int(row["adopting_csms"] or 0) for row in latest)
    active = sum(int(row["active_csms"] or 0) for row in latest)
    value = ratio(adopting, active)
    weeks = sorted({row["week_start"] for row in complete})
    prior_week = weeks[-2] if len(weeks) > 1 else None
    prior_rows = [row for row in complete if row["week_start"] == prior_week]
    prior = ratio(sum(int(r["adopting_csms"] or 0) for r in prior_rows),
                  sum(int(r["active_csms"] or 0) for r in prior_rows))
    chips = "".join(
        f'<span class="band band-{html.escape(row["benchmark_band"] or "none")}" '
        f'data-segment="{html.escape(row["segment"])}">{html.escape(row["segment"])}: '
        f"{fmt(row['adoption_rate_pct'], 'pct')} "
        f"({fmt(row['adoption_rate_ci_low_pct'], 'pct')} – {fmt(row['adoption_rate_ci_high_pct'], 'pct')}, "
        f"n = {int(row['active_csms'] or 0)})</span>"
        for row in latest
    )
    cells = {
        "cur": {row["segment"]: [float(row["adopting_csms"] or 0), float(row["active_csms"] or 0)]
                for row in latest},
        "prior": {row["segment"]: [float(row["adopting_csms"] or 0), float(row["active_csms"] or 0)]
                  for row in prior_rows},
    }
    lines = [
        f'<span id="headline-weekly-adoption-week">Week of {week:%d %b %Y} (latest complete week)</span>',
        f'<span class="kpi-delta {trend(value, prior, "higher_is_better")}">'
        f"{html.escape(delta_text(value, prior, 'pct', 'prior week'))}</span>",
        f'<span class="kpi-n">n = {active:,} active CSMs, {adopting:,} adopting '
        "(at least the weekly minimum of AI-assisted interactions)</span>",
        f'<span class="kpi-bands">{chips}</span>',
        '<span class="kpi-note">Source: CSM AI Adoption Rate.</span>',
    ]
    return (
        headline_card(
            "weekly-adoption", "CSM AI adoption, latest complete week", fmt(value, "pct"),
            "neutral", lines,
            {"week": f"{week:%Y-%m-%d}", "value": f"{value:.6f}" if value is not None else None,
             "adopting": adopting, "active": active},
        )
        .replace('class="kpi headline"', "class=\"kpi headline\" data-dim=\"segment\" data-unit=\"pct\""
                 ' data-direction="higher_is_better" data-multiplier="100" data-target=""'
                 f" data-cells='{html.escape(json.dumps(cells), quote=True)}'"
                 ' data-delta-against="prior week"', 1)
    )


# --------------------------------------------------------------------------
# Charts
CHART_KEY = (
    '<p class="chart-key">Whiskers: 95 % interval. Open markers: provisional month '
    "(or incomplete week), may still change. Shaded: the AI pilot, left out of the y-axis "
    "scale.</p>"
)


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


def plot_y(value: float | None, unit: str) -> float | None:
    """The plotted value: durations in hours."""
    if value is None:
        return None
    return value / 3600 if unit == "seconds" else value


def axis_unit(fig: go.Figure, unit: str, **where: Any) -> None:
    if unit == "pct":
        fig.update_yaxes(ticksuffix=" %", **where)
    elif unit == "usd":
        fig.update_yaxes(tickprefix="$", **where)
    elif unit == "seconds":
        fig.update_yaxes(ticksuffix=" h", **where)


def y_range(values: list[float], unit: str) -> list[float] | None:
    """An axis over the values outside the pilot (and their whiskers)."""
    finite = [v for v in values if v is not None and not math.isnan(v)]
    if not finite:
        return None
    high, low = max(finite), min(finite)
    top = high * 1.12 if high > 0 else 1.0
    if unit == "pct":
        top = min(top, 105.0)
    bottom = min(0.0, low * 1.12)
    return [bottom, top]


def shade_pilot_months(fig: go.Figure, months: frozenset[date], label: bool = True, **where: Any) -> None:
    """A band over each pilot month's point (points sit on the month's first day)."""
    for index, month in enumerate(sorted(months)):
        extra = (
            {"annotation_text": "pilot", "annotation_position": "top left", "annotation_font_size": 9}
            if label and index == 0 else {}
        )
        start = datetime.combine(month, datetime.min.time())
        fig.add_vrect(
            x0=start - timedelta(days=14), x1=start + timedelta(days=14), fillcolor=PILOT_FILL,
            line_width=0, layer="below", **where, **extra,
            **({"exclude_empty_subplots": False} if where else {}),
        )


def off_scale_notes(fig: go.Figure, pilot_points: list[tuple[date, float]], axis: list[float] | None,
                    unit: str, **where: Any) -> None:
    """A pilot value beyond the axis is written at the top instead."""
    if axis is None:
        return
    for x, y in pilot_points:
        if y is not None and (y > axis[1] or y < axis[0]):
            shown = y * 3600 if unit == "seconds" else y
            fig.add_annotation(
                x=x, y=axis[1] if y > axis[1] else axis[0], text=f"pilot: {fmt(shown, unit)} (off scale)",
                showarrow=False, yanchor="top" if y > axis[1] else "bottom", font={"size": 9},
                bgcolor="rgba(255,255,255,0.8)", **where,
            )


def symbols(flags: list[bool]) -> list[str]:
    return ["circle-open" if flag else "circle" for flag in flags]


def error_bars(points: list[Point], unit: str) -> dict[str, Any] | None:
    if unit != "pct" or not any(point.ci for point in points):
        return None
    return {
        "type": "data", "symmetric": False, "thickness": 1.2, "width": 3,
        "array": [None if not p.ci or p.value is None else p.ci[1] - p.value for p in points],
        "arrayminus": [None if not p.ci or p.value is None else p.value - p.ci[0] for p in points],
    }


def banded_rate_chart(pub: Published, metric: Metric, segments: list[str], cal: Calendar) -> str:
    """One small chart per segment: the monthly rate over its benchmark bands,
    with the mart's interval per month."""
    values = monthly_points(pub, metric, by="segment")
    bands: dict[str, dict[str, float]] = {}
    if pub.has("reference/benchmark_bands"):
        for row in pub.rows(
            f"select * from {{b}} where metric = '{metric.benchmark}'", b="reference/benchmark_bands"
        ):
            bands[row["segment"]] = row
    fig = make_subplots(rows=1, cols=len(segments), subplot_titles=segments, shared_yaxes=True)
    for index, segment in enumerate(segments, start=1):
        points = sorted((m, p) for (m, part), p in values.items() if part == segment)
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
        shade_pilot_months(fig, cal.pilot_months, label=index == 1, row=1, col=index)
        fig.add_trace(
            go.Scatter(
                x=[point[0] for point in points],
                y=[point[1].value for point in points],
                mode="lines+markers",
                name=segment,
                meta={"segment": segment},
                line={"color": LINE_COLOURS[(index - 1) % len(LINE_COLOURS)]},
                marker={"symbol": symbols([p.is_provisional for _, p in points]), "size": 7},
                error_y=error_bars([p for _, p in points], "pct"),
                customdata=[
                    [p.numerator, p.denominator, "provisional" if p.is_provisional else ""]
                    for _, p in points
                ],
                hovertemplate="%{x|%b %Y}: %{y:.1f} % (%{customdata[0]:,.0f} of %{customdata[1]:,.0f})"
                " %{customdata[2]}<extra>" + segment + "</extra>",
            ),
            row=1,
            col=index,
        )
    fig.update_yaxes(range=[0, 100], ticksuffix=" %")
    source = f" ({metric.source} bands)" if metric.source else ""
    fig.update_layout(title=f"{metric.name} by segment{source}", height=340, showlegend=False)
    return figure_html(fig, f"chart-{slug(metric.key)}")


def panel_chart(pub: Published, title: str, metrics: list[Metric], cal: Calendar) -> str:
    """A trend panel: one line per metric of the panel (or per value of the
    panel's `panel_by` dimension), each metric's target dotted; the axis is
    scaled on the months outside the pilot."""
    fig = go.Figure()
    colour = 0
    by = metrics[0].panel_by
    unit = metrics[0].unit
    scaled: list[float] = []
    pilot_points: list[tuple[date, float]] = []
    for metric in metrics:
        values = monthly_points(pub, metric, by=by)
        dim = filter_dimension(pub, metric.mart)
        parts = sorted({part for _, part in values}, key=str)
        for part in parts:
            points = sorted((m, p) for (m, pt), p in values.items() if pt == part)
            ys = [plot_y(p.value, unit) for _, p in points]
            bars = error_bars([p for _, p in points], unit)
            for (month, point), y in zip(points, ys):
                if y is None:
                    continue
                if month in cal.pilot_months:
                    pilot_points.append((month, y))
                else:
                    scaled.append(y)
                    if point.ci and unit == "pct":
                        scaled.append(point.ci[1])
            meta: dict[str, Any] = {}
            if dim and dim != by and metric.denominator and any(p.cells for _, p in points):
                meta = {"dim": dim, "mult": metric.multiplier, "cells": [p.cells for _, p in points]}
            fig.add_trace(
                go.Scatter(
                    x=[point[0] for point in points],
                    y=ys,
                    mode="lines+markers",
                    name=str(part) if by else metric.name,
                    meta=meta or None,
                    line={"color": LINE_COLOURS[colour % len(LINE_COLOURS)]},
                    marker={"symbol": symbols([p.is_provisional for _, p in points]), "size": 7},
                    error_y=bars,
                )
            )
            colour += 1
        if metric.target is not None and not by:
            target_y = plot_y(metric.target, unit)
            scaled.append(target_y)
            fig.add_hline(
                y=target_y, line_dash="dot", line_width=1,
                line_color=LINE_COLOURS[(colour - 1) % len(LINE_COLOURS)],
                annotation_text=f"target {fmt(metric.target, metric.unit)}",
                annotation_font_size=9,
            )
    shade_pilot_months(fig, cal.pilot_months)
    axis = y_range(scaled, unit)
    axis_unit(fig, unit)
    if axis:
        fig.update_yaxes(range=axis)
    off_scale_notes(fig, pilot_points, axis, unit)
    fig.update_layout(title=title, height=360)
    return figure_html(fig, f"chart-{slug(title)}")


def weekly_adoption_chart(rows: list[dict[str, Any]], cal: Calendar) -> str:
    """CSM AI adoption per week and segment, with each week's interval."""
    fig = go.Figure()
    segments = sorted({row["segment"] for row in rows}, key=str)
    scaled: list[float] = []
    for index, segment in enumerate(segments):
        mine = [row for row in rows if row["segment"] == segment]
        points = [
            Point(row["adoption_rate_pct"], row["adopting_csms"], row["active_csms"], 1,
                  bool(row["is_provisional"]) or not row["is_complete_week"],
                  (row["adoption_rate_ci_low_pct"], row["adoption_rate_ci_high_pct"])
                  if row["adoption_rate_ci_low_pct"] is not None else None)
            for row in mine
        ]
        for row, point in zip(mine, points):
            if point.value is not None and not cal.is_pilot_week(row["week_start"]):
                scaled.append(point.ci[1] if point.ci else point.value)
        fig.add_trace(
            go.Scatter(
                x=[row["week_start"] for row in mine],
                y=[p.value for p in points],
                mode="lines+markers",
                name=segment,
                meta={"segment": segment},
                line={"color": LINE_COLOURS[index % len(LINE_COLOURS)], "width": 1.5},
                marker={"symbol": symbols([p.is_provisional for p in points]), "size": 6},
                error_y=error_bars(points, "pct"),
                customdata=[[p.numerator, p.denominator] for p in points],
                hovertemplate="week of %{x|%d %b %Y}: %{y:.1f} % (%{customdata[0]} of "
                "%{customdata[1]} CSMs)<extra>" + segment + "</extra>",
            )
        )
    if cal.pilot_start is not None and cal.rollout is not None and cal.pilot_start < cal.rollout:
        fig.add_vrect(
            x0=cal.pilot_start, x1=cal.rollout, fillcolor=PILOT_FILL, line_width=0, layer="below",
            annotation_text="pilot", annotation_position="top left", annotation_font_size=9,
        )
    axis = y_range(scaled, "pct")
    axis_unit(fig, "pct")
    if axis:
        fig.update_yaxes(range=axis)
    fig.update_layout(title="CSM AI adoption rate by week and segment (CSM AI Adoption Rate)", height=380)
    return figure_html(fig, "chart-weekly-adoption")


def over_billing_chart(pub: Published, cal: Calendar) -> str:
    """The vendor's over-billing per month (invoice on the vendor's billable
    count minus the invoice on verified resolutions)."""
    rows = pub.rows(
        "select month_start, sum(over_billing_usd) as usd, sum(over_billed_resolutions) as n,"
        " bool_or(is_provisional) as provisional from {t} group by 1 order by 1",
        t="mart_vendor_pay_for_performance_monthly",
    )
    fig = go.Figure(
        go.Bar(
            x=[row["month_start"] for row in rows],
            y=[row["usd"] for row in rows],
            name="over-billing",
            marker={
                "color": ["#fca5a5" if row["provisional"] else "#dc2626" for row in rows],
                "pattern": {"shape": ["/" if row["provisional"] else "" for row in rows],
                            "fgcolor": "#7f1d1d"},
            },
            text=[f"{fmt(row['usd'], 'usd')}" + (" (provisional)" if row["provisional"] else "")
                  for row in rows],
            textposition="outside",
            customdata=[[row["n"]] for row in rows],
            hovertemplate="%{x|%b %Y}: %{y:$,.2f} on %{customdata[0]} resolutions<extra></extra>",
        )
    )
    shade_pilot_months(fig, cal.pilot_months)
    scaled = [float(row["usd"]) for row in rows if row["month_start"] not in cal.pilot_months
              and row["usd"] is not None]
    axis = y_range(scaled, "usd")
    axis_unit(fig, "usd")
    if axis:
        fig.update_yaxes(range=[axis[0], axis[1] * 1.1])
    fig.update_layout(title="AI vendor over-billing by month (billed but not verified, USD)", height=340)
    return figure_html(fig, "chart-over-billing")


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
.banner { padding: 10px 28px; font-size: 14px; border-bottom: 1px solid #e2e8f0; }
.banner-fresh { background: #f0fdf4; color: #14532d; }
.banner-stale { background: #fef3c7; color: #78350f; }
.banner-very-stale, .banner-unknown { background: #fee2e2; color: #7f1d1d; }
.filters { padding: 10px 28px; background: white; border-bottom: 1px solid #e2e8f0; font-size: 13px;
           position: sticky; top: 0; z-index: 10; }
.filters label { margin-right: 18px; } .filters select { margin-left: 6px; }
main { padding: 20px 28px 40px; max-width: 1400px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 14px; }
.headlines { grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); }
.kpi { background: white; border: 1px solid #e2e8f0; border-radius: 10px; padding: 14px 16px; }
.kpi.headline { border-width: 2px; }
.kpi.unfiltered { opacity: 0.55; }
.kpi-title { font-size: 13px; color: #475569; }
.kpi-value { font-size: 30px; font-weight: 650; margin: 6px 0 2px; }
.kpi-value.good { color: #15803d; } .kpi-value.bad { color: #b91c1c; }
.kpi-delta { font-size: 12px; color: #64748b; }
.kpi-delta.better { color: #15803d; } .kpi-delta.worse { color: #b91c1c; }
.kpi-line { font-size: 13px; margin: 3px 0; }
.kpi-n, .kpi-ci { font-size: 11px; color: #475569; margin-top: 4px; }
.kpi-note { font-size: 11px; color: #64748b; margin-top: 8px; }
.kpi-bands { margin-top: 6px; display: block; }
.whisker { display: block; margin-top: 2px; }
.whisker .w-axis { stroke: #e2e8f0; stroke-width: 2; }
.whisker .w-range { stroke: #334155; stroke-width: 1.5; }
.whisker .w-target { stroke: #16a34a; stroke-width: 1.5; stroke-dasharray: 2 2; }
.whisker .w-dot { fill: #0f172a; }
.provisional-badge { font-size: 10px; background: #fef3c7; color: #92400e; border-radius: 999px;
                     padding: 1px 6px; margin-left: 4px; font-weight: 600; }
.band { display: inline-block; font-size: 11px; border-radius: 999px; padding: 1px 8px;
        margin: 2px 4px 0 0; background: #e2e8f0; }
.band-below_good { background: #fee2e2; } .band-good { background: #fef3c7; }
.band-great { background: #dcfce7; } .band-world_class { background: #bbf7d0; }
.band.hidden { display: none; }
.chart { background: white; border: 1px solid #e2e8f0; border-radius: 10px; padding: 6px;
         margin-bottom: 14px; }
.chart-key { font-size: 12px; color: #64748b; margin: 0 0 8px; }
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

# The filters: every card and trace that carries numerators and denominators
# per segment or category (data-cells, trace meta.cells) is re-aggregated
# over the selection; a segment's own trace or chip is shown or hidden.
# fmt / deltaText mirror the Python fmt / delta_text above.
SCRIPT = """
(function () {
  function fmtDuration(s, like) {
    var a = Math.abs(like === undefined ? s : like);
    if (a >= 3600) return (s / 3600).toLocaleString('en-US', {minimumFractionDigits: 2, maximumFractionDigits: 2}) + ' h';
    if (a >= 60) return (s / 60).toLocaleString('en-US', {minimumFractionDigits: 1, maximumFractionDigits: 1}) + ' min';
    return Math.round(s).toLocaleString('en-US') + ' s';
  }
  function fmt(v, unit) {
    if (v === null || isNaN(v)) return 'n/a';
    if (unit === 'pct') return v.toFixed(1) + ' %';
    if (unit === 'usd') return '$' + v.toLocaleString('en-US', {minimumFractionDigits: 2, maximumFractionDigits: 2});
    if (unit === 'score') return v.toFixed(1);
    if (unit === 'seconds') return fmtDuration(v);
    return v.toLocaleString('en-US', {minimumFractionDigits: 2, maximumFractionDigits: 2});
  }
  function deltaText(v, p, unit, against) {
    if (v === null || p === null) return 'no ' + against;
    var d = v - p, sign = d >= 0 ? '+' : '-';
    if (unit === 'pct') return sign + Math.abs(d).toFixed(1) + ' pts vs ' + against;
    if (unit === 'usd') return sign + '$' + Math.abs(d).toFixed(2) + ' vs ' + against;
    if (unit === 'seconds') return sign + fmtDuration(Math.abs(d), Math.max(Math.abs(v), Math.abs(p))) + ' vs ' + against;
    return sign + Math.abs(d).toFixed(1) + ' vs ' + against;
  }
  function agg(cells, selected, mult) {
    var num = 0, den = 0, any = false;
    Object.keys(cells || {}).forEach(function (k) {
      if (selected !== '' && k !== selected) return;
      var c = cells[k];
      if (c[0] === null || c[1] === null) return;
      num += c[0]; den += c[1]; any = true;
    });
    return {value: any && den > 0 ? mult * num / den : null, den: any ? den : null};
  }
  function judge(v, target, direction) {
    if (v === null || target === '' || target === null) return 'neutral';
    var t = parseFloat(target);
    return (direction === 'lower_is_better' ? v <= t : v >= t) ? 'good' : 'bad';
  }
  function trend(v, p, direction) {
    if (v === null || p === null || v === p) return 'same';
    return ((v > p) === (direction !== 'lower_is_better')) ? 'better' : 'worse';
  }
  function apply() {
    var sel = {segment: document.getElementById('filter-segment').value,
               category: document.getElementById('filter-category').value};
    document.querySelectorAll('.kpi').forEach(function (card) {
      var dim = card.getAttribute('data-dim');
      var active = (sel.segment !== '' || sel.category !== '');
      if (!dim) { card.classList.toggle('unfiltered', active); return; }
      var other = dim === 'segment' ? 'category' : 'segment';
      card.classList.toggle('unfiltered', sel[other] !== '');
      var cells = JSON.parse(card.getAttribute('data-cells'));
      var mult = parseFloat(card.getAttribute('data-multiplier'));
      var unit = card.getAttribute('data-unit'), dir = card.getAttribute('data-direction');
      var cur = agg(cells.cur, sel[dim], mult), prior = agg(cells.prior, sel[dim], mult);
      var value = card.querySelector('.kpi-value');
      value.textContent = fmt(cur.value, unit);
      value.className = 'kpi-value ' + judge(cur.value, card.getAttribute('data-target'), dir);
      var delta = card.querySelector('.kpi-delta');
      delta.textContent = deltaText(cur.value, prior.value, unit, card.getAttribute('data-delta-against') || 'prior month');
      delta.className = 'kpi-delta ' + trend(cur.value, prior.value, dir);
      var n = card.querySelector('.kpi-n');
      if (n && cur.den !== null && card.getAttribute('data-n-label') !== null) {
        n.textContent = 'n = ' + Math.round(cur.den).toLocaleString('en-US') + ' ' + card.getAttribute('data-n-label');
      }
      var ci = card.querySelector('.kpi-ci');
      if (ci) ci.style.display = sel[dim] === '' ? '' : 'none';
    });
    document.querySelectorAll('[data-segment]').forEach(function (chip) {
      if (chip.classList.contains('band')) chip.classList.toggle('hidden', sel.segment !== '' && chip.getAttribute('data-segment') !== sel.segment);
    });
    document.querySelectorAll('.js-plotly-plot').forEach(function (div) {
      (div.data || []).forEach(function (trace, i) {
        var meta = trace.meta || {};
        if (meta.segment !== undefined) {
          Plotly.restyle(div, {visible: sel.segment === '' || meta.segment === sel.segment}, [i]);
        }
        if (meta.cells) {
          var ys = meta.cells.map(function (c) { return agg(c, sel[meta.dim], meta.mult).value; });
          Plotly.restyle(div, {y: [ys], 'error_y.visible': sel[meta.dim] === ''}, [i]);
        }
      });
    });
  }
  document.getElementById('filter-segment').addEventListener('change', apply);
  document.getElementById('filter-category').addEventListener('change', apply);
})();
"""


def filter_bar(segments: list[str], categories: list[str]) -> str:
    def options(values: list[str]) -> str:
        return '<option value="">All</option>' + "".join(
            f'<option value="{html.escape(v)}">{html.escape(v.replace("_", " "))}</option>' for v in values
        )

    return (
        '<div class="filters" id="filters">'
        f'<label>Segment<select id="filter-segment">{options(segments)}</select></label>'
        f'<label>Ticket category<select id="filter-category">{options(categories)}</select></label>'
        '<span class="muted">A card or line re-aggregates over the selection where its mart has '
        "that dimension; the others (faded) stay for all tickets / accounts.</span></div>"
    )


def ticket_categories(pub: Published) -> list[str]:
    if not pub.has("fct_tickets"):
        return []
    return [
        row["category"] for row in pub.rows(
            "select distinct category from {t} where category is not null order by 1", t="fct_tickets"
        )
    ]


def build(published: Path, out: Path, now: datetime | None = None) -> Path:
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
    built_at = now or datetime.now(timezone.utc)
    cal = calendar(pub)
    segments = (
        [row["segment"] for row in pub.rows(
            "select segment from {s} where has_benchmark order by display_order", s="reference/segments"
        )]
        if pub.has("reference/segments") else []
    )
    weekly = weekly_adoption_rows(pub)
    kpis = build_kpis(pub, month, metrics)
    sections: list[str] = []
    sections.append(f'<h2>Headline: {month:%B %Y} (latest complete month)</h2>')
    sections.append(provisional_html(pub, month))
    sections.append(
        '<div class="kpis headlines">'
        + csat_headline(pub, metrics)
        + over_billing_headline(pub, metrics, month)
        + weekly_adoption_headline(weekly)
        + "</div>"
    )
    sections.append(
        '<h2>Every headline metric</h2><p class="chart-key">Green: on target; red: off target; '
        "black: no target (or too few to judge). The change on the prior month is green when it "
        "goes the right way.</p>"
    )
    sections.append('<div class="kpis">' + "".join(k.html() for k in kpis) + "</div>")
    sections.append("<h2>Warnings</h2>" + warnings_html(pub, month))

    banded = [m for m in metrics if m.benchmark and m.is_headline and m.is_monthly]
    if banded and segments:
        sections.append("<h2>Against the benchmark bands</h2>" + CHART_KEY)
        for metric in banded:
            sections.append(
                '<div class="chart">' + banded_rate_chart(pub, metric, segments, cal) + "</div>"
            )
    if weekly:
        sections.append(
            '<h2 id="weekly-adoption">CSM AI adoption, week by week</h2>'
            f'<div class="chart">{weekly_adoption_chart(weekly, cal)}</div>'
        )
    if pub.has("mart_vendor_pay_for_performance_monthly"):
        sections.append(
            '<h2 id="vendor">AI vendor invoice audit</h2>'
            f'<div class="chart">{over_billing_chart(pub, cal)}</div>'
        )

    sections.append("<h2>Trends</h2>" + CHART_KEY)
    charts = [
        f'<div class="chart">{panel_chart(pub, title, members, cal)}</div>'
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
{as_of_banner(cal, built_at)}
{filter_bar(segments, ticket_categories(pub))}
<main>
{''.join(sections)}
</main>
<footer>Built by scripts/build_dashboard.py from the Parquet files in {html.escape(str(published))}.
What is shown comes from the metric catalog (reference.metric_catalog): its headline metrics, their
targets, benchmark bands and panels. Definitions: docs/definitions.md and the dbt docs site
(<code>make docs</code>). Rates are re-aggregated from each mart's numerator and denominator.</footer>
<script type="text/javascript">{SCRIPT}</script>
</body>
</html>
"""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return out


def parse_now(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--published", type=Path, default=Path("published"),
                        help="folder written by scripts/publish_marts.py (default: published)")
    parser.add_argument("--out", type=Path, default=None,
                        help="HTML file to write (default: <published>/dashboard.html)")
    parser.add_argument("--now", type=parse_now, default=None,
                        help="ISO instant the data's age is judged at (default: now, UTC)")
    args = parser.parse_args(argv)
    out = build(args.published, args.out or args.published / "dashboard.html", args.now)
    print(f"Wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

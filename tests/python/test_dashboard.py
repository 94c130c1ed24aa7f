"""The dashboard, opened in a real headless browser, shows the marts' numbers.

scripts/build_dashboard.py turns the published marts into one HTML page; the
test serves it on localhost (as `make dashboard` does), loads it in Debian's
Chromium (`make browser-deps` installs it), lets the page's scripts run and
reads the rendered DOM: every headline figure must equal the value computed
here straight from the marts of the dev database (or the staged data), and
every chart must have been drawn by plotly.js (inline: the page needs no
network). The new headlines (CSAT before vs after, vendor over-billing,
weekly adoption), the "data as of" banner, the provisional markers, the pilot
shading and the filters are each recomputed here without the page's code.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
import yaml

from conftest import PROJECT_DIR, DbtBuild
from conftest_bi import DASHBOARD_SCRIPT, PublishedCopy, publish_copy, run_script

CHROMIUM_CANDIDATES = ["chromium", "chromium-browser", "google-chrome"]
# Flags for a sandboxed, offline machine: no background network, no GPU.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=15000",
]


def chromium_path() -> str:
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("SKIP_BROWSER_TESTS") == "1":
        pytest.skip("no Chromium and SKIP_BROWSER_TESTS=1")
    pytest.fail("Chromium is not installed: run `make browser-deps` (apt-get install chromium)")


@dataclass(frozen=True)
class BuiltPage:
    copy: PublishedCopy
    started: datetime
    finished: datetime


@pytest.fixture(scope="module")
def built_page(generated_build: DbtBuild, tmp_path_factory: pytest.TempPathFactory) -> BuiltPage:
    copy = publish_copy(generated_build, tmp_path_factory.mktemp("dashboard"))
    started = datetime.now(timezone.utc)
    run_script(DASHBOARD_SCRIPT, "--published", str(copy.published))
    finished = datetime.now(timezone.utc)
    assert (copy.published / "dashboard.html").exists()
    return BuiltPage(copy, started, finished)


@pytest.fixture(scope="module")
def dashboard(built_page: BuiltPage) -> PublishedCopy:
    return built_page.copy


@pytest.fixture(scope="module")
def server_root(dashboard: PublishedCopy) -> Iterator[str]:
    """The published folder on an ephemeral localhost port, as `make dashboard` serves it."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(dashboard.published))
    handler.log_message = lambda *args, **kwargs: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def served(server_root: str) -> str:
    return f"{server_root}/dashboard.html"


def dump_dom(url: str) -> str:
    browser = chromium_path()
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "<html" in result.stdout, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def rendered_dom(served: str) -> str:
    return dump_dom(served)


def kpi_text(dom: str, key: str) -> str:
    match = re.search(rf'id="kpi-{re.escape(key)}-value"[^>]*>([^<]*)<', dom)
    assert match, f"headline figure {key} is not on the page"
    return match.group(1).strip()


def scalar(db: Path, sql: str) -> float | None:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(sql).fetchone()
    return None if row is None or row[0] is None else float(row[0])


def duration(seconds: float) -> str:
    """Hours, not seconds: minutes below an hour, seconds below a minute."""
    if abs(seconds) >= 3600:
        return f"{seconds / 3600:,.2f} h"
    if abs(seconds) >= 60:
        return f"{seconds / 60:,.1f} min"
    return f"{seconds:,.0f} s"


def fmt(value: float | None, unit: str) -> str:
    """The page's formatting (scripts/build_dashboard.py fmt)."""
    if value is None:
        return "n/a"
    if unit == "seconds":
        return duration(value)
    return {
        "pct": f"{value:.1f} %",
        "usd": f"${value:,.2f}",
        "score": f"{value:.1f}",
    }.get(unit, f"{value:,.2f}")


def headline_catalog(db: Path) -> list[tuple[str, ...]]:
    """The catalog's headline metrics with a monthly value: what the page must show."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select metric, mart, period_column, numerator, denominator, multiplier, filter_sql, unit"
            " from reference.metric_catalog"
            " where is_headline and time_grain in ('day', 'month') and numerator is not null"
            " order by metric"
        ).fetchall()


def test_headline_figures_equal_the_marts(rendered_dom: str, dashboard: PublishedCopy) -> None:
    """Every headline metric of the catalog has a card, and the card shows the
    mart's figure for the headline month: sum(numerator) / sum(denominator)
    over the mart's rows of that month, computed here from the dev database."""
    db = dashboard.dev_db
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "select max(month_start) from marts.mart_ai_assisted_resolution_monthly"
            " where is_complete_month"
        ).fetchone()
    assert row is not None and row[0] is not None
    month = row[0]
    assert re.search(rf'id="headline-month"[^>]*>{month:%Y-%m}<', rendered_dom)

    headlines = headline_catalog(db)
    keys = {metric for metric, *_ in headlines}
    # The cards a support leader reads first are among them.
    assert {
        "ai_assisted_rate_pct", "adoption_rate_pct", "true_ai_resolution_rate_pct",
        "claimed_ai_resolution_rate_pct", "repeat_contact_rate_short_window_pct",
        "ai_full_cost_per_resolution_usd", "human_cost_per_resolution_usd", "csat_pct",
        "scorecard_total_score_pct",
    } <= keys, keys
    expected: dict[str, str] = {}
    for metric, mart, period, num, den, multiplier, filter_sql, unit in headlines:
        where = f" and {filter_sql}" if filter_sql else ""
        value_sql = (
            f"{multiplier} * sum({num}) / nullif(sum({den}), 0)" if den else f"{multiplier} * sum({num})"
        )
        expected[metric] = fmt(scalar(
            db,
            f"select {value_sql} from marts.{mart}"
            f" where date_trunc('month', {period}) = date '{month}'{where}",
        ), unit)

    shown = {key: kpi_text(rendered_dom, key) for key in expected}
    assert shown == expected
    assert all(value != "n/a" for value in shown.values()), shown


def test_benchmark_bands_are_shown(rendered_dom: str, dashboard: PublishedCopy) -> None:
    with duckdb.connect(str(dashboard.dev_db), read_only=True) as con:
        rows = con.execute(
            "select segment, benchmark_band from marts.mart_ai_assisted_resolution_monthly"
            " where month_start = (select max(month_start) from marts.mart_ai_assisted_resolution_monthly"
            " where is_complete_month) and benchmark_band is not null"
        ).fetchall()
    card = re.search(r'id="kpi-ai_assisted_rate_pct".*?</div></div>', rendered_dom, re.S)
    assert card
    labels = {"below_good": "below good", "good": "good", "great": "great", "world_class": "world class"}
    for segment, band in rows:
        assert f"{segment}: {labels[band]}" in card.group(0)


def test_every_chart_is_drawn(rendered_dom: str, dashboard: PublishedCopy) -> None:
    """A chart per catalog panel and per benchmarked headline metric, each
    drawn by plotly.js."""
    with duckdb.connect(str(dashboard.dev_db), read_only=True) as con:
        panels = [row[0] for row in con.execute(
            "select distinct dashboard_panel from reference.metric_catalog"
            " where dashboard_panel is not null"
        ).fetchall()]
        banded = [row[0] for row in con.execute(
            "select metric from reference.metric_catalog where benchmark is not null and is_headline"
        ).fetchall()]
    assert panels and banded
    slug = lambda text: "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")  # noqa: E731
    charts = [f"chart-{slug(title)}" for title in panels + banded]
    for chart in charts:
        tag = re.search(rf'<div[^>]*id="{chart}"[^>]*>', rendered_dom)
        assert tag, f"{chart} is missing"
        # plotly.js marks a div it has drawn; the SVG layers follow it.
        assert "js-plotly-plot" in tag.group(0), f"{chart} was not drawn"
    assert rendered_dom.count('class="main-svg"') >= 2 * len(charts)
    # Everything is inline: no script or stylesheet is fetched from anywhere.
    assert not re.search(r"<script[^>]*\ssrc=", rendered_dom)
    assert not re.search(r"<link[^>]*\shref=\"https?:", rendered_dom)
    # No article is cited by its file: the page names them by title.
    assert not re.search(r"seed\s0{2}\d", rendered_dom, re.I)


def test_scorecard_table_lists_the_catalog_metrics(rendered_dom: str, dashboard: PublishedCopy) -> None:
    with duckdb.connect(str(dashboard.dev_db), read_only=True) as con:
        metrics = [
            row[0]
            for row in con.execute(
                "select distinct metric from marts.mart_balanced_scorecard_metrics_monthly"
            ).fetchall()
        ]
    assert metrics
    for metric in metrics:
        assert f'id="scorecard-{metric}"' in rendered_dom, metric


def test_headline_month_says_whether_it_is_provisional(
    rendered_dom: str, dashboard: PublishedCopy
) -> None:
    """The headline says "Provisional" with the month's immature share
    (docs/definitions.md "Provisional period"), recomputed here from the
    staged tickets and the cut-off: solved tickets whose 7 / 14-day or
    72-hour window ends after as_of, over the month's tickets (by created
    date)."""
    db = dashboard.dev_db
    with duckdb.connect(str(db), read_only=True) as con:
        month = con.execute(
            "select max(month_start) from marts.mart_ai_assisted_resolution_monthly"
            " where is_complete_month"
        ).fetchone()[0]
        immature, total = con.execute(
            """
            select
                count(*) filter (
                    where t.solved_at is not null
                    and t.solved_at + interval 14 day > c.as_of_at
                ),
                count(*)
            from staging.stg_helpdesk__tickets as t
            cross join intermediate.int_data_cutoff as c
            where date_trunc('month', t.created_at) = ?
            """,
            [month],
        ).fetchone()
    match = re.search(r'id="headline-provisional"[^>]*>([^<]*)<', rendered_dom)
    assert match, "the headline's provisional status is not on the page"
    text = match.group(1)
    if immature:
        assert text.startswith("Provisional:"), text
        assert f"{fmt(100.0 * immature / total, 'pct')} of its tickets" in text, text
        assert f"({immature} of {total})" in text, text
        assert 'id="scorecard-provisional"' in rendered_dom
    else:
        assert text.startswith("Final:"), text


# --------------------------------------------------------------------------
# The leader's one-minute read: banner, headlines, markers, filters
def project_vars() -> dict[str, object]:
    with (PROJECT_DIR / "dbt_project.yml").open() as handle:
        return yaml.safe_load(handle)["vars"]


def headline_month_of(db: Path):  # type: ignore[no-untyped-def]
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select max(month_start) from marts.mart_ai_assisted_resolution_monthly"
            " where is_complete_month"
        ).fetchone()[0]


def staged_as_of(db: Path) -> datetime:
    """The data cut-off from the staged data: the latest event (ticket created
    or solved, message, AI event, intervention opened or closed)."""
    with duckdb.connect(str(db), read_only=True) as con:
        (latest,) = con.execute(
            """
            select max(event_at) from (
                select max(created_at) as event_at from staging.stg_helpdesk__tickets
                union all select max(solved_at) from staging.stg_helpdesk__tickets
                union all select max(created_at) from staging.stg_helpdesk__messages
                union all select max(occurred_at) from staging.stg_ai_telemetry__events
                union all select max(opened_at) from staging.stg_cs_platform__interventions
                union all select max(closed_at) from staging.stg_cs_platform__interventions
            )
            """
        ).fetchone()
    return latest.replace(tzinfo=timezone.utc)


class _TextOf(HTMLParser):
    """The text inside the element with a given id (nested tags included)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "option"}

    def __init__(self, element_id: str) -> None:
        super().__init__()
        self.element_id, self.depth, self.parts, self.found = element_id, 0, [], False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.element_id and not self.found:
            self.depth, self.found = 1, True

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in self.VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def element_text(dom: str, element_id: str) -> str:
    parser = _TextOf(element_id)
    parser.feed(dom)
    assert parser.found, f"{element_id} is not on the page"
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def attribute(dom: str, element_id: str, name: str) -> str:
    tag = re.search(rf'<[^>]*id="{re.escape(element_id)}"[^>]*>', dom)
    assert tag, f"{element_id} is not on the page"
    value = re.search(rf'{name}="([^"]*)"', tag.group(0))
    assert value, f"{element_id} has no {name}"
    return value.group(1)


def test_as_of_banner_says_how_old_the_data_is(rendered_dom: str, built_page: BuiltPage) -> None:
    """The banner states the cut-off (the latest staged event) and the age at
    the build, and calls the data stale past var freshness_warn_after_days
    (very stale past freshness_error_after_days)."""
    as_of = staged_as_of(built_page.copy.dev_db)
    built = datetime.fromisoformat(attribute(rendered_dom, "as-of-banner", "data-built-at"))
    assert built_page.started <= built <= built_page.finished
    assert element_text(rendered_dom, "as-of") == f"{as_of:%d %b %Y %H:%M} UTC"
    age = (built - as_of).total_seconds() / 86400
    assert element_text(rendered_dom, "as-of-age") == f"{math.floor(age)} days old"
    config = project_vars()
    warn, error = float(config["freshness_warn_after_days"]), float(config["freshness_error_after_days"])  # type: ignore[arg-type]
    expected = "very-stale" if age > error else "stale" if age > warn else "fresh"
    assert attribute(rendered_dom, "as-of-banner", "data-status") == expected
    verdict = element_text(rendered_dom, "as-of-verdict")
    assert verdict.startswith({"fresh": "Fresh", "stale": "STALE", "very-stale": "VERY STALE"}[expected])


@pytest.mark.parametrize(
    ("days_after", "status"), [(2, "fresh"), (10, "stale"), (40, "very-stale")]
)
def test_as_of_banner_thresholds(dashboard: PublishedCopy, days_after: int, status: str) -> None:
    """The same build judged 2, 10 and 40 days after the cut-off (defaults 7 / 31)."""
    as_of = staged_as_of(dashboard.dev_db)
    out = dashboard.published / f"dashboard-{days_after}.html"
    now = as_of + timedelta(days=days_after, hours=1)
    run_script(DASHBOARD_SCRIPT, "--published", str(dashboard.published), "--out", str(out),
               "--now", now.isoformat())
    page = out.read_text()
    assert attribute(page, "as-of-banner", "data-status") == status
    assert element_text(page, "as-of-age") == f"{days_after} days old"


def test_csat_before_and_after_the_rollout(rendered_dom: str, dashboard: PublishedCopy) -> None:
    """CSAT of the staged CSAT answers (satisfied: score >= var
    csat_satisfied_min_score) on tickets created from the rollout on vs
    before the pilot; the pilot's tickets are in neither group."""
    minimum = project_vars()["csat_satisfied_min_score"]
    with duckdb.connect(str(dashboard.dev_db), read_only=True) as con:
        groups = dict(
            (side, (n, x)) for side, n, x in con.execute(
                f"""
                select
                    case when t.created_at < r.ai_pilot_start_at then 'pre'
                         when t.created_at >= r.ai_rollout_at then 'post' end as side,
                    count(*),
                    count(*) filter (where s.score >= {minimum})
                from staging.stg_helpdesk__surveys as s
                inner join staging.stg_helpdesk__tickets as t on s.ticket_id = t.ticket_id
                cross join intermediate.int_ai_rollout_periods as r
                where s.survey_type = 'csat'
                group by 1
                """
            ).fetchall()
        )
        target = con.execute(
            "select target from reference.metric_catalog where metric = 'csat_pct'"
        ).fetchone()[0]
    (post_n, post_x), (pre_n, pre_x) = groups["post"], groups["pre"]
    post, pre = 100.0 * post_x / post_n, 100.0 * pre_x / pre_n
    assert element_text(rendered_dom, "headline-csat-pre-post-value") == fmt(post, "pct")
    assert element_text(rendered_dom, "headline-csat-post") == (
        f"After the rollout: {fmt(post, 'pct')} (n = {post_n:,} answers)"
    )
    assert element_text(rendered_dom, "headline-csat-pre") == (
        f"Before the AI pilot: {fmt(pre, 'pct')} (n = {pre_n:,} answers)"
    )
    assert element_text(rendered_dom, "headline-csat-delta").startswith(f"{post - pre:+.1f} pts")
    # Coloured against the catalog's target (higher is better) and by direction.
    value_tag = re.search(r'<div class="kpi-value (\w+)" id="headline-csat-pre-post-value"', rendered_dom)
    assert value_tag and value_tag.group(1) == ("good" if post >= target else "bad")
    delta_tag = re.search(r'id="headline-csat-delta" class="kpi-delta (\w+)"', rendered_dom)
    assert delta_tag and delta_tag.group(1) == ("better" if post > pre else "worse")


def test_vendor_over_billing(rendered_dom: str, dashboard: PublishedCopy) -> None:
    """Over-billing: the vendor's invoice minus the invoice on verified
    resolutions, summed over the contracts' rows, for the headline month and
    since the first contract month."""
    db = dashboard.dev_db
    month = headline_month_of(db)
    with duckdb.connect(str(db), read_only=True) as con:
        frame = con.execute(
            "select month_start, vendor_invoice_usd, invoice_usd, over_billed_resolutions,"
            " billable_resolutions, verified_resolutions, is_provisional"
            " from marts.mart_vendor_pay_for_performance_monthly"
        ).df()
    frame["month_start"] = frame["month_start"].map(lambda value: value.date() if hasattr(value, "date") else value)
    frame["over"] = frame["vendor_invoice_usd"] - frame["invoice_usd"]
    this = frame[frame["month_start"] == month]
    assert len(this), "no vendor month to check"
    assert element_text(rendered_dom, "headline-over-billing-value") == fmt(float(this["over"].sum()), "usd")
    first = min(frame["month_start"])
    total = element_text(rendered_dom, "headline-over-billing-total")
    assert total == (
        f"Since {first:%B %Y}: {fmt(float(frame['over'].sum()), 'usd')} over-billed on "
        f"{int(frame['over_billed_resolutions'].sum()):,} resolutions."
    )
    detail = element_text(rendered_dom, "headline-over-billing-month")
    assert f"billed {int(this['billable_resolutions'].sum()):,} resolutions" in detail
    assert f"{int(this['verified_resolutions'].sum()):,} held" in detail
    assert ("provisional" in detail) == bool(this["is_provisional"].any())
    tag = re.search(r'<div class="kpi-value (\w+)" id="headline-over-billing-value"', rendered_dom)
    assert tag and tag.group(1) == ("bad" if this["over"].sum() > 0.005 else "good")
    assert 'id="chart-over-billing"' in rendered_dom


def test_weekly_adoption_latest_week(rendered_dom: str, dashboard: PublishedCopy) -> None:
    """The latest complete week's adoption: adopting over active CSMs,
    summed over segments; the weekly chart is drawn."""
    with duckdb.connect(str(dashboard.dev_db), read_only=True) as con:
        frame = con.execute("select * from marts.mart_csm_ai_adoption_weekly").df()
    complete = frame[frame["is_complete_week"]]
    week = complete["week_start"].max()
    latest = complete[complete["week_start"] == week]
    adopting, active = int(latest["adopting_csms"].sum()), int(latest["active_csms"].sum())
    assert element_text(rendered_dom, "headline-weekly-adoption-value") == fmt(100.0 * adopting / active, "pct")
    assert element_text(rendered_dom, "headline-weekly-adoption-week") == (
        f"Week of {week:%d %b %Y} (latest complete week)"
    )
    assert f"n = {active:,} active CSMs, {adopting:,} adopting" in rendered_dom
    tag = re.search(r'<div[^>]*id="chart-weekly-adoption"[^>]*>', rendered_dom)
    assert tag and "js-plotly-plot" in tag.group(0)


def test_provisional_months_are_marked(rendered_dom: str, dashboard: PublishedCopy) -> None:
    """A headline card says provisional exactly when a row of its mart for
    the headline month has a ticket or CSM week not yet judged."""
    db = dashboard.dev_db
    month = headline_month_of(db)
    checked = 0
    for metric, mart, period, *_ in headline_catalog(db):
        with duckdb.connect(str(db), read_only=True) as con:
            columns = {row[0] for row in con.execute(f"describe marts.{mart}").fetchall()}
            if "immature_items" not in columns:
                continue
            (immature,) = con.execute(
                f"select coalesce(sum(immature_items), 0) from marts.{mart}"
                f" where date_trunc('month', {period}) = date '{month}'"
            ).fetchone()
        title = re.search(rf'id="kpi-{re.escape(metric)}"[^>]*><div class="kpi-title">(.*?)</div>', rendered_dom)
        assert title, metric
        assert ("provisional" in title.group(1)) == (immature > 0), (metric, immature)
        checked += 1
    assert checked >= 5


def test_pilot_is_shaded_and_off_the_axis_scale(rendered_dom: str, dashboard: PublishedCopy) -> None:
    """Every time chart shades the pilot (a shape in the pilot's grey), and
    the pilot month's AI cost per resolution, when it would stretch the axis,
    is written as off scale instead of scaling the chart."""
    db = dashboard.dev_db
    with duckdb.connect(str(db), read_only=True) as con:
        pilot_start, rollout = con.execute(
            "select ai_pilot_start_at, ai_rollout_at from intermediate.int_ai_rollout_periods"
        ).fetchone()
        panels = [row[0] for row in con.execute(
            "select distinct dashboard_panel from reference.metric_catalog where dashboard_panel is not null"
        ).fetchall()]
        costs = con.execute(
            "select month_start, sum(ai_full_cost_allocated_usd) / nullif(sum(true_ai_resolutions), 0)"
            " from marts.mart_cost_per_resolution_monthly group by 1"
        ).fetchall()
        # Everything the cost panel draws, month by month, and its targets.
        panel_values = con.execute(
            "select month_start, greatest(human_cost_per_resolution_usd, ai_full_cost_per_resolution_usd,"
            " ai_marginal_cost_per_resolution_usd, blended_cost_per_resolution_usd)"
            " from marts.mart_cost_per_resolution_monthly"
        ).fetchall()
        (top_target,) = con.execute(
            "select max(target) from reference.metric_catalog"
            " where mart = 'mart_cost_per_resolution_monthly' and dashboard_panel is not null"
        ).fetchone()
    assert pilot_start < rollout, "the generated data has a pilot"
    slug = lambda text: "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")  # noqa: E731
    pilot_grey = "fill: rgb(100, 116, 139); fill-opacity: 0.16"
    for chart in [f"chart-{slug(title)}" for title in panels] + ["chart-weekly-adoption", "chart-over-billing"]:
        start = rendered_dom.find(f'id="{chart}"')
        assert start >= 0, chart
        end = rendered_dom.find('class="chart"', start)
        assert pilot_grey in rendered_dom[start:end if end > 0 else None], f"{chart}: no pilot shading"
    # Months overlapping the pilot (from the pilot start's month to before the rollout's).
    pilot_months = {m for m, _ in costs if pilot_start.date().replace(day=1) <= m < rollout.date()}
    pilot_value = max((v for m, v in costs if m in pilot_months and v is not None), default=None)
    others = [v for m, v in panel_values if m not in pilot_months and v is not None] + [top_target or 0]
    if pilot_value is not None and pilot_value > 2 * max(others):
        assert f"pilot: {fmt(pilot_value, 'usd')} (off scale)" in rendered_dom


def test_filters_by_segment_and_category(server_root: str, dashboard: PublishedCopy) -> None:
    """Selecting a ticket category and a segment re-aggregates the cards of
    marts with that dimension: the page, driven in Chromium, shows the
    category's true AI resolution rate and the segment's AI-assisted rate,
    each computed here from the mart rows."""
    db = dashboard.dev_db
    month = headline_month_of(db)
    with duckdb.connect(str(db), read_only=True) as con:
        category, true_num, true_den = con.execute(
            f"select category, sum(true_ai_resolutions), sum(tickets_judged_short_window)"
            f" from marts.mart_automation_resolution_monthly where month_start = date '{month}'"
            " and category is not null group by 1 order by 3 desc limit 1"
        ).fetchone()
        segment, ai_num, ai_den = con.execute(
            f"select segment, sum(ai_assisted_interventions), sum(interventions)"
            f" from marts.mart_ai_assisted_resolution_monthly where month_start = date '{month}'"
            " group by 1 order by 3 desc limit 1"
        ).fetchone()
        categories = sorted(row[0] for row in con.execute(
            "select distinct category from staging.stg_helpdesk__tickets where category is not null"
        ).fetchall())
    page = (dashboard.published / "dashboard.html").read_text()
    options = re.search(r'<select id="filter-category">(.*?)</select>', page, re.S)
    assert options
    assert sorted(re.findall(r'<option value="([^"]+)"', options.group(1))) == categories
    driver = (
        "<script>"
        + "".join(
            f"document.getElementById('filter-{dim}').value = {json.dumps(value)};"
            f"document.getElementById('filter-{dim}').dispatchEvent(new Event('change'));"
            for dim, value in (("category", category), ("segment", segment))
        )
        + "</script></body>"
    )
    (dashboard.published / "dashboard-filtered.html").write_text(page.replace("</body>", driver))
    dom = dump_dom(f"{server_root}/dashboard-filtered.html")
    assert kpi_text(dom, "true_ai_resolution_rate_pct") == fmt(100.0 * true_num / true_den, "pct")
    assert kpi_text(dom, "ai_assisted_rate_pct") == fmt(100.0 * ai_num / ai_den, "pct")
    # A card whose mart has neither dimension is faded, not changed.
    assert re.search(r'class="kpi unfiltered" id="kpi-scorecard_total_score_pct"', dom)


def test_durations_are_in_hours(rendered_dom: str) -> None:
    """No duration of a minute or more is shown in seconds."""
    for match in re.finditer(r"([\d,]+) s\b", re.sub(r"<script.*?</script>", "", rendered_dom, flags=re.S)):
        assert float(match.group(1).replace(",", "")) < 60, match.group(0)

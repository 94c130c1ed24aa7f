"""The dashboard, opened in a real headless browser, shows the marts' numbers.

scripts/build_dashboard.py turns the published marts into one HTML page; the
test serves it on localhost (as `make dashboard` does), loads it in Debian's
Chromium (`make browser-deps` installs it), lets the page's scripts run and
reads the rendered DOM: every headline figure must equal the value computed
here straight from the marts of the dev database, and every chart must have
been drawn by plotly.js (inline: the page needs no network).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from conftest import DbtBuild
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


@pytest.fixture(scope="module")
def dashboard(generated_build: DbtBuild, tmp_path_factory: pytest.TempPathFactory) -> PublishedCopy:
    copy = publish_copy(generated_build, tmp_path_factory.mktemp("dashboard"))
    run_script(DASHBOARD_SCRIPT, "--published", str(copy.published))
    assert (copy.published / "dashboard.html").exists()
    return copy


@pytest.fixture(scope="module")
def served(dashboard: PublishedCopy) -> Iterator[str]:
    """The published folder on an ephemeral localhost port, as `make dashboard` serves it."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(dashboard.published))
    handler.log_message = lambda *args, **kwargs: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/dashboard.html"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def rendered_dom(served: str) -> str:
    browser = chromium_path()
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", served],
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "<html" in result.stdout, result.stderr[-3000:]
    return result.stdout


def kpi_text(dom: str, key: str) -> str:
    match = re.search(rf'id="kpi-{re.escape(key)}-value"[^>]*>([^<]*)<', dom)
    assert match, f"headline figure {key} is not on the page"
    return match.group(1).strip()


def scalar(db: Path, sql: str) -> float | None:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(sql).fetchone()
    return None if row is None or row[0] is None else float(row[0])


def fmt(value: float | None, unit: str) -> str:
    """The page's formatting (scripts/build_dashboard.py fmt)."""
    if value is None:
        return "n/a"
    return {
        "pct": f"{value:.1f} %",
        "usd": f"${value:,.2f}",
        "score": f"{value:.1f}",
        "seconds": f"{value:,.0f} s",
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

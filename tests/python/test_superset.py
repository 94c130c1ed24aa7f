"""Apache Superset's dashboards, opened in headless Chromium, show the marts' numbers.

The fixture publishes a copy of the generated build (as `make publish`),
sets up a throwaway Superset on it with scripts/superset_setup.py (SQLite
metadata in the test's tmp dir, admin user, the committed bundle
bi/superset/bundle imported), starts the server on a free localhost port
and stops it afterwards. tests/python/superset_browser.py (run with the
Superset virtualenv's Python: selenium and Debian's chromedriver) logs in
and reads every dashboard as rendered. Each headline number must equal the
figure computed here from the published read database with duckdb: the
mart's numerator summed over the headline month's rows, over the
denominator summed the same way; the AI resolution audit's ticket list must
be exactly the month's claimed or billed tickets of fct_tickets, and its
flags must add up to the mart's counts.

Needs `make superset-deps` (build/venv-superset, Chromium, chromedriver);
`make test` runs it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import PROJECT_DIR, DbtBuild
from conftest_bi import PublishedCopy, publish_copy

SUPERSET_PYTHON = PROJECT_DIR / "build" / "venv-superset" / "bin" / "python"
SETUP_SCRIPT = PROJECT_DIR / "scripts" / "superset_setup.py"
BROWSER_SCRIPT = Path(__file__).resolve().parent / "superset_browser.py"
GENERATOR = PROJECT_DIR / "scripts" / "generate_superset_bundle.py"
BUNDLE = PROJECT_DIR / "bi" / "superset" / "bundle"
SLUGS = [
    "ai-resolution-audit",
    "cs-ai-adoption",
    "repeat-contacts",
    "cost-per-resolution",
    "vendor-invoice-audit",
    "scorecard",
]


def test_committed_bundle_is_up_to_date() -> None:
    """bi/superset/bundle is exactly what scripts/generate_superset_bundle.py writes."""
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--check", "--out", str(BUNDLE)],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def require_superset() -> None:
    missing = [
        what for what, ok in [
            (str(SUPERSET_PYTHON), SUPERSET_PYTHON.exists()),
            ("chromium", shutil.which("chromium") is not None),
            ("chromedriver", shutil.which("chromedriver") is not None),
        ] if not ok
    ]
    if missing:
        if os.environ.get("SKIP_BROWSER_TESTS") == "1":
            pytest.skip(f"{missing} missing and SKIP_BROWSER_TESTS=1")
        pytest.fail(f"{missing} missing: run `make superset-deps`")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, server: subprocess.Popen[str], log: Path, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"Superset exited ({server.returncode}):\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise AssertionError(f"Superset did not answer in {timeout:.0f} s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="module")
def published(generated_build: DbtBuild, tmp_path_factory: pytest.TempPathFactory) -> PublishedCopy:
    return publish_copy(generated_build, tmp_path_factory.mktemp("superset_published"))


@pytest.fixture(scope="module")
def superset_url(published: PublishedCopy, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Superset set up on the published copy and serving, stopped afterwards."""
    require_superset()
    home = tmp_path_factory.mktemp("superset_home")
    port = free_port()
    log = home / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(SUPERSET_PYTHON), str(SETUP_SCRIPT), "--home", str(home), "--read-db", str(published.read_db),
             "--serve", "--port", str(port)],
            cwd=PROJECT_DIR, stdout=out, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, server, log)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


@pytest.fixture(scope="module")
def pages(superset_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("superset_pages") / "pages.json"
    result = subprocess.run(
        [str(SUPERSET_PYTHON), str(BROWSER_SCRIPT), superset_url, "admin", "admin", str(out), *SLUGS],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(out.read_text())


# --------------------------------------------------------------------------
# What the marts say, computed here
def query(published: PublishedCopy, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(published.read_db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="module")
def month(published: PublishedCopy) -> date:
    """The headline month: the latest complete month of the AI-assisted resolution mart."""
    (row,) = query(
        published,
        "select max(month_start) from marts.mart_ai_assisted_resolution_monthly where is_complete_month",
    )
    assert row[0] is not None
    return row[0]


def ratio(published: PublishedCopy, mart: str, numerator: str, denominator: str | None, month: date,
          multiplier: float = 1.0) -> float:
    (row,) = query(
        published,
        f"select sum({numerator}), {f'sum({denominator})' if denominator else '1'} from marts.{mart}"
        " where month_start = ?",
        [month],
    )
    assert row[0] is not None and row[1], f"{mart}: no {numerator} / {denominator} in {month}"
    return multiplier * float(row[0]) / float(row[1])


def d3_fixed(value: float, places: int) -> tuple[str, Decimal]:
    """Sign and magnitude as d3-format's fixed notation rounds (JavaScript
    toFixed on the exact binary value, a tie away from zero; no sign on a
    value that rounds to zero), which Superset's number formats use."""
    magnitude = Decimal(abs(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return ("-" if value < 0 and magnitude != 0 else ""), magnitude


def pct(value: float) -> str:
    """Superset's ".1f"."""
    sign, magnitude = d3_fixed(value, 1)
    return f"{sign}{magnitude}"


def usd(value: float) -> str:
    """Superset's "$,.2f"."""
    sign, magnitude = d3_fixed(value, 2)
    return f"{sign}${magnitude:,}"


def charts(pages: dict[str, Any], slug: str) -> dict[str, dict[str, Any]]:
    page = pages[slug]
    assert page["charts"], f"{slug}: no chart rendered"
    shown = {chart["title"]: chart for chart in page["charts"] if chart["kind"] != "markdown"}
    errors = {title: chart["text"] for title, chart in shown.items() if chart["kind"] == "error"}
    assert not errors, f"{slug}: charts failed: {errors}"
    return shown


def big_numbers(pages: dict[str, Any], slug: str) -> dict[str, str]:
    return {title: chart["value"] for title, chart in charts(pages, slug).items() if chart["kind"] == "big_number"}


def table(pages: dict[str, Any], slug: str, title: str) -> list[dict[str, str]]:
    chart = charts(pages, slug)[title]
    assert chart["kind"] == "table", chart
    return [dict(zip(chart["header"], row)) for row in chart["rows"]]


# --------------------------------------------------------------------------
# The pages
def test_every_dashboard_renders_every_chart(pages: dict[str, Any]) -> None:
    """Each page opened after logging in, under its title, with every chart of
    the bundle drawn (no error, every trend chart drawn by ECharts)."""
    bundle_titles = {}
    for path in (BUNDLE / "dashboards").glob("*.yaml"):
        import yaml

        doc = yaml.safe_load(path.read_text())
        bundle_titles[doc["slug"]] = (
            doc["dashboard_title"],
            sorted(node["meta"]["sliceName"] for node in doc["position"].values()
                   if isinstance(node, dict) and node.get("type") == "CHART"),
        )
    assert sorted(bundle_titles) == sorted(SLUGS)
    for slug in SLUGS:
        title, chart_titles = bundle_titles[slug]
        assert title in pages[slug]["title"], (slug, pages[slug]["title"])
        assert "/login" not in pages[slug]["url"]
        # Offline: every script, style, font and API call goes to the local
        # server; anything else (the frontend's telemetry pixel) is stopped by
        # the content security policy before it leaves the browser.
        local = ("http://127.0.0.1:", "data:", "blob:")
        assert any(url.startswith(local[0]) for url in pages[slug]["requests"]), slug
        sent_outside = [url for url in pages[slug]["requests"]
                        if not url.startswith(local) and url not in pages[slug]["blocked_by_csp"]]
        assert not sent_outside, f"{slug} requested {sent_outside}"
        shown = charts(pages, slug)
        assert sorted(shown) == chart_titles, slug
        for chart in shown.values():
            if chart["kind"] == "echarts":
                assert chart["drawn"]


def test_ai_resolution_audit(pages: dict[str, Any], published: PublishedCopy, month: date) -> None:
    mart = "mart_automation_resolution_monthly"
    assert big_numbers(pages, "ai-resolution-audit") == {
        "Claimed AI resolution rate (%)": pct(ratio(published, mart, "claimed_ai_resolutions", "tickets", month, 100)),
        "True AI resolution rate (%)": pct(ratio(
            published, mart, "true_ai_resolutions", "tickets_judged_short_window", month, 100)),
        "Vendor-billable resolution rate (%)": pct(ratio(
            published, mart, "vendor_billable_resolutions", "tickets_judged_vendor_window", month, 100)),
        "AI resolution over-count (%)": pct(ratio(
            published, mart, "ai_resolution_overcount", "claimed_ai_resolutions_judged_short_window", month, 100)),
    }
    (counts,) = table(pages, "ai-resolution-audit", "Numerators and denominators (headline month)")
    columns = ["tickets", "claimed_ai_resolutions", "tickets_judged_short_window", "true_ai_resolutions",
               "tickets_judged_vendor_window", "vendor_billable_resolutions"]
    (sums,) = query(published, f"select {', '.join(f'sum({c})' for c in columns)} from marts.{mart}"
                    " where month_start = ?", [month])
    assert list(counts.values()) == [f"{int(value):,}" for value in sums]

    # The ticket list: every claimed or billed ticket of the month, and its
    # flags add up to the mart's numerators.
    tickets = table(pages, "ai-resolution-audit", "Claimed or billed tickets (headline month)")
    expected = query(
        published,
        "select ticket_id from marts.fct_tickets where ticket_month = ?"
        " and (is_claimed_ai_resolution or is_vendor_billable_resolution) order by ticket_id",
        [month],
    )
    assert [row["ticket_id"] for row in tickets] == [ticket_id for (ticket_id,) in expected]
    flagged = {flag: sum(row[flag] == "true" for row in tickets)
               for flag in ("is_claimed_ai_resolution", "is_true_ai_resolution", "is_vendor_billable_resolution")}
    assert flagged == {
        "is_claimed_ai_resolution": sums[1],
        "is_true_ai_resolution": sums[3],
        "is_vendor_billable_resolution": sums[5],
    }


def test_cs_ai_adoption_with_bands(pages: dict[str, Any], published: PublishedCopy, month: date) -> None:
    assert big_numbers(pages, "cs-ai-adoption") == {
        "CSM AI adoption rate (%)": pct(ratio(
            published, "mart_csm_ai_adoption_monthly", "adopting_csm_weeks", "active_csm_weeks", month, 100)),
        "AI-assisted rate (%)": pct(ratio(
            published, "mart_ai_assisted_resolution_monthly", "ai_assisted_interventions", "interventions",
            month, 100)),
    }
    for title, mart, numerator, denominator in [
        ("CSM AI adoption by segment (headline month)", "mart_csm_ai_adoption_monthly",
         "adopting_csm_weeks", "active_csm_weeks"),
        ("AI-assisted rate by segment (headline month)", "mart_ai_assisted_resolution_monthly",
         "ai_assisted_interventions", "interventions"),
    ]:
        rows = query(published, f"select segment, {numerator}, {denominator}, benchmark_band from marts.{mart}"
                     " where month_start = ? order by segment", [month])
        shown = table(pages, "cs-ai-adoption", title)
        assert [(r["segment"], r[numerator], r[denominator], r["benchmark_band"]) for r in shown] == [
            (segment, str(num), str(den), band if band is not None else "N/A") for segment, num, den, band in rows
        ]
        for row, (_, num, den, _) in zip(shown, rows):
            rate_column = [c for c in row if c.endswith("_rate_pct")][0]
            assert row[rate_column] == pct(100.0 * num / den), title
        assert any(band is not None for *_, band in rows), f"{title}: no band shown"
    bands = table(pages, "cs-ai-adoption", "Benchmark bands")
    assert len(bands) == query(published, "select count(*) from reference.benchmark_bands")[0][0]


def test_repeat_contacts(pages: dict[str, Any], published: PublishedCopy, month: date) -> None:
    mart = "mart_repeat_contacts_monthly"
    assert big_numbers(pages, "repeat-contacts") == {
        "Repeat contact rate, short window (%)": pct(ratio(
            published, mart, "repeat_contacts_short_window", "mature_tickets_short_window", month, 100)),
        "Repeat contact rate, long window (%)": pct(ratio(
            published, mart, "repeat_contacts_long_window", "mature_tickets_long_window", month, 100)),
    }
    rows = query(published, "select resolution_path, sum(mature_tickets_short_window),"
                 " sum(repeat_contacts_short_window) from marts.mart_repeat_contacts_monthly"
                 " where month_start = ? group by 1 order by 1", [month])
    shown = table(pages, "repeat-contacts", "Repeat contacts by resolution path (headline month)")
    assert [list(row.values()) for row in shown] == [
        [path, f"{mature:,}", f"{repeats:,}", pct(100.0 * repeats / mature) if mature else "N/A"]
        for path, mature, repeats in rows
    ]


def test_cost_per_resolution(pages: dict[str, Any], published: PublishedCopy, month: date) -> None:
    mart = "mart_cost_per_resolution_monthly"
    assert big_numbers(pages, "cost-per-resolution") == {
        "AI cost per true resolution (USD, full cost)": usd(ratio(
            published, mart, "ai_full_cost_allocated_usd", "true_ai_resolutions", month)),
        "Human cost per resolution (USD)": usd(ratio(
            published, mart, "human_cost_allocated_usd", "human_resolutions", month)),
        "Blended cost per resolution (USD)": usd(ratio(
            published, mart, "total_cost_usd", "total_resolutions", month)),
    }


def test_vendor_invoice_audit(pages: dict[str, Any], published: PublishedCopy, month: date) -> None:
    mart = "mart_vendor_pay_for_performance_monthly"
    assert big_numbers(pages, "vendor-invoice-audit") == {
        "Vendor invoice (USD)": usd(ratio(published, mart, "vendor_invoice_usd", None, month)),
        "Invoice on verified resolutions (USD)": usd(ratio(published, mart, "invoice_usd", None, month)),
        "Over-billing (USD)": usd(ratio(published, mart, "over_billing_usd", None, month)),
    }
    rows = query(published, f"select contract_id, strftime(month_start, '%Y-%m'), vendor_invoice_usd,"
                 f" invoice_usd, over_billing_usd from marts.{mart} order by month_start, contract_id")
    shown = table(pages, "vendor-invoice-audit", "Invoices by contract and month")
    assert [(r["contract_id"], r["month_start"][:7], r["vendor_invoice_usd"], r["invoice_usd"],
             r["over_billing_usd"]) for r in shown] == [
        (contract, month_text, usd(billed), usd(earned), usd(over)) for contract, month_text, billed, earned, over in rows
    ]


def test_scorecard(pages: dict[str, Any], published: PublishedCopy, month: date) -> None:
    mart = "mart_balanced_scorecard_monthly"
    assert big_numbers(pages, "scorecard") == {
        "Scorecard total score (0-100)": pct(ratio(published, mart, "weighted_attainment", "scored_weight", month)),
        **{
            f"{category.title()} score (0-100)": pct(ratio(
                published, mart, f"{category}_weighted_attainment", f"{category}_scored_weight", month))
            for category in ("efficiency", "quality", "experience")
        },
    }
    metrics = query(published, "select metric from marts.mart_balanced_scorecard_metrics_monthly"
                    " where month_start = ? order by metric", [month])
    shown = table(pages, "scorecard", "Scorecard metrics (headline month)")
    assert [row["metric"] for row in shown] == [metric for (metric,) in metrics]

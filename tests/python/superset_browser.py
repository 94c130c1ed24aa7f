"""Read what Superset's dashboards show, in headless Chromium (for test_superset.py).

Runs with the Superset virtualenv's Python (it has selenium; the driver is
Debian's chromedriver, `make superset-deps`):

    python superset_browser.py BASE_URL USER PASSWORD OUT_JSON SLUG [SLUG ...]

Logs in through Superset's login form, opens /superset/dashboard/<slug>/
for each slug, waits until every chart has rendered (a big number, a table
with its rows or a drawn ECharts canvas, or an error) and writes, per
dashboard, the page title and each chart's title with what it shows: {"kind": "big_number",
"value": "37.0"}, {"kind": "table", "header": [...], "rows": [[...]]},
{"kind": "echarts", "drawn": true} or {"kind": "error", "text": ...}.
Also every URL the page requested (DevTools network events) and which of
them the content security policy blocked before they left the browser. A screenshot of each page is saved next to OUT_JSON.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Offline machine: no background network, no GPU, no sandbox (root in CI).
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1600,2400",
]
PAGE_TIMEOUT_SECONDS = 120

# Every chart holder of the page with what it shows, or null while one is
# still loading.
READ_CHARTS_JS = r"""
const holders = [...document.querySelectorAll('[data-test="dashboard-component-chart-holder"]')];
const charts = [];
for (const holder of holders) {
  const titleNode = holder.querySelector('[data-test="editable-title"]');
  if (!holder.querySelector('[data-test="slice-container"], [data-test="chart-container"]')) {
    // A markdown block, not a chart.
    charts.push({title: '', kind: 'markdown', text: holder.innerText.trim()});
    continue;
  }
  const title = titleNode ? titleNode.innerText.trim() : '';
  const error = holder.querySelector('.ant-alert-error, [role="alert"], .error-alert');
  if (error) { charts.push({title, kind: 'error', text: error.innerText}); continue; }
  if (holder.querySelector('.loading, [aria-label="loading"], .ant-skeleton')) return null;
  const big = holder.querySelector('.header-line');
  if (big) { charts.push({title, kind: 'big_number', value: big.innerText.trim()}); continue; }
  const table = holder.querySelector('table');
  if (table) {
    const header = [...holder.querySelectorAll('thead th')].map(th => th.innerText.trim())
      .filter(text => text.length > 0);
    const rows = [...holder.querySelectorAll('tbody tr')]
      .map(tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim()))
      .filter(cells => cells.length > 0);
    charts.push({title, kind: 'table', header, rows});
    continue;
  }
  const canvas = holder.querySelector('[_echarts_instance_] canvas, [_echarts_instance_] svg');
  if (canvas) { charts.push({title, kind: 'echarts', drawn: true}); continue; }
  return null;
}
return charts;
"""


def driver() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    # The DevTools network events, to tell what the page requested.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def log_in(browser: webdriver.Chrome, base: str, user: str, password: str) -> None:
    browser.get(f"{base}/login/")
    wait = WebDriverWait(browser, PAGE_TIMEOUT_SECONDS)
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "input[type=password]")))
    browser.find_element(By.CSS_SELECTOR, "#username, input[name=username]").send_keys(user)
    browser.find_element(By.CSS_SELECTOR, "input[type=password]").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(lambda b: "/login" not in b.current_url)


def read_dashboard(browser: webdriver.Chrome, base: str, slug: str, shots: Path) -> dict[str, Any]:
    browser.get(f"{base}/superset/dashboard/{slug}/")
    WebDriverWait(browser, PAGE_TIMEOUT_SECONDS).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, '[data-test="dashboard-component-chart-holder"]')
    )
    deadline = time.monotonic() + PAGE_TIMEOUT_SECONDS
    charts = None
    while time.monotonic() < deadline:
        # Scroll through the page: charts below the fold render when seen.
        browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        charts = browser.execute_script(READ_CHARTS_JS)
        if charts:
            break
        time.sleep(1)
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(shots / f"{slug}.png"))
    requested, blocked = network_requests(browser)
    return {"title": browser.title, "charts": charts, "url": browser.current_url,
            "requests": requested, "blocked_by_csp": blocked}


def network_requests(browser: webdriver.Chrome) -> tuple[list[str], list[str]]:
    """The URLs the page requested since the last call, and those of them that
    the content security policy stopped before they left the browser."""
    urls: dict[str, str] = {}
    blocked: set[str] = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
        elif message["method"] == "Network.loadingFailed" and params.get("blockedReason") == "csp":
            blocked.add(params["requestId"])
    return sorted(set(urls.values())), sorted({urls[r] for r in blocked if r in urls})


def main(base: str, user: str, password: str, out: Path, slugs: list[str]) -> None:
    browser = driver()
    try:
        log_in(browser, base, user, password)
        pages = {slug: read_dashboard(browser, base, slug, out.parent) for slug in slugs}
    finally:
        browser.quit()
    out.write_text(json.dumps(pages, indent=2))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4]), sys.argv[5:])

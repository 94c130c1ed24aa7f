"""The docs site's landing page: docs/overview.md, the `__overview__` doc block.

It is generated from the metric catalog by scripts/generate_docs_overview.py
(questions -> mart, metric, dashboard panel, saved query; model owners):
the committed file must be what the script writes, dbt must read it as the
project's `__overview__` (the page `make docs` opens on), every saved query
it names must exist, and every owner it lists must be an owner the catalog
gives one of that model's metrics (or the metric named by owner_metric).
"""

from __future__ import annotations

import json
import re
import subprocess

import yaml

from conftest import PROJECT_DIR, VENV_BIN, DbtBuild

SCRIPT = PROJECT_DIR / "scripts" / "generate_docs_overview.py"
OVERVIEW = PROJECT_DIR / "docs" / "overview.md"


def test_overview_is_generated_from_the_catalog() -> None:
    result = subprocess.run(
        [str(VENV_BIN / "python"), str(SCRIPT), "--check"], capture_output=True, text=True, cwd=PROJECT_DIR
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_dbt_reads_it_as_the_overview(generated_build: DbtBuild) -> None:
    manifest = json.loads((generated_build.db_path.parent / "target" / "manifest.json").read_text())
    docs = {doc["name"]: doc for doc in manifest["docs"].values() if doc["package_name"] == "ai_support_metrics"}
    assert "__overview__" in docs
    assert "## The leader questions" in docs["__overview__"]["block_contents"]


def test_saved_queries_it_names_exist() -> None:
    text = OVERVIEW.read_text()
    saved = {
        query["name"]
        for query in yaml.safe_load((PROJECT_DIR / "models" / "semantic" / "_saved_queries.yml").read_text())[
            "saved_queries"
        ]
    }
    named = set(re.findall(r"\| `([a-z_]+)` \|$", text, flags=re.MULTILINE))
    assert named and named <= saved, named - saved


def test_owners_are_catalog_owners(generated_build: DbtBuild) -> None:
    catalog: dict[str, set[str]] = {}
    by_metric: dict[str, str] = {}
    for mart, metric, owner in generated_build.query("select mart, metric, owner from reference.metric_catalog"):
        catalog.setdefault(mart, set()).add(owner)
        by_metric[metric] = owner
    rows = re.findall(r"^\| `([a-z_]+)` \| ([^|]+) \| ([^|]*) \|$", OVERVIEW.read_text(), flags=re.MULTILINE)
    assert rows
    audit_owner = by_metric["true_ai_resolution_rate_pct"]
    for model, owner, others in rows:
        owner = owner.strip()
        if model in catalog:
            listed = {owner, *(o.strip() for o in others.split(",") if o.strip())}
            assert listed == catalog[model], model
        else:
            assert model == "fct_ticket_resolution_audit" and owner == audit_owner

"""The structure check (scripts/check_structure.py) passes on the project and
fails on each rule it enforces.

The project's own manifest and database come from the shared generated build;
each failure is provoked on a copy of that manifest changed in one place, so a
rule that stopped being checked would make its test fail.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT_DIR, DbtBuild

spec = importlib.util.spec_from_file_location("check_structure", PROJECT_DIR / "scripts" / "check_structure.py")
assert spec and spec.loader
check_structure = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_structure)

PROJECT = "model.ai_support_metrics."


@pytest.fixture(scope="module")
def built(generated_build: DbtBuild) -> tuple[dict[str, Any], dict[tuple[str, str], list[str]]]:
    manifest = json.loads((generated_build.db_path.parent / "target" / "manifest.json").read_text())
    return manifest, check_structure.actual_columns(generated_build.db_path)


def problems_after(built: tuple[dict[str, Any], Any], change: Any) -> list[str]:
    manifest, columns = built
    changed = copy.deepcopy(manifest)
    columns = copy.deepcopy(columns)
    change(changed, columns)
    return check_structure.check(changed, columns)


def test_the_project_holds_every_rule(built: tuple[dict[str, Any], Any]) -> None:
    manifest, columns = built
    assert check_structure.check(manifest, columns) == []


def test_a_mart_reading_a_source_fails(built: tuple[dict[str, Any], Any]) -> None:
    def change(manifest: dict[str, Any], _: Any) -> None:
        source = next(uid for uid in manifest["sources"])
        manifest["nodes"][PROJECT + "mart_repeat_contacts_monthly"]["depends_on"]["nodes"].append(source)

    assert any("mart_repeat_contacts_monthly reads the source" in p for p in problems_after(built, change))


def test_a_mart_reading_a_raw_seed_fails(built: tuple[dict[str, Any], Any]) -> None:
    def change(manifest: dict[str, Any], _: Any) -> None:
        manifest["nodes"]["seed.ai_support_metrics.raw_helpdesk__tickets"] = {
            "resource_type": "seed", "original_file_path": "seeds/raw_helpdesk__tickets.csv",
        }
        manifest["nodes"][PROJECT + "fct_tickets"]["depends_on"]["nodes"].append(
            "seed.ai_support_metrics.raw_helpdesk__tickets"
        )

    assert any("fct_tickets reads the raw seed raw_helpdesk__tickets" in p for p in problems_after(built, change))


def test_a_rate_without_a_catalog_entry_fails(built: tuple[dict[str, Any], Any]) -> None:
    def change(manifest: dict[str, Any], _: Any) -> None:
        column = manifest["nodes"][PROJECT + "mart_escalation_quality_monthly"]["columns"]["routing_accuracy_pct"]
        column["meta"] = {}
        column["config"] = {"meta": {}}

    assert any(
        "routing_accuracy_pct looks like a rate but has no metric catalog entry" in p
        for p in problems_after(built, change)
    )


def test_a_catalog_entry_without_its_column_fails(built: tuple[dict[str, Any], Any]) -> None:
    def change(_: Any, columns: dict[tuple[str, str], list[str]]) -> None:
        columns[("marts", "mart_escalation_quality_monthly")].remove("correctly_routed_handoffs")

    problems = problems_after(built, change)
    assert any("numerator correctly_routed_handoffs is not a column" in p for p in problems), problems


def test_a_catalog_mart_without_the_row_check_fails(built: tuple[dict[str, Any], Any]) -> None:
    def change(manifest: dict[str, Any], _: Any) -> None:
        for uid in [uid for uid, node in manifest["nodes"].items()
                    if node["resource_type"] == "test"
                    and (node.get("test_metadata") or {}).get("name") == "catalog_rates_match"
                    and node.get("attached_node") == PROJECT + "mart_ai_answer_quality_monthly"]:
            del manifest["nodes"][uid]

    assert any(
        "mart_ai_answer_quality_monthly declares catalog metrics but does not carry the test" in p
        for p in problems_after(built, change)
    )


def test_an_undocumented_column_fails(built: tuple[dict[str, Any], Any]) -> None:
    def change(_: Any, columns: dict[tuple[str, str], list[str]]) -> None:
        columns[("marts", "dim_csms")].append("secret_column")

    assert any("dim_csms: column secret_column is not documented" in p for p in problems_after(built, change))


def test_an_undocumented_model_fails(built: tuple[dict[str, Any], Any]) -> None:
    def change(manifest: dict[str, Any], _: Any) -> None:
        manifest["nodes"][PROJECT + "dim_csms"]["description"] = ""

    assert any("dim_csms has no description" in p for p in problems_after(built, change))


def test_a_model_without_a_primary_key_test_fails(built: tuple[dict[str, Any], Any]) -> None:
    def change(manifest: dict[str, Any], _: Any) -> None:
        for uid in [uid for uid, node in manifest["nodes"].items()
                    if node["resource_type"] == "test"
                    and node.get("attached_node") == PROJECT + "mart_out_of_scope_topics_monthly"
                    and (node.get("test_metadata") or {}).get("name") == "unique_combination"]:
            del manifest["nodes"][uid]

    assert any(
        "mart_out_of_scope_topics_monthly has no primary-key test" in p for p in problems_after(built, change)
    )

"""Check the project's structure rules on a built project.

    python scripts/check_structure.py --manifest build/target/manifest.json --db build/test.duckdb

Reads dbt's manifest (what the project declares) and the built DuckDB file
(what the models really hold) and fails, naming each offender, when:

1. a mart (models/marts/**, models/reference/**) reads a source or a raw seed
   directly: marts read staging and intermediate models, and only the
   reference seeds (benchmark bands, segments, source articles);
2. a rate has no metric catalog entry: a mart column that looks like a rate
   (`_pct`, `avg_`, `_per_`, `_score`, `nps`) is neither declared under
   `config.meta.metric` nor marked `config.meta.not_a_rate: <why>`;
   and the reverse: a catalog entry whose column, numerator, denominator or
   filter column is not in its mart, or whose mart does not carry the test
   catalog_rates_match (which checks every row against the entry);
3. a model, or a column a model really holds, has no description;
4. a model has no primary-key test: `unique` (with `not_null`) on a column,
   `unique_combination` on its grain, or, for a one-row model,
   `config.meta.one_row: true` checked by the test expect_one_row. A model
   without a key by nature (a log of rejected raw rows) says why in
   `config.meta.primary_key`.

The staging base models (models/staging/**/base/) are stage_base's internal
steps: their model is documented, their columns are the staged model's plus
stage_base's bookkeeping columns, and they hold the duplicates and rejects a
key would forbid, so rules 3 (columns) and 4 do not apply to them.

`make test` runs it after the build (cost: about a second).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import duckdb

RATE_LIKE = re.compile(r"(_pct|_score)$|^avg_|_per_|^nps$")
NOT_NUMERIC = re.compile(r"^(is|has)_")
BASE_PATH = re.compile(r"^models/staging/.*/base/")
MART_PATHS = ("models/marts/", "models/reference/")
REFERENCE_SEEDS = "seeds/reference/"


def column_meta(column: dict[str, Any]) -> dict[str, Any]:
    return (column.get("meta") or {}) | ((column.get("config") or {}).get("meta") or {})


def is_mart(node: dict[str, Any]) -> bool:
    return node["original_file_path"].startswith(MART_PATHS)


def actual_columns(db: Path) -> dict[tuple[str, str], list[str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
            " order by table_schema, table_name, ordinal_position"
        ).fetchall()
    columns: dict[tuple[str, str], list[str]] = {}
    for schema, table, column in rows:
        columns.setdefault((schema, table), []).append(column)
    return columns


def tests_by_model(manifest: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    tests: dict[str, list[dict[str, Any]]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or not node.get("test_metadata"):
            continue
        attached = node.get("attached_node") or next(iter(node["depends_on"]["nodes"]), None)
        if attached:
            tests.setdefault(attached, []).append(node)
    return tests


def check(manifest: dict[str, Any], columns: dict[tuple[str, str], list[str]]) -> list[str]:
    problems: list[str] = []
    models = {
        uid: node for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["package_name"] == manifest["metadata"].get("project_name", node["package_name"])
    }
    tests = tests_by_model(manifest)

    for uid, node in sorted(models.items()):
        name = node["name"]
        where = f"{node['original_file_path']}: {name}"
        built = columns.get((node["schema"], node["alias"] or name))

        # 1. Marts read no source and no raw seed.
        if is_mart(node):
            for parent in node["depends_on"]["nodes"]:
                if parent.startswith("source."):
                    problems.append(f"{where} reads the source {parent.split('.', 2)[-1]} directly")
                elif parent.startswith("seed."):
                    seed = manifest["nodes"].get(parent, {})
                    if not seed.get("original_file_path", "").startswith(REFERENCE_SEEDS):
                        problems.append(f"{where} reads the raw seed {parent.split('.')[-1]} directly")

        # 3. Documented model and columns.
        if not (node.get("description") or "").strip():
            problems.append(f"{where} has no description")
        declared = node.get("columns") or {}
        internal = bool(BASE_PATH.match(node["original_file_path"]))
        for column in [] if internal else built or []:
            entry = declared.get(column)
            if entry is None:
                problems.append(f"{where}: column {column} is not documented")
            elif not (entry.get("description") or "").strip():
                problems.append(f"{where}: column {column} has no description")
        if built is None and node["config"].get("materialized") != "ephemeral":
            problems.append(f"{where} is not built in the database checked")

        # 4. A primary-key test.
        model_tests = tests.get(uid, [])
        kinds = {(t["test_metadata"]["name"], t.get("column_name")) for t in model_tests}
        unique_columns = {column for kind, column in kinds if kind == "unique" and column}
        not_null_columns = {column for kind, column in kinds if kind == "not_null" and column}
        meta = node["config"].get("meta") or {}
        has_key = (
            bool(unique_columns & not_null_columns)
            or any(kind == "unique_combination" for kind, _ in kinds)
            or (meta.get("one_row") and any(kind == "expect_one_row" for kind, _ in kinds))
            or bool(meta.get("primary_key"))
        )
        if not has_key and not internal:
            problems.append(
                f"{where} has no primary-key test (unique + not_null on a column, "
                "unique_combination on its grain, or meta one_row with expect_one_row)"
            )

        # 2. Rates and the metric catalog, both ways.
        if not is_mart(node):
            continue
        has_catalog_test = any(kind == "catalog_rates_match" for kind, _ in kinds)
        declares = False
        for column, entry in declared.items():
            meta = column_meta(entry)
            metric = meta.get("metric")
            if not metric:
                continue
            declares = True
            if built is not None and column not in built:
                problems.append(f"{where}: catalog metric on column {column}, which the model does not hold")
            for role in ("numerator", "denominator"):
                if metric.get(role) and built is not None and metric[role] not in built:
                    problems.append(
                        f"{where}: catalog metric {metric.get('key', column)}'s {role} "
                        f"{metric[role]} is not a column of the model"
                    )
            for variant in [metric, *(metric.get("also") or [])]:
                for filter_column in (variant.get("filter") or {}):
                    if built is not None and filter_column not in built:
                        problems.append(f"{where}: catalog filter column {filter_column} is not a column")
        if declares and not has_catalog_test:
            problems.append(f"{where} declares catalog metrics but does not carry the test catalog_rates_match")
        for column in built or []:
            if not RATE_LIKE.search(column) or NOT_NUMERIC.match(column):
                continue
            meta = column_meta(declared.get(column, {}))
            if not meta.get("metric") and not meta.get("not_a_rate"):
                problems.append(
                    f"{where}: {column} looks like a rate but has no metric catalog entry "
                    "(config.meta.metric) nor config.meta.not_a_rate"
                )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", type=Path, default=Path("target/manifest.json"))
    parser.add_argument("--db", type=Path, default=Path("ai_support_metrics.duckdb"))
    args = parser.parse_args(argv)
    manifest = json.loads(args.manifest.read_text())
    problems = check(manifest, actual_columns(args.db))
    if problems:
        print(f"{len(problems)} structure problems:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print("structure check: every rule holds")
    return 0


if __name__ == "__main__":
    sys.exit(main())

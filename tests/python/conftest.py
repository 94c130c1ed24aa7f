"""Shared fixtures: run the real dbt project against a temporary DuckDB file.

Nothing is mocked. `generated_build` generates a dataset with the project's
generator (messy exports + clean ground truth + mess ledger), reads it as
files (var raw_source = 'files', no `dbt seed` of raw data) and builds every
model once per test session; oracle tests compare the marts with metrics
computed independently in Python from the ground truth.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
DBT = str(VENV_BIN / "dbt")
# `dbt build` of every model, no data or unit tests.
BUILD_MODELS = ["build", "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]

# Small enough to build in about a minute, large enough that every boundary
# case of the generator is present.
GENERATED_SEED = 42
GENERATED_SCALE = 0.5
# Builds of files (not the bundled sample) need the PII hash key
# (docs/raw_exports.md, "PII"); tests use this one unless the environment
# sets its own.
TEST_PII_HASH_KEY = "test-only-pii-hash-key"


@dataclass(frozen=True)
class DbtBuild:
    """A finished dbt build: its DuckDB file and the data it was built from."""

    db_path: Path
    data_dir: Path
    vars: dict[str, Any]

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def frame(self, sql: str) -> Any:
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            return con.execute(sql).df()

    @property
    def truth_dir(self) -> Path:
        return self.data_dir / "_truth"


def run_dbt(
    args: list[str],
    db_path: Path,
    work_dir: Path,
    dbt_vars: dict[str, Any] | None = None,
    check: bool = True,
    env_overrides: dict[str, str | None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run one dbt command against `db_path`, with its own target and logs
    (env_overrides: variables to set, or with None to unset)."""
    env = dict(os.environ)
    env.setdefault("AISM_PII_HASH_KEY", TEST_PII_HASH_KEY)
    for name, value in (env_overrides or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    env["DBT_DUCKDB_PATH"] = str(db_path)
    env["DBT_DUCKDB_MEMORY_LIMIT"] = "4GB"
    cmd = [
        DBT,
        *args,
        "--profiles-dir",
        str(PROJECT_DIR),
        "--project-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
    ]
    if dbt_vars:
        cmd += ["--vars", json.dumps(dbt_vars)]
    result = subprocess.run(
        cmd, cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"dbt {' '.join(args)} failed ({result.returncode}):\n"
            + result.stdout[-6000:]
            + result.stderr[-3000:]
        )
    return result


# Nodes dbt has nothing to run for: an exposure, and a saved query without
# exports, report status "no-op" in run_results.json.
NOTHING_TO_RUN = ("exposure.", "saved_query.")


def statuses_of_nodes_run(results: list[dict[str, Any]]) -> dict[str, str]:
    """unique_id -> status for every node of run_results.json dbt had something to run for."""
    return {
        r["unique_id"]: r["status"]
        for r in results
        if not (r["unique_id"].startswith(NOTHING_TO_RUN) and r["status"] == "no-op")
    }


def generate(out_dir: Path, seed: int, scale: float, fmt: str = "csv") -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--out",
            str(out_dir),
            "--seed",
            str(seed),
            "--scale",
            str(scale),
            "--format",
            fmt,
        ],
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def generated_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DbtBuild]:
    """Every model built (tests excluded) on freshly generated messy files."""
    work = tmp_path_factory.mktemp("generated_build")
    data_dir = work / "exports"
    generate(data_dir, GENERATED_SEED, GENERATED_SCALE)
    dbt_vars = {"raw_source": "files", "raw_export_dir": str(data_dir)}
    db_path = work / "generated.duckdb"
    run_dbt(
        BUILD_MODELS,
        db_path,
        work,
        dbt_vars,
    )
    yield DbtBuild(db_path=db_path, data_dir=data_dir, vars=dbt_vars)

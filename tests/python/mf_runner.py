"""Running the MetricFlow CLI (`mf`) as an analyst does, from pytest.

`mf` reads `<project>/target/semantic_manifest.json` and the DuckDB file of
its dbt target, so each test runs it in a throwaway project folder: the
project's files symlinked, the build's semantic manifest copied, its own
copy of the DuckDB file. The copy keeps the built file's name: the DuckDB
catalog name is the file's stem and is baked into the semantic manifest.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from conftest import PROJECT_DIR, VENV_BIN

MF = str(VENV_BIN / "mf")
PROJECT_ENTRIES = ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "analyses"]


@dataclass(frozen=True)
class MfProject:
    """A throwaway project folder `mf` can run in."""

    root: Path
    db_path: Path

    def env(self, target: str | None = None) -> dict[str, str]:
        """dbt's environment for `mf`: this folder, its DuckDB copy, `target` (None: the profile's default)."""
        env = dict(os.environ)
        env.pop("DBT_PUBLISH_DIR", None)  # the default: `published` next to the database
        env.pop("DBT_TARGET", None)
        env.update(
            DBT_PROJECT_DIR=str(self.root),
            DBT_PROFILES_DIR=str(PROJECT_DIR),
            DBT_DUCKDB_PATH=str(self.db_path),
            DBT_DUCKDB_MEMORY_LIMIT="2GB",
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        )
        if target is not None:
            env["DBT_TARGET"] = target
        return env

    def run(self, args: list[str], out_csv: Path, target: str | None = None) -> subprocess.CompletedProcess[str]:
        """`mf query <args> --csv out_csv --quiet`, whatever its outcome."""
        return subprocess.run(
            [MF, "query", *args, "--csv", str(out_csv), "--quiet"],
            cwd=self.root,
            env=self.env(target),
            capture_output=True,
            text=True,
            timeout=300,
        )

    def rows(self, args: list[str], out_csv: Path, target: str | None = None) -> list[dict[str, str]]:
        """The rows `mf query <args>` writes; fails the test with mf's output when it fails."""
        result = self.run(args, out_csv, target)
        if result.returncode != 0 or not out_csv.exists():
            raise AssertionError(
                f"mf query {' '.join(args)}{'' if target is None else f' on target {target}'} failed "
                f"({result.returncode}):\n{result.stdout[-4000:]}{result.stderr[-4000:]}"
            )
        with out_csv.open(newline="") as handle:
            return list(csv.DictReader(handle))


def make_mf_project(root: Path, source_db: Path, manifest: Path | None = None) -> MfProject:
    """`root` (created; its parent may be another folder) with the project's files and a copy of `source_db`.

    With `manifest`, that semantic manifest is copied to root/target/.
    """
    root.mkdir(parents=True, exist_ok=True)
    for entry in PROJECT_ENTRIES:
        if (PROJECT_DIR / entry).exists():
            (root / entry).symlink_to(PROJECT_DIR / entry)
    if manifest is not None:
        (root / "target").mkdir()
        shutil.copyfile(manifest, root / "target" / "semantic_manifest.json")
    db_path = root / source_db.name
    shutil.copyfile(source_db, db_path)
    return MfProject(root=root, db_path=db_path)

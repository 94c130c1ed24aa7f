"""Where the current published set is: the one helper every reader uses.

scripts/publish_marts.py writes each publish into its own folder
`<root>/versions/<publish_id>/` and then switches the symlink
`<root>/current` to it with one atomic rename. A reader that needs more
than one file (several marts, or a mart and the manifest) resolves
`current` ONCE with `current_folder()` and reads everything from the folder
it returns: a publish that switches the pointer meanwhile cannot mix two
builds into what that reader sees, and the folder it reads stays in place
for the grace period (`--grace-minutes`, var `publish_grace_minutes`).

    from published_folder import current_folder
    folder = current_folder(Path("published"))   # published/versions/<id>
    folder / "<mart>.parquet", folder / "_manifest.json", ...
"""

from __future__ import annotations

import os
from pathlib import Path

CURRENT_LINK = "current"
VERSIONS_DIR = "versions"
MANIFEST_NAME = "_manifest.json"
READ_DB_NAME = "ai_support_metrics_read.duckdb"


def current_folder(root: Path) -> Path:
    """The folder of the current publish under `root` (resolved once).

    `root` is the published folder (`published/`). A folder that already is
    one publish (it holds `_manifest.json` and no `current`) is returned as
    it is, so a copied or moved version folder reads the same way.
    """
    link = root / CURRENT_LINK
    if os.path.lexists(link):
        return Path(os.path.realpath(link))
    if (root / MANIFEST_NAME).exists():
        return root
    raise FileNotFoundError(
        f"nothing is published in {root}: no {CURRENT_LINK} link "
        "(run `dbt build`, `make build` or `make publish` first)"
    )

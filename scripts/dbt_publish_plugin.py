"""dbt-duckdb plugin: lets the on-run-end hook publish the marts.

profiles.yml loads this module on the DuckDB targets (`plugins:`). It
registers one SQL function on dbt's own DuckDB connection,

    publish_marts(grace_minutes DOUBLE) -> VARCHAR

which runs scripts/publish_marts.py's publish on a cursor of that connection
(so it reads exactly what the build committed, with no second open of the
locked file) and returns the one-line summary. The macro
macros/publish/publish_marts_on_run_end.sql calls it after a successful
`dbt build` / `dbt run`. The target folder is $DBT_PUBLISH_DIR, else
`published` next to the database file.
"""

from __future__ import annotations

import weakref

from dbt.adapters.duckdb.plugins import BasePlugin
from dbt.flags import get_flags
from duckdb import DuckDBPyConnection

import publish_marts

FUNCTION_NAME = "publish_marts"
# As macros/publish/publish_marts_on_run_end.sql.
PUBLISHING_COMMANDS = {"build", "run", "retry"}


class Plugin(BasePlugin):
    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        # Only the commands whose on-run-end publishes need the function
        # (not `dbt debug` under `mf`, nor SQLFluff's templater): a Python
        # function inside a connection that a tool never closes is reported
        # as leaked at interpreter exit.
        if getattr(get_flags(), "WHICH", None) not in PUBLISHING_COMMANDS:
            return
        # A weak reference: the function lives inside the connection, and a
        # strong one would keep the connection alive past interpreter exit.
        connection = weakref.ref(conn)

        def publish(grace_minutes: float) -> str:
            live = connection()
            if live is None:
                raise RuntimeError("dbt's DuckDB connection is closed")
            cursor = live.cursor()
            try:
                manifest = publish_marts.publish_from_connection(cursor, None, grace_minutes)
            except publish_marts.NothingToPublish as nothing:
                return f"Not published: {nothing}"
            finally:
                cursor.close()
            return publish_marts.summary(manifest)

        conn.create_function(FUNCTION_NAME, publish, ["DOUBLE"], "VARCHAR", side_effects=True)

"""dbt-duckdb plugin: the PII side of a build (docs/raw_exports.md, "PII").

profiles.yml loads this module on the DuckDB dev target (`plugins:`). It does
two things:

1. The hash key. Staging hashes contact fields and ids that hold an e-mail
   address or phone number with a key (macros/staging/pii.sql). The key comes
   from the environment variable AISM_PII_HASH_KEY and must never be written
   into compiled SQL, target/ or logs/: this plugin puts it into the DuckDB
   session variable ``aism_pii_hash_key`` on dbt's connection and on every
   cursor dbt opens from it, and the SQL reads ``getvariable(...)``.

2. Error messages. A reader or cast error from DuckDB can quote the raw input
   (``Original Line: 3,jane@example.com,...``), and dbt writes that message to
   the console, logs/dbt.log and target/run_results.json. dbt-duckdb's
   exception handler is wrapped so that the message is redacted first: the
   quoted raw line is withheld (its file and line number stay), and any
   e-mail address or phone number left in the message is masked.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from typing import Iterator

from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.adapters.duckdb.plugins import BasePlugin
from dbt_common.exceptions import DbtRuntimeError
from duckdb import DuckDBPyConnection

KEY_ENV = "AISM_PII_HASH_KEY"
KEY_VARIABLE = "aism_pii_hash_key"

# The patterns of macros/staging/pii.sql in Python's re (\w for \p{L}\p{N}).
EMAIL = re.compile(r"[\w.%+'!#&*=?^`{}~/-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
_PHONE = (
    r"(?:\+|00)[1-9]\d{0,2}(?: ?\(\d{1,4}\) ?)?(?:[ ./-]?\d){7,12}",
    r"\(?0\d{2,4}\)?[ -]?\d{3,4}[ -]?\d{3,4}",
    r"(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])\d{3}[ .-]\d{4}",
    r"[2-9]\d{2}-\d{4}",
)
PHONE = re.compile(r"(?<![\w+./-])(?:" + "|".join(_PHONE) + r")(?!\d)")
# DuckDB's CSV reader quotes the offending line on a line of its own.
RAW_LINE = re.compile(r"^(\s*Original Line:).*$", re.M)
WITHHELD = r"\1 (withheld: raw lines can hold personal data; open the file at the line above)"


def redact(message: str) -> str:
    """An error message with raw input lines withheld and PII masked."""
    message = RAW_LINE.sub(WITHHELD, message)
    message = EMAIL.sub("[email]", message)
    return PHONE.sub("[phone]", message)


_original_exception_handler = DuckDBConnectionManager.exception_handler


@contextmanager
def _redacting_exception_handler(
    self: DuckDBConnectionManager, sql: str, connection_name: str = "master"
) -> Iterator[None]:
    with _original_exception_handler(self, sql, connection_name):
        try:
            yield
        except DbtRuntimeError as error:
            text = str(error.msg) if hasattr(error, "msg") else str(error)
            if redact(text) == text:
                raise
            raise DbtRuntimeError(redact(text)) from None
        except Exception as error:  # the DuckDB error, before dbt logs it
            text = str(error)
            if redact(text) == text:
                raise
            raise RuntimeError(redact(text)) from None


DuckDBConnectionManager.exception_handler = _redacting_exception_handler  # type: ignore[method-assign]


def _set_key(conn: DuckDBPyConnection) -> None:
    key = os.environ.get(KEY_ENV, "").strip()
    if key:
        conn.execute(f"set variable {KEY_VARIABLE} = '" + key.replace("'", "''") + "'")


class Plugin(BasePlugin):
    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        _set_key(conn)

    def configure_cursor(self, cursor: DuckDBPyConnection) -> None:
        _set_key(cursor)

"""Build typed _truth Arrow tables from generator arrays."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from .contract import Table, arrow_type, truth_schema
from .timeutil import DAY

INT_NULL = np.iinfo(np.int64).min


def _column(kind: str, values: Any) -> pa.Array:
    typ = arrow_type(kind)  # type: ignore[arg-type]
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values if values.type == typ else values.cast(typ)
    if isinstance(values, list):
        if kind not in ("timestamp", "date"):
            return pa.array(values, type=typ)
        values = np.asarray(values, dtype=np.int64)
    arr = np.asarray(values)
    if kind == "timestamp":
        sec = arr.astype(np.int64)
        null = sec < 0
        return pa.array(np.where(null, 0, sec) * 1_000_000, type=pa.int64(), mask=null).view(typ)
    if kind == "date":
        sec = arr.astype(np.int64)
        null = sec < 0
        days = (np.where(null, 0, sec) // DAY).astype(np.int32)
        return pa.array(days, type=pa.int32(), mask=null).view(typ)
    if kind == "number":
        f = arr.astype(np.float64)
        return pa.array(f, type=typ, mask=np.isnan(f))
    if kind == "integer":
        i = arr.astype(np.int64)
        return pa.array(i, type=typ, mask=i == INT_NULL)
    if kind == "boolean":
        if arr.dtype == np.bool_:
            return pa.array(arr, type=typ)
        b = arr.astype(np.int8)
        return pa.array(b == 1, type=typ, mask=b < 0)
    return pa.array(arr.tolist() if arr.dtype == object else arr, type=typ)


def build(table: Table, columns: dict[str, Any]) -> pa.Table:
    """A _truth table for `table` from arrays keyed by column name."""
    missing = set(table.column_names) - set(columns)
    if missing:
        raise ValueError(f"{table.name}: missing columns {sorted(missing)}")
    arrays = [_column(c.kind, columns[c.name]) for c in table.columns]
    return pa.Table.from_arrays(arrays, schema=truth_schema(table))

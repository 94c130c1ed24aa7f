"""Deterministic, zero-padded string ids ('T0000001', 'A0001', 'U001', ...)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc


def id_width(expected_count: int, min_width: int) -> int:
    """Digits needed for `expected_count` ids, at least `min_width`."""
    return max(min_width, len(str(max(1, int(expected_count)))))


def format_ids(prefix: str, numbers: npt.NDArray[np.int64], width: int) -> pa.Array:
    """prefix + zero-padded number, vectorised. Negative numbers give null."""
    numbers = np.asarray(numbers, dtype=np.int64)
    null = numbers < 0
    text = pc.utf8_lpad(pc.cast(pa.array(np.where(null, 0, numbers)), pa.string()), width, "0")
    out = pc.binary_join_element_wise(pa.scalar(prefix), text, "")
    if null.any():
        out = pc.if_else(pa.array(null), pa.scalar(None, pa.string()), out)
    return out


class IdSpace:
    """Prefix and width of one kind of id."""

    def __init__(self, prefix: str, expected_count: int, min_width: int) -> None:
        self.prefix = prefix
        self.width = id_width(expected_count, min_width)

    def __call__(self, index: npt.NDArray[np.int64]) -> pa.Array:
        """Ids for 0-based indices (id number = index + 1); index < 0 gives null."""
        index = np.asarray(index, dtype=np.int64)
        return format_ids(self.prefix, np.where(index < 0, -1, index + 1), self.width)

    def one(self, index: int) -> str:
        return f"{self.prefix}{index + 1:0{self.width}d}"

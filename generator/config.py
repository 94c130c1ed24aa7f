"""Run configuration and deterministic random streams."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

BASE_TICKETS = 4000  # tickets at --scale 1


@dataclass(frozen=True)
class Config:
    out: Path
    seed: int = 42
    scale: float = 1.0
    fmt: Literal["csv", "parquet"] = "csv"
    layout: Literal["exports", "seeds"] = "exports"
    mess: bool = True
    truth_dir: Path | None = None
    chunk_tickets: int = 100_000
    chunk_rows: int = 200_000

    @property
    def truth_path(self) -> Path:
        """Directory holding the _truth parquet files."""
        if self.truth_dir is not None:
            return self.truth_dir
        if self.layout == "seeds":
            return self.out.parent / "tests" / "fixtures" / "sample_truth"
        return self.out / "_truth"

    @property
    def ledger_path(self) -> Path:
        if self.truth_dir is not None or self.layout == "seeds":
            return self.truth_path / "_mess_ledger.csv"
        return self.out / "_mess_ledger.csv"


def _key(part: int | str) -> int:
    if isinstance(part, str):
        return zlib.crc32(part.encode())
    return int(part)


def rng_for(seed: int, *parts: int | str) -> np.random.Generator:
    """An independent random stream for one purpose (and chunk) of a run.

    Streams never share state, so adding a draw in one part of the generator
    does not change the data of any other part.
    """
    return np.random.default_rng(np.random.SeedSequence([int(seed), *(_key(p) for p in parts)]))

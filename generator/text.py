"""From _truth rows to raw export text, and the mess real exports carry.

``to_text`` writes canonical text (what ``--no-mess`` emits). ``respell``
re-spells values without changing what staging parses them to (enum aliases,
label spellings, timestamp formats and UTC offsets, boolean spellings, null
spellings, surrounding blanks). ``inject`` adds the extra rows: re-exported
duplicates and rejected rows with exactly one problem each, and returns the
ledger lines that describe them.

Columns stay Arrow string arrays; only the re-spelled subset of a column is
touched in Python, then patched in with ``replace_with_mask``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from .contract import (
    BLANK_KEY_SPELLINGS, ENUM_VARIANTS, FALSE_SPELLINGS, NULL_SPELLINGS, SURVEY_SCALES,
    TRUE_SPELLINGS, UNKNOWN_ENUM_VALUES, UNPARSEABLE_TIMESTAMPS, Column, RejectKind, Table,
)

Obj = npt.NDArray[np.object_]
Idx = npt.NDArray[np.int64]
Text = dict[str, pa.Array]


@dataclass(frozen=True)
class MessRates:
    enum: float = 0.15
    label: float = 0.25
    timestamp: float = 0.18
    boolean: float = 0.30
    integer_float: float = 0.05
    null_spelling: float = 0.35
    blanks: float = 0.02
    duplicates: float = 0.008
    rejects_per_kind: float = 0.0012


RATES = MessRates()
# Re-exported copies that are re-spelled get much more of it.
RESPELL_COPY = MessRates(enum=0.6, label=0.6, timestamp=0.7, boolean=0.7, integer_float=0.2,
                         null_spelling=0.6, blanks=0.1)

# (strftime-like layout, suffix, offset seconds added to the UTC instant)
_TS_FORMATS: tuple[tuple[str, str, int], ...] = (
    ("T", "Z", 0),
    ("T", "+02:00", 2 * 3600),
    ("T", "-05:00", -5 * 3600),
    ("T", "+05:30", 5 * 3600 + 1800),
    (" ", ".000", 0),
    ("T", ".000Z", 0),
    ("T", "+0100", 3600),
    ("T", "", 0),
    ("T", "-08:00", -8 * 3600),
)


def _seconds(arr: pa.Array) -> npt.NDArray[np.int64]:
    return (arr.cast(pa.int64()).to_numpy(zero_copy_only=False) // 1_000_000).astype(np.int64)


def _fmt(seconds: npt.NDArray[np.int64], sep: str = " ", null: npt.NDArray[np.bool_] | None = None
         ) -> pa.Array:
    """'YYYY-MM-DD HH:MM:SS' (or with a 'T' separator); a cast is ~15x faster
    than strftime."""
    text = pa.array(seconds, pa.int64(), mask=null).view(pa.timestamp("s")).cast(pa.string())
    return pc.replace_substring(text, " ", "T") if sep == "T" else text


def _obj(arr: pa.Array) -> Obj:
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=object)


def _patch(arr: pa.Array, idx: Idx, values: Obj | list[str]) -> pa.Array:
    """arr with arr[idx] = values (idx unique and ascending)."""
    if len(idx) == 0:
        return arr
    mask = np.zeros(len(arr), dtype=bool)
    mask[idx] = True
    return pc.replace_with_mask(arr, pa.array(mask), pa.array(list(values), pa.string()))


def to_text(table: Table, truth: pa.Table) -> Text:
    """Canonical raw text per column (null = empty)."""
    out: Text = {}
    for col in table.columns:
        arr = truth.column(col.name).combine_chunks()
        if col.kind == "timestamp":
            null = arr.is_null().to_numpy(zero_copy_only=False)
            out[col.name] = _fmt(_seconds(arr.fill_null(0)), " ", null)
        elif col.kind in ("date", "number", "integer"):
            out[col.name] = arr.cast(pa.string())
        elif col.kind == "boolean":
            out[col.name] = pc.if_else(arr, "true", "false")
        else:
            out[col.name] = arr.cast(pa.string())
    return out


def _label_variants(label: str) -> tuple[str, ...]:
    words = label.split("_")
    variants = [" ".join(w.capitalize() for w in words), label.upper(), label.replace("_", "-"),
                " ".join(words).capitalize()]
    if len(words) > 1:
        variants.append(" ".join(words))
        variants.append("-".join(w.capitalize() for w in words))
    return tuple(dict.fromkeys(v for v in variants if v != label)) or (label.capitalize(),)


def _subset(rng: np.random.Generator, mask: npt.NDArray[np.bool_], rate: float) -> Idx:
    idx = np.flatnonzero(mask)
    if idx.size == 0 or rate <= 0:
        return idx[:0]
    return idx[rng.random(idx.size) < rate]


def _by_value(rng: np.random.Generator, vals: Obj, variants: dict[str, tuple[str, ...]]) -> Obj:
    out = vals.copy()
    for value, choices in variants.items():
        m = vals == value
        if m.any():
            pool = np.asarray(choices, dtype=object)
            out[m] = pool[rng.integers(0, len(pool), int(m.sum()))]
    return out


def _respell_column(col: Column, arr: pa.Array, notnull: npt.NDArray[np.bool_], truth: pa.Table,
                    rng: np.random.Generator, rates: MessRates) -> pa.Array:
    rate = {"enum": rates.enum, "label": rates.label, "timestamp": rates.timestamp,
            "boolean": rates.boolean, "integer": rates.integer_float,
            "number": rates.integer_float}.get(col.kind, 0.0)
    idx = _subset(rng, notnull, rate)
    if idx.size == 0:
        return arr
    vals = _obj(arr.take(pa.array(idx)))
    if col.kind == "enum":
        new = _by_value(rng, vals, ENUM_VARIANTS[col.enum or ""])
    elif col.kind == "label":
        new = _by_value(rng, vals, {v: _label_variants(v) for v in sorted(set(vals.tolist()))})
    elif col.kind == "timestamp":
        sec = _seconds(truth.column(col.name).combine_chunks().take(pa.array(idx)))
        which = rng.integers(0, len(_TS_FORMATS), idx.size)
        new = np.empty(idx.size, dtype=object)
        for f, (sep, suffix, offset) in enumerate(_TS_FORMATS):
            m = which == f
            if m.any():
                local = _fmt(sec[m] + offset, sep)
                new[m] = _obj(pc.binary_join_element_wise(local, pa.scalar(suffix), ""))
    elif col.kind == "boolean":
        t = np.asarray(TRUE_SPELLINGS, dtype=object)
        f = np.asarray(FALSE_SPELLINGS, dtype=object)
        new = np.where(vals == "true", t[rng.integers(0, len(t), idx.size)],
                       f[rng.integers(0, len(f), idx.size)])
    elif col.kind == "integer":
        new = vals + ".0"
    else:  # number: whole values may carry a '.0'
        whole = np.array(["." not in v and "e" not in v for v in vals], dtype=bool)
        new = np.where(whole, vals + ".0", vals)
    return _patch(arr, idx, new)


def respell(table: Table, text: Text, truth: pa.Table, rng: np.random.Generator,
            rates: MessRates = RATES) -> None:
    """Re-spell values in place; every result parses to the same value.

    Keys are never touched; id columns only get null spellings (no blanks
    around them, so joins on raw ids stay trivial)."""
    for col in table.columns:
        if col.name == table.key:
            continue
        arr = text[col.name]
        notnull = truth.column(col.name).is_valid().to_numpy(zero_copy_only=False)
        arr = _respell_column(col, arr, notnull, truth, rng, rates)
        if col.kind != "id":
            pad = _subset(rng, notnull, rates.blanks)
            if pad.size:
                style = rng.integers(0, 3, size=pad.size)
                vals = _obj(arr.take(pa.array(pad)))
                arr = _patch(arr, pad, np.where(style == 0, " " + vals,
                                                np.where(style == 1, vals + " ", "  " + vals + "  ")))
        nul = _subset(rng, ~notnull, rates.null_spelling)
        if nul.size:
            spell = np.asarray(NULL_SPELLINGS, dtype=object)
            arr = _patch(arr, nul, spell[rng.integers(0, len(spell), nul.size)])
        text[col.name] = arr


@dataclass
class LedgerRows:
    table: list[str]
    source_key: list[str]
    kind: list[str]
    expected_reason: list[str]

    def add(self, table: str, key: str, kind: str, reason: str) -> None:
        self.table.append(table)
        self.source_key.append(key)
        self.kind.append(kind)
        self.expected_reason.append(reason)


def _out_of_range(col: str, text: str | None, rng: np.random.Generator) -> str:
    if col == "complexity":
        return str(rng.choice(["9", "0", "6"]))
    if col == "sentiment_score":
        return str(rng.choice(["1.7", "-1.4"]))
    if col == "retained_ratio":
        return str(rng.choice(["1.3", "-0.2", "1.05"]))
    number = float((text or "0").strip() or 0)
    return repr(-abs(number) - 1.0) if number == int(number) else repr(-abs(number))


def _eligible(kind: RejectKind, truth: pa.Table) -> Idx:
    if kind.problem == "out_of_range" and kind.column in ("sentiment_score", "retained_ratio"):
        return np.flatnonzero(truth.column(kind.column).is_valid().to_numpy(zero_copy_only=False))
    if kind.problem == "survey_scale":
        st = truth.column("survey_type").to_numpy(zero_copy_only=False)
        return np.flatnonzero(np.isin(st, ["csat", "ces"]))
    return np.arange(truth.num_rows)


def _rejected_copies(table: Table, kind: RejectKind, truth: pa.Table, rows: Idx,
                     rng: np.random.Generator, counter: list[int], ledger: LedgerRows) -> Text:
    """Copies of `rows` with one problem each (and a new or blank key)."""
    sub_truth = truth.take(pa.array(rows))
    sub = to_text(table, sub_truth)
    respell(table, sub, sub_truth, rng)
    cols = {c: _obj(a) for c, a in sub.items()}
    key = table.key
    for j in range(len(rows)):
        if kind.problem == "missing":
            cols[key][j] = str(rng.choice(np.asarray(BLANK_KEY_SPELLINGS, dtype=object)))
            ledger.add(table.name, "", "rejected", kind.reason)
            continue
        counter[0] += 1
        cols[key][j] = f"{cols[key][j]}-X{counter[0]}"
        col = table.column(kind.column)
        if kind.problem == "unparseable":
            value = str(rng.choice(np.asarray(UNPARSEABLE_TIMESTAMPS, dtype=object)))
        elif kind.problem == "unknown":
            value = str(rng.choice(np.asarray(UNKNOWN_ENUM_VALUES[col.enum or ""], dtype=object)))
        elif kind.problem == "out_of_range":
            value = _out_of_range(col.name, cols[col.name][j], rng)
        else:  # survey_scale: on the 0-10 scale of some survey, not of this one
            lo, hi = SURVEY_SCALES[str(sub_truth.column("survey_type")[j].as_py())]
            value = str(rng.choice([lo - 1, hi + 1, hi + 2]))
        cols[col.name][j] = value
        ledger.add(table.name, cols[key][j], "rejected", kind.reason)
    return {c: pa.array(v.tolist(), pa.string()) for c, v in cols.items()}


def inject(table: Table, truth: pa.Table, rng: np.random.Generator, reject_counter: list[int],
           ledger: LedgerRows) -> Text:
    """Raw text of `truth` with mess and extra rows; ledger lines go to `ledger`."""
    n = truth.num_rows
    text = to_text(table, truth)
    respell(table, text, truth, rng)
    if n == 0:
        return text
    key = table.key
    extras: list[Text] = []

    # Re-exported duplicates: exact copies and re-spelled copies.
    n_dup = max(1, round(n * RATES.duplicates))
    dup = rng.integers(0, n, n_dup)
    exact = rng.random(n_dup) < 0.5
    order = np.concatenate([dup[exact], dup[~exact]])
    if exact.any():
        extras.append({c: a.take(pa.array(dup[exact])) for c, a in text.items()})
    if (~exact).any():
        sub_truth = truth.take(pa.array(dup[~exact]))
        sub = to_text(table, sub_truth)
        respell(table, sub, sub_truth, rng, RESPELL_COPY)
        extras.append(sub)
    for k in text[key].take(pa.array(order)).to_pylist():
        ledger.add(table.name, k, "duplicate", "")

    # Rejected rows: a corrupted copy under a new key (or with a blank key).
    for kind in table.rejects:
        cand = _eligible(kind, truth)
        if cand.size == 0:
            continue
        count = max(1, round(n * RATES.rejects_per_kind))
        rows = cand[rng.integers(0, cand.size, count)]
        extras.append(_rejected_copies(table, kind, truth, rows, rng, reject_counter, ledger))

    # Extra rows land at random positions, as overlapping exports would.
    m = sum(len(e[key]) for e in extras)
    pos = np.concatenate([np.arange(n, dtype=np.float64), rng.integers(0, n + 1, m) - 0.5])
    take = pa.array(np.argsort(pos, kind="stable"))
    return {c: pa.concat_arrays([text[c]] + [e[c] for e in extras]).take(take) for c in text}


def to_arrow(table: Table, text: Text) -> pa.Table:
    return pa.table({c.name: text[c.name] for c in table.columns})

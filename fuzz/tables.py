"""Fuzz target ``tables``: damaged workbooks, CSV and PDF-table text through ``renja-rules check``.

Inputs are ``(suffix, bytes)``: the seed's Tabel 3.1 as PDF-table text with lines dropped,
doubled, cut or filled with junk (``.txt``); CSV and TSV text built from those rows with
other separators and encodings, and random bytes (``.csv``, ``.tsv``); a book the exporter
wrote for an example plan, with bytes of its zip overwritten, truncated or its parts
swapped, and books made with openpyxl whose cells hold values of every type (``.xlsx``).
Each is written to a file and checked through the command line; the only acceptable
answers are exit codes 0, 1 and 2, without a traceback or an "internal error".
"""

from __future__ import annotations

import atexit
import io
import shutil
import tempfile
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
_SEED = ROOT / "tests" / "data" / "seed-malang-2021.txt"


@lru_cache(maxsize=1)
def _table_lines() -> list[str]:
    lines = _SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().strip("*").strip() == "Tabel 3.1")
    return lines[start:start + 60]


@lru_cache(maxsize=1)
def _book() -> bytes:
    """The workbook ``export`` writes for the clean example."""
    from fuzz.corpus import CLEAN, run_in_process

    folder = _workdir()
    outcome = run_in_process(["export", str(CLEAN), "-o", str(folder / "book.xlsx")], folder)
    assert outcome.exit_code in (0, 1), outcome.output
    return (folder / "book.xlsx").read_bytes()


@lru_cache(maxsize=1)
def _workdir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="renja-fuzz-tables-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


@st.composite
def _text(draw: st.DrawFn) -> tuple[str, bytes]:
    lines = list(_table_lines())
    for _ in range(draw(st.integers(1, 8))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "cut", "junk", "tab"]))
        if action == "drop" and len(lines) > 1:
            del lines[index]
        elif action == "dup":
            lines.insert(index, lines[index])
        elif action == "cut":
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
        elif action == "junk":
            lines[index] = draw(st.text(alphabet="\t0123456789.,()-% KodeJUMLAHRata<b>*\u202e\x00", max_size=60))
        else:
            at = draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:at] + "\t" + lines[index][at:]
    return ".txt", "\n".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def _delimited(draw: st.DrawFn) -> tuple[str, bytes]:
    if draw(st.integers(0, 4)) == 0:
        return draw(st.sampled_from([".csv", ".tsv"])), draw(st.binary(max_size=400))
    separator = draw(st.sampled_from([";", ",", "\t", "|"]))
    rows = [line.split("\t") for line in _table_lines()[draw(st.integers(0, 5)):][: draw(st.integers(1, 40))]]
    text = "\n".join(separator.join(cells) for cells in rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return (".tsv" if separator == "\t" else ".csv"), text.encode(encoding, "replace")


@st.composite
def _xlsx(draw: st.DrawFn) -> tuple[str, bytes]:
    if draw(st.booleans()):
        data = bytearray(_book())
        for _ in range(draw(st.integers(1, 4))):
            if draw(st.booleans()):
                offset = draw(st.integers(0, len(data) - 1))
                chunk = draw(st.binary(min_size=1, max_size=16))
                data[offset:offset + len(chunk)] = chunk
            else:
                del data[draw(st.integers(len(data) // 2, len(data))):]
        return ".xlsx", bytes(data)
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = draw(st.sampled_from(["Tabel 3.1", "Sheet", "Tabel 2.1"]))
    cells = st.one_of(st.none(), st.integers(-(10**20), 10**20), st.floats(allow_nan=False, allow_infinity=False),
                      st.decimals(allow_nan=False, allow_infinity=False, places=2), st.text(max_size=20),
                      st.sampled_from(["Kode", "Indikator Kinerja", "Pagu (Rp)", "Target", "2.17.01", "=1/0", "=A1"]))
    header = ["KODE", "URUSAN/PROGRAM/KEGIATAN", "INDIKATOR KINERJA", "TARGET", "PAGU (Rp.)", "TARGET", "PAGU (Rp.)",
              "SELISIH", "LOKASI", "SUMBER DANA", "CATATAN"]
    if draw(st.booleans()):
        sheet.append(header)
    for _ in range(draw(st.integers(0, 12))):
        row = draw(st.lists(cells, max_size=12))
        try:
            sheet.append([str(value) if isinstance(value, Decimal) else value for value in row])
        except (ValueError, IllegalCharacterError):  # openpyxl refuses control characters: no such book
            continue
    stream = io.BytesIO()
    book.save(stream)
    return ".xlsx", stream.getvalue()


def table_inputs() -> st.SearchStrategy[tuple[str, bytes]]:
    """Target ``tables``: (suffix, bytes) of a damaged table file."""
    return st.one_of(_text(), _delimited(), _xlsx())


def run_tables(value: tuple[str, bytes]) -> str:
    """``check`` on the file: 'ok' (exit 0/1), 'error' (exit 2), or :class:`Crash`."""
    from fuzz.corpus import run_in_process
    from fuzz.strategies import Crash

    suffix, data = value
    folder = _workdir()
    path = folder / f"tabel{suffix}"
    path.write_bytes(data)
    outcome = run_in_process(["check", "--no-cache", str(path)], folder)
    problems = outcome.problems()
    if problems:
        cause = outcome.exception if isinstance(outcome.exception, Exception) and not isinstance(
            outcome.exception, SystemExit) else AssertionError("; ".join(problems) + ": " + outcome.output[-300:])
        raise Crash("tables", cause)
    return "error" if outcome.exit_code == 2 else "ok"

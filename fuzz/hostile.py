"""The largest hostile plan files, and what refusing each one costs.

    python fuzz/hostile.py            # build each file (up to the size limit) and measure it
    python fuzz/hostile.py --json

Each file is as large as ``Limits.max_bytes`` allows (or as small as its attack needs)
and over exactly one other limit. For each, the table gives its size, the limit that
refuses it and where, the CPU time of refusing it and the extra peak memory (growth of
resident memory on Linux, C allocations included; tracemalloc elsewhere), each file in a
fresh process. ``tests/test_robust_limits.py`` asserts the same bounds: refused within
1 s and 100 MB.
``--stage loader`` measures the loader alone (``read_text`` + ``load_yaml_text``), without
the fast path that ``parse_plan`` may take first.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Callable, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from renja_rules.errors import PlanError  # noqa: E402
from renja_rules.loader import Limits, load_yaml_text, read_text  # noqa: E402
from renja_rules.pipeline import load_plan  # noqa: E402

T = TypeVar("T")
LIMITS = Limits()
SIZE = LIMITS.max_bytes  # every file stays within max_bytes unless that is the limit it tests


def _fill(unit: Callable[[int], str], size: int = SIZE, head: str = "") -> str:
    """``head`` then ``unit(0)``, ``unit(1)``, ... up to ``size`` characters."""
    parts, total, index = [head], len(head), 0
    while True:
        part = unit(index)
        if total + len(part) > size:
            return "".join(parts)
        parts.append(part)
        total += len(part)
        index += 1


def alias_bomb() -> str:
    """'Billion laughs': nine levels of ten aliases each, 10^9 values once expanded, 400 bytes."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        name, previous = chr(97 + level), chr(96 + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def deep_flow() -> str:
    """'[' nested five million deep (10 MB)."""
    half = SIZE // 2 - 10
    return "dokumen: " + "[" * half + "]" * half + "\n"


def deep_block() -> str:
    """Block mappings nested as deep as 10 MB of indentation allows (about 4,500 levels)."""
    return _fill(lambda i: " " * i + f"k{i}:\n")


def huge_scalar() -> str:
    """One 10 MB value."""
    return "dokumen:\n  judul: " + "a" * (SIZE - 40) + "\n"


def many_keys() -> str:
    """One mapping with as many keys as 10 MB holds (about a million)."""
    return _fill(lambda i: f"k{i}: 1\n")


def long_line() -> str:
    """A single 10 MB line: a flow mapping of a million keys."""
    return _fill(lambda i: f"k{i}: v, ", SIZE - 2, "{") + "}"


def many_rows() -> str:
    """A well-formed plan with as many programs as 10 MB holds (about 250,000 rows)."""
    head = "dokumen: {jenis: renja, tahun: 2021}\nprogram:\n"
    return _fill(lambda i: f"  - {{kode: '1.01.{i:02d}'}}\n", SIZE, head)


def many_aliases() -> str:
    """One anchor and as many aliases to it as 10 MB holds (about two million)."""
    return _fill(lambda i: "- *a\n", SIZE, "- &a x\n")


def too_large() -> str:
    """One byte over max_bytes."""
    return "#" * (SIZE + 1)


HOSTILE: dict[str, tuple[Callable[[], str], str]] = {
    "alias_bomb": (alias_bomb, "max_rows"),  # the first bound the expansion crosses
    "deep_flow": (deep_flow, "max_depth"),
    "deep_block": (deep_block, "max_depth"),
    "huge_scalar": (huge_scalar, "max_scalar_length"),
    "many_keys": (many_keys, "max_nodes"),
    "long_line": (long_line, "max_nodes"),
    "many_rows": (many_rows, "max_rows"),
    "many_aliases": (many_aliases, "max_aliases"),
    "too_large": (too_large, "max_bytes"),
}


def refuse(path: Path, stage: str = "plan") -> PlanError | None:
    """Load ``path`` (``load_plan``, or only the loader's stage); the error, or None if it was accepted."""
    try:
        if stage == "plan":
            load_plan(path)
        else:
            load_yaml_text(read_text(path, LIMITS), str(path), LIMITS)
    except PlanError as error:
        return error
    return None


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise KeyError(field)


def _reset_peak() -> bool:
    """Reset the process's peak resident memory (Linux); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
        return True
    except OSError:
        return False


def measure(run: Callable[[], T]) -> tuple[T, float, float]:
    """``run()``'s result, its CPU seconds and its extra peak memory in MB.

    On Linux the memory is the growth of resident memory (C and C++ allocations included),
    after handing freed heap back to the system; elsewhere the peak that tracemalloc sees.
    """
    gc.collect()
    if _reset_peak():
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        before = _status_mb("VmRSS")
        _reset_peak()
        started = time.process_time()
        result = run()
        seconds = time.process_time() - started
        return result, seconds, _status_mb("VmHWM") - before
    tracemalloc.start()
    try:
        started = time.process_time()
        result = run()
        seconds = time.process_time() - started
        return result, seconds, tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


_CHILD = """
import json, resource, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from fuzz.hostile import _status_mb, measure, refuse
if {cap_mb!r} is not None:  # a safety net for runaway cases: more address space than this is refused
    limit = int((_status_mb("VmSize") + {cap_mb!r}) * 1024 * 1024)
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))
error, seconds, megabytes = measure(lambda: refuse(Path({path!r}), {stage!r}))
print(json.dumps({{"refused": error is not None, "message": error.message if error else "ACCEPTED",
                  "where": f"{{error.line}}:{{error.column}}" if error and error.line else "-",
                  "seconds": seconds, "peak_mb": megabytes}}))
"""


def in_child(path: Path, stage: str, timeout: float, cap_mb: float | None = None) -> dict[str, object]:
    """Refuse ``path`` in a fresh process (so its memory figure is its own); its figures.

    ``cap_mb`` caps the child's extra address space (a runaway case then fails instead of
    taking the machine's memory; the figure it reports is then at most about the cap).
    """
    code = _CHILD.format(root=str(ROOT), path=str(path), stage=stage, cap_mb=cap_mb)
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             timeout=timeout).stdout
    except subprocess.TimeoutExpired:
        return {"refused": False, "message": f"no answer within {timeout} s", "where": "-", "seconds": timeout,
                "peak_mb": float("nan")}
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--stage", choices=["plan", "loader"], default="plan",
                        help="plan: load_plan, what the CLI does (default); loader: read_text + load_yaml_text only")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/renja-rules-hostile"))
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, (build, limit) in HOSTILE.items():
        path = args.dir / f"{name}.yaml"
        path.write_text(build(), encoding="utf-8")
        figures = in_child(path, args.stage, args.timeout)
        refused_by = bool(figures["refused"]) and limit in str(figures["message"])
        rows.append({"file": name, "bytes": path.stat().st_size, "limit": limit, "refused_by_limit": refused_by,
                     **figures})
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(f"stage: {args.stage}")
        print(f"{'file':<13} {'bytes':>10}  {'answer':<26} {'at':<12} {'CPU s':>7} {'peak MB':>8}")
        for row in rows:
            answer = f"refused: {row['limit']}" if row["refused_by_limit"] else str(row["message"])[:26]
            print(f"{row['file']:<13} {row['bytes']:>10}  {answer:<26} {row['where']:<12} "
                  f"{row['seconds']:>7.3f} {row['peak_mb']:>8.1f}")
    return 0 if all(row["refused_by_limit"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

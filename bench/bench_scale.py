#!/usr/bin/env python
"""Benchmark: does the time per indicator row stay flat from 1,000 to 100,000 rows?

Usage::

    python bench/bench_scale.py [--sizes 1000,10000,100000] [--seed 1] [--json] [--profile]

For each size, one synthetic Perubahan Renja of that many indicator rows is generated
(``bench/generate.py``, into ``--dir``, default ``/tmp/renja-bench-scale``) and measured in
a fresh Python process of its own (so that one size's heap does not slow the next, and
its peak memory is its own). In that process, with the text already in memory, each
iteration times ``plan = parse_plan(text)`` and then ``check(plan, rules)``: parse and check
separately, and together (their sum, on the same plan). ``rules`` is loaded once.

Each figure is the per-call time of a loop of N iterations, N grown until one loop takes at
least ``--min-time`` seconds (one iteration for the large sizes); the loop is repeated
``--repeat`` times, best and median reported. The point is the ratio of the time *per row*
at the largest size to the time per row at the smallest (issue 19: at most 1.2x; issue 6 asked for 1.5x): a ratio
well above 1 means some lookup grows faster than the plan.

The engine's input limits (``Limits``: 10 MB, 100,000 values, 20,000 list entries by
default) refuse plans this large, so the benchmark raises them for its own calls; the
command line keeps the defaults.

``--profile`` also runs one parse+check of each size under cProfile and lists the
functions whose own time per row grows most from the smallest to the largest size: where
to look for quadratic work.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import code_under_test, describe_code, describe_declines, emit, fast_path_declines, machine  # noqa: E402
from _timing import calibrate  # noqa: E402

DEFAULT_SIZES = (1000, 10000, 100000)
TARGET_RATIO = 1.2  # issue 19 (issue 6 asked for 1.5x)


def big_limits() -> Any:
    """The engine's Limits with the size bounds raised for very large plans (only the fields it has)."""
    import renja_rules

    wanted = {"max_bytes": 1 << 31, "max_nodes": 10**9, "max_rows": 10**9, "max_aliases": 10**6}
    names = {f.name for f in dataclasses.fields(renja_rules.Limits)}
    return dataclasses.replace(renja_rules.Limits(), **{k: v for k, v in wanted.items() if k in names})


def plan_file(folder: Path, rows: int, seed: int, style: str, defect_rate: float,
              jenis: str = "perubahan-renja") -> Path:
    """Generate (once) the plan of ``rows`` rows; the generator is deterministic, so a file on disk is reused."""
    from generate import generate_plan

    path = folder / f"{jenis}-{rows}-s{seed}-{style}-d{defect_rate:g}.yaml"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(generate_plan(seed, rows, jenis, defect_rate, style=style), encoding="utf-8")
        tmp.replace(path)
    return path


# --- the worker: one size, in its own process --------------------------------------------


class GcClock:
    """Seconds spent in the cyclic garbage collector (gc.callbacks), and collections per generation."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._start = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.collections[info["generation"]] += 1

    def reset(self) -> None:
        self.seconds = 0.0
        self.collections = [0, 0, 0]


def worker(path: Path, min_time: float, repeat: int, profile: bool, gc_on: bool,
           cell_cache: str = "cold") -> dict[str, Any]:
    import renja_rules
    from renja_rules.model import clear_cell_caches

    limits = big_limits()
    text = path.read_bytes().decode("utf-8-sig")
    name = str(path)
    start = time.perf_counter()
    rules = renja_rules.load_rules()
    load_rules_s = time.perf_counter() - start

    first = renja_rules.parse_plan(text, name, limits)  # warm-up, and the plan's figures
    violations = renja_rules.check(first, rules)
    rows = len(first.nodes("indikator"))
    counts = {level: len(first.nodes(level)) for level in ("program", "kegiatan", "sub_kegiatan")}
    del first

    if not gc_on:
        gc.disable()
    clock = GcClock()

    def iteration() -> tuple[float, float]:
        if cell_cache == "cold":
            # Untimed: every call reads a plan whose cells it has not seen (otherwise a small
            # plan read again and again is all cached, a large one is not, and the ratio
            # would compare the two situations rather than the two sizes).
            clear_cell_caches()
        t0 = time.perf_counter()
        plan = renja_rules.parse_plan(text, name, limits)
        t1 = time.perf_counter()
        renja_rules.check(plan, rules)
        t2 = time.perf_counter()
        return t1 - t0, t2 - t1

    loops = calibrate(iteration, min_time)
    samples: dict[str, list[float]] = {"parse_plan": [], "check": [], "full": [], "gc": []}
    collections = [0, 0, 0]
    for _ in range(repeat):
        gc.collect()
        clock.reset()
        parse_total = check_total = 0.0
        for _ in range(loops):
            p, c = iteration()
            parse_total += p
            check_total += c
        samples["parse_plan"].append(parse_total / loops)
        samples["check"].append(check_total / loops)
        samples["full"].append((parse_total + check_total) / loops)
        samples["gc"].append(clock.seconds / loops)
        collections = [a + b for a, b in zip(collections, clock.collections)]
    timings = {
        part: {"best": min(values), "median": statistics.median(values), "loops": loops, "samples": values}
        for part, values in samples.items()
    }
    result: dict[str, Any] = {
        "file": str(path),
        "bytes": len(text.encode("utf-8")),
        "indicator_rows": rows,
        "items": counts,
        "violations": len(violations),
        "load_rules_s": load_rules_s,
        "timings_s": timings,
        "per_row_us": {part: {stat: timings[part][stat] / rows * 1e6 for stat in ("best", "median")}
                       for part in timings},
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "gc": "on" if gc_on else "off",
        "gc_collections_per_call": [c / (loops * repeat) for c in collections],
    }
    if profile:
        result["profile"] = _profile(text, name, limits, rules)
    return result


def _profile(text: str, name: str, limits: Any, rules: Any) -> dict[str, list[float]]:
    """Own time (tottime) and calls of every function in one parse+check, keyed by 'file:line(function)'."""
    import cProfile
    import pstats

    import renja_rules

    profiler = cProfile.Profile()
    profiler.enable()
    renja_rules.check(renja_rules.parse_plan(text, name, limits), rules)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    out = {}
    for (file, line, function), (_cc, calls, tottime, cumtime, _callers) in stats.items():
        short = file
        for marker in ("renja_rules/", "site-packages/", "lib/python"):
            if marker in file:
                short = file[file.index(marker):]
                break
        key = re.sub(r" at 0x[0-9a-f]+", "", f"{short}:{line}({function})")  # addresses differ per process
        previous = out.get(key, [0.0, 0, 0.0])
        out[key] = [previous[0] + tottime, previous[1] + calls, previous[2] + cumtime]
    return out


# --- the parent: generate, run each size in its own process, compare ----------------------


def run_size(path: Path, args: argparse.Namespace, repeat: int) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(path), "--min-time", str(args.min_time),
               "--repeat", str(repeat), "--gc", args.gc, "--cell-cache", args.cell_cache]
    if args.profile:
        command.append("--profile")
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"worker for {path} failed (exit {out.returncode}):\n{out.stderr[-4000:]}")
    return json.loads(out.stdout)


def growth_table(small: dict[str, Any], large: dict[str, Any], top: int) -> list[dict[str, Any]]:
    """Functions whose own time per row grows most from the small plan to the large one."""
    rows_small, rows_large = small["indicator_rows"], large["indicator_rows"]
    total_large = sum(v[0] for v in large["profile"].values())
    out = []
    for key, (tot_large, calls_large, _cum) in large["profile"].items():
        tot_small, calls_small, _ = small["profile"].get(key, (0.0, 0, 0.0))
        share = tot_large / total_large if total_large else 0.0
        if share < 0.005:
            continue
        per_row_small = tot_small / rows_small
        per_row_large = tot_large / rows_large
        out.append({
            "function": key,
            "share_at_large": share,
            "per_row_us_small": per_row_small * 1e6,
            "per_row_us_large": per_row_large * 1e6,
            "growth": per_row_large / per_row_small if per_row_small else float("inf"),
            "calls_per_row_small": calls_small / rows_small,
            "calls_per_row_large": calls_large / rows_large,
        })
    # what costs the most extra time at the large size, relative to a flat per-row cost
    out.sort(key=lambda e: (e["per_row_us_large"] - e["per_row_us_small"]) * e["share_at_large"], reverse=True)
    return out[:top]


def print_table(result: dict[str, Any]) -> None:
    print(describe_code(result["code"]))
    m = result["machine"]
    print(f"Python {m['python']}, {m['cpus']} cores ({m['cpu_model']}); each size in its own process; "
          f"per call, best of {result['repeat_small']}/{result['repeat_large']} loops (median in brackets); "
          f"garbage collector {result['gc']}; cell cache {result['cell_cache']}; {result['jenis']}, layout {result['style']}, "
          f"defect rate {result['defect_rate']:g}")
    print(describe_declines(result["fast_path"]))
    print()
    header = (f"{'rows':>7} {'MB':>6} {'viol':>5} {'parse_plan ms':>17} {'check ms':>17} {'together ms':>17}"
              f" {'us/row together':>17} {'of it GC':>8} {'peak RSS MB':>11}")
    print(header)
    print("-" * len(header))
    for entry in result["sizes"]:
        t = entry["timings_s"]
        cells = " ".join(f"{t[p]['best'] * 1e3:>8.1f} ({t[p]['median'] * 1e3:>6.1f})"
                         for p in ("parse_plan", "check", "full"))
        pr = entry["per_row_us"]["full"]
        gc_share = statistics.median(t["gc"]["samples"]) / t["full"]["median"] if t["full"]["median"] else 0.0
        print(f"{entry['indicator_rows']:>7} {entry['bytes'] / 2**20:>6.1f} {entry['violations']:>5} {cells}"
              f" {pr['best']:>8.1f} ({pr['median']:>6.1f}) {gc_share * 100:>7.0f}% {entry['peak_rss_mb']:>11.0f}")
    print()
    small, large = result["sizes"][0], result["sizes"][-1]
    print(f"time per row at {large['indicator_rows']:,} rows / at {small['indicator_rows']:,} rows "
          f"(target <= {TARGET_RATIO}x, issue 19):")
    for part in ("parse_plan", "check", "full"):
        r = result["ratios"][part]
        label = "together" if part == "full" else part
        verdict = "ok" if r["best"] <= TARGET_RATIO else "OVER TARGET"
        print(f"  {label:<11} {r['best']:.2f}x (median {r['median']:.2f}x)  {verdict}")
    if result.get("profile_growth"):
        print()
        print(f"cProfile, one parse+check per size: functions whose own time per row grows most "
              f"({small['indicator_rows']:,} -> {large['indicator_rows']:,} rows; profiler overhead included)")
        print(f"{'growth':>7} {'us/row small':>12} {'us/row large':>12} {'calls/row':>15} {'share':>6}  function")
        for e in result["profile_growth"]:
            growth = f"{e['growth']:.1f}x" if e["growth"] != float("inf") else "new"
            calls = f"{e['calls_per_row_small']:.2f}->{e['calls_per_row_large']:.2f}"
            print(f"{growth:>7} {e['per_row_us_small']:>12.2f} {e['per_row_us_large']:>12.2f} {calls:>15}"
                  f" {e['share_at_large'] * 100:>5.1f}%  {e['function']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="indicator rows per plan, comma-separated (default 1000,10000,100000)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--jenis", default="perubahan-renja", choices=("perubahan-renja", "evaluasi-renja"),
                        help="kind of table (default perubahan-renja)")
    parser.add_argument("--style", default="flow", choices=("flow", "block", "compact"),
                        help="plan layout (default flow)")
    parser.add_argument("--defect-rate", type=float, default=0.02,
                        help="defects per site, as in real plans (default 0.02; 0 for clean plans)")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/renja-bench-scale"), help="where plans are generated")
    parser.add_argument("--min-time", type=float, default=0.5, help="minimum seconds per timed loop (default 0.5)")
    parser.add_argument("--repeat", type=int, default=5, help="timed loops per size up to 10,000 rows (default 5)")
    parser.add_argument("--repeat-large", type=int, default=3, help="timed loops for larger sizes (default 3)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--profile", action="store_true", help="also profile and list functions that grow per row")
    parser.add_argument("--profile-top", type=int, default=15, help="entries listed by --profile (default 15)")
    parser.add_argument("--gc", choices=("on", "off"), default="on",
                        help="the cyclic garbage collector during the timed calls (default on, as in real use; "
                             "off shows what the engine itself costs)")
    parser.add_argument("--cell-cache", choices=("cold", "warm"), default="cold",
                        help="cold (default): each call starts with no cell text cached; warm: cells stay cached "
                             "from call to call (flatters the small sizes, whose cells all fit in the cache)")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        json.dump(worker(args.worker, args.min_time, args.repeat, args.profile, args.gc == "on", args.cell_cache),
                  sys.stdout)
        return 0

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if len(sizes) < 2:
        parser.error("give at least two sizes")
    note = sys.stderr
    result: dict[str, Any] = {
        "code": code_under_test(),
        "machine": machine(),
        "seed": args.seed,
        "jenis": args.jenis,
        "style": args.style,
        "defect_rate": args.defect_rate,
        "gc": args.gc,
        "cell_cache": args.cell_cache,
        "min_time": args.min_time,
        "repeat_small": args.repeat,
        "repeat_large": args.repeat_large,
        "sizes": [],
    }
    for rows in sizes:
        start = time.perf_counter()
        path = plan_file(args.dir, rows, args.seed, args.style, args.defect_rate, args.jenis)
        print(f"{rows:>7} rows: {path} ({path.stat().st_size / 2**20:.1f} MB, ready in "
              f"{time.perf_counter() - start:.1f} s); measuring ...", file=note, flush=True)
        start = time.perf_counter()
        entry = run_size(path, args, args.repeat if rows <= 10000 else args.repeat_large)
        print(f"{'':>7}        done in {time.perf_counter() - start:.0f} s", file=note, flush=True)
        profile = entry.pop("profile", None)
        result["sizes"].append(entry)
        if profile is not None:
            entry["_profile"] = profile
    result["fast_path"] = fast_path_declines(
        [plan_file(args.dir, rows, args.seed, args.style, args.defect_rate, args.jenis) for rows in sizes],
        limits=big_limits())
    small, large = result["sizes"][0], result["sizes"][-1]
    result["ratios"] = {
        part: {stat: large["per_row_us"][part][stat] / small["per_row_us"][part][stat] for stat in ("best", "median")}
        for part in ("parse_plan", "check", "full")
    }
    result["target_ratio"] = TARGET_RATIO
    if args.profile:
        result["profile_growth"] = growth_table(
            {"indicator_rows": small["indicator_rows"], "profile": small["_profile"]},
            {"indicator_rows": large["indicator_rows"], "profile": large["_profile"]},
            args.profile_top,
        )
    for entry in result["sizes"]:
        entry.pop("_profile", None)
    return emit(result, args.json, print_table)


if __name__ == "__main__":
    sys.exit(main())

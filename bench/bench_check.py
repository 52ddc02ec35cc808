#!/usr/bin/env python
"""Benchmark: checking a plan file with renja-rules against merely loading it with PyYAML.

Usage::

    python bench/bench_check.py [FILE ...] [--json] [--min-time S] [--repeat N] [--profile]

Without FILE, the seed transcriptions in ``examples/seed-malang-2021/`` (Tabel 3.1 and
Tabel 2.1) are measured. For each file, with its text already in memory, one run times:

(a) baseline      ``yaml.load(text, Loader=yaml.CSafeLoader)`` (SafeLoader if libyaml is missing),
                  with the garbage collector paused, as renja-rules pauses it for itself
(a') isolated     the same, in a fresh process that imports only PyYAML, collector running: the
                  baseline as a user of PyYAML alone sees it (printed as a check on (a))
(b) full          ``renja_rules.check(renja_rules.parse_plan(text, name), rules)``
(c) parse, check  ``parse_plan`` alone, and ``check`` alone on an already parsed plan
(d) load_rules    ``renja_rules.load_rules()`` once per run (compiling the default rule set)

The rules for (b) and (c) are loaded once beforehand. Each figure is the per-call time of
a loop of N calls, N chosen so that one loop takes at least ``--min-time`` seconds; the loop
is repeated ``--repeat`` times and the best and the median are reported. The ratios
ours/baseline are the point: both sides are measured in the same run, so the speed of the
machine cancels out. Nothing here asserts on time.

A fair yardstick (issue 19): ``parse_plan`` and ``check`` pause the cyclic garbage collector
while they run, so the baseline is timed paused too. Timed with the collector running in this
process, every full collection would walk the tens of thousands of objects that importing
renja_rules and pydantic created, and charge them to PyYAML; a fresh process importing only
PyYAML has no such objects, which is why (a') is printed beside (a).

``--profile`` additionally runs (b) on the first file under cProfile and prints the top
cumulative entries from renja_rules, pydantic and yaml.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path
from typing import Any

import yaml

import renja_rules
from renja_rules.model import clear_cell_caches

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import describe_declines, fast_path_declines  # noqa: E402
from _timing import measure  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "seed-malang-2021"
DEFAULT_FILES = [SEED / "tabel-3.1-perubahan-renja.yaml", SEED / "tabel-2.1-evaluasi-renja.yaml"]

try:
    BASELINE_LOADER: type = yaml.CSafeLoader
    LIBYAML = True
except AttributeError:  # PyYAML built without libyaml
    BASELINE_LOADER = yaml.SafeLoader
    LIBYAML = False


def bench_file(path: Path, rules: renja_rules.RuleSet, min_time: float, repeat: int,
               cell_cache: str = "cold") -> dict[str, Any]:
    text = path.read_bytes().decode("utf-8-sig")
    name = str(path)
    plan = renja_rules.parse_plan(text, name)
    violations = renja_rules.check(plan, rules)
    # "cold": every call starts with no cell text cached, as for a plan not seen before (the
    # clearing, a few microseconds, is timed with it); "warm": the same file's cells, all cached.
    forget = clear_cell_caches if cell_cache == "cold" else (lambda: None)

    def full() -> Any:
        forget()
        return renja_rules.check(renja_rules.parse_plan(text, name), rules)

    def parse() -> Any:
        forget()
        return renja_rules.parse_plan(text, name)

    timings = {
        "yaml_load": measure(lambda: yaml.load(text, Loader=BASELINE_LOADER), min_time, repeat, gc_paused=True),
        "yaml_load_isolated": isolated_yaml_load(path, min_time, repeat),
        "full": measure(full, min_time, repeat),
        "parse_plan": measure(parse, min_time, repeat),
        "check": measure(lambda: renja_rules.check(plan, rules), min_time, repeat),
    }
    ratios = {
        stat: {
            part: timings[part][stat] / timings["yaml_load"][stat] for part in ("full", "parse_plan", "check")
        }
        for stat in ("best", "median")
    }
    ratios["full_vs_isolated"] = {
        stat: timings["full"][stat] / timings["yaml_load_isolated"][stat] for stat in ("best", "median")}
    return {
        "file": _display(path),
        "bytes": len(text.encode("utf-8")),
        "kb": len(text.encode("utf-8")) / 1024,
        "indicator_rows": len(plan.nodes("indikator")),
        "violations": len(violations),
        "timings_s": timings,
        "ratios_vs_yaml_load": ratios,
    }


_ISOLATED = """
import json, sys
sys.path.insert(0, sys.argv[4])
import yaml
from _timing import measure
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
text = open(sys.argv[1], "rb").read().decode("utf-8-sig")
print(json.dumps(measure(lambda: yaml.load(text, Loader=loader), float(sys.argv[2]), int(sys.argv[3]))))
"""


def isolated_yaml_load(path: Path, min_time: float, repeat: int) -> dict[str, Any]:
    """(a'): the baseline in a fresh process that imports only PyYAML, its collector running."""
    import subprocess

    out = subprocess.run([sys.executable, "-c", _ISOLATED, str(path), str(min_time), str(repeat),
                          str(Path(__file__).resolve().parent)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def environment() -> dict[str, Any]:
    import pydantic

    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "pyyaml": yaml.__version__,
        "libyaml": LIBYAML,
        "baseline_loader": BASELINE_LOADER.__name__,
        "pydantic": pydantic.VERSION,
        "renja_rules": renja_rules.__version__,
    }


ISOLATED_HEAD = "(a') isolated"
RATIO_HEAD = "full / (a')"


def print_table(result: dict[str, Any]) -> None:
    env = result["environment"]
    print(
        f"Python {env['python']} ({env['implementation']}), PyYAML {env['pyyaml']}, "
        f"libyaml: {'yes' if env['libyaml'] else 'no'} (baseline loader: {env['baseline_loader']}), "
        f"pydantic {env['pydantic']}, renja-rules {env['renja_rules']}"
    )
    print(f"Each time: per call, best of {result['repeat']} loops of >= {result['min_time']} s (median in brackets); "
          f"cell cache: {result['cell_cache']}.")
    print(describe_declines(result["fast_path"]))
    print()
    ms = 1000.0
    w = max([len("ratio ours / yaml.load")] + [len(entry["file"]) for entry in result["files"]])
    header = (
        f"{'file':<{w}} {'KB':>5} {'rows':>4}  {'(a) yaml.load':>15}  {'(b) full':>15}"
        f"  {'(c) parse_plan':>15}  {'(c) check':>15}  {ISOLATED_HEAD:>15}"
    )
    print(header)
    print("-" * len(header))
    for entry in result["files"]:
        t = entry["timings_s"]
        cells = "  ".join(
            f"{t[part]['best'] * ms:>7.2f} ({t[part]['median'] * ms:>5.2f})"
            for part in ("yaml_load", "full", "parse_plan", "check", "yaml_load_isolated")
        )
        print(f"{entry['file']:<{w}} {entry['kb']:>5.1f} {entry['indicator_rows']:>4}  {cells}")
    print("(times in ms)")
    print()
    header = (f"{'ratio ours / yaml.load':<{w}} {'full':>13} {'parse_plan':>13} {'check':>13}"
              f" {RATIO_HEAD:>13}")
    print(header)
    print("-" * len(header))
    for entry in result["files"]:
        r = entry["ratios_vs_yaml_load"]
        cells = " ".join(
            f"{r['best'][part]:>5.2f}x ({r['median'][part]:>4.2f})" for part in ("full", "parse_plan", "check")
        )
        isolated = r["full_vs_isolated"]
        cells += f" {isolated['best']:>5.2f}x ({isolated['median']:>4.2f})"
        print(f"{entry['file']:<{w}} {cells}")
    print("(best/best, median/median in brackets; the baseline (a) with the collector paused, as renja-rules"
          " pauses it; (a') in a process that imports only PyYAML)")
    print()
    lr = result["load_rules_s"]
    print(
        f"(d) one-off load_rules() ({result['rules']} rules): {lr['best'] * ms:.2f} ms "
        f"(median {lr['median'] * ms:.2f} ms)"
    )


def profile_full(path: Path, rules: renja_rules.RuleSet, loops: int, top: int, stream: Any) -> None:
    import cProfile
    import pstats

    text = path.read_bytes().decode("utf-8-sig")
    name = str(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(loops):
        renja_rules.check(renja_rules.parse_plan(text, name), rules)
    profiler.disable()
    print(file=stream)
    print(
        f"cProfile of (b) on {_display(path)}, {loops} calls, top {top} cumulative in renja_rules|pydantic|yaml:",
        file=stream,
    )
    # directories are kept: the filter matches on the path (pydantic_core's validator is a builtin
    # method and shows up under its own name)
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats(r"renja_rules|pydantic|yaml|validate_python|_yaml", top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="plan files (default: the seed's Tabel 3.1 and 2.1)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    parser.add_argument("--min-time", type=float, default=0.2, help="minimum seconds per timed loop (default 0.2)")
    parser.add_argument("--repeat", type=int, default=5, help="timed loops per figure (default 5)")
    parser.add_argument("--cell-cache", choices=("cold", "warm"), default="cold",
                        help="cold (default): each call reads its cells afresh, as for a plan not seen before; "
                             "warm: the file's cells stay cached from call to call")
    parser.add_argument("--profile", action="store_true", help="also cProfile (b) on the first file")
    parser.add_argument("--profile-loops", type=int, default=50, help="calls of (b) under cProfile (default 50)")
    parser.add_argument("--profile-top", type=int, default=12, help="entries printed by --profile (default 12)")
    args = parser.parse_args(argv)

    note = sys.stderr if args.json else sys.stdout
    if not LIBYAML:
        print("note: PyYAML has no libyaml (CSafeLoader); the baseline uses the pure-Python SafeLoader", file=note)

    files = args.files or DEFAULT_FILES
    for path in files:
        if not path.is_file():
            parser.error(f"not a file: {path}")
    load_rules_time = measure(renja_rules.load_rules, args.min_time, args.repeat)
    rules = renja_rules.load_rules()
    result = {
        "environment": environment(),
        "min_time": args.min_time,
        "repeat": args.repeat,
        "cell_cache": args.cell_cache,
        "rules": len(rules),
        "load_rules_s": load_rules_time,
        "fast_path": fast_path_declines(files),
        "files": [],
    }
    for path in files:
        try:
            result["files"].append(bench_file(path, rules, args.min_time, args.repeat, args.cell_cache))
        except renja_rules.RenjaRulesError as exc:  # the benchmark needs files that parse
            print(f"{path}: not a valid plan, cannot benchmark: {exc}", file=sys.stderr)
            return 2
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        print_table(result)
    if args.profile:
        profile_full(files[0], rules, args.profile_loops, args.profile_top, note)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Benchmark: one plan, whole process: ``renja-rules check FILE`` against the tools people would otherwise run.

Usage::

    python bench/bench_process.py [FILE ...] [--runs 15] [--json] [--tools-bin DIR]

Without FILE, two Renja-sized revision tables are generated into ``--dir`` (default
``/tmp/renja-bench-process``), both of ``--rows`` (170) indicator rows in the ``compact``
layout: one clean (``defect_rate=0``), one with the generator's usual defect rate (0.02),
so that the cost of reporting (positions, messages) shows. Each file is run as a
subprocess, every command once per round, ``--runs`` rounds (commands interleaved, so that
a change of load on the machine hits all of them alike), after one discarded warm-up round:

=================  ============================================================================
renja-rules        ``renja-rules check FILE`` (with ``--no-cache`` when the command has a cache:
                   every run checks the file for real)
renja-rules warm   ``renja-rules check --cache-dir DIR FILE`` with the cache already filled by the
                   warm-up (only when the command has ``--cache-dir``)
renja-rules edited ``renja-rules check --cache-dir DIR FILE`` on a copy of the file that gets one
                   more comment line before every run: its result is never in the cache, the
                   compiled rule set kept with the results is (issue 19), as for a hook on a
                   commit that changed the file
check-jsonschema   ``check-jsonschema --schemafile schemas/plan.schema.json FILE`` (the baseline of
                   issue 6: validating the same file against the plan's own schema)
yamllint           ``yamllint FILE`` with its default configuration (another reference)
python+CSafeLoader ``python -c "import yaml; yaml.load(open(FILE), Loader=yaml.CSafeLoader)"``
python import yaml ``python -c "import yaml"``: the floor of any Python tool reading YAML
python import deps ``python -c "import click, yaml, ryml, pydantic"`` and one pydantic model
                   built: what renja-rules pays before any of its own code runs. Its ratio to
                   check-jsonschema is the floor under the whole-process target.
=================  ============================================================================

Each figure is wall time (``time.perf_counter`` around the subprocess, best and median of
the runs), CPU time of the child (user + system, from ``os.wait4``) and its peak RSS. The
ratios renja-rules / check-jsonschema are the point (issue 19 target, bytecode compiled: <= 0.35x; issue 6 asked for 0.3x). Children run
in an empty temporary folder (a default cache folder never lands in the repository) with
their output discarded, and without ``PYTHONDONTWRITEBYTECODE``: the warm-up round writes
Python's bytecode caches, as a first run does on a default installation. check-jsonschema and yamllint are not project dependencies:
install them anywhere (``pip install check-jsonschema yamllint``) and, when they are not
on PATH, give their folder with ``--tools-bin``. A missing tool is skipped with a note.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    ROOT, code_under_test, describe_code, describe_declines, edit, emit, fast_path_declines, find_tool, machine,
    note_load, run_measured,
)

TARGET_RATIO = 0.35  # issue 19
SCHEMA = ROOT / "schemas" / "plan.schema.json"


def run_once(command: list[str], cwd: str, env: dict[str, str]) -> dict[str, Any]:
    """Wall time, CPU time and peak RSS of one child process, and its exit code."""
    return run_measured(command, cwd, env)


def help_text(renja: list[str], env: dict[str, str]) -> str:
    out = subprocess.run(renja + ["check", "--help"], capture_output=True, text=True, env=env)
    return out.stdout


def commands_for(file: Path, renja: list[str], tools: dict[str, str | None], cache_dir: str | None,
                 has_no_cache: bool) -> dict[str, list[str]]:
    commands: dict[str, list[str]] = {}
    commands["renja-rules"] = renja + ["check"] + (["--no-cache"] if has_no_cache else []) + [str(file)]
    if cache_dir is not None:
        commands["renja-rules warm"] = renja + ["check", "--cache-dir", cache_dir, str(file)]
    if tools.get("check-jsonschema"):
        commands["check-jsonschema"] = [str(tools["check-jsonschema"]), "--schemafile", str(SCHEMA), str(file)]
    if tools.get("yamllint"):
        commands["yamllint"] = [str(tools["yamllint"]), str(file)]
    commands["python+CSafeLoader"] = [
        sys.executable, "-c",
        "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), "
        "Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))",
        str(file),
    ]
    commands["python import yaml"] = [sys.executable, "-c", "import yaml"]
    commands["python import deps"] = [
        sys.executable, "-c",
        "import click, yaml, pydantic\n"
        "try:\n    import ryml\nexcept ImportError:\n    pass\n"
        "class Model(pydantic.BaseModel):\n    x: int = 0\n",
    ]
    return commands


def _nothing() -> None:
    pass


def bench_file(file: Path, args: argparse.Namespace, renja: list[str], tools: dict[str, str | None],
               env: dict[str, str], features: dict[str, bool]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="renja-bench-process-") as work:
        cache_dir = str(Path(work) / "cache") if features["cache_dir"] else None
        commands = commands_for(file.resolve(), renja, tools, cache_dir, features["no_cache"])
        edits: dict[str, Any] = {}
        if cache_dir is not None:
            # A file edited before every run (as a commit's hook sees it): its result is never
            # cached, the compiled rule set kept with the results is (issue 19).
            edited = Path(work) / ("edited-" + file.name)
            edited.write_bytes(file.read_bytes())
            commands["renja-rules edited"] = renja + ["check", "--cache-dir", cache_dir + "-edited", str(edited)]
            edits["renja-rules edited"] = lambda: edit(edited)
        samples: dict[str, list[dict[str, Any]]] = {name: [] for name in commands}
        for name, command in commands.items():  # warm-up round: page cache, .pyc files, the renja-rules cache
            edits.get(name, _nothing)()
            run_once(command, work, env)
        for _ in range(args.runs):
            for name, command in commands.items():
                edits.get(name, _nothing)()
                samples[name].append(run_once(command, work, env))
    out: dict[str, Any] = {"file": str(file), "bytes": file.stat().st_size, "commands": {}}
    for name, runs in samples.items():
        walls = [r["wall"] for r in runs]
        out["commands"][name] = {
            "command": commands[name],
            "wall_best": min(walls),
            "wall_median": statistics.median(walls),
            "cpu_median": statistics.median(r["cpu"] for r in runs),
            "rss_mb_max": max(r["rss_mb"] for r in runs),
            "exit_codes": sorted({r["exit"] for r in runs}),
            "rss_source": runs[0]["rss_source"],
            "walls": walls,
        }
    c = out["commands"]
    ratios: dict[str, Any] = {}
    for ours in ("renja-rules", "renja-rules warm", "renja-rules edited"):
        for theirs in ("check-jsonschema", "yamllint", "python+CSafeLoader"):
            if ours in c and theirs in c:
                ratios[f"{ours} / {theirs}"] = {
                    "best": c[ours]["wall_best"] / c[theirs]["wall_best"],
                    "median": c[ours]["wall_median"] / c[theirs]["wall_median"],
                }
    if "python import deps" in c and "check-jsonschema" in c:
        ratios["python import deps / check-jsonschema"] = {
            "best": c["python import deps"]["wall_best"] / c["check-jsonschema"]["wall_best"],
            "median": c["python import deps"]["wall_median"] / c["check-jsonschema"]["wall_median"],
        }
    out["ratios"] = ratios
    floor = c["python import yaml"]["wall_median"]
    out["above_floor_ms"] = {name: (v["wall_median"] - floor) * 1e3 for name, v in c.items()}
    return out


def generated_files(args: argparse.Namespace) -> list[Path]:
    from generate import generate_plan

    folder = args.dir
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for label, rate in (("clean", 0.0), ("defects", 0.02)):
        path = folder / f"renja-{args.rows}-s{args.seed}-{args.style}-{label}.yaml"
        text = generate_plan(args.seed, args.rows, "perubahan-renja", rate, style=args.style)
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def indicator_rows(path: Path) -> int | None:
    try:
        import renja_rules

        limits = renja_rules.Limits()
        return len(renja_rules.parse_plan(path.read_text(encoding="utf-8-sig"), str(path), limits).nodes("indikator"))
    except Exception:  # noqa: BLE001 - only a figure for the table
        return None


def print_table(result: dict[str, Any]) -> None:
    print(describe_code(result["code"]))
    m = result["machine"]
    print(f"Python {m['python']}, {m['cpus']} cores ({m['cpu_model']}); "
          f"load average at start {result['loadavg_start']}, at end {result['loadavg_end']}")
    print(f"renja-rules command: {' '.join(result['renja_rules_command'])}; features: "
          + ", ".join(f"{k}={'yes' if v else 'no'}" for k, v in result["features"].items()))
    for name, version in result["tool_versions"].items():
        print(f"{name}: {version}")
    print(f"{result['runs']} runs per command, interleaved, after one warm-up round; wall time best (median), "
          f"CPU median, peak RSS")
    print(describe_declines(result["fast_path"]))
    for entry in result["files"]:
        print()
        rows = entry.get("indicator_rows")
        print(f"{entry['file']}  ({entry['bytes'] / 1024:.1f} KB, {rows if rows is not None else '?'} indicator rows)")
        header = f"  {'command':<20} {'wall ms':>17} {'CPU ms':>8} {'RSS MB':>7} {'exit':>5} {'above floor ms':>15}"
        print(header)
        print("  " + "-" * (len(header) - 2))
        for name, v in entry["commands"].items():
            exits = ",".join(str(e) for e in v["exit_codes"])
            print(f"  {name:<20} {v['wall_best'] * 1e3:>8.1f} ({v['wall_median'] * 1e3:>6.1f}) "
                  f"{v['cpu_median'] * 1e3:>8.1f} {v['rss_mb_max']:>7.1f} {exits:>5} "
                  f"{entry['above_floor_ms'][name]:>15.1f}")
        for name, r in entry["ratios"].items():
            target = f"  (target <= {TARGET_RATIO}x)" if name == "renja-rules / check-jsonschema" else ""
            print(f"  ratio {name:<40} {r['best']:.2f}x (median {r['median']:.2f}x){target}")
    for note in result["notes"]:
        print(f"note: {note}")


def tool_version(path: str | None) -> str | None:
    if not path:
        return None
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="plan files (default: two generated Renja-sized plans)")
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (default 15)")
    parser.add_argument("--rows", type=int, default=170, help="indicator rows of the generated plans (default 170)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--style", default="compact", choices=("flow", "block", "compact"),
                        help="layout of the generated plans (default compact: ~70 KB at 170 rows)")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/renja-bench-process"), help="where plans are generated")
    parser.add_argument("--tools-bin", action="append", default=[],
                        help="folder holding check-jsonschema and yamllint (repeatable; else PATH)")
    parser.add_argument("--renja-rules", dest="renja", default=None,
                        help="the command to benchmark (default: renja-rules beside this Python, or on PATH)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    notes: list[str] = []
    renja_path = args.renja or find_tool("renja-rules")
    if renja_path is None:
        parser.error("renja-rules not found: pip install -e . or give --renja-rules")
    renja = renja_path.split()
    # PYTHONDONTWRITEBYTECODE (set on some CI machines and sandboxes) would make every run
    # compile the sources of a tool installed in editable mode (ours: ~50 ms), while tools
    # installed by pip come with their bytecode. Without it the warm-up round writes the
    # bytecode caches, as Python does by default on a user's machine, for every command alike.
    env = {k: v for k, v in os.environ.items() if k not in ("RENJA_RULES_CACHE_DIR", "PYTHONDONTWRITEBYTECODE")}
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        notes.append("PYTHONDONTWRITEBYTECODE was set: unset for the children, so that bytecode is cached "
                     "as on a default installation (the warm-up round writes it)")
    helptext = help_text(renja, env)
    features = {"no_cache": "--no-cache" in helptext, "cache_dir": "--cache-dir" in helptext}
    if not features["no_cache"]:
        notes.append("renja-rules check has no --no-cache: it has no result cache, every run checks the file")
    tools = {name: find_tool(name, args.tools_bin) for name in ("check-jsonschema", "yamllint")}
    for name, path in tools.items():
        if path is None:
            notes.append(f"{name} not found (pip install {name}; --tools-bin DIR): skipped")
    files = args.files or generated_files(args)
    for path in files:
        if not path.is_file():
            parser.error(f"not a file: {path}")
    result: dict[str, Any] = {
        "code": code_under_test(),
        "machine": machine(),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        "renja_rules_command": renja,
        "features": features,
        "tool_versions": {name: tool_version(path) for name, path in tools.items()},
        "runs": args.runs,
        "fast_path": fast_path_declines(files),
        "files": [],
        "notes": notes,
    }
    for path in files:
        print(f"{path}: measuring ...", file=sys.stderr, flush=True)
        entry = bench_file(path, args, renja, tools, env, features)
        entry["indicator_rows"] = indicator_rows(path)
        result["files"].append(entry)
    note_load(result, notes)
    return emit(result, args.json, print_table)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Benchmark: where a one-file run's time goes, against issue 19's whole-process target.

Usage::

    python bench/bench_floor.py [FILE] [--runs 9] [--tools-bin DIR] [--json]

``bench_process.py`` times whole commands; this script splits ``renja-rules check FILE`` (a
file edited since the last run: its result not cached, the compiled rule set kept, as a
pre-commit hook sees it) into the phases it goes through, each timed inside a fresh
process that does them in the same order:

=================  ============================================================================
interpreter        ``python -c pass`` (a separate process: start-up and ``site``)
deps               ``import click, yaml, ryml, pydantic`` and one pydantic model built: what
                   any tool on these libraries pays (``bench_process.py``'s "python import deps")
own import         ``import renja_rules.cli``: our modules, their classes (the pydantic models'
                   schemas are built on first use, not here), patterns and tables
rules (kept)       ``load_rules()`` with the compiled rule set read from the cache
plan model         building the plan model's validator (pydantic does this on first use)
parse, check       ``parse_plan`` and ``check`` of FILE, the first (cold) call of each
=================  ============================================================================

``check-jsonschema`` (the baseline of the target) and the real command run in the same
rounds, interleaved. The table gives each phase's median, and the budget the target leaves:
``0.35 × check-jsonschema``. The point is the lower bound: interpreter + deps + plan model +
parse + check is what any implementation that keeps this design (the pydantic plan model,
one Python rule engine) pays before importing any code of its own or reading any rule.
Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    ROOT, code_under_test, describe_code, edit, emit, find_tool, machine, note_load, run_measured,
)

TARGET_RATIO = 0.35  # issue 19, whole process against check-jsonschema
SCHEMA = ROOT / "schemas" / "plan.schema.json"
PHASES = ("deps", "own import", "rules (kept)", "plan model", "parse", "check")
UNAVOIDABLE = ("interpreter", "deps", "plan model", "parse", "check")  # kept by any implementation of this design


def child(file: str, cache_dir: str) -> None:
    """The phases of a one-file run, in its order, in this (fresh) process; JSON on stdout."""
    clock = time.perf_counter
    marks = [clock()]
    import click  # noqa: F401
    import pydantic
    import yaml  # noqa: F401
    try:
        import ryml  # noqa: F401
    except ImportError:
        pass

    class Model(pydantic.BaseModel):
        x: int = 0

    Model(x=1)
    marks.append(clock())
    import renja_rules.cli  # noqa: F401
    marks.append(clock())
    import renja_rules
    from renja_rules.cache import Cache
    from renja_rules.model import PlanDocument
    from renja_rules.rules import keeping_compiled_rules, load_rules

    cache = Cache(cache_dir)
    with keeping_compiled_rules(cache):
        rules = load_rules()
    cache.close()
    marks.append(clock())
    PlanDocument.__pydantic_validator__.validate_python  # noqa: B018 - built here, on first use
    marks.append(clock())
    text = Path(file).read_text(encoding="utf-8-sig")
    plan = renja_rules.parse_plan(text, file)
    marks.append(clock())
    renja_rules.check(plan, rules)
    marks.append(clock())
    print(json.dumps({name: marks[i + 1] - marks[i] for i, name in enumerate(PHASES)}))


class PhaseError(Exception):
    """The timed child could not check the file."""


def measure(file: Path, runs: int, tools_bin: list[str], env: dict[str, str]) -> dict[str, Any]:
    renja = find_tool("renja-rules")
    jsonschema = find_tool("check-jsonschema", tools_bin)
    samples: dict[str, list[float]] = {name: [] for name in ("interpreter", *PHASES, "renja-rules edited",
                                                              "check-jsonschema")}
    with tempfile.TemporaryDirectory(prefix="renja-bench-floor-") as work:
        cache_dir = str(Path(work) / "cache")
        edited = Path(work) / ("edited-" + file.name)
        edited.write_bytes(file.read_bytes())
        commands: dict[str, list[str]] = {
            "interpreter": [sys.executable, "-c", "pass"],
            "phases": [sys.executable, __file__, "--child", str(edited), cache_dir],
        }
        if renja:
            commands["renja-rules edited"] = [renja, "check", "--cache-dir", cache_dir, str(edited)]
        if jsonschema:
            commands["check-jsonschema"] = [jsonschema, "--schemafile", str(SCHEMA), str(edited)]
        for round_ in range(runs + 1):  # the first round warms up: bytecode, page cache, the kept rules
            for name, command in commands.items():
                edit(edited)
                if name == "phases":
                    out = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
                    if out.returncode != 0:  # e.g. a file that is no plan: said, as the child said it
                        raise PhaseError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else
                                         f"exit code {out.returncode}")
                    if round_:
                        for phase, seconds in json.loads(out.stdout).items():
                            samples[phase].append(seconds)
                    continue
                timed = run_measured(command, work, env)
                if round_:
                    samples[name].append(timed["wall"])
    return {name: statistics.median(values) * 1e3 for name, values in samples.items() if values}


def print_table(result: dict[str, Any]) -> None:
    print(describe_code(result["code"]))
    m = result["machine"]
    print(f"Python {m['python']}, {m['cpus']} cores; load average at start {result['loadavg_start']}, "
          f"at end {result['loadavg_end']}; {result['runs']} rounds, medians in ms")
    print(f"file: {result['file']}")
    ms = result["ms"]
    base = ms.get("check-jsonschema")
    for name, value in ms.items():
        share = f"{value / base:6.3f}x" if base else ""
        print(f"  {name:<20} {value:8.1f}  {share}")
    if base:
        floor = sum(ms[name] for name in UNAVOIDABLE)
        print(f"  budget at the target ({TARGET_RATIO}x check-jsonschema): {TARGET_RATIO * base:.1f} ms")
        print(f"  interpreter + deps + plan model + parse + check: {floor:.1f} ms = {floor / base:.3f}x "
              f"(no code of ours imported, no rule read)")
    for note in result["notes"]:
        print(f"note: {note}")


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, help="plan file (default: a generated 170-row revision table)")
    parser.add_argument("--runs", type=int, default=9, help="timed rounds (default 9)")
    parser.add_argument("--tools-bin", action="append", default=[], help="folder holding check-jsonschema")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    notes: list[str] = []
    file = args.file
    if file is not None and not file.is_file():
        parser.error(f"not a file: {file}")
    if file is None:
        from generate import generate_plan

        file = Path(tempfile.gettempdir()) / "renja-bench-floor-170.yaml"
        file.write_text(generate_plan(1, 170, "perubahan-renja", 0.0, style="compact"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("RENJA_RULES_CACHE_DIR", "PYTHONDONTWRITEBYTECODE")}
    if find_tool("renja-rules") is None:
        notes.append("renja-rules not found (pip install -e .): the whole command is not timed")
    if find_tool("check-jsonschema", args.tools_bin) is None:
        notes.append("check-jsonschema not found (pip install check-jsonschema; --tools-bin DIR): no ratios")
    result: dict[str, Any] = {"code": code_under_test(), "machine": machine(), "file": str(file), "runs": args.runs,
                              "loadavg_start": [round(x, 2) for x in os.getloadavg()], "notes": notes}
    try:
        result["ms"] = measure(file, args.runs, args.tools_bin, env)
    except PhaseError as error:
        print(f"bench_floor: {file}: {error}", file=sys.stderr)
        return 2
    note_load(result, notes)
    return emit(result, args.json, print_table)


if __name__ == "__main__":
    sys.exit(main())

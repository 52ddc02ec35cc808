#!/usr/bin/env python
"""Benchmark: a national corpus, ``renja-rules check DIR`` cold and warm.

Usage::

    python bench/bench_corpus.py [--count 22000] [--seed 1] [--corpus DIR] [--jobs N] [--json]

A corpus of ``--count`` synthetic plans (``bench/generate.py``: one folder per pemerintah
daerah, one revision table per perangkat daerah, a tenth of them with their evaluation
table beside it; 40-300 indicator rows each, defect rate 0.02) is generated into
``--corpus`` (default ``/tmp/renja-corpus-<count>-s<seed>``), or reused when that folder
already holds the same corpus (``.corpus.json`` records how it was made).

Then ``renja-rules check DIR`` runs twice as a subprocess, in an empty temporary working
folder, its report written to a file there:

cold  the first run. When the command has a result cache (``--cache-dir`` in
      ``renja-rules check --help``), it gets a new, empty cache folder.
warm  the same command again on the unchanged corpus: with a cache, the same (now filled)
      cache folder; without one, only the operating system's file cache is warm, and the
      output says so.

``--jobs N`` is passed on only when ``renja-rules check --help`` offers ``--jobs``
(otherwise the run is what the command does, and the output says so). Per run: wall time,
CPU time of the child and everything it waited for (``resource.getrusage(RUSAGE_CHILDREN)``
before and after), peak RSS of the largest single process (GNU time ``%M``, or
``ru_maxrss``), and the peak of the *sum* of the RSS of the child's whole process tree,
sampled every 0.1 s from ``/proc`` (what worker processes cost together). The warm run's
report must equal the cold run's, byte for byte; the output says whether it does.

Before them, as a reference measured in the same run, PyYAML's C loader merely loads one
plan in ``--reference-every`` (20) in one process: its CPU time per plan says how fast the
machine is at that moment (a shared machine varies by a fifth from hour to hour), and the
cold run's CPU time per plan is printed as a multiple of it.

Issue 19 targets (the second speed round; issue 6 asked for 90 s, 5% and 300 MB): 22,000
plans cold <= 80 s wall on 2 cores, warm <= 3% of cold, peak memory <= 200 MB a process. The child's address space is capped
(``--memory-limit-mb``, default 80% of the machine's memory) so that a run which would
exhaust the machine fails instead; such a run is reported as failed with its exit code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    emit,
    note_load,
    BENCH, TIME_BIN, code_under_test, describe_code, describe_declines, fast_path_declines, find_tool, machine,
    mem_total_mb, run_measured,
)

TARGETS = {"cold_wall_s_22000": 80.0, "warm_over_cold": 0.03, "peak_mb": 200.0}  # issue 19


# --- the corpus -----------------------------------------------------------------------------


def corpus_recipe(args: argparse.Namespace) -> dict[str, Any]:
    generator = hashlib.sha256((BENCH / "generate.py").read_bytes()).hexdigest()[:16]
    return {"count": args.count, "seed": args.seed, "rows_range": [args.rows_min, args.rows_max],
            "defect_rate": args.defect_rate, "evaluasi_share": args.evaluasi_share, "varied": args.varied,
            "generator_sha256": generator}


def ensure_corpus(folder: Path, recipe: dict[str, Any], note: Any) -> dict[str, Any]:
    """Generate the corpus, or reuse it when the folder holds exactly this recipe's files."""
    from generate import write_corpus

    manifest = folder / ".corpus.json"
    if manifest.is_file():
        try:
            recorded = json.loads(manifest.read_text())
        except ValueError:
            recorded = {}
        if recorded.get("recipe") == recipe:
            print(f"reusing the corpus in {folder}", file=note, flush=True)
            return recorded
    if folder.exists():
        if not manifest.is_file() and any(folder.iterdir()):
            raise SystemExit(f"{folder} exists and is not a corpus made by this script: choose another --corpus")
        shutil.rmtree(folder)
    print(f"generating {recipe['count']} plans into {folder} ...", file=note, flush=True)
    start = time.perf_counter()
    files = write_corpus(folder, recipe["count"], recipe["seed"], tuple(recipe["rows_range"]),
                         defect_rate=recipe["defect_rate"], evaluasi_share=recipe["evaluasi_share"],
                         varied=recipe["varied"])
    recorded = {
        "recipe": recipe,
        "files": len(files),
        "evaluasi_files": sum(1 for f in files if f.name.endswith(".evaluasi-renja.yaml")),
        "folders": len({f.parent for f in files}),
        "bytes": sum(f.stat().st_size for f in files),
        "generated_in_s": time.perf_counter() - start,
    }
    manifest.write_text(json.dumps(recorded, indent=2))
    return recorded


# --- one measured run -------------------------------------------------------------------------


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            out.extend(int(c) for c in (task / "children").read_text().split())
    except (OSError, ValueError):
        pass
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        return ""


class TreeSampler:
    """Samples, in a thread, the RSS of every process below this one (Linux /proc).

    ``peak_kb``: the highest sum over the whole tree at one sample; ``per_process``: the
    highest RSS of each process, with its depth below the measured command (0 is GNU time
    when it wraps the command, then the command itself, then its workers) and command line.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_kb = 0
        self.samples = 0
        self.per_process: dict[int, dict[str, Any]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            pending = [(child, 0) for child in _children(os.getpid())]
            while pending:
                pid, depth = pending.pop()
                rss = _rss_kb(pid)
                total += rss
                entry = self.per_process.get(pid)
                if entry is None:
                    entry = self.per_process[pid] = {"pid": pid, "depth": depth, "peak_kb": 0, "command": ""}
                if rss > entry["peak_kb"] or not entry["command"]:
                    entry["command"] = _cmdline(pid)  # read again: a child may not have exec'd yet
                entry["peak_kb"] = max(entry["peak_kb"], rss)
                pending.extend((child, depth + 1) for child in _children(pid))
            self.peak_kb = max(self.peak_kb, total)
            self.samples += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> "TreeSampler":
        if Path("/proc/self/task").is_dir():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def processes(self) -> list[dict[str, Any]]:
        """The sampled processes, largest first, with their peak RSS in MB."""
        main_depth = 1 if os.access(TIME_BIN, os.X_OK) else 0  # run_measured wraps the command in GNU time
        out = []
        for e in self.per_process.values():
            role = "wrapper" if e["depth"] < main_depth else ("main" if e["depth"] == main_depth else "worker")
            out.append({"pid": e["pid"], "role": role, "depth": e["depth"], "peak_rss_mb": e["peak_kb"] / 1024,
                        "command": e["command"][:120]})
        return sorted(out, key=lambda e: -e["peak_rss_mb"])


def measured_run(command: list[str], cwd: Path, env: dict[str, str], report: Path, memory_limit_mb: int | None
                 ) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with report.open("wb") as out, TreeSampler() as sampler:
        run = run_measured(command, str(cwd), env, stdout=out, memory_limit_mb=memory_limit_mb)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    tail = report.read_bytes()[-400:].decode("utf-8", "replace").strip().splitlines()
    return {
        "wall_s": run["wall"],
        "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "cpu_user_s": after.ru_utime - before.ru_utime,
        "cpu_system_s": after.ru_stime - before.ru_stime,
        "peak_rss_mb_largest_process": run["rss_mb"],
        "rss_source": run["rss_source"],
        "peak_rss_mb_process_tree_sampled": sampler.peak_kb / 1024 if sampler.samples else None,
        "processes_sampled": sampler.processes()[:8],
        "exit_code": run["exit"],
        "summary_line": tail[-1] if tail else "",
        "report_bytes": report.stat().st_size,
        "stderr_tail": run["stderr_tail"][-600:],
    }


_REFERENCE = (
    "import sys, time, yaml\n"
    "loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\n"
    "start = time.process_time()\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, encoding='utf-8') as handle:\n"
    "        yaml.load(handle.read(), Loader=loader)\n"
    "print(time.process_time() - start)\n"
)


def reference_load(folder: Path, every: int, env: dict[str, str]) -> dict[str, Any]:
    """PyYAML's C loader merely loading every ``every``-th plan, in one process: the machine's
    speed in the same run, so that a cold run measured on a slower (busier) machine reads
    as such. CPU time of the loads only (not the interpreter's start)."""
    files = sorted(str(f) for f in folder.rglob("*.yaml"))[::every]
    out = subprocess.run([sys.executable, "-c", _REFERENCE, *files], capture_output=True, text=True, env=env)
    if out.returncode != 0 or not files:
        return {"error": out.stderr.strip()[-300:] or "no plan files"}
    cpu = float(out.stdout.strip())
    return {"plans": len(files), "every": every, "cpu_s": cpu, "ms_per_plan": cpu / len(files) * 1e3}


def command_features(renja: list[str], env: dict[str, str]) -> dict[str, bool]:
    text = subprocess.run(renja + ["check", "--help"], capture_output=True, text=True, env=env).stdout
    return {"jobs": "--jobs" in text, "cache_dir": "--cache-dir" in text, "no_cache": "--no-cache" in text}


def print_table(result: dict[str, Any]) -> None:
    print(describe_code(result["code"]))
    m = result["machine"]
    print(f"Python {m['python']}, {m['cpus']} cores ({m['cpu_model']}), {m['mem_total_mb']} MB; load average at start "
          f"{result['loadavg_start']}, at end {result['loadavg_end']}")
    c = result["corpus"]
    print(f"corpus {result['corpus_dir']}: {c['files']} plan files ({c['evaluasi_files']} evaluation tables) in "
          f"{c['folders']} folders, {c['bytes'] / 2**20:.0f} MB; rows {c['recipe']['rows_range']}, "
          f"defect rate {c['recipe']['defect_rate']}, seed {c['recipe']['seed']}"
          + (", written as people write plans (--varied)" if c["recipe"].get("varied") else ""))
    f = result["features"]
    offers = ", ".join(f"--{k.replace('_', '-')}: {'yes' if v else 'no'}" for k, v in f.items())
    print(f"renja-rules check offers: {offers}")
    print(describe_declines(result["fast_path"]))
    print()
    header = (f"{'run':<5} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12} {'tree RSS MB':>12} {'exit':>5}"
              f" {'ms/plan':>8}  command")
    print(header)
    print("-" * len(header))
    for name in ("cold", "warm"):
        r = result["runs"].get(name)
        if r is None:
            continue
        tree = r["peak_rss_mb_process_tree_sampled"]
        print(f"{name:<5} {r['wall_s']:>8.1f} {r['cpu_s']:>8.1f} {r['peak_rss_mb_largest_process']:>12.0f} "
              f"{(f'{tree:.0f}' if tree is not None else '-'):>12} {r['exit_code']:>5} "
              f"{r['wall_s'] / c['files'] * 1e3:>8.1f}  {' '.join(r['command'])}")
        print(f"{'':<5} -> {r['summary_line']}")
        for proc in r.get("processes_sampled", [])[:4]:
            print(f"{'':<5}    peak RSS {proc['peak_rss_mb']:>6.0f} MB  {proc['role']:<7} pid {proc['pid']}")
        print(f"{'':<5}    largest process {r['peak_rss_mb_largest_process']:.0f} MB "
              f"(target <= {TARGETS['peak_mb']:.0f} MB a process)")
    ref = result.get("reference")
    if ref and "ms_per_plan" in ref and "cold" in result["runs"]:
        cold_ms = result["runs"]["cold"]["cpu_s"] / c["files"] * 1e3
        print()
        print(f"reference in the same run: yaml.load (CSafeLoader) alone, one process, 1 plan in {ref['every']} "
              f"({ref['plans']} plans): {ref['ms_per_plan']:.2f} ms of CPU a plan; the cold run: {cold_ms:.2f} ms "
              f"of CPU a plan = {cold_ms / ref['ms_per_plan']:.2f}x merely loading the YAML")
    if "warm_over_cold" in result:
        w = result["warm_over_cold"]
        print()
        print(f"warm / cold: wall {w['wall']:.3f}, CPU {w['cpu']:.3f}, peak RSS {w['peak_rss']:.2f} "
              f"(target: warm wall <= {TARGETS['warm_over_cold']} x cold); "
              f"warm report identical to cold: {'yes' if result['warm_report_identical'] else 'NO'}")
    print()
    for note in result["notes"]:
        print(f"note: {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=22000, help="plans in the corpus (default 22000)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--rows-min", type=int, default=40, help="fewest indicator rows per plan (default 40)")
    parser.add_argument("--rows-max", type=int, default=300, help="most indicator rows per plan (default 300)")
    parser.add_argument("--defect-rate", type=float, default=0.02, help="generator defect rate (default 0.02)")
    parser.add_argument("--evaluasi-share", type=float, default=0.1, help="share of PDs with an evaluation table (0.1)")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default /tmp/renja-corpus-<count>-s<seed>)")
    parser.add_argument("--jobs", type=int, help="passed as --jobs N when renja-rules check has --jobs")
    parser.add_argument("--renja-rules", dest="renja", help="the command to benchmark (default: renja-rules)")
    parser.add_argument("--memory-limit-mb", type=int, default=None,
                        help="address-space cap of the child (default 80%% of the machine's memory; 0: none)")
    parser.add_argument("--skip-warm", action="store_true", help="only the cold run")
    parser.add_argument("--keep-reports", type=Path, help="copy the cold and warm reports into this folder")
    parser.add_argument("--reference-every", type=int, default=20, metavar="N",
                        help="time yaml.load (CSafeLoader) on 1 plan in N first, as the machine's speed in this "
                             "run (default 20; 0: skip)")
    parser.add_argument("--varied", action="store_true",
                        help="write the plans as people write them (comments, quotes, non-ASCII, folded names, empty "
                             "collections, CRLF: generate.vary); the figures in the READMEs are of the plain corpus")
    parser.add_argument("--declines-sample", type=int, default=2000, metavar="N",
                        help="files read to count the fast path's declines (default 2000, spread over the corpus; "
                             "0: all)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    note = sys.stderr

    renja_path = args.renja or find_tool("renja-rules")
    if renja_path is None:
        parser.error("renja-rules not found: pip install -e . or give --renja-rules")
    renja = renja_path.split()
    env = {k: v for k, v in os.environ.items() if k != "RENJA_RULES_CACHE_DIR"}
    features = command_features(renja, env)
    notes: list[str] = []
    memory_limit = args.memory_limit_mb
    if memory_limit is None:
        total = mem_total_mb()
        memory_limit = int(total * 0.8) if total else None
    folder = args.corpus or Path(f"/tmp/renja-corpus-{args.count}-s{args.seed}")
    corpus = ensure_corpus(folder, corpus_recipe(args), note)

    base = renja + ["check"]
    if args.jobs is not None:
        if features["jobs"]:
            base += ["--jobs", str(args.jobs)]
        else:
            notes.append(f"--jobs {args.jobs} not passed: renja-rules check has no --jobs option")
    if not features["jobs"]:
        notes.append("renja-rules check has no --jobs: one process checks every file")

    result: dict[str, Any] = {
        "code": code_under_test(),
        "machine": machine(),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        "corpus_dir": str(folder),
        "corpus": corpus,
        "features": features,
        "memory_limit_mb": memory_limit or None,
        "targets": TARGETS,
        "runs": {},
        "notes": notes,
    }
    print("counting the fast path's declines ...", file=note, flush=True)
    result["fast_path"] = fast_path_declines(sorted(folder.rglob("*.yaml")), limit=args.declines_sample or None)
    if args.reference_every:
        print(f"reference: yaml.load of 1 plan in {args.reference_every} ...", file=note, flush=True)
        result["reference"] = reference_load(folder, args.reference_every, env)
    with tempfile.TemporaryDirectory(prefix="renja-bench-corpus-") as work_name:
        work = Path(work_name)
        if features["cache_dir"]:
            command = base + ["--cache-dir", str(work / "cache"), str(folder)]
        else:
            command = base + [str(folder)]
            notes.append("renja-rules check has no result cache (no --cache-dir): the warm run differs from the cold "
                         "one only by the operating system's file cache")
        reports = {}
        for name in ("cold", "warm"):
            if name == "warm" and args.skip_warm:
                break
            print(f"{name} run: {' '.join(command)}", file=note, flush=True)
            reports[name] = work / f"report-{name}.txt"
            run = measured_run(command, work, env, reports[name], memory_limit)
            run["command"] = command
            result["runs"][name] = run
            print(f"  {run['wall_s']:.1f} s wall, exit {run['exit_code']}: {run['summary_line']}", file=note,
                  flush=True)
            if run["exit_code"] not in (0, 1):
                notes.append(f"the {name} run failed (exit {run['exit_code']}): {run['stderr_tail'].strip()[-300:]}")
                if run["exit_code"] < 0 or "MemoryError" in run["stderr_tail"]:
                    notes.append(f"the {name} run was stopped at the memory cap of {memory_limit} MB")
                break
        if "cold" in result["runs"] and "warm" in result["runs"]:
            cold, warm = result["runs"]["cold"], result["runs"]["warm"]
            result["warm_over_cold"] = {
                "wall": warm["wall_s"] / cold["wall_s"],
                "cpu": warm["cpu_s"] / cold["cpu_s"] if cold["cpu_s"] else None,
                "peak_rss": warm["peak_rss_mb_largest_process"] / cold["peak_rss_mb_largest_process"],
            }
            result["warm_report_identical"] = reports["cold"].read_bytes() == reports["warm"].read_bytes()
        if args.keep_reports:
            args.keep_reports.mkdir(parents=True, exist_ok=True)
            for name, path in reports.items():
                shutil.copy(path, args.keep_reports / path.name)
    cold = result["runs"].get("cold")
    if cold and cold["exit_code"] in (0, 1):
        per_plan = cold["wall_s"] / corpus["files"]
        result["extrapolated_cold_wall_s_22000"] = per_plan * 22000
        if corpus["files"] != 22000:
            notes.append(f"EXTRAPOLATION (linear in the number of plans, from {corpus['files']} plans): 22,000 plans "
                         f"cold would take about {per_plan * 22000:.0f} s wall on this machine "
                         f"(target <= {TARGETS['cold_wall_s_22000']:.0f} s)")
    note_load(result, notes)
    return emit(result, args.json, print_table)


if __name__ == "__main__":
    sys.exit(main())

"""Helpers shared by the benchmark scripts: where the code under test comes from, and the machine."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent


def git_state(path: Path) -> dict[str, Any]:
    """Commit and uncommitted changes of the repository holding ``path`` (or of a plain folder: nothing)."""
    def run(*args: str) -> str:
        try:
            out = subprocess.run(["git", *args], cwd=path, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return ""
        return out.stdout.rstrip("\n") if out.returncode == 0 else ""

    commit = run("rev-parse", "--short", "HEAD")
    if not commit:
        return {"commit": None, "modified": []}
    status = run("status", "--porcelain", "--", "renja_rules", "rules", "schemas", "pyproject.toml")
    return {"commit": commit, "modified": [line[3:] for line in status.splitlines()]}


def code_under_test() -> dict[str, Any]:
    """Which renja_rules is imported (a checkout, or a snapshot given with PYTHONPATH), and its git state."""
    import renja_rules

    package = Path(renja_rules.__file__).resolve().parent
    state = git_state(package.parent)
    return {"renja_rules_path": str(package), "version": renja_rules.__version__, **state}


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "mem_total_mb": mem_total_mb(),
    }


def mem_total_mb() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def find_tool(name: str, extra_dirs: list[str] | None = None) -> str | None:
    """An executable by name: in the given folders first, then beside this Python, then on PATH."""
    for folder in (extra_dirs or []) + [str(Path(sys.executable).parent)]:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def describe_code(info: dict[str, Any]) -> str:
    modified = info.get("modified") or []
    state = f"commit {info.get('commit')}" if info.get("commit") else "not a git checkout"
    if modified:
        state += f" + uncommitted changes in {', '.join(modified)}"
    return f"renja-rules {info.get('version')} from {info.get('renja_rules_path')} ({state})"


TIME_BIN = "/usr/bin/time"


def run_measured(command: list[str], cwd: str, env: dict[str, str], stdout: Any = None,
                 memory_limit_mb: int | None = None) -> dict[str, Any]:
    """Run ``command``; return its wall time, CPU time (user + system, itself and the children it waited for),
    peak RSS in MB and exit code.

    The peak RSS comes from GNU time (``/usr/bin/time -f %M``) when it is installed: a fork of
    this (large) Python process would otherwise carry this process's RSS into the child's
    ``ru_maxrss`` on Linux. Without GNU time, ``rss_source`` says the figure is an upper bound.
    ``memory_limit_mb`` caps the child's address space (RLIMIT_AS), so that a run that would
    exhaust the machine fails instead.
    """
    import resource
    import subprocess
    import tempfile
    import time

    def limit() -> None:
        if memory_limit_mb:
            size = memory_limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    rss_file = None
    full = list(command)
    if os.access(TIME_BIN, os.X_OK):
        handle, rss_file = tempfile.mkstemp(prefix="renja-bench-rss-")
        os.close(handle)
        full = [TIME_BIN, "-f", "%M", "-o", rss_file] + full
    start = time.perf_counter()
    process = subprocess.Popen(full, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=stdout if stdout is not None else subprocess.DEVNULL,
                               stderr=subprocess.PIPE, preexec_fn=limit if memory_limit_mb else None)
    stderr = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = code = os.waitstatus_to_exitcode(status)
    rss_mb = usage.ru_maxrss / 1024
    source = "ru_maxrss (upper bound: includes the benchmark's own RSS at fork)"
    if rss_file is not None:
        try:
            lines = Path(rss_file).read_text().strip().splitlines()
            # GNU time writes "Command exited with non-zero status N" before the figure
            rss_mb = int(lines[-1]) / 1024
            source = "GNU time %M"
        except (OSError, ValueError, IndexError):
            pass
        finally:
            os.unlink(rss_file)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": rss_mb, "rss_source": source,
            "exit": code, "stderr_tail": stderr.decode("utf-8", "replace")[-2000:]}


def edit(file: Path) -> None:
    """One more comment line at the end: the same plan, another text (a file changed since the last run)."""
    with file.open("a", encoding="utf-8") as handle:
        handle.write("# diubah\n")


def note_load(result: dict[str, Any], notes: list[str]) -> None:
    """Record the load average at the end of a run and warn when the machine was busy."""
    result["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    if max(result["loadavg_start"][0], result["loadavg_end"][0]) > 0.7:
        notes.append("the machine was busy (load average > 0.7): repeat on a quiet machine before trusting the figures")


def emit(result: dict[str, Any], as_json: bool, print_table: Any) -> int:
    """Print the result as JSON or as the script's table; the script's exit code."""
    if as_json:
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        print_table(result)
    return 0


def fast_path_declines(files: list[Path], limit: int | None = None, limits: Any = None) -> dict[str, Any]:
    """How many of ``files`` the fast reader leaves to the full loader, and why (issue 19: a
    decline costs a plan about twice the reading time, so ordinary plans must have none).

    Counted outside any timed code; ``limit`` reads only that many files, evenly spread;
    ``limits``: the engine's ``Limits`` the benchmark checks with (default: the command line's)."""
    from collections import Counter

    from renja_rules import Limits, fastload

    bounds = limits or Limits()

    chosen = files if not limit or len(files) <= limit else files[:: max(1, len(files) // limit)][:limit]
    reasons: Counter[str] = Counter()
    for path in chosen:
        try:
            text = Path(path).read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            reasons[f"unreadable: {type(error).__name__}"] += 1
            continue
        reason = fastload.decline_reason(text, bounds.max_scalar_length, bounds.max_nodes, bounds.max_bytes)
        if reason is not None:
            reasons[reason] += 1
    return {"files": len(chosen), "of": len(files), "declined": sum(reasons.values()), "reasons": dict(reasons)}


def describe_declines(declines: dict[str, Any]) -> str:
    sampled = f" (a sample of {declines['files']} of {declines['of']})" if declines["files"] < declines["of"] else ""
    why = "; ".join(f"{count} {reason}" for reason, count in sorted(declines["reasons"].items(), key=lambda kv: -kv[1]))
    return (f"fast path: {declines['declined']} of {declines['files']} files declined{sampled}"
            + (f": {why}" if why else ""))

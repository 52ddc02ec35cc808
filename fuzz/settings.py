"""Fuzz targets ``config`` and ``cache``: what a checked folder or a cache folder may hold.

``config``: hostile and mutated configuration files — ``.renja-rules.yaml`` and
``pyproject.toml``, mutations of real ones, documents built from the known keys with values
of every type, rule paths that lead out of the project (``/``, ``/etc/shadow``, ``../..``),
deep nesting, invalid UTF-8 — discovered beside a plan by ``renja-rules check``.

``cache``: a real cache database damaged by a generated list of operations (tables dropped
and made with other columns, values of other types, payloads replaced with a matching or a
wrong checksum, violations forged, bytes truncated or overwritten, symbolic links in place
of its files), then ``renja-rules check`` with that cache. Differential: unless a payload
was forged with a recomputed checksum (which the README's threat model leaves possible), the
answer must be the one the same command gives with ``--no-cache``, exit code and violations
alike.

For both, the only acceptable answers are exit codes 0, 1 and 2 without a traceback or an
"internal error", and no file outside the run's own cache folder may change: each input
runs in a fresh tree holding a project (with ``.git``) and, beside it, files a hostile
configuration or cache could reach; the tree is hashed before and after.
"""

from __future__ import annotations

import atexit
from contextlib import closing
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
_PLAN = (ROOT / "examples" / "bersih" / "perubahan-renja-bersih.yaml").read_text(encoding="utf-8")
BROKEN_PLAN = _PLAN.replace('selisih: "111.061.395,00"', 'selisih: "111.061.394,00"', 1)  # SL001

CONFIG_KEYS = ["select", "ignore", "severity", "per-file-ignores", "rules", "lang", "fail-on", "default-rules"]
RULE_PATHS = ["/", "/etc", "/etc/shadow", "/etc/passwd", "../..", "../outside", "../outside/secret", "aturan",
              "aturan/tim.yaml", ".", "..", "/dev/zero", "/proc/self/environ", "\x00", "", "~"]
HOSTILE_CONFIGS = [
    ("pyproject.toml", "[tool.renja-rules]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n"),
    ("pyproject.toml", "[tool.renja-rules\nselect = ['PG']\n"),
    ("pyproject.toml", "[tool.renja-rules]\nselect = ['PG']\n# caf\udce9\n"),
    ("pyproject.toml", "[project]\ndependencies = ['renja-rules']\n"),
    ("pyproject.toml", "[tool]\nrenja-rules = 5\n"),
    ("pyproject.toml", "tool = 5\n# renja-rules\n"),
    (".renja-rules.yaml", "rules: ['/']\n"),
    (".renja-rules.yaml", "rules: ['../outside/secret']\n"),
    (".renja-rules.yaml", "select: []\n"),
    (".renja-rules.yaml", "default-rules: false\n"),
    (".renja-rules.yaml", "a: &a [" + ",".join(["*a"] * 10) + "]\n"),
    (".renja-rules.yaml", "[" * 5000 + "]" * 5000 + "\n"),
    (".renja-rules.yaml", "\ufeff\x00"),
]
_REAL_CONFIGS = [
    (".renja-rules.yaml", 'select: ["PG", "SL"]\nignore: [KD008]\nseverity: {WJ003: error}\n'
                          'per-file-ignores: {"arsip/*.yaml": [WJ]}\nrules: ["../aturan"]\nlang: en\n'
                          'fail-on: warning\ndefault-rules: true\n'),
    ("pyproject.toml", '[project]\nname = "x"\n\n[tool.renja-rules]\nselect = ["PG", "SL"]\nignore = ["KD008"]\n'
                       'rules = ["../aturan"]\nlang = "id"\nfail-on = "error"\n'),
]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=10),
    st.sampled_from(["PG", "SL001", "ZZ", "error", "warning", "id", "en", *RULE_PATHS]),
)
VALUES = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4)
                      | st.dictionaries(st.text(max_size=6) | st.sampled_from(CONFIG_KEYS), children, max_size=4),
                      max_leaves=16)


def _tree() -> tuple[Path, Path]:
    """A fresh tree: ``repo/`` (a git project with a plan and a team's rules) and ``outside/``."""
    base = Path(tempfile.mkdtemp(prefix="renja-fuzz-settings-"))
    atexit.register(shutil.rmtree, base, True)
    project = base / "repo"
    (project / ".git").mkdir(parents=True)
    (project / "rencana").mkdir()
    (project / "rencana" / "plan.yaml").write_text(BROKEN_PLAN, encoding="utf-8")
    (project / "aturan").mkdir()
    (project / "aturan" / "tim.yaml").write_text("version: 1\nrules: []\n", encoding="utf-8")
    (base / "outside").mkdir()
    (base / "outside" / "secret").write_text("root:S3CRET:19000:0:99999:7:::\n", encoding="utf-8")
    return base, project


def snapshot(folder: Path, skip: Path | None = None) -> dict[str, str]:
    """Every file and link under ``folder`` (but ``skip``) with a hash of what it holds."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        if path.is_symlink():
            found[str(path)] = "link:" + os.readlink(path)
        elif path.is_file():
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[str(path)] = "dir"
    return found


def _run(args: list[str], workdir: Path, target: str, skip: Path | None, base: Path) -> Any:
    from fuzz.corpus import run_in_process
    from fuzz.strategies import Crash

    before = snapshot(base, skip)
    outcome = run_in_process(args, workdir)
    problems = outcome.problems()
    if "S3CRET" in outcome.output:
        problems.append("the content of a file outside the project was printed")
    after = snapshot(base, skip)
    if after != before:
        changed = sorted(set(before.items()) ^ set(after.items()))[:3]
        problems.append(f"files outside the run's outputs changed: {changed}")
    if problems:
        cause = outcome.exception if isinstance(outcome.exception, Exception) and not isinstance(
            outcome.exception, SystemExit) else AssertionError("; ".join(problems) + ": " + outcome.output[-300:])
        raise Crash(target, cause)
    return outcome


# --- config ------------------------------------------------------------------------------------


@st.composite
def _config_documents(draw: st.DrawFn) -> tuple[str, str]:
    document = {key: draw(VALUES) for key in draw(st.lists(st.sampled_from(CONFIG_KEYS), max_size=4, unique=True))}
    if draw(st.booleans()):
        document["rules"] = draw(st.lists(st.sampled_from(RULE_PATHS), max_size=3))
    if draw(st.booleans()):
        return ".renja-rules.yaml", json.dumps(document, allow_nan=True)  # JSON is YAML
    lines = ["[tool.renja-rules]"] + [f"{json.dumps(key)} = {json.dumps(value)}" for key, value in document.items()
                                      if isinstance(value, (str, int, bool, list))]
    return "pyproject.toml", "\n".join(lines) + "\n"


def config_inputs() -> st.SearchStrategy[tuple[str, str]]:
    """Target ``config``: (file name, text) — mutated real, generated, or hostile configurations."""
    from fuzz.strategies import mutated

    mutations = st.sampled_from(_REAL_CONFIGS).flatmap(
        lambda real: st.deferred(lambda: mutated([real[1]])).map(lambda text: (real[0], text)))
    return st.one_of(mutations, _config_documents(), st.sampled_from(HOSTILE_CONFIGS))


def run_config(value: tuple[str, str]) -> str:
    """``check`` on a plan beside the configuration: 'ok' (exit 0/1), 'error' (exit 2), or :class:`Crash`."""
    name, text = value
    base, project = _tree()
    try:
        (project / "rencana" / name).write_bytes(text.encode("utf-8", "surrogateescape"))
    except UnicodeEncodeError:
        (project / "rencana" / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    outcome = _run(["check", "--no-cache", "rencana"], project, "config", None, base)
    shutil.rmtree(base, ignore_errors=True)
    return "error" if outcome.exit_code == 2 else "ok"


# --- cache -------------------------------------------------------------------------------------

_OPERATIONS = st.one_of(
    st.tuples(st.just("drop"), st.sampled_from(["meta", "results", "hashes"])),
    st.tuples(st.just("table"), st.sampled_from(["meta", "results", "hashes"]),
              st.lists(st.sampled_from(["path", "key", "size", "mtime", "lines", "digest", "payload", "checksum",
                                        "x"]), min_size=1, max_size=6, unique=True)),
    st.tuples(st.just("set"), st.sampled_from(["results.payload", "results.checksum", "hashes.digest",
                                              "hashes.size", "hashes.mtime", "hashes.lines", "meta.value"]),
              st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20), st.binary(max_size=8))),
    st.tuples(st.just("forge"), st.sampled_from(["rule_id", "line", "column", "severity", "file", "message",
                                                 "violations", "error", "kode"]), VALUES),
    st.tuples(st.just("bytes"), st.integers(0, 20_000), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("truncate"), st.integers(0, 20_000)),
    st.tuples(st.just("link"), st.sampled_from(["cache.sqlite", ".gitignore", "cache.sqlite-wal", "."]),
              st.sampled_from(["../outside/secret", "../outside/new", "/dev/null"])),
)


def cache_inputs() -> st.SearchStrategy[list[Any]]:
    """Target ``cache``: a list of damaging operations on a filled cache."""
    return st.lists(_OPERATIONS, min_size=1, max_size=4)


def _forge(db: sqlite3.Connection, key: str, value: Any) -> None:
    for row_key, text in db.execute("SELECT key, payload FROM results").fetchall():
        try:
            payload = json.loads(text)
            if key in ("violations", "error"):
                payload = {key: value}
            elif payload.get("violations"):
                payload["violations"][0][key] = value
            else:
                payload["violations"] = [{key: value}]
            forged = json.dumps(payload, allow_nan=True)
        except (TypeError, ValueError, AttributeError, LookupError):
            continue  # this payload cannot be forged that way (the damage is the harness's, not a finding)
        db.execute("UPDATE results SET payload = ?, checksum = ? WHERE key = ?",
                   (forged, hashlib.sha256(forged.encode("utf-8", "surrogatepass")).hexdigest(), row_key))


def _damage(cache: Path, operations: list[Any]) -> None:
    database = cache / "cache.sqlite"
    for operation in operations:
        kind = operation[0]
        try:
            if kind in ("bytes", "truncate"):
                data = bytearray(database.read_bytes()) if database.is_file() and not database.is_symlink() else None
                if data is None:
                    continue
                if kind == "bytes":
                    offset = operation[1] % max(len(data), 1)
                    data[offset:offset + len(operation[2])] = operation[2]
                else:
                    del data[operation[1]:]
                database.write_bytes(bytes(data))
                continue
            if kind == "link":
                target = cache / operation[1]
                if operation[1] == ".":
                    shutil.rmtree(cache)
                    cache.symlink_to(cache.parent / "outside")
                    return
                if target.is_symlink() or target.exists():
                    target.unlink()
                target.symlink_to(operation[2])
                continue
            with closing(sqlite3.connect(database, isolation_level=None)) as db:  # no lock left behind
                if kind == "drop":
                    db.execute(f"DROP TABLE IF EXISTS {operation[1]}")
                elif kind == "table":
                    db.execute(f"DROP TABLE IF EXISTS {operation[1]}")
                    db.execute(f"CREATE TABLE {operation[1]} ({', '.join(operation[2])})")
                elif kind == "set":
                    table, column = operation[1].split(".")
                    db.execute(f"UPDATE {table} SET {column} = ?", (operation[2],))
                elif kind == "forge":
                    _forge(db, operation[1], operation[2])
        except (sqlite3.Error, OSError, OverflowError, ValueError):
            continue  # the damage could not be done this way: the cache keeps what it has


@lru_cache(maxsize=1)
def _truth() -> tuple[int, str]:
    base, project = _tree()
    outcome = _run(["check", "--no-cache", "-f", "json", "rencana"], project, "cache", None, base)
    return outcome.exit_code, _violations(outcome.output)


def _violations(output: str) -> str:
    start = output.find("{")
    try:
        document = json.loads(output[start:output.rfind("}") + 1])
    except ValueError:
        return output
    return json.dumps([{k: v for k, v in violation.items() if k != "file"} for violation in document["violations"]])


def run_cache(operations: list[Any]) -> str:
    """``check`` with a damaged cache: the answer ``--no-cache`` gives, or :class:`Crash`."""
    from fuzz.strategies import Crash

    base, project = _tree()
    cache = project / "cache"
    args = ["check", "--cache-dir", str(cache), "-f", "json", "rencana"]
    _run(args, project, "cache", cache, base)  # fills the cache
    _damage(cache, operations)
    skip = cache if not cache.is_symlink() else None
    outcome = _run(args, project, "cache", skip, base)
    shutil.rmtree(base, ignore_errors=True)
    truth = _truth()
    # A payload forged with a recomputed checksum may say what it likes within the rule set
    # (the README's threat model: the cache is as trusted as the working tree); any other
    # damage must leave the answer exactly as without a cache.
    forged = any(operation[0] == "forge" for operation in operations)
    if not forged and (outcome.exit_code, _violations(outcome.output)) != truth:
        raise Crash("cache", AssertionError(f"with a damaged cache the answer differs: exit {outcome.exit_code}, "
                                            f"expected {truth[0]}: {outcome.output[-300:]}"))
    return "ok"

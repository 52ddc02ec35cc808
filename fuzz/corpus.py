"""The stored fuzz corpus (``tests/fuzz_corpus/``) and how the command line is run over it.

One folder per target, one input per file:

- ``plan/*.yaml``: plan files (any bytes), checked as they are;
- ``rules/*.yaml``: rule files, loaded with ``--no-default-rules --rules`` and run on ``examples/``;
- ``expression/*.txt``: a level on the first line and an expression after it, put into a rule
  file and run on ``examples/``;
- ``numbers/*.txt``: a cell's text, put into a plan as pagu, target and selisih, once quoted
  (text) and once written plain (as YAML types it).

``crash-*`` files are inputs that once crashed renja-rules (each has a regression test),
``edge-*`` files a sample of distinct answers. Every one must be answered with exit code
0, 1 or 2 and without a traceback, through click's test runner and as a real process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fuzz_corpus"
EXAMPLES = ROOT / "examples"
CLEAN = EXAMPLES / "bersih" / "perubahan-renja-bersih.yaml"
SUFFIX = {"plan": ".yaml", "rules": ".yaml", "expression": ".txt", "numbers": ".txt", "baseline": ".json",
          "config": ".txt", "cache": ".txt", "tables": ".txt"}
# Inputs kept only as a record (their regression tests are written out in tests/): a
# configuration or a list of damage to a cache is no single file to give the command line.
NOT_REPLAYED = {"config", "cache", "tables"}

_RULE = """version: 1
rules:
  - id: FZ001
    title: {{id: fuzz, en: fuzz}}
    severity: error
    applies_to: {level}
    kind: expression
    params: {{assert: {source}}}
    message: {{id: "pesan {{item}}", en: "message {{item}}"}}
"""

_PLAN = """dokumen: {{jenis: perubahan-renja, tahun: 2021}}
program:
  - kode: "2.17.01"
    indikator:
      - uraian: fuzz
        sebelum: {{target: {cell}, pagu: {cell}}}
        sesudah: {{target: {cell}, pagu: {cell}}}
        selisih: {cell}
"""


def fast_path_available() -> bool:
    """Whether ``parse_plan`` may read a file with rapidyaml before (or instead of) the loader."""
    try:
        from renja_rules import fastload
    except ImportError:
        return False
    return bool(getattr(fastload, "AVAILABLE", False))


def corpus_files() -> list[Path]:
    """Every stored input, in a stable order."""
    return sorted(path for path in CORPUS.rglob("*")
                  if path.is_file() and path.parent.name in SUFFIX and path.parent.name not in NOT_REPLAYED)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def arguments(path: Path, workdir: Path) -> list[str]:
    """The ``renja-rules`` arguments that exercise one corpus file (writing helper files to ``workdir``)."""
    target = path.parent.name
    if target == "plan":
        return ["check", str(path)]
    if target == "rules":
        return ["check", "--no-default-rules", "--rules", str(path), str(EXAMPLES)]
    if target == "baseline":
        return ["check", "--baseline", str(path), str(EXAMPLES)]
    text = path.read_bytes().decode("utf-8", "replace")
    if target == "expression":
        level, _, source = text.partition("\n")
        rule = workdir / f"{path.stem}.rules.yaml"
        rule.write_text(_RULE.format(level=level.strip() or "indikator", source=_quoted(source)), encoding="utf-8")
        return ["check", "--no-default-rules", "--rules", str(rule), str(EXAMPLES)]
    quoted, plain = workdir / f"{path.stem}-quoted.yaml", workdir / f"{path.stem}-plain.yaml"
    quoted.write_text(_PLAN.format(cell=_quoted(text)), encoding="utf-8")
    plain.write_text(_PLAN.format(cell=text.replace("\n", " ")), encoding="utf-8")  # as YAML types it, if it can
    return ["check", str(quoted), str(plain)]


@dataclass(frozen=True)
class Outcome:
    """What one run of the command answered."""

    exit_code: int
    output: str
    exception: BaseException | None = None

    def problems(self) -> list[str]:
        """Why this outcome is not an acceptable answer (empty when it is)."""
        found = []
        if self.exit_code not in (0, 1, 2):
            found.append(f"exit code {self.exit_code}")
        if self.exception is not None and not isinstance(self.exception, SystemExit):
            found.append(f"uncaught {type(self.exception).__name__}: {self.exception}")
        if "Traceback" in self.output:
            found.append("a traceback in the output")
        if "internal error" in self.output:
            found.append("an internal error")
        return found


def run_in_process(args: list[str], workdir: Path) -> Outcome:
    """``renja-rules ARGS`` through click's test runner, in ``workdir`` (so caches land there)."""
    from renja_rules.cli import main

    previous = Path.cwd()
    os.chdir(workdir)
    try:
        result = CliRunner().invoke(main, args, catch_exceptions=True, env=_env(workdir))
    finally:
        os.chdir(previous)
    return Outcome(result.exit_code, result.output, result.exception)


def run_as_process(args: list[str], workdir: Path, timeout: float = 60) -> Outcome:
    """``renja-rules ARGS`` as a real process (the console script's own last guard included)."""
    command = [sys.executable, "-c", "from renja_rules.cli import entry; entry()", *args]
    env = {**os.environ, **_env(workdir)}
    env.pop("RENJA_RULES_DEBUG", None)
    done = subprocess.run(command, cwd=workdir, capture_output=True, timeout=timeout, env=env)
    output = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
    return Outcome(done.returncode, output)


def _env(workdir: Path) -> dict[str, str]:
    return {"RENJA_RULES_CACHE_DIR": str(workdir / "cache")}


def save(target: str, prefix: str, data: bytes) -> Path:
    """Store one input under ``tests/fuzz_corpus/<target>/<prefix>-<hash><suffix>``."""
    import hashlib

    target = {"paths": "plan", "fixes": "plan"}.get(target, target)  # the differential targets' inputs are plans

    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{prefix}-{hashlib.sha1(data).hexdigest()[:12]}{SUFFIX[target]}"
    path.write_bytes(data)
    return path

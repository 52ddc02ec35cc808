"""Fuzz renja-rules outside pytest: N generated inputs per target, crashes collected, not stopped at.

    python fuzz/run.py --inputs 100000                       # every target, 100,000 inputs each
    python fuzz/run.py --inputs 100000 --target plan --target expression
    python fuzz/run.py --inputs 2000 --seed 7 --save-corpus  # also keep new edge cases in tests/fuzz_corpus/

Inputs come from the hypothesis strategies of ``fuzz/strategies.py`` (generation only: no
example database, no shrinking). An outcome is ``ok`` (a result), ``error`` (one of the
project's documented errors, with its location) or a crash. Each distinct crash
(exception type and the line of renja-rules that raised it) is reported once, with its
shortest input, which is written to ``tests/fuzz_corpus/<target>/crash-*`` so that the
corpus test keeps it fixed. With ``--save-corpus`` the shortest input of each distinct
kind of answer (an error message with its numbers and quoted text stripped; for numbers,
how each parser read it) is kept as an edge case too, up to 40 per target.

Crashes listed in ``KNOWN_CRASHES`` (fuzz/strategies.py: found before, fix pending in a file
the fuzz suite does not own) are counted and labelled ``[known: ...]`` but not saved again.

Each input is timed: one that takes longer than ``--hang-seconds`` (5) is a hang. The
repository's files (but the corpus, caches and virtual environments) are hashed before and
after each target: no input may change a file outside the outputs its run names.

Exit status: 0 when no crash, hang or changed file was found (known crashes included), 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from fuzz.corpus import save  # noqa: E402
from fuzz.strategies import TARGETS, Crash, describe, known  # noqa: E402


def _as_text(value: Any) -> str:
    if isinstance(value, tuple):  # expression target: (level, source)
        return f"{value[0]}\n{value[1]}"
    return str(value)


def _save(target: str, prefix: str, text: str) -> Path:
    return save(target, prefix, text.encode("utf-8", "surrogatepass"))


def _tree_hash() -> dict[str, str]:
    """Every file of the repository (but what runs may write: the corpus, caches, venvs) and its hash.

    Compared before and after a target's run: no input may change a file outside the
    outputs the run names.
    """
    import hashlib

    skipped = {".git", ".venv", ".venv-plain", ".hypothesis", ".pytest_cache", "__pycache__", "fuzz_corpus",
               ".renja-rules-cache", "artifacts"}
    found: dict[str, str] = {}
    for path in ROOT.rglob("*"):
        if skipped.intersection(path.relative_to(ROOT).parts) or not path.is_file():
            continue
        found[str(path.relative_to(ROOT))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def fuzz(target: str, inputs: int, random_seed: int, save_corpus: bool, quiet: bool,
         keep: int = 40, hang_seconds: float = 5.0) -> dict[str, Any]:
    strategy, oracle = TARGETS[target]
    outcomes: Counter[str] = Counter()
    crashes: dict[str, tuple[str, str]] = {}
    kinds: dict[str, str] = {}
    started = time.perf_counter()

    slowest = [0.0, ""]  # seconds, and the input that took them
    hangs: list[str] = []

    @seed(random_seed)
    @settings(max_examples=inputs, database=None, phases=[Phase.generate], deadline=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(strategy())
    def one(value: Any) -> None:
        text = _as_text(value)
        began = time.perf_counter()
        try:
            outcome = oracle(value)
        except Crash as crash:
            outcomes["crash"] += 1
            label = known(crash)
            signature = crash.signature + (f" [known: {label}]" if label else "")
            seen = crashes.get(signature)
            if seen is None or len(text) < len(seen[0]):
                crashes[signature] = (text, str(crash.exc)[:200])
            return
        finally:
            took = time.perf_counter() - began
            if took > slowest[0]:
                slowest[:] = [took, text[:200]]
            if took > hang_seconds:
                hangs.append(text)
        outcomes[outcome] += 1
        if save_corpus:
            kind = describe(target, value)
            if (kind in kinds and len(text) < len(kinds[kind])) or (kind not in kinds and len(kinds) < keep):
                kinds[kind] = text
        total = sum(outcomes.values())
        if not quiet and total % 10000 == 0:
            print(f"  {target}: {total} inputs, {dict(outcomes)}", file=sys.stderr, flush=True)

    tree = _tree_hash()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one()
    changed = sorted(set(tree.items()) ^ set(_tree_hash().items()))
    elapsed = time.perf_counter() - started
    # A known crash already has its input in the corpus (and its xfail test): only new ones are kept.
    saved = [str(_save(target, "crash", text).relative_to(ROOT))
             for signature, (text, _message) in crashes.items() if "[known:" not in signature]
    for text in kinds.values():
        _save(target, "edge", text)
    return {
        "target": target,
        "inputs": sum(outcomes.values()),
        "outcomes": dict(outcomes),
        "seconds": round(elapsed, 1),
        "distinct_crashes": {signature: message for signature, (_text, message) in crashes.items()},
        "slowest_seconds": round(slowest[0], 2),
        "slowest_input": slowest[1],
        "hangs": len(hangs),
        "tree_changed": [path for path, _ in changed][:10],
        "crash_files": saved,
        "edge_cases_kept": len(kinds),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=10_000, help="generated inputs per target (default 10000)")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="target (repeatable; default all)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--save-corpus", action="store_true", help="keep one input per distinct kind of answer")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--hang-seconds", type=float, default=5.0,
                        help="an input that takes longer is a hang (default 5)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    results = [fuzz(target, args.inputs, args.seed, args.save_corpus, args.quiet, hang_seconds=args.hang_seconds)
               for target in args.target or TARGETS]
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        for result in results:
            print(f"{result['target']:<11} {result['inputs']:>8} inputs in {result['seconds']:>7.1f} s  "
                  f"{result['outcomes']}  distinct crashes: {len(result['distinct_crashes'])}  "
                  f"slowest {result['slowest_seconds']} s  hangs: {result['hangs']}  "
                  f"files changed: {len(result['tree_changed'])}")
            for path in result["tree_changed"]:
                print(f"    changed: {path}")
            for signature, message in result["distinct_crashes"].items():
                print(f"    {signature}: {message}")
    return 1 if any(result["distinct_crashes"] or result["hangs"] or result["tree_changed"] for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())

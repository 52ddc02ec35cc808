"""Coverage-guided fuzzing with atheris (libFuzzer), for the same four targets as ``fuzz/run.py``.

    pip install atheris
    python fuzz/atheris_fuzz.py plan -runs=200000 tests/fuzz_corpus/plan examples
    python fuzz/atheris_fuzz.py expression -max_total_time=600 tests/fuzz_corpus/expression
    python fuzz/atheris_fuzz.py numbers -runs=500000
    python fuzz/atheris_fuzz.py rules -runs=50000 tests/fuzz_corpus/rules rules

The first argument names the target; the rest goes to libFuzzer (folders are seed corpora;
libFuzzer adds what it finds to the first one). The oracles are those of
``fuzz/strategies.py``: a result or a documented error is fine, anything else is reported
by libFuzzer as a crash, with the input written to ``crash-<sha1>`` in the current folder
(crashes already known and waiting for a fix, ``KNOWN_CRASHES``, are let through).
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["renja_rules"]):
    import renja_rules  # noqa: F401

from fuzz.strategies import Crash, known, run_expression, run_numbers, run_plan, run_rules  # noqa: E402
from renja_rules.numbers import YamlNumber  # noqa: E402
from renja_rules.plan import LEVELS  # noqa: E402


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def plan(data: bytes) -> None:
    run_plan(_text(data))


def numbers(data: bytes) -> None:
    text = _text(data[1:])
    run_numbers(YamlNumber(text) if data[:1] == b"\x00" else text)


def expression(data: bytes) -> None:
    level = LEVELS[data[0] % len(LEVELS)] if data else "indikator"
    run_expression(level, _text(data[1:]))


def rules(data: bytes) -> None:
    run_rules(_text(data))


def _unless_known(target):  # type: ignore[no-untyped-def]
    """Let a known crash (fuzz/strategies.py, KNOWN_CRASHES) pass, so libFuzzer goes on to new ones."""

    def run(data: bytes) -> None:
        try:
            target(data)
        except Crash as crash:
            if known(crash) is None:
                raise

    return run


TARGETS = {name: _unless_known(target) for name, target in
           {"plan": plan, "numbers": numbers, "expression": expression, "rules": rules}.items()}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(TARGETS)}}} [libFuzzer options] [corpus folders]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

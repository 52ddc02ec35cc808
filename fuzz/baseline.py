"""Fuzz target ``baseline``: hostile and mutated baseline files through ``renja-rules check --baseline``.

Inputs are text: mutations of a real baseline (written by ``--write-baseline`` for a plan
with findings, so that fingerprints match and the stale list is printed), JSON documents
built from the baseline's own keys with values of every type (huge integers, floats,
NaN, nesting, control characters), and hand-made hostile ones (nesting 100,000 deep, an
integer of 5,000 digits, invalid UTF-8, NUL). Each is written to a file and given to the
command line with ``--baseline``; the only acceptable answers are exit codes 0, 1 and 2
without a traceback or an "internal error".

Kept apart from ``fuzz/strategies.py`` (which lists it in ``TARGETS``) so that the shared
file only grows by a line; the imports of that module happen when first used.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
_PLAN = (ROOT / "examples" / "bersih" / "perubahan-renja-bersih.yaml").read_text(encoding="utf-8")
# A selisih off by a rupiah (SL001): a baseline of it has an entry that matches, or goes stale.
BROKEN_PLAN = _PLAN.replace('selisih: "111.061.395,00"', 'selisih: "111.061.394,00"', 1)

KEYS = ["version", "tool", "entries", "fingerprint", "rule_id", "file", "kode", "field", "expected", "actual", "count"]
HOSTILE_JSON = [
    "[" * 100_000 + "]" * 100_000,
    '{"version": 1, "entries": ' + "[" * 50_000 + "]" * 50_000 + "}",
    '{"version": 1, "entries": [{"fingerprint": "x", "count": ' + "9" * 5000 + "}]}",
    '{"version": 1e999, "entries": []}',
    '{"version": 1, "entries": [{"fingerprint": "x", "count": -1, "rule_id": "SL001", "file": "plan.yaml"}]}',
    '{"version": 1, "entries": [{"fingerprint": "x", "count": NaN}]}',
    '{"version": 1, "entries": [{"fingerprint": "x"}]}',
    '{"version": 1, "version": 2, "entries": []}',
    "\ufeff{}", "", "\x00", "null", "[]", '"\\ud800"', "\ud800",
]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["SL001", "plan.yaml", "../../etc/passwd", "\x1b]0;title\x07", "\u202e", "\r\nforged: line"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), children, max_size=6),
    max_leaves=24,
)


@lru_cache(maxsize=1)
def _workdir() -> Path:
    """A folder with the plan, and the baseline ``--write-baseline`` records for it."""
    from renja_rules.baseline import render_baseline
    from renja_rules.plan import parse_plan
    from renja_rules.engine import check
    from renja_rules.rules import load_rules

    folder = Path(tempfile.mkdtemp(prefix="renja-fuzz-baseline-"))
    atexit.register(shutil.rmtree, folder, True)
    (folder / "plan.yaml").write_text(BROKEN_PLAN, encoding="utf-8")
    violations = check(parse_plan(BROKEN_PLAN, str(folder / "plan.yaml")), load_rules())
    (folder / "real.json").write_text(render_baseline(violations, folder), encoding="utf-8")
    return folder


def real_baseline() -> str:
    """The baseline ``--write-baseline`` writes for the plan of this target."""
    return (_workdir() / "real.json").read_text(encoding="utf-8")


@st.composite
def _documents(draw: st.DrawFn) -> str:
    """A baseline-shaped JSON document whose entries have fields of any type."""
    real = json.loads(real_baseline())
    entries = []
    for _ in range(draw(st.integers(0, 4))):
        entry = dict(draw(st.sampled_from(real["entries"])))
        for key in draw(st.lists(st.sampled_from(KEYS), max_size=3)):
            if draw(st.booleans()):
                entry[key] = draw(VALUES)
            else:
                entry.pop(key, None)
        entries.append(entry)
    document: Any = {"version": draw(st.one_of(st.just(1), VALUES)), "tool": "renja-rules",
                     "entries": draw(st.one_of(st.just(entries), VALUES))}
    if draw(st.integers(0, 9)) == 0:
        document = draw(VALUES)
    return json.dumps(document, ensure_ascii=draw(st.booleans()), allow_nan=True)


def baseline_inputs() -> st.SearchStrategy[str]:
    """Target ``baseline``: a mutated real baseline, a generated document, or a hostile one."""
    from fuzz.strategies import mutated

    return st.one_of(st.deferred(lambda: mutated([real_baseline()])), _documents(), st.sampled_from(HOSTILE_JSON))


def run_baseline(text: str) -> str:
    """``check --baseline`` on the file ``text``: 'ok' (exit 0/1), 'error' (exit 2), or :class:`Crash`."""
    from fuzz.corpus import run_in_process
    from fuzz.strategies import Crash

    folder = _workdir()
    (folder / "baseline.json").write_bytes(text.encode("utf-8", "surrogatepass"))
    outcome = run_in_process(["check", "--no-cache", "--baseline", "baseline.json", "plan.yaml"], folder)
    problems = outcome.problems()
    if problems:
        cause = outcome.exception if isinstance(outcome.exception, Exception) else AssertionError(
            "; ".join(problems) + ": " + outcome.output[-300:])
        raise Crash("baseline", cause)
    return "error" if outcome.exit_code == 2 else "ok"

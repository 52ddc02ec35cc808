"""The fast reader (rapidyaml) never accepts what the full loader (libyaml) refuses.

``{target:, pagu: ...}`` is a mapping to rapidyaml and a syntax error to libyaml: the
check ended in ``internal error (ScannerError ...)`` once positions or ``--fix`` read
the file with libyaml. Now libyaml's raw pass has the last word on the fast path, so
every path (check, --fix, --diff, --write-baseline) answers as without rapidyaml:
``27:33: YAML tidak sah``, exit 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import renja_rules
from fuzz.strategies import Crash, fix_inputs, run_fixes
from renja_rules import fastload
from renja_rules.cli import main
from renja_rules.errors import RenjaRulesError
from renja_rules.loader import Limits, load_yaml_text

pytestmark = pytest.mark.skipif(not fastload.AVAILABLE, reason="the fast reader (rapidyaml) is not installed")

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "examples" / "bersih" / "perubahan-renja-bersih.yaml"
BROKEN = CLEAN.read_text(encoding="utf-8").replace('{target: "100%", pagu', "{target:, pagu")

# Found by a differential search (fast_load accepted, the full loader refused), one per kind.
DIVERGENT = [
    "a: {target:, pagu: 1}\n",
    "a: [a:,b]\n",
    "a: [:null]\n",
    "a: {k:?~0.51}\n",
    "a: \n: <<\n",
    "a: {<<}\n",
    "a: \n- {\n  <<}\n",
    "a: \n- '' ? \n",
    "a: {\n  ?#''}\n",
    "a: [?''\"k\":'q']\n",
    "a: \n- \"d\" @:a*{-: \n",
    "a: {?!k:\"d\"} \n",
    "a: #>!\n- 'q' - \n",
    "a: |1\"\"<<[k:\n\n",
]


def _run(args: list[str], workdir: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, args, catch_exceptions=True, env={"RENJA_RULES_CACHE_DIR": str(workdir / "c")})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


@pytest.mark.parametrize("mode", [[], ["--fix"], ["--diff"], ["--write-baseline", "baseline.json"]])
def test_every_path_reports_what_libyaml_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    answers = []
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(fastload, "_ryml", None)
        plan = tmp_path / "plan.yaml"
        plan.write_text(BROKEN, encoding="utf-8")
        code, output = _run(["check", "--no-cache", *mode, "plan.yaml"], tmp_path)
        assert code == 2, output
        assert "plan.yaml:27:33: YAML tidak sah: ':' tak terduga" in output
        assert "internal error" not in output and "Traceback" not in output
        assert plan.read_text(encoding="utf-8") == BROKEN  # nothing written
        answers.append((code, output))
    assert answers[0] == answers[1]


@pytest.mark.parametrize("text", DIVERGENT)
def test_the_fast_path_steps_aside_for_what_libyaml_refuses(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert fastload.fast_load(text) is None
    with pytest.raises(RenjaRulesError) as fast:
        renja_rules.parse_plan(text, "p.yaml")
    monkeypatch.setattr(fastload, "_ryml", None)
    with pytest.raises(RenjaRulesError) as full:
        renja_rules.parse_plan(text, "p.yaml")
    assert str(fast.value) == str(full.value)


_FLOW_TOKENS = st.sampled_from(
    [": ", ":", ",", ", ", "[", "]", "{", "}", "a", "1", "0.5", "'q'", '"d"', "-", "- ", "\n", "\n  ", "\n- ", "?",
     "? ", "#", " #c", " ", "k:", '"k":', "|", ">", "<<", "!", "&", "*", "%", "@", "~", "null", "''"]
)


@settings(max_examples=3000, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_FLOW_TOKENS, min_size=1, max_size=12).map(lambda parts: "a: " + "".join(parts) + "\nb: 1\n"))
def test_what_the_fast_path_reads_the_full_loader_reads(text: str) -> None:
    if fastload.fast_load(text) is None:
        return
    load_yaml_text(text, "p.yaml", Limits())  # must not raise


@settings(max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(fix_inputs())
def test_fuzz_fix_and_diff_answer_alike_with_and_without_rapidyaml(text: str) -> None:
    try:
        run_fixes(text)
    except Crash as crash:
        raise AssertionError(str(crash)) from None


@pytest.mark.parametrize("ending", ["|", "|-", "|+", ">", ">+"])
def test_a_block_scalar_ending_the_file_reads_alike(ending: str) -> None:
    """rapidyaml gave such a scalar a line break the file does not have (found by the ``rules`` target)."""
    text = f"dokumen:\n  catatan: {ending}\n    baris satu\n    baris dua"
    fast = fastload.fast_load(text)
    assert fast is None or fast == load_yaml_text(text, "p.yaml", Limits())[0]

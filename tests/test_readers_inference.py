"""What the verifier states per indicator overrides what the reader infers (issue 16).

A printed evaluation table cannot show whether an indicator is cumulative or lower-is-better;
the reader infers both from the wording. A sidecar beside the book (``kiriman.inferensi.yaml``
beside ``kiriman.txt``/``.xlsx``) or an ``indikator:`` list in ``--inferensi FILE`` states them
for named indicators; ``check`` and ``import`` both read the sidecar, and the cache knows it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from renja_rules.cli import main
from renja_rules.readers.importer import ImportOptions, read_plans
from renja_rules.readers.inference import infer, load_policy

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seed-malang-2021.txt"
FIRST = "Persentase Pemenuhan Operasional Perkantoran (%)"  # program 2.17.01's first indicator


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _findings(path: Path, *extra: str) -> set[tuple]:
    code, out, err = _run("check", "-f", "json", *extra, str(path))
    assert code == 1, out + err
    return {(v["rule_id"], v["kode"], v["field"], v["path"]) for v in json.loads(out)["violations"]}


def _indicator(plans: list, kode: str, number: int) -> dict:
    table = next(plan for plan in plans if plan.sheet == "Tabel 2.1")
    program = next(p for p in table.data["program"] if p["kode"] == kode)
    return program["indikator"][number]


def test_a_statement_wins_over_the_inference_and_says_so() -> None:
    policy = load_policy(None)
    policy["indikator"] = [{"uraian": "  persentase pemenuhan   OPERASIONAL perkantoran (%)", "kumulatif": True}]
    indicator = {"uraian": FIRST, "target": {"k": "100 %"}}
    notes = infer(indicator, policy, "2.17.01")
    assert indicator["kumulatif"] is True
    assert [note for note in notes if "kumulatif" in note] == [f"kumulatif: true (dinyatakan di berkas inferensi) — '{FIRST}'"]
    # Without the statement the word 'Persentase' makes it a level indicator.
    plain = {"uraian": FIRST, "target": {"k": "100 %"}}
    infer(plain, load_policy(None), "2.17.01")
    assert plain["kumulatif"] is False


def test_a_statement_with_a_kode_holds_under_that_item_only() -> None:
    policy = load_policy(None)
    policy["indikator"] = [{"uraian": FIRST, "kode": "2.17.03", "kumulatif": True, "polaritas": "negatif"}]
    elsewhere, there = {"uraian": FIRST}, {"uraian": FIRST}
    infer(elsewhere, policy, "2.17.01")
    infer(there, policy, "2.17.03")
    assert (elsewhere["kumulatif"], elsewhere.get("polaritas", "positif")) == (False, "positif")
    assert (there["kumulatif"], there["polaritas"]) == (True, "negatif")


def test_the_sidecar_changes_what_check_finds_and_the_cache_notices(tmp_path: Path) -> None:
    book = tmp_path / "kiriman.txt"
    shutil.copy(SEED, book)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    before = _findings(book, *cache)
    # 161,27 is not the latest value 63,28 of a level indicator
    level = next(f for f in before if f[:3] == ("EV004", "2.17.01", "realisasi_kumulatif.k") and "/indikator/0/" in f[3])
    sidecar = tmp_path / "kiriman.inferensi.yaml"
    sidecar.write_text(f"indikator:\n  - uraian: {FIRST}\n    kode: '2.17.01'\n    kumulatif: true\n", encoding="utf-8")
    after = _findings(book, *cache)  # the book did not change; its sidecar did
    assert before - after == {level}  # 97,99 + 63,28 = 161,27: right for a cumulative indicator
    assert after == _findings(book, "--no-cache")
    # import reads it too, and says what was stated.
    code, out, err = _run("import", str(book), "--sheet", "Tabel 2.1")
    assert code == 0, err
    assert f"kumulatif: true (dinyatakan di berkas inferensi) — '{FIRST}'" in err
    plans = read_plans(book, ImportOptions())
    assert _indicator(plans, "2.17.01", 0)["kumulatif"] is True
    assert _indicator(plans, "2.17.01", 1)["kumulatif"] is False  # not named: inferred as before


def test_a_folder_check_does_not_take_the_sidecar_for_a_plan(tmp_path: Path) -> None:
    _run("export", str(ROOT / "examples/bersih/perubahan-renja-bersih.yaml"), "-o", str(tmp_path / "a.xlsx"),
         "--no-findings")
    (tmp_path / "a.inferensi.yaml").write_text(f"indikator:\n  - uraian: {FIRST}\n    kumulatif: true\n", encoding="utf-8")
    code, out, err = _run("check", "--no-cache", str(tmp_path))
    assert (code, out.strip().splitlines()[-1]) == (0, "1 berkas diperiksa: tidak ada pelanggaran."), out + err


def test_a_broken_sidecar_is_named_with_what_is_wrong(tmp_path: Path) -> None:
    book = tmp_path / "kiriman.txt"
    shutil.copy(SEED, book)
    sidecar = tmp_path / "kiriman.inferensi.yaml"
    for text, words in [
        ("indikator: [{uraian: X, kumulatif: maybe}]\n", "'kumulatif' harus true atau false"),
        ("indikator: [{uraian: X, polaritas: turun}]\n", "'polaritas' harus positif atau negatif"),
        ("indikator: [{kumulatif: true}]\n", "perlu 'uraian'"),
        ("indikator: [{uraian: X}]\n", "nyatakan 'kumulatif' atau 'polaritas'"),
        ("indikator: [{uraian: X, kumulatif: true, satuan: '%'}]\n", "kunci tidak dikenal: satuan"),
        ("indikator: {uraian: X}\n", "'indikator' harus berupa daftar"),
        ("indikator: [\n", "2:1: YAML tidak sah"),
        ("- a\n- b\n", "harus berisi kunci"),
    ]:
        sidecar.write_text(text, encoding="utf-8")
        for command in (["check", "--no-cache"], ["import"]):
            code, out, err = _run(*command, str(book))
            assert code == 2, (text, out + err)
            assert f"{sidecar}: berkas inferensi tidak dapat dibaca" in out + err and words in out + err, out + err
            assert "Traceback" not in out + err

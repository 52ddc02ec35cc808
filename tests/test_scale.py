"""Many files: worker processes, the result cache, deterministic output."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from renja_rules.cli import main

from .conftest import CLEAN, SEED_21, SEED_31


def invoke(*args: str):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """24 folders like PD submissions: some clean, some with the seed's two tables (a document set)."""
    root = tmp_path / "corpus"
    for number in range(24):
        folder = root / f"pd-{number:02d}"
        folder.mkdir(parents=True)
        if number % 3 == 0:
            shutil.copy(SEED_31, folder / SEED_31.name)
            shutil.copy(SEED_21, folder / SEED_21.name)
        else:
            text = CLEAN.read_text(encoding="utf-8").replace('selisih: "90.127.459,00"', f'selisih: "90.127.{459 + number % 2:03d},00"')
            (folder / "renja.yaml").write_text(text, encoding="utf-8")
    (root / "pd-05" / "rusak.yaml").write_text("dokumen: [\n", encoding="utf-8")
    return root


def _json(*args: str) -> dict:
    result = invoke("check", "-f", "json", *args)
    return json.loads(result.stdout)


def test_jobs_do_not_change_the_output(corpus: Path, tmp_path: Path) -> None:
    serial = invoke("check", "-f", "json", "--no-cache", "--jobs", "1", str(corpus))
    parallel = invoke("check", "-f", "json", "--no-cache", "--jobs", "2", str(corpus))
    assert serial.exit_code == parallel.exit_code == 2  # one file cannot be read
    assert serial.stdout == parallel.stdout
    document = json.loads(serial.stdout)
    assert document["summary"]["failed"] == 1 and document["summary"]["checked"] == 32
    # the cross-document rule ran inside each folder's set, also in the workers
    assert sum(v["rule_id"] == "XD003" for v in document["violations"]) == 8


def test_cached_and_checked_folders_interleave_in_order(corpus: Path, tmp_path: Path) -> None:
    # A warm cache, then every other folder changed: answers from the cache and from the
    # workers (enough changed files to start them) arrive mixed, and the report keeps the
    # order of the files whatever the mix.
    from renja_rules.cache import Cache
    from renja_rules.run import PARALLEL_THRESHOLD, RunOptions, run_files

    cache = tmp_path / "cache"
    invoke("check", "-f", "json", "--cache-dir", str(cache), str(corpus))
    changed = []
    for folder in sorted(corpus.iterdir())[::2]:
        for file in folder.glob("*.yaml"):
            file.write_text(file.read_text(encoding="utf-8").replace("tahun: 2021", "tahun: 2022"), encoding="utf-8")
            changed.append(file)
    assert len(changed) >= PARALLEL_THRESHOLD
    mixed = invoke("check", "-f", "json", "--cache-dir", str(cache), "--jobs", "2", str(corpus))
    serial = invoke("check", "-f", "json", "--no-cache", "--jobs", "1", str(corpus))
    assert mixed.stdout == serial.stdout and mixed.exit_code == serial.exit_code

    for file in changed:
        file.write_text(file.read_text(encoding="utf-8").replace("tahun: 2022", "tahun: 2023"), encoding="utf-8")
    files = sorted(corpus.rglob("*.yaml"))
    state = run_files(files, RunOptions(), "id", jobs=2, cache=Cache(cache))
    assert state.checked == len(changed)  # the others came from the cache
    assert [result.file for result in state.result.files] == [str(file) for file in files]


def test_warm_cache_gives_the_same_answer(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = invoke("check", "-f", "json", "--cache-dir", str(cache), str(corpus))
    warm = invoke("check", "-f", "json", "--cache-dir", str(cache), str(corpus))
    assert cold.stdout == warm.stdout and cold.exit_code == warm.exit_code
    assert (cache / "cache.sqlite").is_file()


def test_a_changed_file_is_checked_again(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    clean = corpus / "pd-01" / "renja.yaml"
    clean.write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    assert not [v for v in _json("--cache-dir", str(cache), str(corpus))["violations"] if v["file"] == str(clean)]
    text = clean.read_text(encoding="utf-8").replace('selisih: "90.127.459,00"', 'selisih: "90.127.458,00"')
    clean.write_text(text, encoding="utf-8")
    found = [v["rule_id"] for v in _json("--cache-dir", str(cache), str(corpus))["violations"] if v["file"] == str(clean)]
    assert found == ["SL001"]  # a cached pass never hides a new failure


def test_a_changed_neighbour_invalidates_the_set(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    evaluasi = corpus / "pd-00" / SEED_21.name
    first = [v for v in _json("--cache-dir", str(cache), str(corpus))["violations"] if v["file"] == str(evaluasi)]
    assert any(v["rule_id"] == "XD003" for v in first)
    revisi = corpus / "pd-00" / SEED_31.name
    revisi.write_text(revisi.read_text(encoding="utf-8").replace('pagu: "0,00"\n                        selisih: "(3.884.115.300,00)"',
                                                                 'pagu: "1.725.703.600,00"\n                        selisih: "(3.884.115.300,00)"'), encoding="utf-8")
    second = [v for v in _json("--cache-dir", str(cache), str(corpus))["violations"] if v["file"] == str(evaluasi)]
    assert not any(v["rule_id"] == "XD003" for v in second)


def test_changed_rules_invalidate_the_cache(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert any(v["rule_id"] == "SL001" for v in _json("--cache-dir", str(cache), str(corpus))["violations"])
    assert not any(v["rule_id"] == "SL001" for v in _json("--cache-dir", str(cache), "--ignore", "SL", str(corpus))["violations"])


def test_a_corrupt_cache_is_ignored_never_trusted(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = invoke("check", "-f", "json", "--cache-dir", str(cache), str(corpus)).stdout
    db = sqlite3.connect(cache / "cache.sqlite")
    db.execute("UPDATE results SET payload = '{\"violations\": []}'")  # payloads that no longer match their checksum
    db.commit()
    db.close()
    assert invoke("check", "-f", "json", "--cache-dir", str(cache), str(corpus)).stdout == expected
    (cache / "cache.sqlite").write_bytes(b"this is not a database" * 100)  # a truncated or overwritten file
    for extra in ("cache.sqlite-wal", "cache.sqlite-shm"):
        (cache / extra).unlink(missing_ok=True)
    assert invoke("check", "-f", "json", "--cache-dir", str(cache), str(corpus)).stdout == expected


def test_concurrent_processes_share_the_cache(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "renja_rules.cli", "check", "-f", "json", "--cache-dir", str(cache), str(corpus)]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert all(process.returncode == 2 for process in processes), [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1
    assert all("Traceback" not in err for _, err in outputs)


def test_progress_is_silent_when_not_a_terminal(corpus: Path) -> None:
    result = invoke("check", "--no-cache", str(corpus))
    assert "renja-rules [" not in result.stderr


@pytest.mark.parametrize("cached", [False, True])
def test_each_file_s_settings_are_resolved_once(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                cached: bool) -> None:
    # The run resolves a file's settings (its configuration) for the cache key or for the
    # report, and hands them to whoever checks the folder: a worker does not look for and read
    # the configuration files again.
    from renja_rules import run
    from renja_rules.cache import Cache

    (corpus / ".renja-rules.yaml").write_text("severity:\n  PG001: warning\n", encoding="utf-8")
    asked: list[str] = []
    real = run.settings_of

    def counted(file: Path, *args: object, **kwargs: object) -> object:
        asked.append(str(file))
        return real(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "settings_of", counted)
    files = sorted(corpus.rglob("*.yaml"))[:6]
    cache = Cache(tmp_path / "cache") if cached else None
    state = run.run_files(files, run.RunOptions(), "id", jobs=1, cache=cache)
    assert sorted(asked) == sorted(str(file) for file in files)
    assert state.checked == len(files)
    severities = {v.severity for r in state.result.files for v in r.violations if v.rule_id == "PG001"}
    assert severities <= {"warning"}  # the configuration the run resolved is the one the check used

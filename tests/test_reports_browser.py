"""The HTML report of the examples in a real browser: headless Chromium renders it, the
rendered DOM holds every violation and the marked cells, and a screenshot is saved to
``tests/artifacts/report-examples.png`` (with the page itself beside it) for a person to look at,
and one of the seed's Tabel 3.1 alone, ``tests/artifacts/report-tabel-3.1.png``, whose first
screen shows marked cells.

Debian's ``chromium`` is installed by ``.ci/run``; where it is missing the test is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from renja_rules.cli import main

from .conftest import ROOT, SEED_31
from .test_reports import from_html, from_json, html_elements, marked_cells

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it with apt-get)")


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    env = dict(os.environ, HOME=str(tmp_path))  # keep the browser's caches out of the real home
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False, env=env)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The HTML and JSON reports of examples/, made by the CLI from the repository root."""
    folder = tmp_path_factory.mktemp("report")
    html, data = folder / "report-examples.html", folder / "report-examples.json"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        run = CliRunner().invoke(main, ["check", "examples", "-o", f"html={html}", "-o", f"json={data}"])
    finally:
        os.chdir(cwd)
    assert run.exit_code == 1, run.output
    return html, data.read_text(encoding="utf-8")


def test_the_rendered_page_holds_every_violation_and_marks_the_cells(report: tuple[Path, str], tmp_path: Path) -> None:
    html, json_text = report
    completed = _chromium(tmp_path, "--dump-dom", html.as_uri())
    assert completed.returncode == 0, completed.stderr[-2000:]
    dom = completed.stdout
    assert "<table" in dom and "</html>" in dom

    # Every violation of the JSON report is in the rendered page, where it belongs.
    assert from_html(dom) == from_json(json_text)
    violations = json.loads(json_text)["violations"]
    cells = marked_cells(dom)
    pg001 = next(v for v in violations if v["rule_id"] == "PG001")
    assert "PG001" in (cells[pg001["path"]]["data-rules"] or "")
    assert "sev-error" in (cells[pg001["path"]]["class"] or "")
    jm002 = next(v for v in violations if v["rule_id"] == "JM002")
    assert jm002["path"] in cells  # the declared count in the document header
    # Evaluation programs get their chart.
    figures = [a for tag, a in html_elements(dom) if tag == "figure" and a.get("data-kode")]
    assert len(figures) == 7


def _screenshot(tmp_path: Path, html: Path, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / f"{name}.png"
    screenshot.unlink(missing_ok=True)
    shutil.copyfile(html, ARTIFACTS / f"{name}.html")
    completed = _chromium(tmp_path, f"--screenshot={screenshot}", "--window-size=1400,2000", html.as_uri())
    assert completed.returncode == 0, completed.stderr[-2000:]
    data = screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000


def test_a_screenshot_of_the_report_is_saved(report: tuple[Path, str], tmp_path: Path) -> None:
    html, _json_text = report
    _screenshot(tmp_path, html, "report-examples")


def test_a_screenshot_of_the_seed_revision_table_shows_marked_cells(tmp_path: Path) -> None:
    """The report of Tabel 3.1 alone: its first screen holds marked cells (declared counts, bidang code)."""
    html = tmp_path / "report-tabel-3.1.html"
    run = CliRunner().invoke(main, ["check", str(SEED_31), "-f", "html", "-o", str(html)])
    assert run.exit_code == 1, run.output
    _screenshot(tmp_path, html, "report-tabel-3.1")

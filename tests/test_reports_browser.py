"""The HTML report of the examples in a real browser: headless Chromium renders it, the
rendered DOM holds every violation and the marked cells, and screenshots are saved under
``tests/artifacts/`` (with the page itself beside them) for a person to look at:

* ``report-examples.png``: the first screen of the examples' report on a 1366x768 laptop;
* ``report-tabel-2.1-kolom-11.png``: the seed's Tabel 2.1 scrolled to a marked cell of column 11;
* ``report-tabel-2.1-grafik.png``: its charts, column 9 beside column 11;
* ``report-tabel-2.1-grafik-kosong.png``: the chart of a program that states no average, explained;
* ``report-tabel-3.1.png``: the first screen of the seed's Tabel 3.1 alone.

On a 1366x768 window every marked cell can be brought into view with the table's own
scrollbars (the table box is no taller than the window) with its row's kode and nama beside it,
and the first screen names the perangkat daerah, the year and the document. The page has no
script; the test adds one to a copy of it to measure what the browser laid out.

Debian's ``chromium`` is installed by ``.ci/run``; where it is missing the test is skipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

import renja_rules

from renja_rules.cli import main

from .conftest import ROOT, SEED_21, SEED_31
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
    evaluations = [renja_rules.load_plan(path) for path in sorted((ROOT / "examples").rglob("*.yaml"))]
    assert len(figures) == sum(len(plan.nodes("program")) for plan in evaluations if plan.jenis == "evaluasi-renja")
    assert len(figures) >= 7  # the seed's Tabel 2.1 has seven programs


LAPTOP = "--window-size=1366,768"

# Test-only scripts, added to a copy of the page. MEASURE brings each marked cell into view as a
# person would with the scrollbars, then asks the browser what is drawn at that point (a cell
# under a sticky column or head row is not "in view"); FOCUS shows one element at the top of the
# window (headless screenshots do not capture a scrolled window, but do capture a scrolled box).
MEASURE = """
(function () {
  const out = {viewport: [innerWidth, innerHeight], first: {}, cells: [], wraps: []};
  const shown = (e, x, y) => { const hit = document.elementFromPoint(x, y); return !!hit && (hit === e || e.contains(hit)); };
  scrollTo(0, 0);
  for (const sel of ['.subject', 'td.doc-title', 'td.doc-subject']) {
    out.first[sel] = Array.from(document.querySelectorAll(sel)).map(e => {
      const r = e.getBoundingClientRect(); return {text: e.textContent.trim(), bottom: r.bottom, right: r.right};
    });
  }
  for (const wrap of document.querySelectorAll('.table-wrap')) {
    out.wraps.push({height: wrap.getBoundingClientRect().height, overflowX: getComputedStyle(wrap).overflowX,
                    clientWidth: wrap.clientWidth, scrollWidth: wrap.scrollWidth});
  }
  for (const cell of document.querySelectorAll('td.marked')) {
    cell.scrollIntoView({block: 'center', inline: 'center'});
    const r = cell.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 8), 0), innerHeight - 1);
    const first = cell.parentElement.cells[0];
    const f = first.getBoundingClientRect();
    out.cells.push({pointer: cell.dataset.pointer, section: cell.closest('section').dataset.file,
                    visible: shown(cell, x, y), kode: first.textContent.trim(),
                    kode_visible: first === cell || shown(first, Math.max(f.left + 4, 0), y)});
  }
  scrollTo(0, 0);
  const pre = document.createElement('pre');
  pre.id = 'measure';
  pre.hidden = true;
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
"""

FOCUS = """
(function () {
  const target = document.querySelector(%s);
  const section = target.closest('section');
  for (const e of document.body.children) if (e !== section) e.style.display = 'none';
  const box = target.closest('.table-wrap') || target;
  for (const e of section.children)
    if (e !== box && !e.contains(box) && (e.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING)
        && e.tagName !== 'H2' && !e.classList.contains('chart-note'))
      e.style.display = 'none';
  if (box === target)
    for (const e of target.parentElement.children)
      if (e !== target && (e.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING)) e.style.display = 'none';
  target.scrollIntoView({block: 'center', inline: 'center'});
  window.scrollTo(0, 0);
})();
"""


def _with_script(html: Path, script: str, target: Path) -> Path:
    target.write_text(html.read_text(encoding="utf-8").replace("</body>", f"<script>{script}</script></body>"), encoding="utf-8")
    return target


def _measure(tmp_path: Path, html: Path) -> dict:
    page = _with_script(html, MEASURE, tmp_path / f"measure-{html.name}")
    completed = _chromium(tmp_path, LAPTOP, "--dump-dom", page.as_uri())
    assert completed.returncode == 0, completed.stderr[-2000:]
    found = re.search(r'<pre id="measure" hidden="">(.*?)</pre>', completed.stdout, re.S)
    assert found, completed.stdout[-2000:]
    return json.loads(unescape(found.group(1)))


def _screenshot(tmp_path: Path, html: Path, name: str, focus: str | None = None) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / f"{name}.png"
    screenshot.unlink(missing_ok=True)
    shutil.copyfile(html, ARTIFACTS / f"{name}.html")
    if focus is not None:
        html = _with_script(html, FOCUS % json.dumps(focus), tmp_path / f"focus-{name}.html")
    completed = _chromium(tmp_path, f"--screenshot={screenshot}", LAPTOP, html.as_uri())
    assert completed.returncode == 0, completed.stderr[-2000:]
    data = screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000


@pytest.fixture(scope="module")
def seed_21_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    html = tmp_path_factory.mktemp("report-21") / "report-tabel-2.1.html"
    run = CliRunner().invoke(main, ["check", str(SEED_21), "-f", "html", "-o", str(html), "--no-cache"])
    assert run.exit_code == 1, run.output
    return html


def _holds(file: str, pointer: str) -> bool:
    """Whether the plan file has a value at the JSON pointer."""
    import yaml

    node: object = yaml.safe_load(Path(file).read_text(encoding="utf-8"))
    for part in pointer.strip("/").split("/"):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return False
    return True


def test_every_marked_cell_can_be_brought_into_view_on_a_laptop_screen(report: tuple[Path, str], tmp_path: Path) -> None:
    html, json_text = report
    measured = _measure(tmp_path, html)
    width, height = measured["viewport"]
    assert width == 1366 and height <= 768
    # The table box is no taller than the window, so its horizontal scrollbar is on screen
    # whenever the table is (the report of Tabel 2.1 once had it 6,000 px further down).
    assert measured["wraps"] and all(wrap["height"] <= height for wrap in measured["wraps"])
    assert all(wrap["overflowX"] in ("auto", "scroll") for wrap in measured["wraps"])
    assert any(wrap["scrollWidth"] > wrap["clientWidth"] for wrap in measured["wraps"])  # Tabel 2.1 does scroll
    cells = measured["cells"]
    pointers = {(cell["section"], cell["pointer"]) for cell in cells}
    violations = json.loads(json_text)["violations"]
    # A cell the plan does not hold (a row printed without it: LK003 on a program without its
    # average rows) has nothing to mark; its finding is listed under the item's row.
    in_table = [v for v in violations if "/program/" in v["path"] and _holds(v["file"], v["path"])]
    assert any(v["path"].endswith("/capaian_renstra/k") for v in in_table)  # column 11 is marked
    for violation in in_table:
        assert any(section == violation["file"] and violation["path"].startswith(pointer)
                   for section, pointer in pointers), violation
    hidden = [cell for cell in cells if not cell["visible"]]
    assert not hidden, hidden[:5]
    # The row's kode stays beside the cell however far right the table is scrolled.
    rows = [cell for cell in cells if "/program/" in cell["pointer"]]
    assert rows and all(cell["kode_visible"] for cell in rows), [c for c in rows if not c["kode_visible"]][:5]


def test_the_first_screen_names_perangkat_daerah_year_and_document(seed_21_report: Path, tmp_path: Path) -> None:
    measured = _measure(tmp_path, seed_21_report)
    height = measured["viewport"][1]
    subject = measured["first"][".subject"]
    assert [s["text"] for s in subject] == ["Dinas Koperasi dan Usaha Mikro · Kabupaten Malang · Tahun 2021"]
    assert subject[0]["bottom"] <= height
    title = measured["first"]["td.doc-title"]
    assert [t["text"] for t in title] == ["Evaluasi Renja · Tabel 2.1"] and title[0]["bottom"] <= height


def test_screenshots_of_column_11_and_the_charts_are_saved(seed_21_report: Path, tmp_path: Path) -> None:
    _screenshot(tmp_path, seed_21_report, "report-tabel-2.1-kolom-11", focus='td.marked[data-pointer$="/capaian_renstra/k"]')
    _screenshot(tmp_path, seed_21_report, "report-tabel-2.1-grafik", focus=".charts")
    _screenshot(tmp_path, seed_21_report, "report-tabel-2.1-grafik-kosong", focus="figure.chart:has(.panel.empty)")


def test_a_screenshot_of_the_report_is_saved(report: tuple[Path, str], tmp_path: Path) -> None:
    html, _json_text = report
    _screenshot(tmp_path, html, "report-examples")


def test_a_screenshot_of_the_seed_revision_table_shows_marked_cells(tmp_path: Path) -> None:
    """The report of Tabel 3.1 alone, its first screen on a laptop."""
    html = tmp_path / "report-tabel-3.1.html"
    run = CliRunner().invoke(main, ["check", str(SEED_31), "-f", "html", "-o", str(html)])
    assert run.exit_code == 1, run.output
    _screenshot(tmp_path, html, "report-tabel-3.1")

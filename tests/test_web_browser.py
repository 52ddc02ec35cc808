"""The verifier's desk in a real browser: Debian's Chromium driven by Selenium through Debian's
chromedriver (both installed by ``.ci/run``; skipped where either is missing).

The server is started as a user starts it (``renja-rules serve``), on a free port; the seed's
two tables go in through the page's file input, the report comes back into the page with its
marked cells, and the annotated workbook downloaded from the page opens with openpyxl and
carries the findings as comments. Screenshots at 1366x768 go to ``tests/artifacts/``.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from renja_rules.cli import main

from .conftest import ROOT, SEED_21, SEED_31

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                                reason="chromium and chromium-driver are not installed (.ci/run installs them)")
webdriver = pytest.importorskip("selenium.webdriver")
pytest.importorskip("starlette")

from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    process = subprocess.Popen([sys.executable, "-c", "from renja_rules.cli import entry; entry()", "serve", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://localhost:(\d+)/", line)
        assert match, (line, process.stderr.read() if process.poll() is not None else "")  # type: ignore[union-attr]
        port = int(match[1])
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://localhost:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[tuple[object, Path]]:
    downloads = tmp_path / "unduhan"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,768",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-quic", f"--user-data-dir={tmp_path / 'profil'}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.set_window_size(1366, 768)
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        yield driver, downloads
    finally:
        driver.quit()


def _check(driver, url: str, files: list[Path]) -> None:  # type: ignore[no-untyped-def]
    driver.get(url)
    assert driver.find_element(By.TAG_NAME, "h1").text == "Meja verifikasi renja-rules"
    driver.find_element(By.ID, "berkas").send_keys("\n".join(str(file) for file in files))
    chosen = driver.find_element(By.ID, "daftar").text
    assert all(file.name in chosen for file in files)
    driver.find_element(By.ID, "periksa").click()
    WebDriverWait(driver, 120).until(expected_conditions.visibility_of_element_located((By.ID, "hasil")))


def _downloaded(folder: Path, name: str) -> Path:
    target = folder / name
    for _ in range(200):
        if target.is_file() and not any(folder.glob("*.crdownload")):
            return target
        time.sleep(0.1)
    raise AssertionError(f"{name} not downloaded: {sorted(p.name for p in folder.iterdir())}")


def test_seed_tables_through_the_page(server: str, browser: tuple[object, Path]) -> None:
    import openpyxl

    driver, downloads = browser
    ARTIFACTS.mkdir(exist_ok=True)
    _check(driver, server, [SEED_21, SEED_31])
    summary = driver.find_element(By.ID, "ringkasan").text
    assert summary == "2 berkas diperiksa: 60 kesalahan, 9 peringatan, 23 info."
    assert "perangkat daerah" in driver.find_element(By.ID, "putusan").text
    driver.save_screenshot(str(ARTIFACTS / "web-hasil.png"))

    # The JSON download is the command line's report: every finding it names is on the page.
    driver.find_element(By.ID, "unduh-json").click()
    violations = json.loads(_downloaded(downloads, "laporan-renja-rules.json").read_text())["violations"]
    assert len(violations) == 92
    frame = driver.find_element(By.ID, "laporan")
    driver.execute_script("arguments[0].scrollIntoView()", frame)
    driver.switch_to.frame(frame)
    report = driver.find_element(By.TAG_NAME, "body").text
    assert {v["rule_id"] for v in violations} <= set(re.findall(r"\b[A-Z]{2,3}\d{3}\b", report))
    assert "2.17.01.2.01" in report  # a kegiatan of Tabel 3.1, in its table
    marked = driver.find_elements(By.CSS_SELECTOR, "td.marked")
    assert len(marked) >= 30
    first_error = driver.find_element(By.CSS_SELECTOR, "td.marked.sev-error")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", first_error)
    assert first_error.is_displayed()
    box = driver.execute_script("const r = arguments[0].getBoundingClientRect();"
                                "return [r.top, r.bottom, window.innerHeight, r.width, r.height];", first_error)
    assert 0 <= box[0] and box[1] <= box[2] and box[3] > 0 and box[4] > 0  # inside the frame's view, not 0x0
    driver.switch_to.default_content()
    driver.save_screenshot(str(ARTIFACTS / "web-laporan.png"))

    driver.find_element(By.ID, "unduh-xlsx").click()
    book = openpyxl.load_workbook(_downloaded(downloads, "temuan-renja-rules.xlsx"))
    comments = [cell.comment.text for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
                if cell.comment is not None]
    assert len(comments) >= 30 and any("PG001" in comment for comment in comments)
    assert "Temuan" in book.sheetnames


def test_a_workbook_and_an_unreadable_file(server: str, browser: tuple[object, Path], tmp_path: Path) -> None:
    driver, downloads = browser
    book = tmp_path / "kiriman-dinas.xlsx"
    result = CliRunner().invoke(main, ["export", str(SEED_31), "-o", str(book), "--no-findings"])
    assert result.exit_code == 0, result.output
    broken = tmp_path / "rusak.yaml"
    broken.write_bytes(b"dokumen: [\n")
    _check(driver, server, [book, broken])
    assert driver.find_element(By.ID, "ringkasan").text.startswith("2 berkas diperiksa: 4 kesalahan")
    assert "tidak dapat diperiksa" in driver.find_element(By.ID, "putusan").text
    listed = driver.find_element(By.ID, "berkas-hasil").text
    assert "kiriman-dinas.xlsx: 35 temuan" in listed and "rusak.yaml" in listed
    driver.save_screenshot(str(ARTIFACTS / "web-buku-kerja.png"))


def test_english_page_and_a_refused_submission(server: str, browser: tuple[object, Path], tmp_path: Path) -> None:
    driver, _ = browser
    letter = tmp_path / "surat.pdf"
    letter.write_bytes(b"%PDF-1.4\n")
    driver.get(server + "?lang=en")
    assert driver.find_element(By.TAG_NAME, "h1").text == "renja-rules verification desk"
    driver.find_element(By.ID, "berkas").send_keys(str(letter))
    driver.find_element(By.ID, "periksa").click()
    error = WebDriverWait(driver, 60).until(expected_conditions.visibility_of_element_located((By.ID, "galat")))
    assert "No plan file" in error.text and "surat.pdf" in error.text


def test_dropped_files_are_checked(server: str, browser: tuple[object, Path]) -> None:
    """A drop on the zone (the event a file manager's drag delivers, made in the page) adds the file."""
    driver, _ = browser
    clean = ROOT / "examples" / "bersih" / "perubahan-renja-bersih.yaml"
    driver.get(server)
    driver.execute_script(
        "const transfer = new DataTransfer();"
        "transfer.items.add(new File([arguments[0]], arguments[1], {type: 'application/yaml'}));"
        "const zone = document.getElementById('zona');"
        "zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: transfer, bubbles: true, cancelable: true}));"
        "zone.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));",
        clean.read_text(encoding="utf-8"), clean.name)
    assert clean.name in driver.find_element(By.ID, "daftar").text
    driver.find_element(By.ID, "periksa").click()
    WebDriverWait(driver, 60).until(expected_conditions.visibility_of_element_located((By.ID, "hasil")))
    assert driver.find_element(By.ID, "ringkasan").text == "1 berkas diperiksa: 0 kesalahan, 0 peringatan, 0 info."
    assert driver.find_element(By.ID, "putusan").text == "Tidak ada kesalahan."


def test_a_team_folder_chosen_whole(server: str, browser: tuple[object, Path], tmp_path: Path) -> None:
    """The team's folder through the folder input: its configuration finds its rule folder."""
    from .test_web import TEAM_RULE

    driver, downloads = browser
    team = tmp_path / "tim"
    (team / "aturan").mkdir(parents=True)
    (team / ".renja-rules.yaml").write_text("select: [TM]\nrules: [aturan/]\n", encoding="utf-8")
    (team / "aturan" / "pagu-tim.yaml").write_bytes(TEAM_RULE)
    (team / "CATATAN.md").write_text("bukan aturan\n", encoding="utf-8")  # not sent: only YAML and TOML are
    driver.get(server)
    driver.find_element(By.ID, "konfigurasi-folder").send_keys(str(team))
    driver.find_element(By.ID, "berkas").send_keys(str(SEED_31))
    driver.find_element(By.ID, "periksa").click()
    WebDriverWait(driver, 60).until(expected_conditions.visibility_of_element_located((By.ID, "hasil")))
    assert driver.find_element(By.ID, "ringkasan").text == "1 berkas diperiksa: 1 kesalahan, 0 peringatan, 0 info."
    assert driver.find_element(By.ID, "catatan").text == ""
    driver.find_element(By.ID, "unduh-json").click()
    found = json.loads(_downloaded(downloads, "laporan-renja-rules.json").read_text())["violations"]
    assert [(v["rule_id"], v["kode"]) for v in found] == [("TM001", "2.17.08.2.01")]

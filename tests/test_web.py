"""The verifier's desk (``renja-rules serve``) through Starlette's test client: the same findings
as the command line, bounded uploads, names that never become paths, nothing left behind, and a
server that answers only this machine's own page."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import string
import time
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from renja_rules.cli import main

from .conftest import ROOT, SEED_21, SEED_31
from .test_reports import sarif_validator

pytest.importorskip("starlette")
pytest.importorskip("multipart")
testclient = pytest.importorskip("starlette.testclient")

from renja_rules.web.app import ServeOptions, UploadLimits, create_app, safe_name  # noqa: E402

LOCAL = "http://127.0.0.1:8765"
SEED_TEXT = ROOT / "tests" / "data" / "seed-malang-2021.txt"


@pytest.fixture
def temp_root(tmp_path: Path) -> Path:
    root = tmp_path / "sementara"
    root.mkdir()
    return root


def client(temp_root: Path, **options: object) -> testclient.TestClient:
    return testclient.TestClient(create_app(ServeOptions(temp_root=temp_root, **options)), base_url=LOCAL)


def post(web: testclient.TestClient, files: list[tuple[str, bytes]], field: str = "berkas",
         extra: list[tuple[str, bytes]] = (), **data: str) -> tuple[int, list[dict]]:
    parts = [(field, (name, io.BytesIO(content), "application/octet-stream")) for name, content in files]
    parts += [("konfigurasi", (name, io.BytesIO(content), "application/octet-stream")) for name, content in extra]
    response = web.post("/periksa", files=parts, data={"lang": "id", "min_severity": "info", **data})
    if response.headers["content-type"].startswith("application/json"):
        return response.status_code, [response.json()]
    return response.status_code, [json.loads(line) for line in response.text.splitlines()]


def answer(lines: list[dict]) -> dict:
    final = [line for line in lines if "hasil" in line or "galat" in line]
    assert len(final) == 1, lines
    assert "hasil" in final[0], final[0]
    return final[0]["hasil"]


def cli_json(folder: Path, names: list[str], *options: str) -> dict:
    """What ``renja-rules check -f json`` says of the same files, run in their folder."""
    completed = subprocess.run([sys.executable, "-c", "from renja_rules.cli import entry; entry()", "check",
                                "--isolated", "-f", "json", *options,
                                *names], cwd=folder, capture_output=True, text=True, check=False)
    assert completed.returncode in (0, 1, 2), completed.stderr
    return json.loads(completed.stdout)


def seed_book(tmp_path: Path) -> Path:
    book = tmp_path / "kiriman-seed.xlsx"
    result = CliRunner().invoke(main, ["export", str(SEED_31.parent), "-o", str(book), "--no-findings"])
    assert result.exit_code == 0, result.output
    return book


# --- the same findings as the command line --------------------------------------------------------


@pytest.mark.parametrize("paths", [[SEED_21, SEED_31], [SEED_31], [ROOT / "examples" / "bersih" / "perubahan-renja-bersih.yaml"]],
                         ids=["seed-set", "tabel-3.1", "bersih"])
def test_findings_equal_the_command_lines(temp_root: Path, paths: list[Path]) -> None:
    status, lines = post(client(temp_root), [(path.name, path.read_bytes()) for path in paths])
    assert status == 200
    result = answer(lines)
    ours = json.loads(result["unduhan"]["json"])
    theirs = cli_json(paths[0].parent, [path.name for path in paths])
    assert ours["violations"] == theirs["violations"]
    assert ours["summary"] == theirs["summary"]
    assert result["ringkasan"]["kesalahan"] == theirs["summary"]["error"]
    assert list(temp_root.iterdir()) == []  # the submission's folder is gone with the answer


def test_the_seed_set_is_one_document_set(temp_root: Path) -> None:
    _, lines = post(client(temp_root), [(SEED_21.name, SEED_21.read_bytes()), (SEED_31.name, SEED_31.read_bytes())])
    result = answer(lines)
    assert result["ringkasan"] == {"berkas": 2, "kesalahan": 60, "peringatan": 9, "info": 23, "tidak_terbaca": 0,
                                   "kode_keluar": 1}
    rules = {violation["rule_id"] for violation in json.loads(result["unduhan"]["json"])["violations"]}
    assert any(rule.startswith("LK") for rule in rules)  # the cross-document rules saw both tables
    progress = [line for line in lines if line.get("tahap") == "memeriksa"]
    assert progress[0] == {"tahap": "memeriksa", "selesai": 0, "jumlah": 2}
    assert progress[-1] == {"tahap": "memeriksa", "selesai": 2, "jumlah": 2}


def test_workbook_and_pdf_text_as_the_command_line_reads_them(tmp_path: Path, temp_root: Path) -> None:
    book = seed_book(tmp_path)
    text = tmp_path / SEED_TEXT.name
    text.write_bytes(SEED_TEXT.read_bytes())
    for path in (book, text):
        _, lines = post(client(temp_root), [(path.name, path.read_bytes())])
        ours = json.loads(answer(lines)["unduhan"]["json"])
        theirs = cli_json(tmp_path, [path.name])
        assert ours["violations"] == theirs["violations"], path.name
        assert ours["violations"], path.name


def test_downloads_are_the_reports(temp_root: Path) -> None:
    import openpyxl

    _, lines = post(client(temp_root), [(SEED_31.name, SEED_31.read_bytes())])
    downloads = answer(lines)["unduhan"]
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(downloads["xlsx"])))
    comments = [cell.comment.text for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
                if cell.comment is not None]
    assert any("PG001" in comment for comment in comments)
    assert "Temuan" in book.sheetnames
    errors = list(sarif_validator().iter_errors(json.loads(downloads["sarif"])))
    assert errors == []
    assert "<table" in downloads["html"] and "marked" in downloads["html"]


def test_threshold_leaves_out_lesser_findings(temp_root: Path) -> None:
    _, lines = post(client(temp_root), [(SEED_31.name, SEED_31.read_bytes())], min_severity="error")
    result = answer(lines)
    severities = {violation["severity"] for violation in json.loads(result["unduhan"]["json"])["violations"]}
    assert severities == {"error"}
    assert result["ringkasan"]["peringatan"] == result["ringkasan"]["info"] == 0


def test_english_messages(temp_root: Path) -> None:
    _, lines = post(client(temp_root), [(SEED_31.name, SEED_31.read_bytes())], lang="en")
    messages = [violation["message"] for violation in json.loads(answer(lines)["unduhan"]["json"])["violations"]]
    theirs = cli_json(SEED_31.parent, [SEED_31.name], "--lang", "en")
    assert messages == [violation["message"] for violation in theirs["violations"]]


# --- configuration ---------------------------------------------------------------------------------


def test_uploaded_configuration_and_rule_files(temp_root: Path) -> None:
    config = b"select: [PG]\n"
    _, lines = post(client(temp_root), [(SEED_31.name, SEED_31.read_bytes())], extra=[(".renja-rules.yaml", config)])
    rules = {violation["rule_id"][:2] for violation in json.loads(answer(lines)["unduhan"]["json"])["violations"]}
    assert rules == {"PG"}


def test_uploaded_configuration_names_only_uploaded_rules(temp_root: Path) -> None:
    config = b"rules: [../../../../etc/]\n"
    _, lines = post(client(temp_root), [(SEED_31.name, SEED_31.read_bytes())], extra=[(".renja-rules.yaml", config)])
    final = [line for line in lines if "galat" in line]
    assert final and "tidak diunggah bersama konfigurasi" in final[0]["galat"]
    assert list(temp_root.iterdir()) == []


def test_uploaded_configuration_names_only_uploaded_lists(temp_root: Path) -> None:
    """A nomenclature list outside the upload is refused before it is read (its rows would be quoted)."""
    config = b"nomenklatur: [/etc/passwd]\n"
    _, lines = post(client(temp_root), [(SEED_31.name, SEED_31.read_bytes())], extra=[(".renja-rules.yaml", config)])
    final = [line for line in lines if "galat" in line]
    assert final and "nomenklatur: 'passwd' tidak diunggah bersama konfigurasi" in final[0]["galat"]
    assert "root" not in final[0]["galat"]


def test_uploaded_configuration_with_its_nomenclature_list(temp_root: Path) -> None:
    config = b"nomenklatur: [daftar.csv]\nselect: [NK]\n"
    listed = (b"kode,nama,level,berlaku_dari,berlaku_sampai\n"
              b"2.17.03,PROGRAM PENGAWASAN DAN PEMERIKSAAN KOPERASI KABUPATEN,program,,\n")
    _, lines = post(client(temp_root), [(SEED_31.name, SEED_31.read_bytes())],
                    extra=[(".renja-rules.yaml", config), ("daftar.csv", listed)])
    found = {(v["rule_id"], v["kode"]) for v in json.loads(answer(lines)["unduhan"]["json"])["violations"]}
    assert found == {("NK006", "2.17.03")}  # the uploaded list's name differs from the table's; nothing else


def test_the_servers_configuration(tmp_path: Path, temp_root: Path) -> None:
    config = tmp_path / ".renja-rules.yaml"
    config.write_text("ignore: [PG, WJ]\n")
    _, lines = post(client(temp_root, config=config), [(SEED_31.name, SEED_31.read_bytes())])
    rules = {violation["rule_id"][:2] for violation in json.loads(answer(lines)["unduhan"]["json"])["violations"]}
    assert rules and not rules & {"PG", "WJ"}


def test_no_configuration_is_read_from_above_the_temporary_folder(tmp_path: Path, temp_root: Path) -> None:
    (tmp_path / ".renja-rules.yaml").write_text("select: [JM]\n")  # above the submission's folder
    _, lines = post(client(temp_root), [(SEED_31.name, SEED_31.read_bytes())])
    rules = {violation["rule_id"][:2] for violation in json.loads(answer(lines)["unduhan"]["json"])["violations"]}
    assert rules != {"JM"} and "PG" in rules


# --- bad input -------------------------------------------------------------------------------------


def test_bad_files_are_answered(tmp_path: Path, temp_root: Path) -> None:
    broken_book = b"PK\x03\x04" + bytes(range(256)) * 4
    files = [("biner.yaml", bytes(range(256)) * 8), ("rusak.xlsx", broken_book), ("surat.pdf", b"%PDF-1.4"),
             (SEED_31.name, SEED_31.read_bytes())]
    status, lines = post(client(temp_root), files)
    assert status == 200
    result = answer(lines)
    errors = {entry["nama"]: entry["galat"] for entry in result["berkas"]}
    assert errors[SEED_31.name] is None
    assert "biner.yaml" in errors["biner.yaml"] and "rusak.xlsx" in errors["rusak.xlsx"]
    assert result["ringkasan"]["kode_keluar"] == 2 and result["ringkasan"]["tidak_terbaca"] == 2
    notes = [note for line in lines for note in line.get("catatan", [])]
    assert notes == ["surat.pdf: bukan berkas rencana (YAML, XLSX, CSV, TSV, teks tabel PDF .txt); tidak diperiksa."]
    assert result["unduhan"]["xlsx"] is not None  # the readable plan still gets its workbook
    assert list(temp_root.iterdir()) == []


def test_nothing_to_check(temp_root: Path) -> None:
    status, [body] = post(client(temp_root), [("surat.pdf", b"%PDF-1.4")])
    assert status == 400 and "Tidak ada berkas rencana" in body["galat"]
    status, [body] = post(client(temp_root), [], field="lain")
    assert status == 400 and "Tidak ada berkas" in body["galat"]
    assert list(temp_root.iterdir()) == []


def test_limits(temp_root: Path) -> None:
    small = UploadLimits(max_files=3, max_text_bytes=50_000, max_book_bytes=60_000, max_total_bytes=80_000)
    web = client(temp_root, limits=small)
    status, [body] = post(web, [(f"p{i}.yaml", b"a: 1\n") for i in range(4)])
    assert status == 413 and "paling banyak 3 berkas" in body["galat"]
    status, [body] = post(web, [("besar.yaml", b"#" * 50_001)])
    assert status == 413 and "besar.yaml: berkas terlalu besar" in body["galat"]
    status, [body] = post(web, [("a.yaml", b"#" * 45_000), ("b.yaml", b"#" * 45_000)])
    assert status == 413 and "Kiriman terlalu besar" in body["galat"]
    status, [body] = post(web, [("a.yaml", b"#" * 300_000)], lang="en")  # refused by its length, unread
    assert status == 413
    assert list(temp_root.iterdir()) == []


def test_many_files(temp_root: Path) -> None:
    text = SEED_31.read_bytes()
    status, lines = post(client(temp_root), [(f"salinan-{i}.yaml", text) for i in range(30)])
    result = answer(lines)
    assert result["ringkasan"]["berkas"] == 30
    # thirty copies of one table in one folder: the same document, said as ambiguous or checked each
    assert status == 200 and len(result["berkas"]) == 30


def test_timeout_stops_the_check(temp_root: Path) -> None:
    _, lines = post(client(temp_root, timeout=0.05), [(SEED_31.name, SEED_31.read_bytes())])
    assert lines[-1]["galat"].startswith("Pemeriksaan dihentikan")
    assert list(temp_root.iterdir()) == []


HOSTILE = ["../../etc/passwd.yaml", "..\\..\\windows\\system.yaml", "a\x00b.yaml", "baris\nbaru.yaml", "..yaml",
           ".renja-rules.yaml", "/etc/cron.d/x.yaml", "....", "", "con.yaml", "a" * 400 + ".yaml"]


def test_hostile_names_never_become_paths(tmp_path: Path, temp_root: Path) -> None:
    text = SEED_31.read_bytes()
    before = {path for path in tmp_path.rglob("*")}
    status, lines = post(client(temp_root), [(name, text) for name in HOSTILE if name])
    assert status == 200
    names = [entry["nama"] for entry in answer(lines)["berkas"]]
    notes = [note for line in lines for note in line.get("catatan", [])]
    assert len(names) == len(set(names)) and len(names) + len(notes) == len([name for name in HOSTILE if name])
    assert all("bukan berkas rencana" in note for note in notes)  # "...." and "..yaml" keep no plan suffix
    for name in names:
        assert "/" not in name and "\\" not in name and "\x00" not in name and "\n" not in name
        assert not name.startswith(".")
    assert {path for path in tmp_path.rglob("*")} == before  # nothing written outside (and nothing left inside)
    assert not Path("/etc/passwd.yaml").exists() and not Path("/etc/cron.d/x.yaml").exists()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable + "\x00\u202e\u00e9\\/.", max_size=300))
def test_safe_name_is_a_name(raw: str) -> None:
    taken: set[str] = set()
    name = safe_name(raw, taken)
    assert name and "/" not in name and "\\" not in name and not name.startswith(".")
    assert all(character.isprintable() for character in name)
    assert os.path.dirname(os.path.join("/folder", name)) == "/folder"
    assert len(name) <= 100 + 20
    assert safe_name(raw, taken) != name  # a second file of that name gets another


# --- the server answers only this machine's page ---------------------------------------------------


def test_page_loads_nothing_from_elsewhere(temp_root: Path) -> None:
    web = client(temp_root)
    page = web.get("/")
    assert page.status_code == 200 and 'lang="id"' in page.text and "Periksa" in page.text
    assert ">Kosongkan<" in page.text and "built-in" not in page.text  # every word is the word, not a method
    assert "Check" in web.get("/?lang=en").text
    for text in (page.text, web.get("/static/app.js").text, web.get("/static/app.css").text):
        assert not re.search(r"""(src|href|action)\s*=\s*["']?(https?:)?//|url\(|@import|fetch\(["']http""", text)
    assert set(re.findall(r'(?:src|href)="([^"]*)"', page.text)) == {"/static/app.js", "/static/app.css",
                                                                        "?lang=en"}
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert web.get("/static/../app.py").status_code == 404
    assert web.get("/static/nope.js").status_code == 404


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "192.168.1.5:8765", "127.0.0.1.evil.example"])
def test_foreign_host_is_refused(temp_root: Path, host: str) -> None:
    web = client(temp_root)
    assert web.get("/", headers={"host": host}).status_code == 403
    assert web.post("/periksa", headers={"host": host}, files=[("berkas", ("a.yaml", b"a: 1"))]).status_code == 403
    assert web.get("/", headers={"host": "localhost:8765"}).status_code == 200
    assert web.get("/", headers={"host": "[::1]:8765"}).status_code == 200


def test_requests_from_other_pages_are_refused(temp_root: Path) -> None:
    web = client(temp_root)
    seed = [("berkas", (SEED_31.name, SEED_31.read_bytes()))]
    for headers in ({"origin": "http://evil.example"}, {"origin": "null"}, {"sec-fetch-site": "cross-site"},
                    {"origin": "http://127.0.0.1:9999"}):
        response = web.post("/periksa", headers=headers, files=seed)
        assert response.status_code == 403, headers
        assert "situs lain" in response.text
    assert web.post("/periksa", headers={"origin": LOCAL, "sec-fetch-site": "same-origin"}, files=seed).status_code == 200
    # a link from another site may open the page itself, nothing else
    assert web.get("/", headers={"sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate"}).status_code == 200
    assert web.get("/static/app.js", headers={"sec-fetch-site": "cross-site"}).status_code == 403
    assert list(temp_root.iterdir()) == []


def test_token_required_on_every_request(temp_root: Path) -> None:
    web = client(temp_root, host="0.0.0.0", token="rahasia-123")
    for path in ("/", "/static/app.js", "/static/app.css", "/favicon.ico"):
        assert web.get(path, headers={"host": "10.1.2.3:8765"}).status_code == 403, path
    response = web.post("/periksa", headers={"host": "10.1.2.3:8765"}, files=[("berkas", ("a.yaml", b"a: 1"))])
    assert response.status_code == 403 and "token" in response.text
    assert web.get("/?token=salah", headers={"host": "10.1.2.3:8765"}).status_code == 403
    entered = web.get("/?token=rahasia-123", headers={"host": "10.1.2.3:8765"}, follow_redirects=False)
    assert entered.status_code == 303 and entered.headers["location"] == "/"
    cookie = entered.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert web.get("/", headers={"host": "10.1.2.3:8765", "cookie": "renja_rules_token=rahasia-123"}).status_code == 200
    assert web.get("/", headers={"host": "10.1.2.3:8765", "x-renja-rules-token": "rahasia-123"}).status_code == 200
    assert list(temp_root.iterdir()) == []


# --- the command ------------------------------------------------------------------------------------


def test_serve_refuses_another_address_without_token() -> None:
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 2
    assert "--token" in result.output and "Traceback" not in result.output


def test_serve_says_when_the_port_is_taken() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"127.0.0.1:{port}" in result.output and "--port" in result.output


def test_serve_says_a_broken_configuration_at_start(tmp_path: Path) -> None:
    config = tmp_path / ".renja-rules.yaml"
    config.write_text("selcet: [PG]\n")
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--config", str(config)])
    assert result.exit_code == 2 and "selcet" in result.output


def test_the_command_line_does_not_import_the_web_server() -> None:
    code = "import sys, renja_rules.cli; print(sorted(m for m in ('starlette', 'uvicorn', 'multipart', " \
           "'renja_rules.web', 'anyio') if m in sys.modules))"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"


def test_serve_open_opens_the_page_in_the_browser(tmp_path: Path) -> None:
    """``--open`` hands the address to the default browser (``$BROWSER`` names it, as webbrowser reads it)."""
    opened = tmp_path / "dibuka.txt"
    browser = tmp_path / "peramban.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    browser.chmod(0o755)
    process = subprocess.Popen([sys.executable, "-c", "from renja_rules.cli import entry; entry()", "serve", "--port", "0",
                                "--open"], env={**os.environ, "BROWSER": f"{browser} %s"},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        address = re.search(r"http://localhost:\d+/", line)
        assert address, line
        for _ in range(200):
            if opened.is_file() and opened.read_text().strip():
                break
            time.sleep(0.05)
        assert opened.read_text().strip() == address[0]
    finally:
        process.terminate()
        process.wait(10)


def test_serve_without_the_web_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    result = CliRunner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code == 2
    assert "pip install 'renja-rules[web]'" in result.output and "uvicorn" in result.output


TEAM_RULE = b'''version: 1
rules:
  - id: TM001
    title: {id: "Pagu kegiatan = jumlah sub kegiatan (aturan tim)", en: "Kegiatan pagu = sum (team rule)"}
    severity: error
    applies_to: kegiatan
    documents: [perubahan-renja]
    kind: sum
    params: {fields: [sesudah.pagu], children: sub_kegiatan, tolerance: "0"}
    message:
      id: "Pagu {field} {item} tertulis {actual}, jumlahnya {expected}"
      en: "Pagu {field} of {item} is {actual}, the sum is {expected}"
'''


def test_a_team_folder_keeps_its_shape(temp_root: Path) -> None:
    """A folder chosen whole (the browser sends each file's path inside it): the configuration's
    ``rules: [aturan/]`` finds the rule folder uploaded with it."""
    config = b"select: [TM]\nrules: [aturan/]\n"
    team = [("tim/.renja-rules.yaml", config), ("tim/aturan/pagu-tim.yaml", TEAM_RULE)]
    _, lines = post(client(temp_root), [(SEED_31.name, SEED_31.read_bytes())], extra=team)
    found = json.loads(answer(lines)["unduhan"]["json"])["violations"]
    assert [(v["rule_id"], v["kode"]) for v in found] == [("TM001", "2.17.08.2.01")]
    assert list(temp_root.iterdir()) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=string.printable + "\x00.\\/", max_size=20), min_size=1, max_size=12).map("/".join))
def test_safe_paths_stay_inside(raw: str) -> None:
    from renja_rules.web.names import MAX_DEPTH, SafePaths

    relative = SafePaths().path(raw)
    parts = relative.split("/")
    assert not relative.startswith("/") and len(parts) <= MAX_DEPTH + 1
    assert all(part and not part.startswith(".") and "\\" not in part and "\x00" not in part for part in parts)
    assert os.path.normpath(os.path.join("/folder", relative)).startswith("/folder/")


def test_folder_paths_keep_files_and_folders_apart() -> None:
    from renja_rules.web.names import SafePaths

    paths = SafePaths()
    given = [paths.path(raw) for raw in ("tim/x", "tim/x/a.yaml", "tim/x/b.yaml", "tim/X/c.yaml", "tim/x")]
    # a folder named like a file before it gets another name, and keeps it when met again
    assert given == ["tim/x", "tim/x-2/a.yaml", "tim/x-2/b.yaml", "tim/X-3/c.yaml", "tim/x-4"]
    assert len({path.lower() for path in given}) == len(given)

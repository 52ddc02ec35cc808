"""Reports for CI and for verifiers: SARIF, JUnit, GitHub annotations, HTML; -f/-o; explain.

Every format is parsed back and compared with ``--format json`` on the same input; SARIF
and JUnit are validated against their official schemas (``../shared/schemas`` beside the
repository when present, else the copies in ``tests/data``).
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import xmlschema
from click.testing import CliRunner

import renja_rules
from renja_rules.kinds import bands as bands_kind
from renja_rules.cli import discover, main
from renja_rules.pipeline import check_paths as run_check
from renja_rules.examples import example_parts
from renja_rules.loader import dump_yaml
from renja_rules.report import FileResult, Result, render_github, render_html, render_json, render_junit, render_sarif
from renja_rules.report import output as output_module
from renja_rules.report.github import escape_data, escape_property
from renja_rules.report.paths import report_path
from renja_rules.report.sarif import FINGERPRINT_KEY, fingerprints
from renja_rules.violation import Violation

from .conftest import CLEAN, ROOT, SEED_21, SEED_31

_SHARED = ROOT.parent / "shared" / "schemas"
SCHEMAS = _SHARED if (_SHARED / "sarif-schema-2.1.0.json").is_file() and (_SHARED / "JUnit.xsd").is_file() else ROOT / "tests" / "data"

BROKEN = "dokumen:\n  jenis: perubahan-renja\n  tahun: 2021\nprogram:\n  - kode: [unclosed\n"


# --- helpers: run the checker, read each format back ------------------------------------

def check_paths(*paths: str | Path, lang: str = "id") -> Result:
    """What `renja-rules check` computes, with the rule set attached (as the CLI does)."""
    rules = renja_rules.load_rules()
    result = run_check(discover([str(p) for p in paths]), rules, lang)
    result.rules = rules
    return result


@pytest.fixture()
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, as CI does, so that report paths are relative to it."""
    monkeypatch.chdir(ROOT)
    return ROOT


def from_json(text: str) -> list[tuple[str, str, int, int]]:
    return sorted(
        (v["rule_id"], report_path(v["file"]), v["line"], v["column"]) for v in json.loads(text)["violations"]
    )


def from_sarif(text: str) -> list[tuple[str, str, int, int]]:
    run = json.loads(text)["runs"][0]
    out = []
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        uri = urllib.parse.unquote(location["artifactLocation"]["uri"])
        out.append((result["ruleId"], uri, location["region"]["startLine"], location["region"]["startColumn"]))
    return sorted(out)


_POSITION = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): (?P<rule>[A-Z]{2,4}\d{3}) (error|warning|info) ", re.M)


def from_junit(text: str) -> list[tuple[str, str, int, int]]:
    out = []
    for failure in ET.fromstring(text).iter("failure"):
        for match in _POSITION.finditer(failure.text or ""):
            out.append((match["rule"], match["file"], int(match["line"]), int(match["column"])))
    return sorted(out)


def _unescape_property(value: str) -> str:
    for escaped, plain in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(escaped, plain)
    return value


_COMMAND = re.compile(r"^::(?P<command>error|warning|notice) (?P<properties>[^:]*)::(?P<message>.*)$")


def github_annotations(text: str) -> list[dict[str, str]]:
    annotations = []
    for line in text.splitlines():
        match = _COMMAND.match(line)
        if match is None:
            continue
        properties = dict(part.split("=", 1) for part in match["properties"].split(","))
        annotation = {key: _unescape_property(value) for key, value in properties.items()}
        annotation["command"] = match["command"]
        annotation["message"] = match["message"]
        annotations.append(annotation)
    return annotations


def from_github(text: str) -> list[tuple[str, str, int, int]]:
    return sorted(
        (a["title"], a["file"], int(a["line"]), int(a["col"])) for a in github_annotations(text) if a["title"] != "renja-rules"
    )


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def html_elements(text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(text)
    return parser.elements


def from_html(text: str) -> list[tuple[str, str, int, int]]:
    return sorted(
        (a["data-rule"] or "", a["data-file"] or "", int(a["data-line"] or 0), int(a["data-column"] or 0))
        for tag, a in html_elements(text)
        if tag == "li" and "data-rule" in a
    )


def marked_cells(text: str) -> dict[str, dict[str, str | None]]:
    """Marked table cells by the JSON pointer of the value they show."""
    return {
        a["data-pointer"] or "": a
        for tag, a in html_elements(text)
        if tag == "td" and "marked" in (a.get("class") or "").split()
    }


# --- SARIF ------------------------------------------------------------------------------

def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    # Not check_schema(): the official schema fails its own meta-schema (run.language's
    # pattern '^(?i)…' is no valid regex), which is why render_sarif leaves that property out.
    return jsonschema.validators.validator_for(schema)(schema)


def test_sarif_of_the_examples_is_valid_sarif_2_1_0_as_github_reads_it(in_root: Path) -> None:
    result = check_paths("examples")
    log = json.loads(render_sarif(result))
    sarif_validator().validate(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "renja-rules" and driver["version"] == renja_rules.__version__
    # Every rule of the rule set is described, with its title, help and default level.
    assert [r["id"] for r in driver["rules"]] == [rule.id for rule in result.rules]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor, rule in zip(driver["rules"], result.rules):
        assert descriptor["shortDescription"]["text"] == rule.title.id
        assert descriptor["fullDescription"]["text"] and descriptor["help"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == levels[rule.severity]
        assert "renja" in descriptor["properties"]["tags"]
    assert run["invocations"][0]["executionSuccessful"] is True
    assert len(run["results"]) == len(result.violations) > 0
    for item, violation in zip(run["results"], result.violations):
        assert driver["rules"][item["ruleIndex"]]["id"] == item["ruleId"] == violation.rule_id
        assert item["level"] == levels[violation.severity]
        location = item["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        uri = location["artifactLocation"]["uri"]
        assert uri.startswith("examples/") and "\\" not in uri and not uri.startswith("/")
        assert location["region"] == {"startLine": violation.line, "startColumn": violation.column}
        assert re.fullmatch(r"[0-9a-f]{64}", item["partialFingerprints"][FINGERPRINT_KEY])
    # Fingerprints tell apart every alert, even a code listed twice (KD006).
    prints = [item["partialFingerprints"][FINGERPRINT_KEY] for item in run["results"]]
    assert len(set(prints)) == len(prints)


def test_sarif_shows_unloadable_files_as_failed_tool_execution(in_root: Path, tmp_path: Path) -> None:
    broken = tmp_path / "rusak.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    result = check_paths(CLEAN, broken)
    log = json.loads(render_sarif(result, root=tmp_path))
    sarif_validator().validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error" and "YAML" in notification["message"]["text"]
    location = notification["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "rusak.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"]["startLine"] == 6
    # A file outside the root is named by an absolute file: URI instead.
    outside = json.loads(render_sarif(result, root=ROOT))["runs"][0]["invocations"][0]
    assert outside["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file://")


# --- fingerprints -------------------------------------------------------------------------

def _check_text(text: str, name: str = "examples/rencana.yaml") -> tuple[list[Violation], list[str]]:
    plan = renja_rules.parse_plan(text, name)
    violations = renja_rules.check(plan, renja_rules.load_rules())
    return violations, fingerprints(violations, plan, root=ROOT)


def _pg001(violations: list[Violation], prints: list[str]) -> tuple[Violation, str]:
    return next((v, p) for v, p in zip(violations, prints) if v.rule_id == "PG001")


INSERTED_PROGRAM = """\
          - kode: "2.17.09"
            nama: PROGRAM SISIPAN YANG TIDAK BERKAITAN
            indikator:
              - uraian: Jumlah dokumen sisipan
                sebelum: {target: "1 Dokumen", pagu: "10.000,00"}
                sesudah: {target: "1 Dokumen", pagu: "10.000,00"}
                selisih: "0,00"
                lokasi: Dinas Koperasi dan Usaha Mikro
                sumber_dana: APBD Kabupaten
"""


def test_fingerprints_survive_lines_moving_and_an_unrelated_program_inserted_before() -> None:
    original = SEED_31.read_text(encoding="utf-8")
    violations, prints = _check_text(original)
    pg001, pg001_print = _pg001(violations, prints)

    # Blank and comment lines above everything: every line moves, no fingerprint changes.
    moved_violations, moved_prints = _check_text("# catatan verifikator\n\n# baris kosong di atas\n\n" + original)
    assert [v.line for v in moved_violations] == [v.line + 4 for v in violations]
    assert moved_prints == prints

    # An unrelated program before the first one: indexes and lines of everything below change.
    anchor = '        program:\n          - kode: "2.17.01"\n'
    assert original.count(anchor) == 1
    inserted = original.replace(anchor, '        program:\n' + INSERTED_PROGRAM + '          - kode: "2.17.01"\n')
    new_violations, new_prints = _check_text(inserted)
    new_pg001, new_pg001_print = _pg001(new_violations, new_prints)
    assert new_pg001.path != pg001.path and new_pg001.line != pg001.line
    assert new_pg001_print == pg001_print
    assert set(prints) <= set(new_prints)


def test_fingerprints_change_with_the_rule_or_the_item() -> None:
    original = SEED_31.read_text(encoding="utf-8")
    violations, prints = _check_text(original)
    pg001, pg001_print = _pg001(violations, prints)
    other_rule = pg001.model_copy(update={"rule_id": "PG002"})
    assert fingerprints([other_rule], renja_rules.parse_plan(original, "examples/rencana.yaml"), root=ROOT)[0] != pg001_print

    renamed = original.replace('kode: "2.17.08.2.01"\n', 'kode: "2.17.08.2.02"\n', 1)
    assert renamed != original
    new_violations, new_prints = _check_text(renamed)
    new_pg001, new_pg001_print = _pg001(new_violations, new_prints)
    assert new_pg001.kode == "2.17.08.2.02" and new_pg001.line == pg001.line
    assert new_pg001_print != pg001_print
    # The same file under another name is another artifact.
    assert _check_text(original, "examples/lain.yaml")[1] != prints


# --- JUnit --------------------------------------------------------------------------------

def test_junit_of_the_examples_is_valid_against_the_xsd(in_root: Path) -> None:
    schema = xmlschema.XMLSchema(str(SCHEMAS / "JUnit.xsd"))
    result = check_paths("examples")
    text = render_junit(result)
    schema.validate(text)
    root = ET.fromstring(text)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [report_path(f.file) for f in result.files]
    for suite, file_result in zip(suites, result.files):
        assert file_result.plan is not None
        applicable = result.rules.for_document(file_result.plan.jenis)
        cases = suite.findall("testcase")
        assert [c.get("name", "").split()[0] for c in cases] == [rule.id for rule in applicable]
        failed = {v.rule_id for v in file_result.violations}
        assert int(suite.get("failures", "-1")) == len(failed) == len(suite.findall("testcase/failure"))
        for case in cases:
            failure = case.find("failure")
            assert (failure is not None) == (case.get("name", "").split()[0] in failed)


def test_junit_reports_an_unloadable_file_as_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1640995200")
    broken = tmp_path / "rusak.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    text = render_junit(check_paths(broken, SEED_31), root=tmp_path)
    xmlschema.XMLSchema(str(SCHEMAS / "JUnit.xsd")).validate(text)
    suite = ET.fromstring(text).find("testsuite")
    assert suite is not None and suite.get("errors") == "1" and suite.get("timestamp") == "2022-01-01T00:00:00"
    error = suite.find("testcase/error")
    assert error is not None and error.get("type") == "PlanError" and (error.text or "").startswith("rusak.yaml:6:")


def test_junit_survives_characters_xml_cannot_carry(tmp_path: Path) -> None:
    plan = tmp_path / "kontrol.yaml"
    plan.write_text(CLEAN.read_text(encoding="utf-8").replace("sumber_dana: DBHCHT", 'sumber_dana: ""'), encoding="utf-8")
    violation = Violation(rule_id="WJ006", severity="warning", message="teks \x01 aneh <&>", file=str(plan), line=1,
                          column=1, level="indikator")
    text = render_junit(Result([FileResult(str(plan), [violation])]), root=tmp_path)
    xmlschema.XMLSchema(str(SCHEMAS / "JUnit.xsd")).validate(text)
    assert "teks \ufffd aneh <&>" in (ET.fromstring(text).find("testsuite/testcase/failure").text or "")  # type: ignore[union-attr]


# --- GitHub annotations ---------------------------------------------------------------------

def test_github_escaping_of_properties_and_messages() -> None:
    assert escape_data("100% selesai\r\nbaris: dua, tiga") == "100%25 selesai%0D%0Abaris: dua, tiga"
    assert escape_property("a:b,c%d\r\n") == "a%3Ab%2Cc%25d%0D%0A"


def test_github_annotations_one_per_violation_and_load_error(tmp_path: Path) -> None:
    broken = tmp_path / "rusak, lama.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    text = render_github(check_paths(broken, SEED_31), root=tmp_path)
    lines = text.splitlines()
    assert lines[0].startswith("::error file=rusak%2C lama.yaml,line=6,col=")
    assert ",title=renja-rules::" in lines[0]
    annotations = github_annotations(text)
    assert annotations[0]["file"] == "rusak, lama.yaml"
    commands = {(a["title"], a["command"]) for a in annotations}
    assert ("PG001", "error") in commands and ("KD008", "warning") in commands
    assert "pelanggaran" in lines[-2] or "pelanggaran" in lines[-1]  # the summary closes the log
    info = Violation(rule_id="XX001", severity="info", message="catatan 50%\nbaris dua", file="a.yaml", line=3,
                     column=4, level="dokumen")
    assert render_github(Result([FileResult("a.yaml", [info])]), root=".").splitlines()[0] == (
        "::notice file=a.yaml,line=3,col=4,title=XX001::catatan 50%25%0Abaris dua"
    )


# --- every format carries the same violations ------------------------------------------------

def test_every_format_carries_the_same_violations_as_json(in_root: Path) -> None:
    result = check_paths("examples")
    expected = from_json(render_json(result))
    assert len(expected) == len(result.violations) > 0
    assert from_sarif(render_sarif(result)) == expected
    assert from_junit(render_junit(result)) == expected
    assert from_github(render_github(result)) == expected
    assert from_html(render_html(result)) == expected
    assert from_html(render_html(check_paths("examples", lang="en"), lang="en")) == expected


def test_every_format_through_the_cli_in_one_run(in_root: Path, tmp_path: Path) -> None:
    outputs = {name: tmp_path / f"laporan.{name}" for name in ("json", "sarif", "junit", "github", "html")}
    args = ["check", "examples", "-f", "text"] + [f"-o{name}={path}" for name, path in outputs.items()]
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 1, run.output
    assert "pelanggaran" in run.stdout.splitlines()[-1]  # text to the terminal
    expected = from_json(outputs["json"].read_text(encoding="utf-8"))
    assert from_sarif(outputs["sarif"].read_text(encoding="utf-8")) == expected
    assert from_junit(outputs["junit"].read_text(encoding="utf-8")) == expected
    assert from_github(outputs["github"].read_text(encoding="utf-8")) == expected
    assert from_html(outputs["html"].read_text(encoding="utf-8")) == expected


# --- the command line: -f and -o ----------------------------------------------------------------

def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_sarif_to_a_file_and_text_to_the_terminal(in_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "laporan" / "renja.sarif"  # the folder is created
    run = invoke("check", "-f", "text", "-o", f"sarif={target}", str(SEED_31))
    assert run.exit_code == 1
    assert "PG001 error" in run.stdout and not run.stdout.lstrip().startswith("{")
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_a_plain_output_file_takes_the_single_format(tmp_path: Path) -> None:
    target = tmp_path / "hasil.json"
    run = invoke("check", "--format", "json", "--output", str(target), str(SEED_31))
    assert run.exit_code == 1 and run.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["violations"] == 35
    text = tmp_path / "hasil.txt"
    assert invoke("check", "-o", str(text), str(CLEAN)).exit_code == 0  # no --format: the default text
    assert "tidak ada pelanggaran" in text.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, words",
    [
        (["-f", "json", "-f", "sarif"], "only one report can go to the terminal"),
        (["-f", "json", "-f", "sarif", "-o", "x.out"], "needs exactly one --format"),
        (["-f", "json", "-o", "a.json", "-o", "b.json"], "more than one --output FILE"),
        (["-o", "xml=laporan.xml"], "unknown report format 'xml'"),
        (["-o", "sarif="], "file name is missing"),
        (["-o", "sarif=a.sarif", "-o", "sarif=b.sarif"], "sent to two files"),
        (["-o", "sarif=sama.out", "-o", "json=sama.out"], "are both sent to"),
    ],
)
def test_unclear_output_options_are_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], words: str) -> None:
    monkeypatch.chdir(tmp_path)
    run = invoke("check", *args, str(SEED_31))
    assert run.exit_code == 2
    assert words in run.output
    assert list(tmp_path.iterdir()) == []  # nothing was written


def test_json_to_stdout_is_unchanged_by_the_new_options() -> None:
    run = invoke("check", "-f", "json", str(SEED_31))
    assert run.exit_code == 1
    assert json.loads(run.stdout)["summary"]["violations"] == 35


# --- atomic output ----------------------------------------------------------------------------------

def _failing_replace(*_args: object, **_kwargs: object) -> None:
    raise OSError(28, "No space left on device")


def test_a_failed_write_leaves_the_previous_report_and_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "renja.sarif"
    target.write_text("laporan lama\n", encoding="utf-8")
    output_module.write_atomic(target, "laporan baru\n")
    assert target.read_text(encoding="utf-8") == "laporan baru\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["renja.sarif"]

    monkeypatch.setattr(os, "replace", _failing_replace)
    with pytest.raises(OSError):
        output_module.write_atomic(target, "laporan yang gagal\n")
    assert target.read_text(encoding="utf-8") == "laporan baru\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["renja.sarif"]


def test_the_cli_reports_a_failed_write_with_exit_2_and_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "renja.sarif"
    target.write_text("laporan lama\n", encoding="utf-8")
    monkeypatch.setattr(os, "replace", _failing_replace)
    run = invoke("check", "-f", "text", "-o", f"sarif={target}", str(SEED_31))
    assert run.exit_code == 2
    assert "cannot write report" in run.stderr and "No space left on device" in run.stderr
    assert "PG001" in run.stdout  # the terminal report is still shown
    assert target.read_text(encoding="utf-8") == "laporan lama\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["renja.sarif"]


# --- HTML -----------------------------------------------------------------------------------------

def test_html_marks_the_offending_cells_and_lists_the_violations_beside_them(in_root: Path) -> None:
    result = check_paths(SEED_31.relative_to(ROOT))
    text = render_html(result)
    cells = marked_cells(text)
    for violation in result.violations:
        assert violation.path in cells or any(violation.path.startswith(p + "/") for p in cells), violation
    pg001 = next(v for v in result.violations if v.rule_id == "PG001")
    cell = cells[pg001.path]
    assert "sev-error" in (cell["class"] or "") and "PG001" in (cell["data-rules"] or "")
    assert pg001.message in (cell["title"] or "")
    # Each listed violation whose value has a cell links to it: a click brings the cell into view.
    ids = {a["id"]: a for a in cells.values()}
    links = [a["href"] or "" for tag, a in html_elements(text) if tag == "a" and a.get("class") == "rule"]
    assert len(links) == sum(1 for v in result.violations if v.path in cells or any(v.path.startswith(p + "/") for p in cells))
    assert all(link[1:] in ids for link in links)
    assert "1.725.703.600,00" in text  # money in Indonesian notation
    assert '<html lang="id">' in text and "Ringkasan" in text and "Sebelum perubahan" in text
    english = render_html(check_paths(SEED_31.relative_to(ROOT), lang="en"), lang="en")
    assert '<html lang="en">' in english and "Summary" in english and "Before the revision" in english
    assert "1.725.703.600,00" in english


def test_html_is_self_contained_and_escapes_plan_text(tmp_path: Path) -> None:
    hostile = CLEAN.read_text(encoding="utf-8").replace(
        "nama: Penyediaan Gaji dan Tunjangan ASN", "nama: '<script>alert(1)</script> & <b>tebal</b>'"
    )
    plan = tmp_path / "jahat.yaml"
    plan.write_text(hostile, encoding="utf-8")
    text = render_html(check_paths(plan), root=tmp_path)
    assert "<script" not in text.lower() and "<b>tebal</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;tebal&lt;/b&gt;" in text
    assert re.findall(r"https?://[^\"' )]+", text) == ["http://www.w3.org/2000/svg"] * text.count("<svg")
    assert "<link" not in text and " src=" not in text and "@import" not in text


def test_html_shows_a_file_that_could_not_be_loaded(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    text = render_html(check_paths(broken, CLEAN), root=tmp_path)
    errors = [a for tag, a in html_elements(text) if tag == "div" and "load-error" in (a.get("class") or "")]
    assert [(a["data-file"], a["data-line"]) for a in errors] == [("rusak.yaml", "6")]
    assert "gagal dimuat" in text


def _fake_bands_rule(bands: list[tuple[str | None, str]], cap: str | None = None) -> SimpleNamespace:
    """A stand-in for a compiled rule of kind ``bands``: what the HTML report reads of it."""
    return SimpleNamespace(
        id="PR901",
        title=SimpleNamespace(id="Predikat", en="Predikat"),
        kind=bands_kind.KIND,
        level="program",
        documents=frozenset({"evaluasi-renja"}),
        params=SimpleNamespace(
            bands=[SimpleNamespace(min=Decimal(low) if low is not None else None, predikat=p) for low, p in bands],
            cap=Decimal(cap) if cap is not None else None,
        ),
    )


def _charts(text: str) -> list[dict[str, object]]:
    """Per program figure, per panel (printed column 9 and 11): the bands and bars drawn."""
    charts: list[dict[str, object]] = []
    for tag, attrs in html_elements(text):
        if tag == "figure" and attrs.get("data-kode"):
            charts.append({"kode": attrs["data-kode"], "panels": {}})
        elif charts and tag == "div" and attrs.get("data-kolom"):
            panels = charts[-1]["panels"]
            panels[attrs["data-kolom"]] = {"bands": 0, "bars": 0, "empty": "empty" in (attrs.get("class") or "")}  # type: ignore[index]
        elif charts and tag == "rect":
            panel = list(charts[-1]["panels"].values())[-1]  # type: ignore[attr-defined]
            panel["bands" if attrs.get("class") == "band" else "bars"] += 1
    return charts


def test_html_evaluation_charts_take_their_bands_from_the_rule_set() -> None:
    plan = renja_rules.load_plan(SEED_21)
    programs = [node.obj.kode for node in plan.nodes("program")]
    bands = [("91", "ST"), ("76", "T"), ("66", "S"), ("51", "R"), (None, "SR")]

    with_bands = Result([FileResult(str(SEED_21), [], plan=plan)], rules=[_fake_bands_rule(bands, cap="150")])  # type: ignore[arg-type]
    text = render_html(with_bands)
    charts = _charts(text)
    assert [c["kode"] for c in charts] == programs
    # Column 9 (capaian) and beside it column 11 (capaian Renstra); one bar for K and one for Rp
    # where the program states its average (2.17.07 states none).
    stated = [2 if node.obj.rata_rata and node.obj.rata_rata.capaian else 0 for node in plan.nodes("program")]
    assert [{kolom: (p["bands"], p["bars"]) for kolom, p in c["panels"].items()} for c in charts] == [  # type: ignore[attr-defined]
        {"9": (5, n), "11": (5, n)} for n in stated
    ] and 0 in stated
    assert 'stroke-dasharray' in text  # the cap is drawn
    # 2.17.01 states 65,73 (K) and 55,56 (Rp), both R; its Renstra achievement 78,77 (T) and 74,97 (S).
    assert "65,73% · R" in text and "55,56% · R" in text
    assert "78,77% · T" in text and "74,97% · S" in text
    # A program without a stated average: no bar, a dash, and a sentence saying why the chart is empty.
    assert "— · —" in text
    empty = [c["kode"] for c in charts if all(p["empty"] for p in c["panels"].values())]  # type: ignore[attr-defined]
    assert empty == [code for code, n in zip(programs, stated) if n == 0]
    assert "tidak menuliskan rata-rata capaian kolom (9)" in text and "kolom (11)" in text

    without = render_html(Result([FileResult(str(SEED_21), [], plan=plan)], rules=[]))  # type: ignore[arg-type]
    assert [[(p["bands"], p["bars"]) for p in c["panels"].values()] for c in _charts(without)] == [  # type: ignore[attr-defined]
        [(0, n), (0, n)] for n in stated
    ]
    assert "tidak memuat rentang predikat" in without


def test_html_names_the_perangkat_daerah_year_and_document_before_the_tables() -> None:
    plan = renja_rules.load_plan(SEED_21)
    text = render_html(Result([FileResult(str(SEED_21), [], plan=plan)], rules=[]))  # type: ignore[arg-type]
    header = text[: text.index('<section id="ringkasan"')]
    assert '<p class="subject">Dinas Koperasi dan Usaha Mikro · Kabupaten Malang · Tahun 2021</p>' in header
    assert "Evaluasi Renja · Tabel 2.1" in header  # the contents name the document, not only the file
    summary = text[text.index('<section id="ringkasan"'): text.index('<section class="plan-file"')]
    assert "Evaluasi Renja · Tabel 2.1" in summary and "Tahun 2021" in summary
    english = render_html(Result([FileResult(str(SEED_21), [], plan=plan)], rules=[]), lang="en")  # type: ignore[arg-type]
    assert "Renja evaluation · Table 2.1" in english and "Year 2021" in english



def test_html_first_screen_names_at_most_three_subjects_and_counts_the_rest() -> None:
    text = SEED_31.read_text(encoding="utf-8")
    plans = [renja_rules.parse_plan(text.replace("perangkat_daerah: Dinas Koperasi dan Usaha Mikro",
                                                 f"perangkat_daerah: Dinas Nomor {n}", 1), f"pd-{n}.yaml")
             for n in range(5)]
    html = render_html(Result([FileResult(p.file, [], plan=p) for p in plans], rules=[]))  # type: ignore[arg-type]
    subjects = [a for tag, a in html_elements(html) if tag == "p" and a.get("class") == "subject"]
    assert len(subjects) == 4
    assert "Dinas Nomor 2 · Kabupaten Malang · Tahun 2021" in html and "dan 2 lainnya" in html
    assert "<p class=\"subject\">Dinas Nomor 3" not in html


def test_html_charts_use_the_shipped_bands_rule_when_there_is_one(in_root: Path) -> None:
    result = check_paths(SEED_21.relative_to(ROOT))
    if not any(getattr(rule.kind, "name", None) == "bands" for rule in result.rules):
        pytest.skip("the shipped rule set has no rule of kind 'bands'")
    charts = _charts(render_html(result))
    assert charts and all(p["bands"] > 0 for c in charts for p in c["panels"].values())  # type: ignore[attr-defined]


# --- rules and explain -------------------------------------------------------------------------------

def test_rules_lists_every_rule_with_severity_and_title() -> None:
    run = invoke("rules")
    assert run.exit_code == 0
    for rule in renja_rules.load_rules():
        line = next(l for l in run.stdout.splitlines() if l.startswith(rule.id + " "))
        assert rule.severity in line and rule.title.id in line


def test_explain_works_for_every_shipped_rule_and_prints_the_examples_the_tests_run() -> None:
    for rule in renja_rules.load_rules():
        run = invoke("explain", rule.id)
        assert run.exit_code == 0, rule.id
        assert run.stdout.startswith(f"{rule.id}: {rule.title.id}")
        if rule.rationale:
            assert rule.rationale.id in run.stdout
        if rule.legal_basis:
            assert rule.legal_basis in run.stdout
        assert rule.examples is not None  # tests/test_rules.py runs these very snippets
        for label, snippets in (("LULUS", rule.examples.pass_), ("GAGAL", rule.examples.fail)):
            for snippet in snippets:
                plan, expect = example_parts(snippet)
                shown = plan if isinstance(plan, str) else dump_yaml(plan)
                assert f"{label}:\n{shown.rstrip()}" in run.stdout, (rule.id, label)
                for item in expect or ():  # the findings the example expects are shown under it
                    assert "  → temuan: " + ", ".join(f"{k}={v}" for k, v in item.items()) in run.stdout

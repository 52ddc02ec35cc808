"""Terminal and annotation injection: what comes from input prints as visible escapes.

A plan's ``kode: "\\e]0;pwned\\a"`` set the terminal's title through the text report,
``\\e[2J`` cleared the screen, a carriage return or a file name with a line break forged
report lines, U+202E reversed the rest of a line, and ``\\x01``/``\\x07`` reached GitHub
annotations raw. Text, GitHub annotations and the command line's messages now print
``\\x1b``, ``\\x07``, ``\\r``, ``\\u202e``; JSON, SARIF, JUnit and HTML stay valid and keep
the original text (JUnit only what XML 1.0 can carry).
"""

from __future__ import annotations

import json
import sys
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from renja_rules.cli import main
from renja_rules.report.escape import escape

from .conftest import CLEAN

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\r\x01\u202e\u2066\x9b2.17.01"
# The plan writes it with YAML escapes (the file itself holds only printable characters).
HOSTILE_YAML = '"\\e]0;pwned\\a\\e[2J\\r\\x01\\u202e\\u2066\\x9b2.17.01"'
VISIBLE = "\\x1b]0;pwned\\x07\\x1b[2J\\r\\x01\\u202e\\u2066\\x9b2.17.01"

_UNSAFE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _unsafe_chars(text: str) -> list[str]:
    return [char for char in text if unicodedata.category(char) in _UNSAFE and char != "\n"]


def _strings(value: object) -> list[str]:
    """Every string inside a JSON document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _hostile_plan(folder: Path, name: str = "plan.yaml") -> Path:
    text = CLEAN.read_text(encoding="utf-8").replace('kode: "2.17.01"', f"kode: {HOSTILE_YAML}", 1)
    assert HOSTILE_YAML in text
    plan = folder / name
    plan.write_text(text, encoding="utf-8")
    return plan


def _run(args: list[str], folder: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, env={"RENJA_RULES_CACHE_DIR": str(folder / "cache")})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


# --- the helper ------------------------------------------------------------------------------

def test_every_control_format_and_separator_character_is_escaped() -> None:
    unsafe = "".join(chr(code) for code in range(sys.maxunicode + 1)
                     if unicodedata.category(chr(code)) in _UNSAFE)
    assert len(unsafe) > 300 and "\u202e" in unsafe and "\x85" in unsafe and "\u2028" in unsafe
    escaped = escape(unsafe)
    assert escaped.isascii() and escaped.isprintable()
    assert escape("\x1b\x07\r\n\t\x7f\x9b\u202e\u2067\ufeff\U000e0001\ud800") == (
        "\\x1b\\x07\\r\\n\\t\\x7f\\x9b\\u202e\\u2067\\ufeff\\U000e0001\\ud800"
    )


@pytest.mark.parametrize("text", ["Dinas Koperasi & UKM", "Rp 1.234.567,00", "café 100 %", "a\u00a0b", "数字 😀",
                                  "C:\\plan\\x1b.yaml"])
def test_ordinary_text_prints_as_it_is(text: str) -> None:
    assert escape(text) is text or escape(text) == text


def test_a_caller_may_keep_what_it_encodes_itself() -> None:
    assert escape("a\nb\r\x07", keep="\r\n") == "a\nb\r\\x07"


# --- the text report, GitHub annotations, stderr ---------------------------------------------

def test_text_report_prints_a_hostile_kode_visibly(tmp_path: Path) -> None:
    plan = _hostile_plan(tmp_path)
    code, out, _ = _run(["check", "--no-cache", str(plan)], tmp_path)
    assert code == 1
    assert not _unsafe_chars(out), out
    assert VISIBLE in out
    # One line per violation: nothing from the value started a line of its own.
    assert all(line.startswith(str(plan)) for line in out.splitlines()[1:4])


def test_github_annotations_carry_no_raw_control_characters(tmp_path: Path) -> None:
    plan = _hostile_plan(tmp_path)
    code, out, _ = _run(["check", "--no-cache", "--format", "github", str(plan)], tmp_path)
    assert code == 1
    assert not _unsafe_chars(out), out
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert annotations and all(line.count("::") == 2 for line in annotations)
    assert "\\x1b]0;pwned\\x07\\x1b[2J%0D\\x01\\u202e" in out  # CR as the runner encodes it


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_file_name_with_control_characters_prints_escaped(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    name = "a\nFORGED.yaml:1:1: XX001 error palsu\x1b[2J\u202e.yaml"
    (folder / name).write_text("dokumen: [\n", encoding="utf-8")  # broken: reported with its name
    code, out, _ = _run(["check", "--no-cache", "--format", fmt, str(folder)], tmp_path)
    assert code == 2
    assert not _unsafe_chars(out), out
    assert not any(line.startswith("FORGED") for line in out.splitlines())
    assert "\\x1b[2J\\u202e" in out


def test_error_messages_on_stderr_are_escaped(tmp_path: Path) -> None:
    plan = _hostile_plan(tmp_path)
    baseline = tmp_path / "baseline\x1b]0;x\x07.json"
    baseline.write_text("{not json", encoding="utf-8")
    code, out, err = _run(["check", "--no-cache", "--baseline", str(baseline), str(plan)], tmp_path)
    assert code == 2
    assert "baseline\\x1b]0;x\\x07.json" in err
    assert not _unsafe_chars(err) and not _unsafe_chars(out)


# --- the machine formats keep the original text ----------------------------------------------

def test_json_and_sarif_stay_valid_and_carry_the_original_text(tmp_path: Path) -> None:
    plan = _hostile_plan(tmp_path)
    for fmt in ("json", "sarif"):
        code, out, _ = _run(["check", "--no-cache", "--format", fmt, str(plan)], tmp_path)
        assert code == 1
        assert not any(char < " " and char != "\n" for char in out)  # C0 controls as JSON escapes
        assert any(HOSTILE in text for text in _strings(json.loads(out))), fmt


def test_junit_stays_valid_xml_and_keeps_what_xml_can_carry(tmp_path: Path) -> None:
    plan = _hostile_plan(tmp_path)
    code, out, _ = _run(["check", "--no-cache", "--format", "junit", str(plan)], tmp_path)
    assert code == 1
    text = "".join(ET.fromstring(out).itertext())
    assert "]0;pwned" in text and "\u202e\u2066\x9b2.17.01" in text  # XML 1.0 cannot hold ESC, BEL, \x01


def test_html_stays_valid_and_carries_the_original_text(tmp_path: Path) -> None:
    plan = _hostile_plan(tmp_path)
    report = tmp_path / "r.html"
    code, _, _ = _run(["check", "--no-cache", "-o", f"html={report}", str(plan)], tmp_path)
    assert code == 1
    html = report.read_text(encoding="utf-8")

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    parser.close()
    assert "<script" not in html.lower()
    assert "]0;pwned" in "".join(parser.parts) and "\u202e" in "".join(parser.parts)

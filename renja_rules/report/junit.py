"""JUnit XML (the Apache Ant schema that CI servers read): plan files as suites, rules as tests.

Layout::

    <testsuites>
      <testsuite name="examples/…/tabel-3.1.yaml" package="renja-rules" id="0" tests="…" failures="…" errors="0" …>
        <properties><property name="jenis" value="perubahan-renja"/> …</properties>
        <testcase classname="examples/…/tabel-3.1.yaml" name="PG001 Pagu kegiatan = …" time="0">
          <failure type="error" message="…">one block per violation: position, rule, message,
            kode, field, expected, actual, path</failure>
        </testcase>
        …
        <system-out/><system-err/>
      </testsuite>
    </testsuites>

One ``<testsuite>`` per plan file; in it one ``<testcase>`` per rule that applies to the
document's kind, passing when the rule found nothing and carrying one ``<failure>`` with
all of that rule's violations otherwise (the schema allows one failure per test case).
Warnings and info are failures too, with ``type`` saying their severity. A file that
could not be loaded is a suite with a single test case holding an ``<error>``.

``timestamp`` is the time of the run (UTC), or ``SOURCE_DATE_EPOCH`` when set, for
reproducible output.
"""

from __future__ import annotations

import os
import re
import socket
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import RenjaRulesError
from ..violation import Violation
from .paths import report_path
from .result import FileResult, Result

__all__ = ["render_junit"]

# Characters XML 1.0 cannot carry at all (a plan may hold them through YAML escapes such as "\x01").
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_WORDS = {
    "id": {
        "violations": "{n} pelanggaran",
        "load": "memuat berkas",
        "expected": "seharusnya",
        "actual": "tertulis",
    },
    "en": {
        "violations": "{n} violations",
        "load": "load file",
        "expected": "expected",
        "actual": "found",
    },
}


def render_junit(result: Result, *, lang: str = "id", color: bool = False, root: str | Path | None = None) -> str:
    """The run as JUnit XML text (valid against the Ant JUnit XSD)."""
    words = _WORDS.get(lang, _WORDS["id"])
    timestamp = _timestamp()
    hostname = _hostname()
    suites = ET.Element("testsuites")
    for number, file_result in enumerate(result.files):
        suite = _suite(file_result, result, words, lang, root)
        suite.set("id", str(number))
        suite.set("timestamp", timestamp)
        suite.set("hostname", hostname)
        suites.append(suite)
    for element in suites.iter():
        element.attrib = {key: _xml_text(value) for key, value in element.attrib.items()}
        if element.text:
            element.text = _xml_text(element.text)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _suite(file_result: FileResult, result: Result, words: dict[str, str], lang: str, root: Any) -> ET.Element:
    name = report_path(file_result.file, root)
    suite = ET.Element("testsuite", {"name": name, "package": "renja-rules"})
    properties = ET.SubElement(suite, "properties")
    _property(properties, "renja-rules.version", __version__)
    cases: list[ET.Element] = []
    failures = errors = 0
    if file_result.error is not None:
        case = _case(name, words["load"])
        error = ET.SubElement(case, "error", {"type": type(file_result.error).__name__, "message": file_result.error.message})
        error.text = _error_text(file_result.error, root)
        cases.append(case)
        errors = 1
    else:
        plans = [plan for plan, _ in file_result.parts()]
        for plan in plans:  # a workbook of several tables: each one's jenis and year
            _property(properties, "jenis", plan.jenis)
            _property(properties, "tahun", str(plan.document.dokumen.tahun))
        by_rule: dict[str, list[Violation]] = {}
        for violation in file_result.violations:
            by_rule.setdefault(violation.rule_id, []).append(violation)
        titles: dict[str, str] = {}
        if result.rules is not None:
            rules = tuple(dict.fromkeys(rule for plan in plans for rule in result.rules.for_document(plan.jenis))) \
                if plans else tuple(result.rules)
            titles = {rule.id: getattr(rule.title, lang) for rule in rules}
        for rule_id in list(titles) + sorted(set(by_rule) - set(titles)):
            case = _case(name, f"{rule_id} {titles.get(rule_id, '')}".strip())
            found = by_rule.get(rule_id)
            if found:
                message = found[0].message if len(found) == 1 else f"{words['violations'].format(n=len(found))}: {found[0].message}"
                failure = ET.SubElement(case, "failure", {"type": found[0].severity, "message": message})
                failure.text = "\n\n".join(_violation_text(v, words, root) for v in found) + "\n"
                failures += 1
            cases.append(case)
    suite.extend(cases)
    ET.SubElement(suite, "system-out")
    ET.SubElement(suite, "system-err")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    suite.set("time", "0")
    return suite


def _case(classname: str, name: str) -> ET.Element:
    return ET.Element("testcase", {"classname": classname, "name": name, "time": "0"})


def _property(properties: ET.Element, name: str, value: str) -> None:
    ET.SubElement(properties, "property", {"name": name, "value": value})


def _violation_text(violation: Violation, words: dict[str, str], root: Any) -> str:
    """``file:line:col: RULE severity message``, then the details a verifier quotes."""
    where = ":".join(
        str(part) for part in (report_path(violation.file, root), violation.line, violation.column) if part is not None
    )
    lines = [f"{where}: {violation.rule_id} {violation.severity} {violation.message}"]
    for label, value in (
        ("kode", violation.kode),
        ("field", violation.field),
        (words["expected"], violation.expected),
        (words["actual"], violation.actual),
        ("path", violation.path),
    ):
        if value not in (None, ""):
            lines.append(f"  {label}: {value}")
    return "\n".join(lines)


def _error_text(error: RenjaRulesError, root: Any) -> str:
    if error.location is None:
        return error.message
    parts = [report_path(error.location.file, root)] + [str(p) for p in (error.line, error.column) if p is not None]
    return f"{':'.join(parts)}: {error.message}"


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _timestamp() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = None
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), timezone.utc)
        except (ValueError, OverflowError, OSError):
            moment = None
    moment = moment or datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _hostname() -> str:
    name = socket.gethostname().strip()
    return name or "localhost"

"""Rule files are data: every construct outside the expression whitelist is refused when the
rule file loads, at the rule file's own line and column, and nothing in it is ever run.

One test per forbidden construct. The position is checked exactly: the column of the
``assert`` (or ``when``) value, plus one for its opening quote, plus the offset of the
offending token within the expression.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fuzz.corpus import run_in_process
from renja_rules.errors import RuleError
from renja_rules.expression import MAX_DEPTH, MAX_DIGITS, MAX_LENGTH, MAX_TOKENS
from renja_rules.rules import parse_rules

from .conftest import CLEAN

RULE = """version: 1
rules:
  - id: XX001
    title: {{id: judul, en: title}}
    severity: error
    applies_to: indikator
    kind: expression
    params:
      assert: {source}
    message: {{id: "pesan {{kode}}", en: "message {{kode}}"}}
"""
ASSERT_LINE, ASSERT_COLUMN = 9, 15  # where the quoted expression starts


def refused(source: str, *, key: str = "assert") -> RuleError:
    text = RULE.format(source=json.dumps(source))
    if key == "when":
        text = RULE.format(source='"selisih == 0"') + f"    when: {json.dumps(source)}\n"
    with pytest.raises(RuleError) as caught:
        parse_rules(text, "aturan.yaml")
    return caught.value


# (construct, expression, the text the position must point at, words of the message)
FORBIDDEN = [
    ("attribute-dunder", "selisih.__class__ == 1", "selisih.__class__", "not a field"),
    ("attribute-dict", "selisih.__dict__ == 1", "selisih.__dict__", "not a field"),
    ("attribute-of-a-value", "(selisih).real == 1", ".real", "'.' is not allowed"),
    ("attribute-of-a-keyword", "true.real == 1", "true.real", "not a field"),
    ("attribute-private", "selisih._x == 1", "selisih._x", "not a field"),
    ("indexing", "selisih[0] == 1", "[0]", "'[' is not allowed"),
    ("indexing-by-key", "selisih['__class__'] == 1", "['__class__']", "'[' is not allowed"),
    ("import-call", "__import__('os') == 1", "__import__", "not allowed"),
    ("import-statement", "import os", "os", "unexpected"),
    ("lambda", "lambda: 1", ": 1", "':' is not allowed"),
    ("lambda-with-argument", "(lambda x: x)(1) == 1", ": x)", "':' is not allowed"),
    ("list-comprehension", "[x for x in selisih] == 1", "[x for", "'[' is not allowed"),
    ("generator", "(x for x in selisih) == 1", "for x", "expected ')'"),
    ("dict-comprehension", "{k: 1 for k in y} == 1", "{k:", "'{' is not allowed"),
    ("call-open", "open('/etc/passwd') == 1", "open", "function 'open' is not allowed"),
    ("call-eval", "eval('1') == 1", "eval", "function 'eval' is not allowed"),
    ("call-exec", "exec('x') == 1", "exec", "function 'exec' is not allowed"),
    ("call-getattr", "getattr(selisih, 'x') == 1", "getattr", "function 'getattr' is not allowed"),
    ("call-sum", "sum(selisih) == 1", "sum", "function 'sum' is not allowed"),
    ("call-of-a-field", "selisih(1) == 1", "selisih", "function 'selisih' is not allowed"),
    ("dunder-name", "__builtins__ == 1", "__builtins__", "not a field"),
    ("private-name", "_private == 1", "_private", "not a field"),
    ("conditional", "selisih if lokasi else 0", "if", "unexpected"),
    ("power", "selisih ** 2 == 1", "* 2", "unexpected"),
    ("modulo", "selisih % 2 == 1", "% 2", "'%' is not allowed"),
    ("floor-division", "selisih // 2 == 1", "/ 2", "unexpected"),
    ("walrus", "(a := 1) == 1", ":= 1", "':' is not allowed"),
    ("statement-separator", "selisih == 1; 2", "; 2", "';' is not allowed"),
    ("matrix-multiply", "selisih @ 1 == 1", "@ 1", "'@' is not allowed"),
    ("f-string", "f'{selisih}' == 'x'", "'{selisih}'", "unexpected"),
    ("comment", "selisih == 1 # x", "# x", "'#' is not allowed"),
    ("scientific-notation", "selisih == 1e5", "e5", "unexpected"),
    ("hex-literal", "selisih == 0x10", "x10", "unexpected"),
    ("unclosed-text", "lokasi == 'Dinas", "'Dinas", "not closed"),
    ("long-text", "lokasi == '" + "x" * 201 + "'", "'xxx", "longer than 200"),
    ("chained-comparison", "0 < selisih < 2", "< 2", "chained"),
    ("number-too-long", "selisih == " + "9" * (MAX_DIGITS + 1), "999", f"more than {MAX_DIGITS} digits"),
    ("round-places-too-many", f"round(selisih, {MAX_DIGITS + 1}) == 1", "round", "whole literal number"),
    ("round-places-fraction", "round(selisih, 1.5) == 1", "round", "whole literal number"),
    ("round-places-computed", "round(selisih, selisih) == 1", "round", "whole literal number"),
    ("too-long", "1 + " * (MAX_LENGTH // 4) + "1 == 1", "", f"longer than {MAX_LENGTH}"),
    ("too-many-tokens", "1+" * (MAX_TOKENS // 2 + 5) + "1 == 1", "1+1", f"more than {MAX_TOKENS} tokens"),
    ("nested-parentheses", "(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1) + " == 1", "1)", "nested deeper"),
    ("nested-calls", "abs(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1) + " == 1", "1)", "nested deeper"),
    ("nested-minus", "-" * (MAX_DEPTH + 1) + "1 == 1", "1 ==", "nested deeper"),
    ("nested-not", "not " * (MAX_DEPTH + 1) + "true", "true", "nested deeper"),
    ("text-arithmetic", "'a' + 'b' == 'ab'", "'a'", "needs numbers"),
    ("compare-number-with-text", "selisih == 'x'", "selisih", "cannot compare"),
    ("not-a-condition", "selisih + 1", "selisih", "must give a bool"),
]


@pytest.mark.parametrize("construct, source, at, words", FORBIDDEN, ids=[case[0] for case in FORBIDDEN])
def test_a_forbidden_construct_is_refused_at_load_with_its_position(construct: str, source: str, at: str,
                                                                    words: str) -> None:
    error = refused(source)
    assert words in error.message, error.message
    assert error.file == "aturan.yaml" and error.line == ASSERT_LINE
    offset = error.column - ASSERT_COLUMN - 1  # columns of the value, its opening quote, then the expression
    assert 0 <= offset <= len(source)
    assert source[offset:].startswith(at), f"points at {source[offset:offset + 12]!r}, not {at!r}"


@pytest.mark.parametrize("source, words", [("selisih.__class__ > 0", "not a field"), ("open('x') > 0", "not allowed"),
                                           ("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1) + " > 0", "deeper")])
def test_the_when_condition_is_held_to_the_same_whitelist(source: str, words: str) -> None:
    error = refused(source, key="when")
    assert words in error.message and "when" in error.message
    assert error.line == 11 and error.column >= 11


def test_nothing_in_a_rule_file_is_ever_run(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    payloads = [f"__import__('os').system('touch {marker}') == 0", f"open('{marker}', 'w') == 1",
                f"eval(\"open('{marker}','w')\") == 1"]
    for payload in payloads:
        with pytest.raises(RuleError):
            parse_rules(RULE.format(source=json.dumps(payload)), "aturan.yaml")
    tagged = RULE.format(source='"selisih == 0"').replace(
        "kind: expression", f"kind: !!python/object/apply:os.system ['touch {marker}']")
    with pytest.raises(RuleError):
        parse_rules(tagged, "aturan.yaml")
    assert not marker.exists()


MESSAGE_PLACEHOLDERS = [
    ("attribute", "{kode.__class__}"),
    ("attribute-chain", "{kode.__class__.__mro__}"),
    ("index", "{kode[0]}"),
    ("index-into-globals", "{item.__init__.__globals__[os]}"),
    ("conversion", "{kode!r}"),
    ("format-spec", "{kode:>1000000}"),
    ("nested-format-spec", "{kode:{item}}"),
    ("positional", "{0}"),
    ("empty", "{}"),
    ("unknown-name", "{password}"),
    ("dunder-name", "{__class__}"),
    ("unbalanced", "{kode"),
    ("stray-closing", "kode}"),
]


@pytest.mark.parametrize("construct, placeholder", MESSAGE_PLACEHOLDERS, ids=[case[0] for case in MESSAGE_PLACEHOLDERS])
def test_message_placeholders_cannot_reach_into_objects(construct: str, placeholder: str) -> None:
    text = RULE.format(source='"selisih == 0"').replace('"pesan {kode}"', json.dumps(f"pesan {placeholder}"))
    with pytest.raises(RuleError) as caught:
        parse_rules(text, "aturan.yaml")
    error = caught.value
    assert "message.id" in error.message
    assert (error.line, error.column) == (10, 19)  # the id message's value


def test_a_forbidden_construct_through_the_command_line(tmp_path: Path) -> None:
    rules = tmp_path / "aturan.yaml"
    rules.write_text(RULE.format(source=json.dumps("selisih.__class__.__mro__ == 1")), encoding="utf-8")
    outcome = run_in_process(["check", "--no-default-rules", "--rules", str(rules), str(CLEAN)], tmp_path)
    assert outcome.problems() == [] and outcome.exit_code == 2
    assert f"{rules}:{ASSERT_LINE}:{ASSERT_COLUMN + 1}: " in outcome.output and "not a field" in outcome.output

"""JSON Schemas of plan files and rule files, generated from the typed models.

The models are the single source of truth; ``schemas/*.schema.json`` are their
published form, for editors (yaml-language-server) and other tools. Regenerate with
``python -m renja_rules.schemas`` after changing a model; a test fails if they drift.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .model import PlanDocument
from .rules import RuleFileSpec

__all__ = ["plan_schema", "rules_schema", "write_schemas"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _finish(schema: dict[str, Any], schema_id: str, description: str) -> dict[str, Any]:
    return {"$schema": _DIALECT, "$id": schema_id, "description": description, **schema}


def plan_schema() -> dict[str, Any]:
    """JSON Schema of a plan file."""
    return _finish(
        PlanDocument.model_json_schema(mode="validation"),
        "https://renja-rules.invalid/schemas/plan.schema.json",
        "A Renja / Perubahan Renja / evaluation table, as read by renja-rules. Numbers may be YAML numbers "
        "or Indonesian text ('1.234.567,00'); quote codes ('2.17.01').",
    )


def rules_schema() -> dict[str, Any]:
    """JSON Schema of a rule file."""
    return _finish(
        RuleFileSpec.model_json_schema(mode="validation", by_alias=True),
        "https://renja-rules.invalid/schemas/rules.schema.json",
        "Declarative rules for renja-rules. The parameters of each kind are checked when the rules are loaded.",
    )


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write both schemas into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in (("plan.schema.json", plan_schema()), ("rules.schema.json", rules_schema())):
        target = folder / name
        target.write_text(render(schema), encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":  # pragma: no cover
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "schemas"
    for path in write_schemas(out):
        print(path)

"""Machine output: one JSON document with a stable, documented structure (``schema_version`` 1).

::

    {
      "schema_version": 1,
      "tool": {"name": "renja-rules", "version": "0.1.0"},
      "summary": {"files": 2, "checked": 2, "failed": 0, "violations": 9,
                  "error": 5, "warning": 4, "info": 0},
      "files": [{"file": "...", "status": "checked" | "failed", "violations": 9}],
      "violations": [{"rule_id", "severity", "message", "file", "line", "column",
                      "kode", "level", "field", "expected", "actual", "path"}],
      "errors": [{"file", "line", "column", "message"}]
    }

Numbers in ``expected``/``actual`` are canonical decimal strings (``"9175511065.00"``),
never JSON floats, so nothing is lost in transit.
"""

from __future__ import annotations

import json

from .. import __version__
from .result import Result


def render_json(result: Result, *, lang: str = "id", color: bool = False) -> str:
    counts = result.counts()
    document = {
        "schema_version": 1,
        "tool": {"name": "renja-rules", "version": __version__},
        "summary": {
            "files": len(result.files),
            "checked": sum(1 for f in result.files if f.error is None),
            "failed": len(result.errors),
            "violations": sum(counts.values()),
            "error": counts["error"],
            "warning": counts["warning"],
            "info": counts["info"],
        },
        "files": [
            {
                "file": f.file,
                "status": "failed" if f.error is not None else "checked",
                "violations": len(f.violations),
            }
            for f in result.files
        ],
        "violations": [v.model_dump(mode="json") for v in result.violations],
        "errors": [
            {"file": e.file, "line": e.line, "column": e.column, "message": e.message} for e in result.errors
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

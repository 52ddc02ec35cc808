"""One check of the web page, in a process of its own: ``python -m renja_rules.web.worker``.

The server writes a submission's files into a private temporary folder and starts this
process in it; the process reads the job (JSON, one line) from stdin and answers on stdout
with one JSON object per line: ``{"tahap": ..., "selesai": i, "jumlah": n}`` while it works,
then ``{"hasil": ...}`` (or ``{"galat": message}``). A process per check, because a hostile
or enormous submission may cost seconds and hundreds of megabytes: the server kills it at
its deadline and stays as it was, and every plan is let go when the process ends.

The check is the command line's own path (:func:`renja_rules.run.check_submission`), with the plans'
folder as the working folder, so reports name the files as the verifier's browser did.
"""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import RenjaRulesError, Text
from ..violation import SEVERITIES

__all__ = ["PLANS", "CONFIG", "run_job"]

PLANS = "berkas"  # the submission's plans, under the temporary folder
CONFIG = "konfigurasi"  # an uploaded configuration and its rule files

_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def run_job(job: dict[str, Any], say: Any = _say) -> dict[str, Any]:
    """Check the plans in the working folder as ``job`` says; returns the answer's ``hasil``.

    ``job``: ``files`` (names in the working folder), ``lang`` (``id``/``en``),
    ``min_severity`` (findings below it are left out of every report), ``config`` (a
    configuration file, absolute, or none: then no configuration file is read at all),
    ``rules`` (rule files, absolute), ``confine`` (the folder an uploaded configuration's
    rule files must lie in, or none for the server's own).
    """
    from ..pipeline import RunOptions
    from ..report import RENDERERS
    from ..run import check_submission, discover_submission

    lang = job["lang"]
    config = Path(job["config"]) if job.get("config") else None
    if config is not None and job.get("confine"):
        _confine(config, Path(job["confine"]))
    options = RunOptions(config=config, rules=tuple(Path(rule) for rule in job.get("rules", ())),
                         lang=lang, isolated=True)
    submission = discover_submission(job["files"], options)
    total = len(submission.files)
    say({"tahap": "memeriksa", "selesai": 0, "jumlah": total})
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        say({"tahap": "memeriksa", "selesai": done, "jumlah": total})

    state = check_submission(submission, options, lang, keep_plans=True, progress=advance)
    result = state.result
    _keep_at_least(result, job.get("min_severity", "info"))
    say({"tahap": "laporan", "selesai": total, "jumlah": total})
    fail_on = job.get("fail_on") or "error"
    counts = result.counts()
    downloads = {name: RENDERERS[name](result, lang=lang, color=False) for name in ("html", "json", "sarif")}
    downloads["xlsx"] = _workbook(result, lang)
    return {
        "ringkasan": {
            "berkas": len(result.files),
            "kesalahan": counts["error"],
            "peringatan": counts["warning"],
            "info": counts["info"],
            "tidak_terbaca": len(result.errors),
            "kode_keluar": result.exit_code(fail_on),
        },
        "berkas": [{"nama": file.file, "temuan": len(file.violations),
                    "galat": str(file.error) if file.error is not None else None} for file in result.files],
        "unduhan": downloads,
    }


def _confine(config: Path, folder: Path) -> None:
    """An uploaded configuration may name only rule files and nomenclature lists uploaded with it
    (or the lists the package ships, ``bawaan``)."""
    from ..config import ConfigError, load_config
    from ..nomenclature import BUILT_IN

    settings = load_config(config)
    inside = os.path.realpath(folder)
    named = [("rules", Path(rule)) for rule in settings.rules]
    named += [("nomenklatur", Path(name)) for name in settings.nomenklatur if name != BUILT_IN]
    for key, path in named:
        real = os.path.realpath(path)
        if real != inside and not real.startswith(inside + os.sep):
            raise ConfigError(Text(
                f"{key}: '{path.name}' tidak diunggah bersama konfigurasi; unggah berkasnya juga "
                "(konfigurasi yang diunggah hanya boleh menyebut berkas aturan dan daftar yang ikut diunggah)",
                f"{key}: '{path.name}' was not uploaded with the configuration; upload it too "
                "(an uploaded configuration may only name rule files and lists uploaded with it)"))


def _keep_at_least(result: Any, severity: str) -> None:
    """Leave out findings below ``severity`` (the page's threshold), from every report."""
    limit = _RANK[severity]
    for file in result.files:
        file.violations = [v for v in file.violations if _RANK[v.severity] <= limit]
        file.tables = [(plan, [v for v in found if _RANK[v.severity] <= limit]) for plan, found in file.tables]


def _workbook(result: Any, lang: str) -> str | None:
    """The annotated workbook of every readable plan (base64), or ``None`` when none could be read."""
    from ..export.book import PlanEntry, book_bytes, build_book

    entries = [PlanEntry(file.file, plan.document, list(found))
               for file in result.files for plan, found in file.parts()]
    if not entries:
        return None
    return base64.b64encode(book_bytes(build_book(entries, lang=lang, annotate=True))).decode("ascii")


def main() -> int:
    # The folder this process started in comes first on sys.path (``-m``): nothing is ever
    # imported from a submission's folder.
    started = os.getcwd()
    sys.path[:] = [entry for entry in sys.path if entry not in ("", started)]
    lang = "id"
    try:
        job = json.loads(sys.stdin.readline())
        lang = job.get("lang", "id")
        os.chdir(PLANS)
        _say({"hasil": run_job(job)})
    except RenjaRulesError as error:
        _say({"galat": str(error.in_language(lang))})
    except Exception as error:  # noqa: BLE001 - the page shows it instead of a silent failure
        _say({"galat": f"renja-rules: {type(error).__name__}: {error}"})
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

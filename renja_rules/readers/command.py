"""``renja-rules import``: tables people exchange, written as plan YAML.

Kept out of :mod:`renja_rules.cli` so that the command's code (and openpyxl) loads only when it
runs; the CLI registers :func:`import_command`.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from ..model import JENIS_DOKUMEN

__all__ = ["import_command"]

_WORDS = {
    "id": {
        "several": "{file} berisi {n} tabel: beri -o FOLDER/ untuk menulis satu berkas per tabel",
        "input": "{out}: tidak menimpa berkas masukan",
        "written": "{out}: {sheet} dari {file} ditulis",
        "policy": "{file}: berkas inferensi tidak dapat dibaca: {error}",
    },
    "en": {
        "several": "{file} holds {n} tables: give -o FOLDER/ to write one file per table",
        "input": "{out}: will not overwrite an input file",
        "written": "{out}: {sheet} of {file} written",
        "policy": "{file}: cannot read the inference file: {error}",
    },
}


def _fail(message: str) -> None:
    click.echo(f"renja-rules: {message}", err=True)
    sys.exit(2)


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z.]+", "-", text).strip("-").lower() or "tabel"


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--output", "-o", "output", type=click.Path(), default=None,
              help="Plan YAML to write, or a folder (ending in /) for one file per table; default: stdout.")
@click.option("--jenis", type=click.Choice(JENIS_DOKUMEN), default=None, help="The document type (default: from the headings).")
@click.option("--sheet", default=None, help="Read only this sheet (or 'Tabel N' of a text file).")
@click.option("--tahun", type=int, default=None, help="The plan year, when the title does not say it.")
@click.option("--perangkat-daerah", default=None, help="The perangkat daerah, when the title does not say it.")
@click.option("--pemerintah-daerah", default=None, help="The pemerintah daerah, when the title does not say it.")
@click.option("--from-text", is_flag=True, help="Read the files as the tab-separated text of PDF tables.")
@click.option("--inferensi", type=click.Path(dir_okay=False), default=None,
              help="YAML file replacing the policy that infers kumulatif/polaritas.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
def import_command(files: tuple[str, ...], output: str | None, jenis: str | None, sheet: str | None,
                   tahun: int | None, perangkat_daerah: str | None, pemerintah_daerah: str | None,
                   from_text: bool, inferensi: str | None, lang: str) -> None:
    """Read xlsx, CSV/TSV or PDF-table text and write plan YAML in the style of examples/."""
    # Imported here: `renja-rules check` never loads the readers unless it meets a spreadsheet.
    from .importer import ImportOptions

    words = _WORDS[lang]
    options = ImportOptions(jenis=jenis, sheet=sheet, tahun=tahun, perangkat_daerah=perangkat_daerah,
                            pemerintah_daerah=pemerintah_daerah, from_text=from_text,
                            policy=_policy(inferensi, words, lang))
    plans = _read_all(files, options, lang)
    folder = output is not None and (output.endswith(("/", os.sep)) or Path(output).is_dir())
    if len(plans) > 1 and not folder:
        _fail(words["several"].format(file=", ".join(files), n=len(plans)))
    writes = []
    for plan in plans:
        _say_notes(plan, lang)
        writes.append((_target(plan, output, folder, files, words), plan))
    _write_all(writes, words)


def _policy(inferensi: str | None, words: dict[str, str], lang: str) -> Any:
    """The inference policy file named with --inferensi, or ``None`` for the rule set's own."""
    from ..errors import in_language
    from .inference import load_policy

    try:
        return load_policy(Path(inferensi)) if inferensi else None
    except (OSError, ValueError, Exception) as error:  # a YAML error is an Exception subclass
        why = getattr(error, "strerror", None) or in_language(error.args[0] if error.args else str(error), lang)
        _fail(words["policy"].format(file=inferensi, error=why))


def _read_all(files: tuple[str, ...], options: Any, lang: str) -> list[Any]:
    from ..errors import in_language
    from .grid import ReadError
    from .importer import read_plans

    plans = []
    for name in files:
        try:
            plans.extend(read_plans(Path(name), options))
        except ReadError as error:
            _fail(in_language(error.args[0] if error.args else str(error), lang))
    return plans


def _say_notes(plan: Any, lang: str) -> None:
    for cell, note in plan.notes:
        where = f"{plan.source}:{plan.sheet}" + (f"!{cell.ref}" if cell is not None else "")
        click.echo(f"{where}: info: {getattr(note, 'en', note) if lang == 'en' else note}", err=True)


def _target(plan: Any, output: str | None, folder: bool, files: tuple[str, ...], words: dict[str, str]) -> Path | None:
    """Where a plan's YAML goes (``None``: standard output); never over one of the files read."""
    if output is None:
        return None
    target = Path(output) / f"{Path(plan.source).stem}-{_slug(plan.sheet)}.yaml" if folder else Path(output)
    if any(_same(target, Path(name)) for name in files if target.exists()):
        _fail(words["input"].format(out=target))
    return target


def _write_all(writes: list[tuple[Path | None, Any]], words: dict[str, str]) -> None:
    """Every plan's YAML, made first (nothing written if one fails to be made), then written."""
    from ..report import write_atomic
    from .importer import plan_yaml

    texts = [(target, plan_yaml(plan), plan) for target, plan in writes]
    for target, text, plan in texts:
        if target is None:
            click.echo(text, nl=False)
            continue
        try:
            write_atomic(target, text)
        except OSError as error:
            _fail(f"{target}: {error.strerror or error}")
        click.echo(words["written"].format(out=target, sheet=plan.sheet, file=plan.source), err=True)

"""Inferring what a printed evaluation table cannot show: ``kumulatif`` and ``polaritas``.

The rules are policy data (``inference.yaml`` beside this module, replaceable per run); each
inference is returned as a note so that ``import`` reports it and the verifier sees what was
assumed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .grid import Note

__all__ = ["load_policy", "infer"]

_PAIRS = ("target_renstra", "target")  # the unit the indicator is planned in


def load_policy(path: Path | None = None) -> dict[str, Any]:
    """The inference policy: the packaged default, or the file given."""
    from importlib import resources  # only when a table is read

    text = path.read_text(encoding="utf-8") if path else \
        resources.files(__package__).joinpath("inference.yaml").read_text(encoding="utf-8")
    policy = yaml.safe_load(text)
    if not isinstance(policy, dict) or "kumulatif" not in policy:
        raise ValueError("berkas inferensi harus berisi kunci 'kumulatif' dan 'polaritas'")
    return policy


def _unit(text: str) -> str:
    return re.sub(r"^\(?-?[\d.,\s]+\)?", "", text).strip().lower()


def infer(indicator: dict[str, Any], policy: dict[str, Any]) -> list[Note]:
    """Set ``kumulatif`` and ``polaritas`` on an evaluation indicator; the notes saying what was assumed."""
    uraian = str(indicator.get("uraian") or "")
    first = uraian.split(maxsplit=1)[0].lower() if uraian.split() else ""
    rules = policy.get("kumulatif", {})
    units = {_unit(str(indicator[p].get("k", ""))) for p in _PAIRS if isinstance(indicator.get(p), dict)}
    notes = []
    level_word = first in {w.lower() for w in rules.get("level_first_words", [])}
    level_unit = bool(units & {u.lower() for u in rules.get("level_units", [])})
    if level_word or level_unit:
        indicator["kumulatif"] = False
        why = f"kata '{first}'" if level_word else "satuan %"
        why_en = f"the word '{first}'" if level_word else "the unit %"
        notes.append(Note(f"kumulatif: false (indikator tingkat, dari {why}) — '{uraian}'",
                          f"kumulatif: false (a level indicator, from {why_en}) — '{uraian}'"))
    else:
        notes.append(Note(f"kumulatif: true (indikator hitungan) — '{uraian}'",
                          f"kumulatif: true (a count) — '{uraian}'"))
    negatif = {w.lower() for w in policy.get("polaritas", {}).get("negatif_words", [])}
    if negatif & set(re.findall(r"\w+", uraian.lower())):
        indicator["polaritas"] = "negatif"
        notes.append(Note(f"polaritas: negatif (makin kecil makin baik) — '{uraian}'",
                          f"polaritas: negatif (lower is better) — '{uraian}'"))
    return notes

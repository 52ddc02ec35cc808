"""Inferring what a printed evaluation table cannot show: ``kumulatif`` and ``polaritas``.

The rules are policy data (``inference.yaml`` beside this module, replaceable per run); each
inference is returned as a note so that ``import`` reports it and the verifier sees what was
assumed. What the verifier knows better is stated per indicator, under ``indikator:`` in a
policy file or in a book's sidecar (``kiriman.inferensi.yaml`` beside ``kiriman.xlsx``)::

    indikator:
      - uraian: Persentase koperasi sehat   # the indicator's text (case and spacing ignored)
        kode: 2.17.03                       # optional: only under this item
        kumulatif: true                     # optional
        polaritas: negatif                  # optional
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..discovery import SIDECAR_SUFFIX
from ..errors import Text
from .grid import Note

__all__ = ["load_policy", "infer"]

_PAIRS = ("target_renstra", "target")  # the unit the indicator is planned in


_ENTRY_KEYS = {"uraian", "kode", "kumulatif", "polaritas"}
_MAX_POLICY_BYTES = 1_000_000


def sidecar_of(path: Path) -> Path:
    """Where the sidecar of a book or text would be: ``kiriman.inferensi.yaml`` beside ``kiriman.xlsx``."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def load_policy(path: Path | None = None, *, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The inference policy: the packaged default, or the file given.

    A file holding only ``indikator:`` (a sidecar) keeps ``base``'s rules (default: the
    packaged ones) and adds its statements; ``ValueError`` says what is wrong with a file.
    """
    from importlib import resources  # only when a table is read

    if path is None:
        text = resources.files(__package__).joinpath("inference.yaml").read_text(encoding="utf-8")
    else:
        if path.stat().st_size > _MAX_POLICY_BYTES:
            raise ValueError(Text(f"lebih dari {_MAX_POLICY_BYTES} bita", f"larger than {_MAX_POLICY_BYTES} bytes"))
        text = path.read_text(encoding="utf-8")
    try:
        policy = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", error)
        raise ValueError(Text(f"{where}YAML tidak sah: {problem}", f"{where}invalid YAML: {problem}")) from None
    if not isinstance(policy, dict) or not ({"kumulatif", "indikator"} & set(policy)):
        raise ValueError(Text("berkas inferensi harus berisi kunci 'kumulatif' dan 'polaritas', atau 'indikator'",
                              "an inference file holds 'kumulatif' and 'polaritas', or 'indikator'"))
    unknown = set(policy) - {"kumulatif", "polaritas", "indikator"}
    if unknown:
        names = ", ".join(sorted(map(str, unknown)))
        raise ValueError(Text(f"kunci tidak dikenal: {names}", f"unknown keys: {names}"))
    policy["indikator"] = _statements(policy.get("indikator") or [])
    if "kumulatif" not in policy:  # a sidecar: the rules stay those of the base policy
        rules = base if base is not None else load_policy()
        policy = {**rules, "indikator": [*rules.get("indikator", []), *policy["indikator"]]}
    return policy


def _statements(entries: Any) -> list[dict[str, Any]]:
    """Check the ``indikator:`` list: each a mapping naming an indicator and what is stated."""
    if not isinstance(entries, list):
        raise ValueError(Text("'indikator' harus berupa daftar", "'indikator' must be a list"))
    for number, entry in enumerate(entries, 1):
        where = f"indikator #{number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("uraian"), str) or not entry["uraian"].strip():
            raise ValueError(Text(f"{where}: perlu 'uraian' (teks indikator)", f"{where}: needs 'uraian' (the indicator's text)"))
        unknown = set(entry) - _ENTRY_KEYS
        if unknown:
            names = ", ".join(sorted(map(str, unknown)))
            raise ValueError(Text(f"{where}: kunci tidak dikenal: {names}", f"{where}: unknown keys: {names}"))
        if "kumulatif" in entry and not isinstance(entry["kumulatif"], bool):
            raise ValueError(Text(f"{where}: 'kumulatif' harus true atau false", f"{where}: 'kumulatif' must be true or false"))
        if entry.get("polaritas", "positif") not in ("positif", "negatif"):
            raise ValueError(Text(f"{where}: 'polaritas' harus positif atau negatif",
                                  f"{where}: 'polaritas' must be positif or negatif"))
        if "kode" in entry and not isinstance(entry["kode"], (str, int, float)):
            raise ValueError(Text(f"{where}: 'kode' harus teks", f"{where}: 'kode' must be text"))
        if not ({"kumulatif", "polaritas"} & set(entry)):
            raise ValueError(Text(f"{where}: nyatakan 'kumulatif' atau 'polaritas'", f"{where}: state 'kumulatif' or 'polaritas'"))
    return entries


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _stated(uraian: str, kode: str, policy: dict[str, Any]) -> dict[str, Any]:
    """What the policy states of this indicator (the last matching statement wins per key)."""
    stated: dict[str, Any] = {}
    for entry in policy.get("indikator", []):
        if _same_text(entry["uraian"], uraian) and ("kode" not in entry or str(entry["kode"]).strip() == kode):
            stated.update({key: entry[key] for key in ("kumulatif", "polaritas") if key in entry})
    return stated


def _unit(text: str) -> str:
    return re.sub(r"^\(?-?[\d.,\s]+\)?", "", text).strip().lower()


def infer(indicator: dict[str, Any], policy: dict[str, Any], kode: str = "") -> list[Note]:
    """Set ``kumulatif`` and ``polaritas`` on an evaluation indicator; the notes saying what was assumed.

    What the policy states for this indicator (``indikator:``) is taken as stated, and said so.
    """
    uraian = str(indicator.get("uraian") or "")
    stated = _stated(uraian, kode, policy)
    notes: list[Note] = []
    for key, value in stated.items():
        indicator[key] = value
        shown = str(value).lower()
        notes.append(Note(f"{key}: {shown} (dinyatakan di berkas inferensi) — '{uraian}'",
                          f"{key}: {shown} (stated in the inference file) — '{uraian}'"))
    if "kumulatif" not in stated:
        notes.extend(_infer_kumulatif(indicator, policy, uraian))
    if "polaritas" not in stated:
        notes.extend(_infer_polaritas(indicator, policy, uraian))
    return notes


def _infer_kumulatif(indicator: dict[str, Any], policy: dict[str, Any], uraian: str) -> list[Note]:
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
    return notes


def _infer_polaritas(indicator: dict[str, Any], policy: dict[str, Any], uraian: str) -> list[Note]:
    notes = []
    negatif = {w.lower() for w in policy.get("polaritas", {}).get("negatif_words", [])}
    if negatif & set(re.findall(r"\w+", uraian.lower())):
        indicator["polaritas"] = "negatif"
        notes.append(Note(f"polaritas: negatif (makin kecil makin baik) — '{uraian}'",
                          f"polaritas: negatif (lower is better) — '{uraian}'"))
    return notes

from __future__ import annotations

from pathlib import Path

import pytest

import renja_rules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED_31 = EXAMPLES / "seed-malang-2021" / "tabel-3.1-perubahan-renja.yaml"
SEED_21 = EXAMPLES / "seed-malang-2021" / "tabel-2.1-evaluasi-renja.yaml"
CLEAN = EXAMPLES / "bersih" / "perubahan-renja-bersih.yaml"


@pytest.fixture(scope="session")
def rules() -> renja_rules.RuleSet:
    return renja_rules.load_rules()

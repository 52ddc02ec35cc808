from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings

import renja_rules

# Property tests assert behaviour, never time: no deadline (hypothesis' default of 200 ms
# per example fails a correct test on a busy CI machine). Tests with their own settings
# set their own deadline.
settings.register_profile("renja-rules", deadline=None)
settings.load_profile("renja-rules")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED_31 = EXAMPLES / "seed-malang-2021" / "tabel-3.1-perubahan-renja.yaml"
SEED_21 = EXAMPLES / "seed-malang-2021" / "tabel-2.1-evaluasi-renja.yaml"
CLEAN = EXAMPLES / "bersih" / "perubahan-renja-bersih.yaml"


@pytest.fixture(scope="session")
def rules() -> renja_rules.RuleSet:
    return renja_rules.load_rules()


def bench_generator() -> ModuleType:
    """``bench/generate.py`` (not a package) imported once as ``bench_generate``."""
    module = sys.modules.get("bench_generate")
    if module is None:
        spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_generate"] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
    return module

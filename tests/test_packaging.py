"""What an installation carries: a wheel built from this tree, unpacked and used on its own.

pre-commit installs the hook's repository with ``pip install .`` (not editable): the
package must then bring its default rule set and its report template, since there is no
source tree beside it. Built with setuptools' own backend, in a copy of the tree, so that
the working tree gets no build/ or egg-info from the test.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import CLEAN, ROOT

pytest.importorskip("setuptools", minversion="77")  # the licence as an SPDX expression


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("tree")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tree / name)
    for folder in ("renja_rules", "rules"):
        shutil.copytree(ROOT / folder, tree / folder, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-c", f"from setuptools import build_meta; print(build_meta.build_wheel({str(out)!r}))"],
        cwd=tree, capture_output=True, text=True, check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = out / built.stdout.strip().splitlines()[-1]
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def test_the_wheel_carries_the_default_rules_and_the_report_template(unpacked: Path) -> None:
    shipped = sorted(path.name for path in (ROOT / "rules").glob("*.yaml"))
    packaged = sorted(path.name for path in (unpacked / "renja_rules" / "_rules").glob("*.yaml"))
    assert packaged == shipped
    for name in shipped:
        assert (unpacked / "renja_rules" / "_rules" / name).read_bytes() == (ROOT / "rules" / name).read_bytes()
    lists = sorted(path.name for path in (ROOT / "rules" / "nomenklatur").glob("*.csv"))
    assert lists and sorted(p.name for p in (unpacked / "renja_rules" / "_rules" / "nomenklatur").glob("*.csv")) == lists
    assert (unpacked / "renja_rules" / "report" / "templates" / "report.html.j2").is_file()
    assert (unpacked / "renja_rules" / "py.typed").is_file()
    web = ROOT / "renja_rules" / "web"
    for asset in ("templates/page.html.j2", "static/app.js", "static/app.css"):  # the page of `serve`
        assert (unpacked / "renja_rules" / "web" / asset).read_bytes() == (web / asset).read_bytes()


def test_the_wheel_carries_every_module_of_the_package(unpacked: Path) -> None:
    """A subpackage missing from pyproject's list would be missing from a plain install."""
    source = ROOT / "renja_rules"
    modules = sorted(str(path.relative_to(source)) for path in source.rglob("*.py"))
    assert modules and "export/book.py" in modules
    assert [m for m in modules if not (unpacked / "renja_rules" / m).is_file()] == []


def test_an_installed_package_checks_with_its_own_rules(unpacked: Path, tmp_path: Path) -> None:
    # Another distribution's top-level "rules" folder beside the package, in site-packages.
    foreign = unpacked / "rules"
    foreign.mkdir(exist_ok=True)
    (foreign / "__init__.py").write_text("", encoding="utf-8")
    script = (
        "import renja_rules, renja_rules.rules as r\n"
        "print(r.default_rules_dir())\n"
        "rules = renja_rules.load_rules()\n"
        f"print(len(rules.rules), len(renja_rules.check(renja_rules.load_plan({str(CLEAN)!r}), rules)))\n"
    )
    # Run from an empty folder with only the unpacked wheel on the path (-I: no user site,
    # no PYTHON* variables, and not the editable install of this tree).
    completed = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(unpacked)!r})\n" + script],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    folder, counts = completed.stdout.strip().splitlines()
    assert Path(folder) == unpacked / "renja_rules" / "_rules"
    assert counts == f"{len(__import__('renja_rules').load_rules().rules)} 0"

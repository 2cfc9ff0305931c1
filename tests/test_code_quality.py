"""The checks STYLE.md asks to run with the tests: format, lint, types, layers."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What each layer may import from overcap's own packages.
ALLOWED = {
    "domain": {"domain"},
    "workflows": {"domain", "workflows"},
    "projections": {"domain", "workflows", "projections"},
    "api": {"domain", "workflows", "projections", "api"},
}
OUTSIDE_DOMAIN = {"eventsourcing.domain"}


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(layer):
    own = set(ALLOWED)
    crossing = []
    for path in (ROOT / layer).rglob("*.py"):
        for name in imports_of(path):
            top = name.split(".")[0]
            if top in own and top not in ALLOWED[layer]:
                crossing.append(f"{path.relative_to(ROOT)} imports {name}")
    assert crossing == []


def test_the_domain_does_no_io_and_uses_only_eventsourcing_domain():
    stdlib = set(sys.stdlib_module_names)
    foreign = []
    for path in (ROOT / "domain").rglob("*.py"):
        for name in imports_of(path):
            top = name.split(".")[0]
            if top in stdlib or top == "domain" or name in OUTSIDE_DOMAIN:
                if top in {"os", "socket", "subprocess", "sqlite3", "urllib"}:
                    foreign.append(f"{path.relative_to(ROOT)} imports {name}")
                continue
            foreign.append(f"{path.relative_to(ROOT)} imports {name}")
    assert foreign == []


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_the_code_is_formatted_and_lint_free():
    formatted = run("ruff", "format", "--check", ".")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    linted = run("ruff", "check", ".")
    assert linted.returncode == 0, linted.stdout + linted.stderr


@pytest.mark.skipif(shutil.which("mypy") is None, reason="mypy is not installed")
def test_the_domain_and_workflows_type_check():
    checked = run("mypy", "domain", "workflows")
    assert checked.returncode == 0, checked.stdout + checked.stderr

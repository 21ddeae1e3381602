"""The house plan holds: the import contracts of pyproject.toml are kept, a contract broken on
purpose fails them, nothing above the service touches the store, only settings.py reads the
environment, and every public name is defined once (docs/architecture.md)."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "overleg"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
INTERFACES = ("cli", "app.py", "api", "web", "http")

# Names that are one interface implemented once per module (a reader's ``read``, a writer's
# ``write``, a command module's ``register``, a router per package), not one thing defined twice.
SAME_INTERFACE_IN_EACH_MODULE = frozenset({
    "read", "write", "parse", "extract", "register", "router", "T", "GENRE", "BEGIN", "END",
    "BASE_URL", "download",  # each connector's service root and its one way to fetch a file
})


def _modules(*parts: str) -> list[Path]:
    found: list[Path] = []
    for part in parts:
        path = PACKAGE / part
        found += [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
    return [p for p in found if "migrations" not in p.parts]


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(root / "src")}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", str(root / "pyproject.toml")], cwd=root / "src",
                          env=env, capture_output=True, text=True, check=False, timeout=120)


def test_the_import_contracts_of_the_house_plan_are_kept() -> None:
    done = _lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BROKEN" not in done.stdout and re.search(r"Contracts: \d+ kept, 0 broken", done.stdout)


BREAKAGES = {
    # file, line added, the contract it must break
    "web/routes.py": ("import overleg.store", "Nothing above the service reaches the store"),
    "readers/pdf.py": ("import overleg.writers", "Readers and writers are independent"),
    "web/session.py": ("import overleg.web.routes", "No import circles anywhere in the package"),
    "store/engine.py": ("import typer", "Only the command line imports Typer"),
    "web/workspace.py": ("import overleg.procedure.access", "The procedure's rules (who may, what happens)"),
    "model/ids.py": ("import overleg.service", "Layers: interfaces"),
}


def test_a_contract_broken_on_purpose_fails_the_check(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "src" / "overleg", ignore=shutil.ignore_patterns(
        "examples", "__pycache__", "*.pdf", "*.docx", "node_modules"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    assert _lint_imports(tmp_path).returncode == 0  # the copy itself is sound
    for name, (line, _) in BREAKAGES.items():
        target = tmp_path / "src" / "overleg" / name
        target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # broken on purpose\n", encoding="utf-8")
    done = _lint_imports(tmp_path)
    assert done.returncode != 0
    report = " ".join(done.stdout.split())
    for name, (_, contract) in BREAKAGES.items():
        assert re.search(re.escape(contract) + r".*? BROKEN", report), (name, contract, done.stdout[-3000:])


def _attributes(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(n.lineno, n.attr) for n in ast.walk(tree) if isinstance(n, ast.Attribute)]


@pytest.mark.parametrize("path", _modules(*INTERFACES), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_interface_reaches_the_store_through_an_attribute(path: Path) -> None:
    reached = [(line, attr) for line, attr in _attributes(path) if attr in ("store", "_store", "engine", "_engine")]
    assert reached == [], f"{path.name} reaches past the service: {reached}"


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = []
    for path in _modules("."):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv", "unsetenv") \
                    and isinstance(node.value, ast.Name) and node.value.id == "os":
                readers.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert readers and all(place.startswith("settings.py:") for place in readers), readers


def test_every_public_name_is_defined_once() -> None:
    """A class is defined in one module of the package. So is a function or a constant below the
    interfaces; the interfaces may name a command or a route after the service verb it calls
    (``overleg search`` -> ``search``), and FastAPI takes a route's name as its OpenAPI id."""
    defined: dict[str, list[str]] = defaultdict(list)
    interface = {(PACKAGE / part).resolve() for part in (*INTERFACES, "bench")}
    for path in _modules("."):
        above = any(path.resolve() == p or p in path.resolve().parents for p in interface)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            names: list[str] = []
            if isinstance(node, ast.ClassDef):
                names = [node.name]
            elif above:
                continue
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            for name in names:
                if not name.startswith("_") and name not in SAME_INTERFACE_IN_EACH_MODULE:
                    defined[name].append(str(path.relative_to(PACKAGE)))
    twice = {name: places for name, places in defined.items() if len(places) > 1}
    assert twice == {}, "\n".join(f"{name}: {', '.join(places)}" for name, places in sorted(twice.items()))

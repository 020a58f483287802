"""The package's folders are the pipeline's stages, and no import runs upward (issue 20): a stage imports only
the stages before it and the shared utilities, and no module imports itself back through another."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest_pareval

PACKAGE = Path(pytest_pareval.__file__).parent
#: The pipeline, in the order data flows; each may import only what stands before it.
STAGES = ("common", "sandbox", "suite", "generate", "build", "run", "verdict", "report", "plugin", "cli")


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The package's own modules ``path`` imports (at any depth of the file: lazy imports count too)."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "pytest_pareval":
                continue
            for alias in node.names:  # `from . import x` names a module when x is one
                sub = f"{target}.{alias.name}"
                found.add(sub if (PACKAGE.parent / sub.replace(".", "/")).with_suffix(".py").exists()
                          or (PACKAGE.parent / sub.replace(".", "/")).is_dir() else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "pytest_pareval")
    found.discard(module)
    return found


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _graph() -> dict[str, set[str]]:
    return {_module(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_the_folders_are_the_stages():
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__"))
    assert folders == sorted(s for s in STAGES if s != "cli")
    assert not [p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "cli.py")]


def test_no_import_runs_upward():
    upward = []
    for module, targets in _graph().items():
        here = _stage(module)
        for target in targets:
            there = _stage(target)
            if here and there and STAGES.index(there) > STAGES.index(here):
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_no_import_circles():
    graph = _graph()
    circles = []

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                circles.append(" -> ".join(path[path.index(nxt):] + [nxt]))
            elif nxt not in done:
                visit(nxt, path + [nxt])
        done.add(node)

    done: set[str] = set()
    for start in sorted(graph):
        if start not in done:
            visit(start, [start])
    assert circles == []

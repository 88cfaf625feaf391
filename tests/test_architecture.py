"""The package tree is the pipeline: a stage imports only from earlier stages (and the shared
vocabulary), and the command line imports only the public API. Checked with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "teikit"

# Pipeline order. A module may import teikit modules of its own rank or lower.
RANKS = {
    "_version": 0,
    "errors": 0,
    "model": 0,
    "options": 0,
    "safexml": 0,  # the one hardened XML parser every stage uses; it needs only errors
    "xmlnames": 0,  # the TEI and XML namespaces, for every stage that writes or reads TEI
    "profile": 0,  # the layout profile: options holds one, and every stage from read on reads it
    "read": 1,
    "layout": 2,
    "footnotes": 3,
    "entities": 4,
    "tei": 5,
    "report": 6,
    "convert": 6,
    "validation": 8,
    "corpus": 9,
    "export": 10,
    "testing": 11,
    "parallel": 11,
    "distributed": 11,
}


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def teikit_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(a.name for a in node.names if a.name.split(".")[0] == "teikit")
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and node.module.split(".")[0] == "teikit"
        ):
            found.append(node.module)
    return found


def test_stages_import_only_earlier_stages() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        stage = relative.parts[0].removesuffix(".py")
        if stage in {"__init__", "__main__", "cli", "schemas"}:
            continue
        assert stage in RANKS, f"{relative}: a module of no known stage"
        for module in teikit_imports(path):
            imported = stage_of(module)
            if imported and RANKS.get(imported, 99) > RANKS[stage]:
                wrong.append(f"{relative} imports {module}")
    assert not wrong


def test_cli_imports_only_the_public_api() -> None:
    wrong = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        for module in teikit_imports(path):
            if module != "teikit" and not module.startswith("teikit.cli"):
                wrong.append(f"{path.name} imports {module}")
    assert not wrong


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    where = PACKAGE.parent / name.replace(".", "/")
    return where.with_suffix(".py").is_file() or where.is_dir()


def test_no_import_cycles() -> None:
    # Every import counts, at the top, in a function or for types only: a cycle anywhere
    # means two modules that cannot be understood (or split) one without the other.
    # ``from teikit.validation import checks`` is an edge to the submodule checks.
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name.split(".")[0] == "teikit")
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module.split(".")[0] != "teikit":
                    continue
                named = [f"{node.module}.{a.name}" for a in node.names]
                submodules = [name for name in named if _is_module(name)]
                edges.update(submodules or [node.module])
        graph[_module_name(path)] = edges
    cycles = []
    for start in sorted(graph):
        reached: set[str] = set()
        todo = [d for d in graph[start] if d in graph]
        while todo:
            module = todo.pop()
            if module == start:
                cycles.append(start)
                break
            if module not in reached:
                reached.add(module)
                todo.extend(d for d in graph[module] if d in graph)
    assert not cycles, f"modules on an import cycle: {cycles}"

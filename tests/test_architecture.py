"""The package tree is the pipeline: a stage imports only from earlier stages (and the shared
vocabulary), and the command line imports only the public API. Checked with ``ast``."""

from __future__ import annotations

import argparse
import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from teikit.cli import COMMANDS, build_parser, main

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


def _module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str, package: Path = PACKAGE) -> bool:
    where = package.parent / name.replace(".", "/")
    return where.with_suffix(".py").is_file() or where.is_dir()


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Each module of ``package`` -> the modules of ``package`` it imports.

    Every import counts, at the top, in a function or for types only (``if TYPE_CHECKING:``),
    absolute or relative: a cycle anywhere means two modules that cannot be understood (or
    split) one without the other. ``from teikit.validation import checks`` is an edge to the
    submodule ``checks``; ``from teikit.validation import Schema``, to the package.
    """
    root = package.name
    graph: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        name = _module_name(path, package)
        # the package a relative import starts from: the module's own, or itself if __init__
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name.split(".")[0] == root)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[: len(here) - node.level + 1]
                    module = ".".join([*base, *([node.module] if node.module else [])])
                elif node.module:
                    module = node.module
                else:
                    continue
                if module.split(".")[0] != root:
                    continue
                named = [f"{module}.{a.name}" for a in node.names]
                submodules = [n for n in named if _is_module(n, package)]
                edges.update(submodules or [module])
        graph[name] = edges
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[str]:
    """The modules of ``graph`` from which an import chain leads back to themselves."""
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
    return cycles


def test_no_import_cycles() -> None:
    cycles = import_cycles(import_graph())
    assert not cycles, f"modules on an import cycle: {cycles}"


def test_no_import_cycles_in_validation() -> None:
    # The formats <-> report cycle once lived here (formats imported the report it renders,
    # for types only); formats now reads a report through a Protocol.
    graph = import_graph()
    validation = {m: e for m, e in graph.items() if m.startswith("teikit.validation")}
    assert len(validation) >= 6
    assert [m for m in import_cycles(graph) if m in validation] == []
    assert "teikit.validation.report" not in graph["teikit.validation.formats"]


@pytest.mark.parametrize(
    "formats",
    [
        # the cycle as it was: an import for types only
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from pkg.validation.report import ValidationReport\n",
        # the same inside a function, and relative
        "def render():\n    from pkg.validation.report import ValidationReport\n",
        "from .report import ValidationReport\n",
        "from . import report\n",
        "import pkg.validation.report\n",
    ],
)
def test_cycle_check_catches_the_formats_report_cycle(tmp_path: Path, formats: str) -> None:
    validation = tmp_path / "pkg" / "validation"
    validation.mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (validation / "__init__.py").write_text("from pkg.validation.report import validate\n")
    (validation / "report.py").write_text("from pkg.validation.formats import FORMATS\n")
    (validation / "formats.py").write_text(formats)
    cycles = import_cycles(import_graph(tmp_path / "pkg"))
    assert "pkg.validation.formats" in cycles and "pkg.validation.report" in cycles
    (validation / "formats.py").write_text("from typing import Protocol\n")
    assert import_cycles(import_graph(tmp_path / "pkg")) == []


# --- the command line: no hidden subcommands ----------------------------------------------------


def _subcommands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser, argparse._SubParsersAction[Any]]]:
    """Every subparsers action of ``parser`` and of its subcommands, with the words to it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield path, parser, action
            for name, sub in action.choices.items():
                yield from _subcommands(sub, (*path, name))


def test_every_subcommand_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    # A subcommand added without help= is hidden: argparse accepts it but lists it nowhere.
    full = build_parser(COMMANDS)
    found = list(_subcommands(full))
    assert [path for path, _, _ in found] == [(), ("query",), ("profile",)]
    for path, parser, action in found:
        listed = [choice.dest for choice in action._choices_actions]
        assert sorted(listed) == sorted(action.choices), f"hidden under {path}"
        help_text = parser.format_help()
        for name in action.choices:
            assert re.search(rf"^\s+{re.escape(name)}\s", help_text, re.M), (path, name)
    # ``teikit --help`` itself (the parser that lists commands without importing them)
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    for name in found[0][2].choices:
        assert re.search(rf"^\s+{re.escape(name)}\s", shown, re.M), name
    # and every module of teikit/cli/ that makes a subcommand is in COMMANDS
    makers = {
        path.stem
        for path in (PACKAGE / "cli").glob("*.py")
        if "def add_parser(" in path.read_text(encoding="utf-8")
    }
    assert makers == set(COMMANDS)

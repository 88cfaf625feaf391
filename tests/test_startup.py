"""Start-up: ``import teikit`` and ``teikit --version`` load no pipeline stage, and every
public name still resolves to the object it names (issue 15)."""

from __future__ import annotations

import json
import subprocess
import sys
import types

import pytest

import teikit

#: What must wait until a stage needs it: each costs tens of milliseconds or more to import.
HEAVY = (
    "xmlschema",
    "elementpath",
    "sqlite3",
    "networkx",
    "selenium",
    "pydantic",
    "dask",
    "teikit.convert",
    "teikit.validation",
    "teikit.corpus",
    "teikit.export",
)


def loaded_after(code: str) -> list[str]:
    """The heavy modules in ``sys.modules`` of a fresh interpreter after running ``code``."""
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps(sorted(n for n in {HEAVY!r} if n in sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_import_teikit_loads_no_stage() -> None:
    assert loaded_after("import teikit") == []


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_version_and_help_load_no_stage(argv: list[str]) -> None:
    code = f"from teikit.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass"
    assert loaded_after(code) == []


def test_a_subcommand_loads_its_own_stage_only() -> None:
    code = (
        "from teikit.cli import main\n"
        "try:\n    main(['validate', '--help'])\nexcept SystemExit:\n    pass"
    )
    loaded = loaded_after(code)
    assert "teikit.validation" in loaded
    assert not {"teikit.convert", "teikit.corpus", "teikit.export", "sqlite3"} & set(loaded)


def test_every_public_name_resolves() -> None:
    for name in teikit.__all__:
        assert getattr(teikit, name) is not None, name
    assert set(dir(teikit)) >= set(teikit.__all__)
    with pytest.raises(AttributeError, match="no_such_name"):
        teikit.no_such_name  # noqa: B018


def test_functions_named_like_their_modules_stay_functions() -> None:
    # Importing the submodule teikit.convert (or teikit.export) binds it on the package;
    # the public functions of those names must not be hidden by it.
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import teikit.convert, teikit.export, teikit\n"
            "print(type(teikit.convert).__name__, type(teikit.export).__name__)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["function", "function"]
    assert isinstance(teikit.convert, types.FunctionType)
    assert teikit.Corpus.__module__ == "teikit.corpus.corpus"

"""Shared fixtures. Expensive things are built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

import teikit

# In CI the property tests draw the same examples on every run (derandomize), so a red run can
# be reproduced and a green one is not luck; on a developer's machine they explore new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

#: Where the official TEI P5 tei_all.rng is, for tests that check output against it. It is not
#: part of the repository (see ENCODING.md); TEIKIT_TEI_ALL overrides the usual place.
TEI_ALL = Path(
    os.environ.get(
        "TEIKIT_TEI_ALL", Path(__file__).resolve().parents[2] / "shared/reference/tei_all.rng"
    )
)


@pytest.fixture(scope="session")
def tei_all() -> teikit.Schema:
    """tei_all.rng compiled once for the whole session (libxml2 takes about 11 s for it)."""
    if not TEI_ALL.is_file():
        message = f"tei_all.rng not found at {TEI_ALL}; set TEIKIT_TEI_ALL"
        if os.environ.get("CI") == "true":
            pytest.fail(message)  # in CI a missing schema is a broken setup, not a skip
        pytest.skip(message)
    return teikit.Schema.load(TEI_ALL)


@pytest.fixture(scope="session")
def teikit_schema() -> teikit.Schema:
    """teikit's own schema (schemas/teikit.xsd, as installed with the package)."""
    return teikit.Schema.load("teikit")

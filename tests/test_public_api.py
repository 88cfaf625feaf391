"""The front door: ``teikit.__all__`` is exactly the names listed here, and each of them is
importable. Changing the public API is a decision, made by editing this list."""

from __future__ import annotations

import teikit

PUBLIC_API = {
    # reading
    "Page",
    "read_file",
    "read_text",
    # converting
    "Conversion",
    "ConversionReport",
    "ConvertOptions",
    "Converter",
    "convert",
    "convert_pages",
    "convert_text",
    "convert_parallel",
    "convert_distributed",
    "make_report",
    "personography",
    "write_atomic",
    # layout profiles
    "LayoutProfile",
    "load_profile",
    # validating
    "FORMAT_NAMES",
    "Schema",
    "ValidationReport",
    "is_valid",
    "iter_errors",
    "validate",
    # querying
    "Corpus",
    # exporting
    "ExportResult",
    "export",
    # errors and problems
    "DocumentInvalid",
    "InputError",
    "OutputError",
    "Problem",
    "SchemaError",
    "TeikitError",
    "UnsafeXMLError",
    "UsageError",
    "__version__",
}


def test_public_api_is_pinned() -> None:
    assert len(teikit.__all__) == len(set(teikit.__all__)), "a name listed twice"
    assert set(teikit.__all__) == PUBLIC_API


def test_every_public_name_is_importable() -> None:
    # ``from teikit import *`` fails on a name in __all__ that the package does not define
    namespace: dict[str, object] = {}
    exec("from teikit import *", namespace)
    assert namespace.keys() >= PUBLIC_API
    for name in PUBLIC_API:
        assert getattr(teikit, name) is namespace[name], name

"""teikit: plain-text pages of long reports -> valid TEI P5; validation; corpus queries.

The public API, grouped by the pipeline stage it belongs to. Everything else is internal.

A stage is imported when one of its names is first used, not by ``import teikit``: the
command line starts in a tenth of a second instead of most of one, and ``teikit validate``
never loads the converter, nor ``teikit convert`` the SQLite index. :data:`_MODULE_OF` says
where each name lives; type checkers and IDEs read the same imports under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from teikit._version import __version__

if TYPE_CHECKING:
    from teikit.convert import (
        Conversion,
        Converter,
        convert,
        convert_pages,
        convert_text,
        make_report,
        personography,
    )
    from teikit.corpus import Corpus
    from teikit.distributed import convert_distributed
    from teikit.errors import (
        DocumentInvalid,
        InputError,
        OutputError,
        Problem,
        SchemaError,
        TeikitError,
        UnsafeXMLError,
        UsageError,
    )
    from teikit.export import ExportResult, export
    from teikit.options import ConvertOptions
    from teikit.parallel import convert_parallel
    from teikit.profile import LayoutProfile, load_profile
    from teikit.read import Page, read_file, read_text
    from teikit.report import ConversionReport
    from teikit.tei.serialize import write_atomic
    from teikit.validation import (
        FORMAT_NAMES,
        Schema,
        ValidationReport,
        is_valid,
        iter_errors,
        validate,
    )

__all__ = [
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
]

#: Each public name -> the module that defines it, imported on the name's first use.
_MODULE_OF: dict[str, str] = {
    "Page": "teikit.read",
    "read_file": "teikit.read",
    "read_text": "teikit.read",
    "Conversion": "teikit.convert",
    "ConversionReport": "teikit.report",
    "ConvertOptions": "teikit.options",
    "Converter": "teikit.convert",
    "convert": "teikit.convert",
    "convert_pages": "teikit.convert",
    "convert_text": "teikit.convert",
    "convert_parallel": "teikit.parallel",
    "convert_distributed": "teikit.distributed",
    "make_report": "teikit.convert",
    "personography": "teikit.convert",
    "write_atomic": "teikit.tei.serialize",
    "LayoutProfile": "teikit.profile",
    "load_profile": "teikit.profile",
    "FORMAT_NAMES": "teikit.validation",
    "Schema": "teikit.validation",
    "ValidationReport": "teikit.validation",
    "is_valid": "teikit.validation",
    "iter_errors": "teikit.validation",
    "validate": "teikit.validation",
    "Corpus": "teikit.corpus",
    "ExportResult": "teikit.export",
    "export": "teikit.export",
    "DocumentInvalid": "teikit.errors",
    "InputError": "teikit.errors",
    "OutputError": "teikit.errors",
    "Problem": "teikit.errors",
    "SchemaError": "teikit.errors",
    "TeikitError": "teikit.errors",
    "UnsafeXMLError": "teikit.errors",
    "UsageError": "teikit.errors",
}


def __getattr__(name: str) -> Any:
    """Import the module of public ``name`` on first use (PEP 562); later uses find it bound."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'teikit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULE_OF})


class _Package(types.ModuleType):
    """teikit's module type: ``teikit.convert`` and ``teikit.export`` stay the functions.

    Importing a submodule binds it on its package, so the first ``import teikit.convert``,
    from anywhere, would hide the function ``teikit.convert`` behind the module of that name
    (the eager imports this package had rebound the function right after). Both names are
    public functions, so a submodule named like a public name is bound as that name instead.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _MODULE_OF and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

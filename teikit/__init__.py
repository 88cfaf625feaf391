"""teikit: plain-text pages of long reports -> valid TEI P5; validation; corpus queries.

The public API, grouped by the pipeline stage it belongs to. Everything else is internal.
"""

from __future__ import annotations

from teikit.errors import (
    DocumentInvalid,
    InputError,
    Problem,
    SchemaError,
    TeikitError,
    UnsafeXMLError,
    UsageError,
)
from teikit.options import ConvertOptions
from teikit.read import Page, read_file, read_text

__version__ = "0.1.0"

__all__ = [
    # reading
    "Page",
    "read_file",
    "read_text",
    # converting
    "ConvertOptions",
    # errors and problems
    "DocumentInvalid",
    "InputError",
    "Problem",
    "SchemaError",
    "TeikitError",
    "UnsafeXMLError",
    "UsageError",
    "__version__",
]

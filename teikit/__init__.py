"""teikit: plain-text pages of long reports -> valid TEI P5; validation; corpus queries.

The public API, grouped by the pipeline stage it belongs to. Everything else is internal.
"""

from __future__ import annotations

from teikit._version import __version__
from teikit.convert import (
    Conversion,
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
    "convert",
    "convert_pages",
    "convert_text",
    "convert_parallel",
    "convert_distributed",
    "make_report",
    "personography",
    "write_atomic",
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

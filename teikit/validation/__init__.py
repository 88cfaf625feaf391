"""Validation: any TEI, any schema, errors people can act on.

Three verbs, on this module and on :class:`Schema` objects (as in xmlschema):

- :func:`validate` checks documents and returns a :class:`ValidationReport` (or raises
  :class:`~teikit.errors.DocumentInvalid` with ``raise_on_error=True``); ``Schema.validate``
  raises :class:`~teikit.errors.DocumentInvalid` holding every problem;
- :func:`is_valid` answers with a bool;
- :func:`iter_errors` yields :class:`~teikit.errors.Problem` objects.

The modules, in the order a document meets them: :mod:`.schema` (load and compile a schema,
run its engine), :mod:`.messages` (libxml2's messages in plain words), :mod:`.checks`
(teikit's own TK5xx integrity checks), :mod:`.report` (many documents, directories,
``<?xml-model?>``, parallel runs), :mod:`.formats` (text, JSON, GitHub, JUnit).
"""

from __future__ import annotations

from teikit.validation.formats import FORMAT_NAMES
from teikit.validation.report import FileResult, ValidationReport, is_valid, iter_errors, validate
from teikit.validation.schema import Schema

__all__ = [
    "FORMAT_NAMES",
    "FileResult",
    "Schema",
    "ValidationReport",
    "is_valid",
    "iter_errors",
    "validate",
]

"""Canonical, byte-stable output, and atomic writes.

The same tree always gives the same bytes: UTF-8, an XML declaration, attributes in the order
they were set, indentation only where an element holds no text (so mixed content is never
touched), and a final newline.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from lxml import etree

from teikit.errors import OutputError
from teikit.tei.build import Element
from teikit.xmlnames import T

# Elements that hold only other elements in teikit's output: whitespace between their children
# means nothing, so they are indented. Everything else (p, head, note, persName, ...) is mixed
# content and is written exactly as built.
_ELEMENT_ONLY = frozenset(
    T + name
    for name in [
        "TEI",
        "teiHeader",
        "fileDesc",
        "titleStmt",
        "respStmt",
        "publicationStmt",
        "availability",
        "sourceDesc",
        "bibl",
        "encodingDesc",
        "appInfo",
        "application",
        "editorialDecl",
        "standOff",
        "listPerson",
        "person",
        "text",
        "body",
        "div",
        "quote",
        "list",
        "table",
        "row",
        "teiCorpus",
    ]
)


def to_bytes(root: Element) -> bytes:
    """Serialise a TEI tree the one way teikit does."""
    _indent(root, 0)
    data: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return data + b"\n"


def _indent(element: Element, level: int) -> None:
    if element.tag not in _ELEMENT_ONLY or not len(element):
        return
    if (element.text or "").strip() or any((c.tail or "").strip() for c in element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        child.tail = inner
        _indent(child, level + 1)
    element[-1].tail = "\n" + "  " * level


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that no half-written file is ever left behind: a
    temporary file with a unique name in the same folder is written, flushed and renamed over
    ``path`` (so two runs writing the same file each leave a whole one). The file gets the
    permissions any new file gets (``0o666`` less the umask), as ``open()`` would give it.

    Raises :class:`~teikit.errors.OutputError`, one line naming ``path``, when it cannot be
    written (a folder on the way is a file, no permission, the disk is full).
    """
    path = Path(path)
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            # The name is bound before the file exists (``mkstemp`` binds it only after
            # making the file), so an interrupt at any moment leaves nothing behind.
            temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
            try:
                handle = _new_file(temporary)
                break
            except FileExistsError:  # another writer's temporary: not ours to remove
                temporary = None
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as exc:  # Ctrl-C too: no temporary file is left behind
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError.from_os_error(path, exc) from None
        raise


# Create only (never open a file already there), and not inherited by child processes.
_NEW_FILE = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)


def _new_file(path: Path) -> int:
    """A descriptor of the new file ``path``, which must not exist yet."""
    return os.open(path, _NEW_FILE, 0o666)

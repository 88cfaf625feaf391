"""The read stage: pages and where they start in their file."""

from __future__ import annotations

from teikit.read import split_pages
from teikit.testing import generate_pages


def test_first_line_is_where_each_page_starts_in_the_file() -> None:
    # Many pages in one file, and a form feed: each page's first_line is its line in the file
    # (problems point there), counted once however long the file.
    text = "\n".join(generate_pages(40, seed=5)) + "\f" + "\n".join(generate_pages(5, seed=6))
    pages = list(split_pages(text, source="report.txt"))
    assert len(pages) == 45
    searched = 0
    for page in pages:
        at = text.index(page.text, searched)
        searched = at + 1
        assert page.first_line == 1 + text.count("\n", 0, at), page.index

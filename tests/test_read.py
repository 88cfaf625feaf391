"""The read stage: pages and where they start in their file."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from teikit.profile import DEFAULT_PROFILE
from teikit.read import _has_content, split_pages
from teikit.testing import generate_pages
from tests.helpers import examples


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


# Navigation patterns of odd shapes too: one that may match nothing, one holding a newline,
# one looking behind: LayoutProfile.navigation_lines must find what finditer finds for each.
_NAVIGATIONS = ("Previous page \\| Contents \\| Next page", "x?", "a\\nb", "(?<=\\n)x", "x\\n?")


@settings(max_examples=examples(300), deadline=None)
@given(
    st.sampled_from(_NAVIGATIONS),
    st.lists(
        st.sampled_from(
            ["Previous page | Contents | Next page", "x", "a", "b", "\n", "\n\n", " ", "\t", "12"]
        ),
        max_size=14,
    ),
)
def test_navigation_lines_are_what_finditer_finds(navigation: str, pieces: list[str]) -> None:
    profile = dataclasses.replace(DEFAULT_PROFILE, navigation=navigation)
    text = "".join(pieces)
    pattern = profile.navigation_lines_re
    assert pattern is not None
    assert profile.navigation_lines(text) == [m.span() for m in pattern.finditer(text)]
    # and what the page splitter asks of a stretch of text, without the string sub makes
    assert _has_content(text, profile) == bool(pattern.sub("", text).strip())

"""Bugs the ground-truth oracles (tests/strategies.py, tests/helpers.py) found, each pinned
by the smallest page that showed it."""

from __future__ import annotations

import teikit
from tests.helpers import NS

NAV = "Previous page | Contents | Next page"


def test_one_line_quotation_ending_in_a_marker_is_not_a_heading() -> None:
    # "“….”1" is heading-shaped only if the marker hides the closing punctuation
    page = (
        f"{NAV}\nThe Report of the Iraq Inquiry\n"
        "1.\u2002The the the the 1 October 2001. He wrote:\n"
        "“The the the the 1 October 2001.”1\n"
        "November 2007\n"
        "2.\u2002The the the the.\n"
    )
    root = teikit.convert_text(page).root
    assert root.xpath("//tei:head//text()", namespaces=NS) == ["November 2007"]
    (quote,) = root.xpath("//tei:p[@n='1']/tei:quote/tei:p", namespaces=NS)
    assert "".join(quote.itertext()) == "“The the the the 1 October 2001.”"
    assert quote[-1].tag == "{http://www.tei-c.org/ns/1.0}note"


def test_list_item_ending_in_and_is_not_a_heading() -> None:
    # a capitalised item "Inquiry the; and" after an introducing colon was read as a heading
    page = (
        f"{NAV}\nThe Report of the Iraq Inquiry\n"
        "November 2007\n"
        "1.\u2002The the the the 1 October 2001. He wrote:\n"
        "Inquiry the; and\n"
        "the the.\n"
    )
    root = teikit.convert_text(page).root
    assert root.xpath("//tei:head//text()", namespaces=NS) == ["November 2007"]
    items = root.xpath("//tei:p[@n='1']//tei:item", namespaces=NS)
    assert ["".join(item.itertext()) for item in items] == ["Inquiry the; and", "the the."]

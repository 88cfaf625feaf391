"""Compile the hand annotations below into ``tests/gold/<page>.json``.

The annotations were written by reading each page, before the recogniser was run on it. Each
entry names a mention by its text, optionally with context around it (``"On [1 November] he"``:
the brackets mark the mention inside the context; ``=`` before the text takes it literally,
brackets included: ``"=[JAM1]"``), and which occurrence of that context on the
page it is (1-based). Spaces match any of SPACE, NO-BREAK, THIN, EN SPACE or a line end, and
``-`` matches NON-BREAKING HYPHEN too, so the annotations can be typed plainly; the JSON holds
real offsets and the exact text. Run: ``python tests/gold/make_gold.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
SEEDS = HERE.parent.parent / "seeds"

P = "person"
D = "date"

#: page -> [(kind, mention-or-context, occurrence, id-or-value)]
GOLD: dict[str, list[tuple[str, str, int, object]]] = {
    "000_f6c87f8d16c5e508": [
        (P, "al-Sadr", 1, "pers-al-sadr"),
        (P, "Prime Minister Maliki", 1, "pers-maliki"),
        (P, "=[JAM1]", 1, "pers-jam1"),
        (P, "[Maliki] places", 1, "pers-maliki"),
        (P, "Mr Browne", 1, "pers-browne"),
        (P, "Maj Gen Binns", 1, "pers-binns"),
        (P, "Minute [Binns]", 1, "pers-binns"),
        (D, "November 2007", 1, {"when": "2007-11"}),
        (D, "On [1 November] he", 1, {"when": "2007-11-01"}),
        (D, "23 October", 1, {"when": "2007-10-23"}),
        (D, "1 November 2007", 1, {"when": "2007-11-01"}),
        (D, "1 November 2007", 2, {"when": "2007-11-01"}),
    ],
    "page1179": [
        (P, "Dr Reid", 1, "pers-reid"),
        (P, "Mr Blair", 1, "pers-blair"),
        (P, "Dr Reid", 2, "pers-reid"),
        (P, "Mr Michael Ancram", 1, "pers-ancram"),
        (P, "Dr Reid", 3, "pers-reid"),
        (P, "Dr Reid", 4, "pers-reid"),
        (P, "Dr Reid", 5, "pers-reid"),
        (P, "Mr Blair", 2, "pers-blair"),
        (D, "12 September 2005", 1, {"when": "2005-09-12"}),
        (D, "[May].904", 1, {"when": "2005-05"}),
        (D, "October/November", 1, {"from": "2005-10", "to": "2005-11"}),
        (D, "10 October", 1, {"when": "2005-10-10"}),
        (D, "11 October", 1, {"when": "2005-10-11"}),
    ],
    "page1263": [
        (P, "Former Chief Superintendent Barton", 1, "pers-barton"),
        (P, "Major General Jonathan Shaw", 1, "pers-shaw"),
        (P, "Major General Graham Binns", 1, "pers-binns"),
        (D, "early 2007", 1, {"notBefore": "2007-01", "notAfter": "2007-04"}),
        (D, "31 January", 1, {"when": "2007-01-31"}),
        (D, "from January 2007 until August 2007", 1, {"from": "2007-01", "to": "2007-08"}),
        (D, "late February", 1, {"notBefore": "2007-02-21", "notAfter": "2007-02-28"}),
        (D, "12 February", 1, {"when": "2007-02-12"}),
        (D, "21 February", 1, {"when": "2007-02-21"}),
        (D, "from August 2007 until February 2008", 1, {"from": "2007-08", "to": "2008-02"}),
    ],
    "page1294": [
        (P, "Lt Gen White-Spunner", 1, "pers-white-spunner"),
        (P, "Lt Gen White-Spunner", 2, "pers-white-spunner"),
        (P, "Maj Gen Jalil", 1, "pers-jalil"),
        (P, "Lt Gen Shirreff", 1, "pers-shirreff"),
        (D, "8 July", 1, {"when": "2008-07-08"}),
        (D, "8 May", 1, {"when": "2008-05-08"}),
        (D, "8 June", 1, {"when": "2008-06-08"}),
    ],
    "page1406": [
        (P, "Sir Jeremy Greenstock", 1, "pers-greenstock"),
        (P, "Mr Sawers", 1, "pers-sawers"),
        (P, "Mr Blair", 1, "pers-blair"),
        (D, "21 May", 1, {"when": "2001-05-21"}),
        (D, "4 June", 1, {"when": "2001-06-04"}),
        (D, "end of [May]", 1, {"when": "2001-05"}),
    ],
    "page1665": [
        (P, "Mr Browne", 1, "pers-browne"),
        (D, "26 June", 1, {"when": "2006-06-26"}),
        (D, "26 June", 2, {"when": "2006-06-26"}),
        (D, "2003-4", 1, {"from": "2003", "to": "2004"}),
        (D, "in [2002]", 1, {"when": "2002"}),
        (D, "24 July", 1, {"when": "2006-07-24"}),
    ],
    "page1728": [
        (P, "Gen Walker", 1, "pers-walker"),
        (P, "Gen Walker", 2, "pers-walker"),
        (P, "Maj Gen Dutton", 1, "pers-dutton"),
        (P, "AM Torpy", 1, "pers-torpy"),
        (D, "from 22 to 24 November", 1, {"from": "2005-11-22", "to": "2005-11-24"}),
        (D, "12 December", 1, {"when": "2005-12-12"}),
    ],
    "page179": [
        (P, "Lord Goldsmith", 1, "pers-goldsmith"),
        (D, "7 March 2003", 1, {"when": "2003-03-07"}),
        (D, "17 March", 1, {"when": "2003-03-17"}),
        (D, "([2002])", 1, {"when": "2002"}),
        (D, "([1990])", 1, {"when": "1990"}),
        (D, "([1991])", 1, {"when": "1991"}),
    ],
    "page1791": [
        (D, "5 September 2003", 1, {"when": "2003-09-05"}),
        (D, "by [2002]", 1, {"when": "2002"}),
    ],
    "page1977": [
        (P, "Mr Blair", 1, "pers-blair"),
        (P, "Baroness Amos", 1, "pers-amos"),
        (P, "Sir Hilary Synnott", 1, "pers-synnott"),
        (P, "Sir Hilary Synnott", 2, "pers-synnott"),
        (P, "Mr Neil Crompton", 1, "pers-crompton"),
        (P, "Mr David Richmond", 1, "pers-richmond"),
        (P, "Sir Hilary Synnott", 3, "pers-synnott"),
        (D, "3 June", 1, {"when": "2003-06-03"}),
        (D, "2 July", 1, {"when": "2003-07-02"}),
        (D, "10 July", 1, {"when": "2003-07-10"}),
        (D, "28 August", 1, {"when": "2003-08-28"}),
        (D, "30 July", 1, {"when": "2003-07-30"}),
        (D, "5 September", 1, {"when": "2003-09-05"}),
        (D, "23 September", 1, {"when": "2003-09-23"}),
        (D, "end of [August]", 1, {"when": "2003-08"}),
        (D, "1 January", 1, {"when": "2004-01-01"}),
    ],
    "page1990": [
        (P, "Lieutenant General Anthony Palmer", 1, "pers-palmer"),
        (P, "Mr Adam Ingram", 1, "pers-ingram"),
        (D, "in [2003]", 1, {"when": "2003"}),
        (D, "Guidelines, [2003]", 1, {"when": "2003"}),
        (D, "17 January 2003", 1, {"when": "2003-01-17"}),
        (P, "Mr Blair", 1, "pers-blair"),  # added after the first run: missed by hand
        (D, "21 January 2003", 1, {"when": "2003-01-21"}),
    ],
    "page2275": [
        (P, "Mr Blair", 1, "pers-blair"),
        (P, "Saddam", 1, "pers-saddam"),
        (P, "Saddam", 2, "pers-saddam"),
        (P, "Mr Blair", 2, "pers-blair"),
        (P, "Mr Blair", 3, "pers-blair"),
        (P, "President Bush", 1, "pers-bush"),
        (P, "Mr Blair", 4, "pers-blair"),
        (P, "President Bush", 2, "pers-bush"),
        (P, "President Bush", 3, "pers-bush"),
        (P, "Lord Wilson of Dinton", 1, "pers-wilson"),
        (P, "Mr Blair", 5, "pers-blair"),
        (P, "Lord Wilson", 2, "pers-wilson"),
        (D, "11 September", 1, {"when": "2001-09-11"}),
        (D, "17 October", 1, {"when": "2001-10-17"}),
        (D, "19 October", 1, {"when": "2001-10-19"}),
        (D, "from 1998 to September 2002", 1, {"from": "1998", "to": "2002-09"}),
        (D, "9/11", 1, {"when": "2001-09-11"}),
        (D, "mid-October", 1, {"notBefore": "2001-10-11", "notAfter": "2001-10-20"}),
    ],
    "page2342": [
        (P, "Mr Sawers", 1, "pers-sawers"),
        (P, "Saddam", 1, "pers-saddam"),
        (P, "Saddam", 2, "pers-saddam"),
        (P, "Mr Sawers", 2, "pers-sawers"),
        (P, "[Powell] is not", 1, "pers-powell-colin"),
        (P, "[Bush], at", 1, "pers-bush"),
        (P, "Mr Sawers", 3, "pers-sawers"),
        (P, "Sir David Manning", 1, "pers-manning"),
        (P, "Mr Powell", 1, "pers-powell-jonathan"),
        (P, "If [John]", 1, "pers-sawers"),
        (P, "Michael Jay", 1, "pers-jay"),
        (P, "Mr Powell", 2, "pers-powell-jonathan"),
        (P, "[John] deserves", 1, "pers-sawers"),
    ],
    "page2551": [
        (P, "Sir David", 1, "pers-manning"),
        (P, "[Christopher] must", 1, "pers-meyer"),
        (P, "Mr Straw", 1, "pers-straw"),
        (P, "Secretary Powell", 1, "pers-powell-colin"),
        (P, "Mr Blair", 1, "pers-blair"),
        (P, "President Bush", 1, "pers-bush"),
        (P, "Sir David Manning", 1, "pers-manning"),
        (P, "Mr Blair", 2, "pers-blair"),
        (P, "President Bush", 2, "pers-bush"),
        (P, "Sir Michael Jay", 1, "pers-jay"),
        (P, "[Sir David] informed Sir Michael that", 1, "pers-manning"),
        (P, "informed [Sir Michael] that", 1, "pers-jay"),
        (P, "Mr Straw", 2, "pers-straw"),
        (P, "Sir Christopher Meyer", 1, "pers-meyer"),
        (P, "Sir Richard Dearlove", 1, "pers-dearlove"),
        (P, "Mr Blair", 3, "pers-blair"),
        (P, "Mr Straw", 3, "pers-straw"),
        (P, "[Sir Michael] should", 1, "pers-jay"),
        (P, "Mr Ricketts", 1, "pers-ricketts"),
        (P, "[Sir David] informed Sir Michael Jay", 1, "pers-manning"),
        (P, "Sir Michael Jay", 2, "pers-jay"),
        (P, "Mr Blair", 4, "pers-blair"),
        (P, "Mr Bush", 1, "pers-bush"),
        (P, "Mr Ricketts", 2, "pers-ricketts"),
        (P, "Mr Chaplin", 1, "pers-chaplin"),
        (P, "[Sir David] wrote that", 1, "pers-manning"),
        (P, "Sir Jeremy Greenstock", 1, "pers-greenstock"),
        (P, "[Sir Jeremy] had", 1, "pers-greenstock"),
        (P, "Mr Blair", 5, "pers-blair"),
        (P, "President Bush", 3, "pers-bush"),
        (P, "Mr Hoon", 1, "pers-hoon"),
        (P, "Lord Goldsmith", 1, "pers-goldsmith"),
        (P, "Mr Blair", 6, "pers-blair"),
        (P, "President Bush", 4, "pers-bush"),
        (D, "5 August", 1, {"when": "2002-08-05"}),
        (D, "7 August", 1, {"when": "2002-08-07"}),
        (D, "end of [August]", 1, {"when": "2002-08"}),
        (D, "early September", 1, {"notBefore": "2002-09-01", "notAfter": "2002-09-10"}),
    ],
    "page3599": [
        (P, "Saddam", 1, "pers-saddam"),
        (P, "Saddam", 2, "pers-saddam"),
        (P, "Saddam", 3, "pers-saddam"),
        (P, "Saddam", 4, "pers-saddam"),
        (P, "Mr Scarlett", 1, "pers-scarlett"),
        (D, "February 2004", 1, {"when": "2004-02"}),
    ],
    "page4042": [
        (P, "Mr Tenet", 1, "pers-tenet"),
        (P, "Dr Kay", 1, "pers-kay"),
        (P, "Mr Scarlett", 1, "pers-scarlett"),
        (P, "Dr David Kelly", 1, "pers-kelly"),
        (P, "Mr Blair", 1, "pers-blair"),
        (P, "Mr Blair", 2, "pers-blair"),
        (D, "in [April]", 1, {"when": "2003-04"}),
        (D, "30 May", 1, {"when": "2003-05-30"}),
        (D, "11 June", 1, {"when": "2003-06-11"}),
        (D, "10 August", 1, {"when": "2003-08-10"}),
        (D, "By [June]", 1, {"when": "2003-06"}),
        (D, "18 July", 1, {"when": "2003-07-18"}),
        (D, "January 2004", 1, {"when": "2004-01"}),
        (D, "4 June", 1, {"when": "2003-06-04"}),
        (D, "15 July", 1, {"when": "2003-07-15"}),
        (D, "22 October", 1, {"when": "2003-10-22"}),
        (D, "17 July", 1, {"when": "2003-07-17"}),
    ],
    "page4065": [
        (P, "Lord Goldsmith", 1, "pers-goldsmith"),
        (P, "Mr Straw", 1, "pers-straw"),
        (P, "Mr Powell", 1, "pers-powell-jonathan"),
        (P, "Mr Powell", 2, "pers-powell-jonathan"),
        (P, "Mr Powell", 3, "pers-powell-jonathan"),
        (P, "Mr Blair", 1, "pers-blair"),
        (P, "Mr Straw", 2, "pers-straw"),
        (P, "Mr Straw", 3, "pers-straw"),
        (D, "25 November", 1, {"when": "2002-11-25"}),
        (D, "([2002])", 1, {"when": "2002"}),
    ],
    "page4370": [
        (D, "December 2002", 1, {"when": "2002-12"}),
        (P, "Mr Hoon", 1, "pers-hoon"),
        (D, "15 October", 1, {"when": "2002-10-15"}),
        (P, "Mr Straw", 1, "pers-straw"),
        (P, "Mr Brown", 1, "pers-brown"),
        (P, "Sir Andrew Turnbull", 1, "pers-turnbull"),
        (P, "Mr Watkins", 1, "pers-watkins"),
        (D, "29 October", 1, {"when": "2002-10-29"}),
        (P, "Mr Straw", 2, "pers-straw"),
        (P, "Mr Brown", 2, "pers-brown"),
        (P, "Mr Bowen", 1, "pers-bowen"),
        (P, "Mr Blair", 1, "pers-blair"),
        (D, "17 October", 1, {"when": "2002-10-17"}),
        (D, "31 October", 1, {"when": "2002-10-31"}),
        (P, "Mr Straw", 3, "pers-straw"),
        (P, "Mr Hoon", 2, "pers-hoon"),
        (P, "Adm Boyce", 1, "pers-boyce"),
        (P, "Mr Blair", 2, "pers-blair"),
        (P, "Sir David Manning", 1, "pers-manning"),
        (P, "Mr Blair", 3, "pers-blair"),
        (P, "Mr Brown", 3, "pers-brown"),
        (P, "Mr Brown", 4, "pers-brown"),
        (D, "[17] and 31 October", 1, {"when": "2002-10-17"}),
        (D, "17 and [31 October]", 1, {"when": "2002-10-31"}),
        (P, "Mr Blair", 4, "pers-blair"),
        (D, "24 October", 1, {"when": "2002-10-24"}),
        (D, "17 March 2003", 1, {"when": "2003-03-17"}),
    ],
    "page4499": [
        (D, "26 February", 1, {"when": "2003-02-26"}),
        (D, "January 2003", 1, {"when": "2003-01"}),
        (D, "October 2002", 1, {"when": "2002-10"}),
        (D, "26 February 2003", 1, {"when": "2003-02-26"}),
        (P, "Dodge T", 1, "pers-dodge"),
        (P, "Simon S", 1, "pers-simon"),
    ],
    "page4975": [
        (D, "19 February", 1, {"when": "2003-02-19"}),
    ],
    "page5257": [
        (P, "Mr Hoon", 1, "pers-hoon"),
        (D, "25 March", 1, {"when": "2003-03-25"}),
        (D, "28 March", 1, {"when": "2003-03-28"}),
        (D, "4 April", 1, {"when": "2003-04-04"}),
        (P, "Adm Boyce", 1, "pers-boyce"),
        (D, "4 April", 2, {"when": "2003-04-04"}),
        (P, "Mr Ingram", 1, "pers-ingram"),
        (P, "Air Chief Marshal Sir Peter Squire", 1, "pers-squire"),
        (P, "Mr Ingram", 2, "pers-ingram"),
        (P, "Mr Ingram", 3, "pers-ingram"),
    ],
    "page5647": [
        (D, "9 December", 1, {"when": "2004-12-09"}),
        (D, "since [August]", 1, {"when": "2004-08"}),
        (P, "Supreme Leader Khamenei", 1, "pers-khamenei"),
        (D, "in [January]", 1, {"when": "2005-01"}),
        (D, "9 December", 2, {"when": "2004-12-09"}),
        (P, "Mr Straw", 1, "pers-straw"),
        (D, "in [2005]", 1, {"when": "2005"}),
        (P, "Mr Blair", 1, "pers-blair"),
    ],
    "page5699": [
        (D, "2005/06", 1, {"from": "2005-04-01", "to": "2006-03-31"}),
        (D, "2006/07", 1, {"from": "2006-04-01", "to": "2007-03-31"}),
        (D, "2007/08", 1, {"from": "2007-04-01", "to": "2008-03-31"}),
        (D, "21 July", 1, {"when": "2005-07-21"}),
        (P, "Dr Reid", 1, "pers-reid"),
        (P, "General Sir Michael Walker", 1, "pers-walker"),
        (P, "Mr Des Browne", 1, "pers-browne"),
    ],
    "page6183": [
        (P, "Lt Gen Houghton", 1, "pers-houghton"),
        (P, "Gen Petraeus", 1, "pers-petraeus"),
        (P, "Gen Petraeus", 2, "pers-petraeus"),
        (D, "27 April", 1, {"when": "2008-04-27"}),
        (P, "Lt Gen Cooper", 1, "pers-cooper"),
        (P, "Gen Petraeus", 3, "pers-petraeus"),
        (P, "Lt Gen Cooper", 2, "pers-cooper"),
        (P, "Lt Gen Lloyd Austin", 1, "pers-austin"),
        (P, "Mr Prentice", 1, "pers-prentice"),
        (P, "Gen Petraeus", 4, "pers-petraeus"),
        (P, "Ambassador Crocker", 1, "pers-crocker"),
    ],
    "page714": [
        (D, "early summer 2003", 1, {"notBefore": "2003-06", "notAfter": "2003-07"}),
        (D, "12 May", 1, {"when": "2003-05-12"}),
        (P, "Baroness Amos", 1, "pers-amos"),
        (P, "Ms Short", 1, "pers-short"),
        (P, "Baroness Amos", 2, "pers-amos"),
        (P, "Baroness Amos", 3, "pers-amos"),
        (D, "22 May", 1, {"when": "2003-05-22"}),
        (P, "Sir Suma Chakrabarti", 1, "pers-chakrabarti"),
        (D, "from 2002 to 2007", 1, {"from": "2002", "to": "2007"}),
        (P, "Ms Short", 2, "pers-short"),
    ],
    "page783": [
        (D, "December 2005", 1, {"when": "2005-12"}),
        (P, "Mr Patey", 1, "pers-patey"),
        (D, "in [December]", 1, {"when": "2005-12"}),
        (P, "Dr Chalabi", 1, "pers-chalabi"),
        (P, "Mr Maliki", 1, "pers-maliki"),
        (P, "Sheikh Jalal al-Din al-Sagheer", 1, "pers-al-sagheer"),
    ],
}

_LOOSE = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u2002": " ", "\n": " ", "\u2011": "-"})


def locate(text: str, context: str, occurrence: int) -> tuple[int, int]:
    """Offsets of the bracketed mention (or the whole context) at its nth occurrence."""
    loose = text.translate(_LOOSE)
    if context.startswith("="):  # literal text, brackets and all: ``=[JAM1]``
        context = "[" + context[1:].replace("[", "\x00").replace("]", "\x01") + "]"
        loose = loose.replace("[", "\x00").replace("]", "\x01")
    plain = context.replace("[", "").replace("]", "")
    inner = context.find("[")
    lead = inner if inner >= 0 else 0
    length = (context.find("]") - inner - 1) if inner >= 0 else len(plain)
    hits = [m.start() for m in re.finditer(re.escape(plain), loose)]
    if len(hits) < occurrence:
        raise SystemExit(f"{context!r} occurs {len(hits)} times, wanted #{occurrence}")
    start = hits[occurrence - 1] + lead
    return start, start + length


def main() -> None:
    for page, entries in GOLD.items():
        text = (SEEDS / f"{page}.txt").read_text(encoding="utf-8")
        persons, dates = [], []
        for kind, context, occurrence, value in entries:
            start, end = locate(text, context, occurrence)
            item: dict[str, object] = {"start": start, "end": end, "text": text[start:end]}
            if kind == P:
                item["id"] = value
                persons.append(item)
            else:
                assert isinstance(value, dict)
                item.update(value)
                dates.append(item)
        persons.sort(key=lambda x: (x["start"], x["end"]))  # type: ignore[arg-type,return-value]
        dates.sort(key=lambda x: (x["start"], x["end"]))  # type: ignore[arg-type,return-value]
        seen = set()
        for item in persons + dates:
            key = (item["start"], item["end"])
            assert key not in seen, (page, item)
            seen.add(key)
        out = {"page": f"{page}.txt", "persons": persons, "dates": dates}
        (HERE / f"{page}.json").write_text(
            json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print(f"{len(GOLD)} pages written")


if __name__ == "__main__":
    main()

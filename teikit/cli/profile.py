"""``teikit profile``: the layout profiles teikit reads pages with.

    teikit profile list                  # the built-in profiles, one a line
    teikit profile show web > mine.toml  # a complete, commented profile file to edit
    teikit convert pages/ --profile mine.toml

``show`` takes a built-in name or a profile file (printed whole, every key filled in). A bad
file is one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import teikit
from teikit.cli import COMMANDS

EXIT_OK = 0


def add_parser(subparsers: Any) -> None:
    """Register ``profile`` (with ``list`` and ``show``) on the ``teikit`` command."""
    parser = subparsers.add_parser(
        "profile",
        help=COMMANDS["profile"],
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    listing = verbs.add_parser("list", help="the built-in profiles and what each reads")
    listing.set_defaults(run=run_list)
    show = verbs.add_parser("show", help="print a profile as a complete, commented TOML file")
    show.add_argument("profile", metavar="NAME_OR_FILE", help="a built-in name or a TOML file")
    show.set_defaults(run=run_show)


def run_list(args: argparse.Namespace) -> int:
    """One line a built-in profile: its name (the default marked), then what it reads."""
    default = teikit.ConvertOptions().profile
    for name, profile in teikit.LayoutProfile.builtins().items():
        mark = " (default)" if profile == default else ""
        print(f"{name}{mark}\t{profile.description}")
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    """The profile as TOML on stdout, which ``convert --profile FILE`` takes back."""
    sys.stdout.write(teikit.load_profile(args.profile).to_toml())
    return EXIT_OK

"""The TEI stage: blocks and spans become elements here, and only here."""

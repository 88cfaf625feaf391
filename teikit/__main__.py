"""``python -m teikit``: the same as the ``teikit`` command."""

import sys

from teikit.cli import main

sys.exit(main())

"""What machine a benchmark ran on, printed first by every script in bench/."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine() -> str:
    """Platform, CPU model and count, Python, and the load average when the run started (a
    loaded machine explains slow wall times)."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = "; load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    return (
        f"{platform.platform()}; {cpu}; {os.cpu_count()} CPUs; "
        f"Python {platform.python_version()} ({platform.python_implementation()}){load}"
    )


def child_env() -> dict[str, str]:
    """The environment for a timed child process: this one's, less
    ``PYTHONDONTWRITEBYTECODE``, so that the children write and then use bytecode caches
    (``__pycache__``) as an installed package has them. With the variable set (some sandboxes
    and containers set it), every child compiles each teikit module from source: that alone
    added about 0.1 s of CPU to an import of ``teikit.corpus`` of an editable install."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}

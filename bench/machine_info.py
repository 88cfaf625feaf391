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

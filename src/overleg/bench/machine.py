"""The machine a figure was measured on, printed with the figure.

``machine()`` is the Markdown lines above the tables of ``bench read`` and ``bench write`` (the
CPU's model name, cores, the three load averages, Python and the platform, the time);
``machine_line()`` is the one line of the corpus benchmarks (``machine: ...``) and, with the
CPU's model name in front, the first cell of ``bench api``'s row.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path


def cpu_model() -> str:
    """The CPU's model name where Linux tells it (``/proc/cpuinfo``; platform does not), else ""."""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return ""
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "")


def _processor() -> str:
    return platform.processor() or platform.machine()


def machine() -> list[str]:
    """What the numbers depend on: CPU, cores, load, Python (Markdown list items)."""
    cpu = cpu_model() or _processor()
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores (load average 1/5/15 min at the start: {load})",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.platform()}",
        f"- measured {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
    ]


def machine_line(with_model: bool = False) -> str:
    """The machine in one line: processor, cores, the last minute's load average, Python; with
    the CPU's model name in front when ``with_model`` and Linux tells it."""
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    line = f"{_processor()}, {os.cpu_count()} cores{load}, Python {platform.python_version()}"
    model = cpu_model() if with_model else ""
    return f"{model}, {line}" if model else line

"""Crash points for the kill tests.

`CITEDESK_CRASH_AT=name[:n]` makes the process SIGKILL itself the n-th time (default 1st) it
reaches the checkpoint `name`, which is how the tests prove that an ingest killed at any step
leaves an index the next ingest repairs. Unset (always, outside tests) it costs one dict lookup.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

_reached: Counter[str] = Counter()


def checkpoint(name: str) -> None:
    target = os.environ.get("CITEDESK_CRASH_AT")
    if not target:
        return
    wanted, _, count = target.partition(":")
    if wanted != name:
        return
    _reached[name] += 1
    if _reached[name] >= int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)

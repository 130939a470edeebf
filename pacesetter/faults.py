"""Fault injection for the crash tests: die at a named point of the intake sequence.

``PACESETTER_FAULT=intake.after_commit:3`` makes the process exit abruptly (as a
kill would) the third time it reaches that point. Unset, it costs one dict lookup.
"""

from __future__ import annotations

import os

_ENV = "PACESETTER_FAULT"
_hits: dict[str, int] = {}


def point(name: str) -> None:
    """A named point in the no-loss sequence; exits the process here if a fault is armed."""
    spec = os.environ.get(_ENV)
    if not spec:
        return
    where, _, nth = spec.partition(":")
    if where != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if _hits[name] >= int(nth or 1):
        os._exit(137)  # no cleanup, no flush: exactly what a kill leaves behind

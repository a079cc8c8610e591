"""Named crash points for fault tests. Inert unless FAILPOINTS names them.

FAILPOINTS="relay.after_publish_before_mark=kill@2,notification.after_send=error"
  kill@N   SIGKILL this process on the N-th hit (default 1)
  error    raise FailpointError every hit
"""
from __future__ import annotations

import collections
import os
import signal

_hits: collections.Counter[str] = collections.Counter()


class FailpointError(RuntimeError):
    pass


def _parse(spec: str) -> dict[str, tuple[str, int]]:
    actions: dict[str, tuple[str, int]] = {}
    for item in filter(None, (s.strip() for s in spec.split(","))):
        name, _, action = item.partition("=")
        kind, _, nth = action.partition("@")
        actions[name.strip()] = (kind.strip() or "kill", int(nth) if nth else 1)
    return actions


_actions = _parse(os.environ.get("FAILPOINTS", ""))


def failpoint(name: str) -> None:
    """Do nothing, unless this crash point is enabled."""
    if not _actions:
        return
    action = _actions.get(name)
    if action is None:
        return
    _hits[name] += 1
    kind, nth = action
    if kind == "kill" and _hits[name] == nth:
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "error":
        raise FailpointError(name)


def configure(spec: str) -> None:
    """Replace the enabled crash points (tests in the same process use this)."""
    global _actions
    _actions = _parse(spec)
    _hits.clear()

"""Lines ``chuluc serve`` prints as it starts, registered by the apps that have something to
say there.

Core imports no other app, so the demo app, which knows the sample accounts' sign-ins,
registers a banner in its ``AppConfig.ready()`` rather than ``serve`` asking it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: ``write(out)`` prints to the command's output (``out.write(line)`` per line).
Banner = Callable[[Any], None]

_BANNERS: dict[str, Banner] = {}


def register_serve_banner(name: str, write: Banner) -> None:
    """``write`` runs when ``serve`` starts; the same ``name`` again replaces the earlier one."""
    _BANNERS[name] = write


def write_serve_banners(out) -> None:
    for write in _BANNERS.values():
        write(out)

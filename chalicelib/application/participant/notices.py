"""What the privacy notices and the accessibility statement are built from: the institutions and
their projects, as this container last read them (at most a minute old, see institutions/recent.py)."""
from __future__ import annotations

from ...institutions.recent import Directory


def directory() -> Directory:
    """Anyone may read it: every field of it is meant for the public notices."""
    from ...institutions import recent

    return recent.directory()

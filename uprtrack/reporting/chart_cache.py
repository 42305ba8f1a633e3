"""The dashboard's chart images, drawn once per version of the data (core.data_version).

The images are kept in an LRU in each process's memory: a chart is a few tens of kilobytes, a few hundred of them
fit in a few megabytes, and a table of images would grow the database for what a redraw restores.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable

from uprtrack.core.data_version import Memo

SIZE = 256  # images kept per process: 5 charts x 2 widths x a few scopes and languages


def etag(key: Hashable) -> str:
    """A strong entity tag for an image's key (which holds the data version)."""
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


IMAGES = Memo(SIZE)

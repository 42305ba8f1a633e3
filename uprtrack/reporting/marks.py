"""What every page or sheet of an exported file says of the data it holds: the one wording, for every format."""

from __future__ import annotations

from flask_babel import gettext as _


def file_mark(public: bool) -> str:
    """ "Public data only", or that the file is internal: it holds unpublished or proposed records."""
    if public:
        return _("Public data only")
    return _("Internal: includes unpublished or proposed records")

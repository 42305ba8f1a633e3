"""The kinds of file uprtrack imports, each with the name a person knows it by.

The command's --kind, the import form's choices, the parsers' results and the import pages all read this one enum.
"""

from __future__ import annotations

from enum import nonmember

from flask_babel import lazy_gettext as _l

from uprtrack.core.vocabulary import Term


class ImportKind(Term):
    """What a file to import is; AUTO leaves it to uprtrack to recognise."""

    AUTO = "auto", _l("Recognise it from the file")
    OHCHR_MATRIX = "ohchr-matrix", _l("OHCHR matrix: thematic list of recommendations (Word)")
    UPR_INFO = "upr-info", _l("UPR Info database export of recommendations")
    PLEDGES = "pledges", _l("UPR Info export of voluntary pledges")
    TEMPLATE = "template", _l("uprtrack template: recommendations, pledges, assistance or evidence")
    DRAFT_REPORT = "draft-report", _l("Draft report of the UPR Working Group (Word)")
    UHRI = "uhri", _l("Universal Human Rights Index: Excel export or search API JSON")

    css_prefix = nonmember("import-kind")

"""The controlled vocabularies of the domain and the one place that maps what files say onto them."""

from __future__ import annotations

import re

SUPPORTED = "Supported"
NOTED = "Noted"
SUPPORTED_IN_PART = "Supported-in-part"
PENDING = "pending"
POSITIONS = (SUPPORTED, NOTED, SUPPORTED_IN_PART, PENDING)

# What real files write, lower-cased with spaces squeezed, onto the four positions.
_POSITION_WORDS = {
    "supported": SUPPORTED,
    "accepted": SUPPORTED,
    "support": SUPPORTED,
    "accept": SUPPORTED,
    "noted": NOTED,
    "rejected": NOTED,
    "not supported": NOTED,
    "not accepted": NOTED,
    "supported/noted": SUPPORTED_IN_PART,
    "supported / noted": SUPPORTED_IN_PART,
    "supported in part": SUPPORTED_IN_PART,
    "supported-in-part": SUPPORTED_IN_PART,
    "partially supported": SUPPORTED_IN_PART,
    "partially accepted": SUPPORTED_IN_PART,
    "accepted in part": SUPPORTED_IN_PART,
    "": PENDING,
    "pending": PENDING,
    "no response": PENDING,
    "no clear position": PENDING,
    "awaiting response": PENDING,
}


def normalise_position(raw: str | None) -> str | None:
    """Return the position a file's word means, or None when the word is not a position."""
    key = re.sub(r"\s+", " ", (raw or "").strip().rstrip(".")).lower()
    return _POSITION_WORDS.get(key)


# First Working Group session of each cycle (domain.md); seed/cycles.csv holds the same ranges with their years.
CYCLE_FIRST_SESSIONS = ((41, 4), (27, 3), (13, 2), (1, 1))


def cycle_of_session(session: int) -> int:
    """Return the UPR cycle a Working Group session belongs to."""
    return next(cycle for first, cycle in CYCLE_FIRST_SESSIONS if session >= first)


STATUSES = ("not_started", "planned", "in_progress", "partially_implemented", "fully_implemented")
ROLES = ("admin", "coordinator", "focal_point", "nhri", "cso")
ORGANISATION_KINDS = (
    "ministry",
    "institution",
    "nmrf",
    "nhri",
    "cso",
    "un_entity",
    "donor",
    "other",
)
ASSISTANCE_DIRECTIONS = ("requested", "received")
ASSISTANCE_STATES = ("requested", "agreed", "under_way", "delivered", "declined")
ASSISTANCE_KINDS = ("advisory_services", "training", "legal_drafting", "data", "financial", "other")
EVIDENCE_KINDS = (
    "law",
    "policy",
    "budget_line",
    "statistic",
    "court_decision",
    "programme",
    "report",
    "other",
)
ASSESSMENT_SCALE = (
    "no_progress",
    "limited_progress",
    "some_progress",
    "substantial_progress",
    "fully_implemented",
    "not_assessable",
)
REGIONAL_GROUPS = ("African", "Asia-Pacific", "Eastern European", "GRULAC", "WEOG")

EDUCATION_THEME_NAMES = ("right to education",)
EDUCATION_THEME_CODE = re.compile(
    r"^E51\b"
)  # UHRI code of "Right to education", as cycle 2 matrices write it
EDUCATION_ISSUES = (
    "right to education",
)  # UPR Info issue; "Human rights education and training" is another right


def is_education_theme(name: str, code: str | None = None) -> bool:
    """Tell whether an OHCHR theme is the right to education."""
    return name.strip().casefold() in EDUCATION_THEME_NAMES or bool(
        code and EDUCATION_THEME_CODE.match(code)
    )

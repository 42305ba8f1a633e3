"""The one rule that says whether a recommendation is on the right to education.

What a recommendation asks is in its text; themes, SDGs and issues are filed by people who tag broadly (SDG 4 is
attached to awareness campaigns, "Right to education" to a recommendation on bilingual civil servants, UPR Info's
issue to every recommendation that names education in passing). So the text decides, read with the domain's
meaning of education (the definition in tests/data/education/SOURCE.md):

- access to, quality of, inclusion in or content of education or training at any level: schools, pupils,
  teachers, curricula, literacy, enrolment, drop-out, pre-school, vocational training, universities,
  scholarships, the language of instruction;
- not public awareness ("public education, awareness programmes", "education and awareness campaigns",
  "educating the public"), not the training of officials ("human rights education for law enforcement
  officials"), not a special rapporteur's title.

Themes and issues of the right-to-education family (OHCHR's "Right to education", UHRI codes E5x and the human
rights education code A51, UPR Info's "Right to education") and SDG 4 only back the weaker words of the text
("educate", "learning"); they decide alone only when the text cannot be read here (it is not in English), so a
French or Chinese recommendation filed under the right to education is still found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Words that by themselves mean education (as the word is used in UPR recommendations).
_STRONG = re.compile(
    r"\b(?:education(?:al)?|educative|schools?|schooling|school-?age[ds]?|pre-?schools?|"
    r"kindergartens?|pre-?primary|"
    r"pupils?|students?|teachers?|teaching|curricul(?:a|um|ums|ar)|textbooks?|classrooms?|"
    r"(?:il|post-)?litera(?:cy|te)|enrol(?:l)?(?:ment|ments|ed|ing)?|drop-?outs?|dropping out|"
    r"universit(?:y|ies)|scholarships?|vocational|apprenticeships?|academic|early childhood|"
    r"(?:technical|higher|university|academic) studies|"
    r"(?:complete|completing|continue|pursue|finish|resume)\s+(?:their\s+|his\s+|her\s+)?studies|"
    r"instruction in|language of instruction)\b"
)
# Words that mean education only when a theme, issue or SDG 4 says the recommendation is about it.
_WEAK = re.compile(r"\b(?:educat(?:e|es|ed|ing|ors?)|learning|learners?)\b")

_OFFICIALS = (
    r"(?:police|law enforcement|officials|officers|judges|prosecutors|magistrates|judiciary|judicial|"
    r"civil servants|public servants|security forces|armed forces|army|military|border guards|"
    r"investigators|personnel|staff|authorities|lawyers)"
)
# Uses of the words above that are not education: public awareness, training of officials, a mandate's title.
_NOT_EDUCATION = [
    # "public education, awareness programmes", "public education in this area": awareness of the public; kept
    # where it is the public school system ("in public education", "quality of public education", "... system").
    re.compile(
        r"\bpublic education\b(?<!\bin public education)(?<!\bof public education)"
        r"(?!\s+(?:system|sector|institutions?|schools?|establishments?|budget))"
    ),
    re.compile(
        r"\beducation(?:al)?\s*(?:,|and|or)\s*(?:public\s+)?awareness(?:[- ]raising)?"
        r"(?:\s+(?:campaigns?|initiatives?|programmes?|programs?|activities|measures))?"
    ),
    re.compile(
        r"\bawareness(?:[- ]raising)?\s+(?:campaigns?|programmes?|programs?|initiatives?|activities)\s+"
        r"and\s+education(?:al)?\s+(?:programmes?|programs?|campaigns?|initiatives?|activities)"
    ),
    re.compile(r"\b(?:information\s+and\s+)?education(?:al)?\s+(?:campaigns?|activities)\b"),
    re.compile(
        r"\beducat(?:e|ing)\s+(?:the\s+)?(?:general\s+)?(?:public|population|society|people)\b"
    ),
    re.compile(r"\b(?:civic|voter)\s+education\b"),
    re.compile(r"\bspecial\s+rapporteurs?\s+on\s+the\s+right\s+to\s+education\b"),
    # "human rights education (and training) (programmes) (on <topic>) to/for <officials>"
    re.compile(
        r"\beducation(?:al)?(?:\s*(?:,|and)\s*(?:training|courses?|capacity[- ]building))*"
        r"(?:\s+(?:programmes?|programs?|courses?|modules?|activities))?"
        r"(?:\s+(?:on|in|about)(?:\s+[\w'’-]+,?){1,8})?"
        r"\s+(?:to|for|of|among|targeting)(?:\s+[\w'’-]+){0,4}?\s+" + _OFFICIALS + r"\b"
    ),
]

# Any of them, in one pass: a text none of them matches is readable as it is (most texts).
_ANY_NOT_EDUCATION = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in _NOT_EDUCATION))

_FAMILY_THEME = re.compile(
    r"^(?:right to education|human rights education\s*-\s*(?:general|in schools?))\b"
)
# UHRI codes as cycle 2 matrices write them: E5x the right to education (E51 "Right to education - General"),
# A51 "Human rights education - general"; A5 as a whole and A54 "Awareness raising and dissemination" are not.
_FAMILY_CODE = re.compile(r"^(?:E5\d?|A51)$")
_THEME_CODE = re.compile(r"^([A-Z]\d{1,2})\s+(.+)$")
_NUMBERED = re.compile(
    r"^\d{1,2}(?:\.\d{1,2})*\.?\s+"
)  # older numbered schemes: "1. ...", "21.1 ..."
# UPR Info's issue; its "Human rights education and training" also covers the training of officials.
_FAMILY_ISSUES = ("right to education",)
_SDG4 = re.compile(r"^\s*4(?:\.[0-9a-c]{1,2})?\b", re.IGNORECASE)
# A text without education words in which none of these occurs is taken for another language.
_ENGLISH = re.compile(r"\b(?:the|and|of|to|in|for|with|its|all|on|ensure|continue|take)\b")


_DASHES = str.maketrans(dict.fromkeys([*map(chr, range(0x2010, 0x2016)), "\u2212"], "-"))
_SPACED_HYPHEN = re.compile(r"\s*-\s*(?=\w)")
_SPACES = re.compile(r"\s+")


def _normalise(text: str) -> str:
    """Lower-case the text with the dashes and spaces of hand-typed matrices made plain."""
    text = unicodedata.normalize("NFKC", text or "").casefold().translate(_DASHES)
    if "-" in text:
        text = _SPACED_HYPHEN.sub("-", text)  # "pre - school", "drop- out"
    return _SPACES.sub(" ", text)


def _readable(text: str) -> str:
    """The text with its non-education uses of education words blanked out."""
    if not _ANY_NOT_EDUCATION.search(text):
        return text
    for pattern in _NOT_EDUCATION:
        text = pattern.sub(" ", text)
    return text


def is_education_theme(label: str) -> bool:
    """Tell whether an OHCHR or UHRI theme ("E51 Right to education - General", "Right to education", an older
    numbered scheme's "21.1 Right to education") is of the right-to-education family."""
    label = re.sub(r"\s+", " ", label or "").strip()
    match = _THEME_CODE.match(label)
    code, name = (match.group(1), match.group(2)) if match else (None, _NUMBERED.sub("", label))
    return bool(code and _FAMILY_CODE.match(code)) or bool(_FAMILY_THEME.match(name.casefold()))


def is_about_education(
    text: str, themes: Iterable[str] = (), sdgs: Iterable[str] = (), issues: Iterable[str] = ()
) -> bool:
    """Tell whether a recommendation is on the right to education, from its text, its themes (labels as
    written, with or without a UHRI code), its SDG goals or targets ("4", "4.5", "4 - QUALITY EDUCATION") and
    its UPR Info issues."""
    filed = any(is_education_theme(t) for t in themes) or any(
        i.strip().casefold() in _FAMILY_ISSUES for i in issues
    )
    words = _normalise(text)
    strong, weak = _STRONG.search(words), _WEAK.search(words)
    if not (strong or weak):
        # No word of education: an English text is not on education whatever its tags; a text in another
        # language cannot be read here, so its tags decide.
        return filed if not _ENGLISH.search(words) else False
    words = _readable(words)
    if strong and _STRONG.search(words):
        return True
    context = filed or any(_SDG4.match(str(s)) for s in sdgs)
    return context and bool(_WEAK.search(words))

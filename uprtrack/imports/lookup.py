"""Find or create the reference records that imported rows name, with one query per table per import."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cached_property, lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack.imports.report import FuzzyMatch
from uprtrack.imports.state_names import NameIndex
from uprtrack.models import (
    Cycle,
    Fund,
    GroupOfPersons,
    IssueTag,
    Organisation,
    Sdg,
    State,
    StateName,
    Theme,
    UprSession,
    name_key,
)

_THEME_CODE = re.compile(r"^([A-Z]\d{1,2})\s+(.+)$")
_SDG = re.compile(r"^\s*(\d{1,2}(?:\.[0-9a-z]{1,2})?)\b\s*(?:[-–:]\s*(.*))?$", re.IGNORECASE)
# Python's \w is exactly str.isalnum() and "_": what is neither a letter nor a digit, in one C-speed pass.
_NOT_ALNUM = re.compile(r"[\W_]+")


# UPR Info gives a recommendation's text again on the row of each recommending State.
@lru_cache(maxsize=4096)
def text_key(text: str) -> str:
    """Fingerprint a text by its letters and digits only, so punctuation and spacing do not split a match."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    letters = _NOT_ALNUM.sub("", folded)
    return hashlib.sha256(letters.encode("utf-8")).hexdigest()


def fund_key(label: str) -> str:
    """Key a fund's name so that "UPR" and "Universal Periodic Review", with or without "United Nations", agree."""
    key = name_key(label).replace("universal periodic review", "upr").replace("the ", "")
    return key.removeprefix("united nations ")


def split_theme(label: str) -> tuple[str | None, str]:
    """Split "E51 Right to education" into its UHRI code and its name."""
    label = re.sub(r"\s+", " ", label).strip()
    match = _THEME_CODE.match(label)
    return (match.group(1), match.group(2)) if match else (None, label)


def split_sdg(label: str) -> tuple[str, str] | None:
    """Split "4 - QUALITY EDUCATION" or "4.1" into code and title; None when it names no goal or target."""
    match = _SDG.match(label)
    if not match:
        return None
    code = match.group(1).lower()
    return code, (match.group(2) or "").strip()


def states_by_key(session: Session) -> dict[str, State]:
    """Every State by the normalised key of its name, its ISO code and each other spelling files use."""
    states: dict[str, State] = {}
    for state in session.scalars(select(State)):
        states[name_key(state.name)] = state
        states[name_key(state.iso3)] = state
    for spelling in session.scalars(select(StateName)):
        states.setdefault(spelling.key, spelling.state)
    return states


class Lookup:
    """Caches of one import: States by every spelling, and the vocabularies rows name."""

    def __init__(self, session: Session):
        self.session = session
        self.states = states_by_key(session)
        self.state_index = NameIndex(self.states)
        self.fuzzy: list[FuzzyMatch] = []  # every State name matched by likeness, for the report
        self.cycles = {c.number: c for c in session.scalars(select(Cycle))}
        self.sessions = set(session.scalars(select(UprSession.number)))
        self.themes = {name_key(t.name): t for t in session.scalars(select(Theme))}
        self.groups = {name_key(g.name): g for g in session.scalars(select(GroupOfPersons))}
        self.issues = {name_key(i.name): i for i in session.scalars(select(IssueTag))}
        self.sdgs = {s.code: s for s in session.scalars(select(Sdg))}
        self.funds: dict[str, Fund] = {}
        for fund in session.scalars(select(Fund)):
            for label in (fund.code, fund.name, fund.short_name):
                if label:
                    self.funds[fund_key(label)] = fund
        self.organisations = {name_key(o.name): o for o in session.scalars(select(Organisation))}
        for org in list(self.organisations.values()):
            if org.acronym:
                self.organisations.setdefault(name_key(org.acronym), org)

    @cached_property
    def mechanisms(self):
        """The UN mechanisms rows name, loaded when the first non-UPR row needs them."""
        from uprtrack.imports.upsert_mechanisms import Mechanisms

        return Mechanisms(self.session)

    def state(self, name: str | None, row: int = 0) -> State | None:
        """The State a name means, whatever its spacing; a match by likeness is noted in `fuzzy`."""
        if not name:
            return None
        if found := self.states.get(name_key(name)):
            return found
        match = self.state_index.find(name)
        if match is None:
            return None
        if match.score is not None:
            self.fuzzy.append(FuzzyMatch(row, name, match.item.name, match.score))
        return match.item

    def theme(self, label: str) -> Theme:
        code, name = split_theme(label)
        theme = self.themes.get(name_key(name))
        if theme is None:
            theme = self.themes[name_key(name)] = Theme(code=code, name=name)
            self.session.add(theme)
        elif code and not theme.code:
            theme.code = code
        return theme

    def group(self, name: str) -> GroupOfPersons:
        return self._named(self.groups, GroupOfPersons, name)

    def issue(self, name: str) -> IssueTag:
        return self._named(self.issues, IssueTag, name)

    def sdg(self, label: str) -> Sdg | None:
        parts = split_sdg(label)
        if parts is None:
            return None
        code, title = parts
        sdg = self.sdgs.get(code)
        if sdg is None:
            goal = int(code.split(".")[0])
            sdg = self.sdgs[code] = Sdg(
                code=code, goal=goal, title=title.capitalize() or f"SDG {code}"
            )
            self.session.add(sdg)
        return sdg

    def fund(self, label: str) -> Fund | None:
        return self.funds.get(fund_key(label))

    def organisation(self, name: str, kind: str) -> Organisation:
        org = self.organisations.get(name_key(name))
        if org is None:
            org = self.organisations[name_key(name)] = Organisation(name=name.strip(), kind=kind)
            self.session.add(org)
        return org

    def _named(self, cache: dict, model, name: str):
        name = re.sub(r"\s+", " ", name).strip()
        item = cache.get(name_key(name))
        if item is None:
            item = cache[name_key(name)] = model(name=name)
            self.session.add(item)
        return item

"""Reference data: States and their spellings, cycles and sessions, themes, SDGs, issues, UN funds."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uprtrack.core.vocabulary import RegionalGroup, StateStatus
from uprtrack.extensions import db
from uprtrack.models.base import text_enum


@lru_cache(maxsize=8192)  # an import names the same States and issues on every row
def name_key(name: str) -> str:
    """Return the lookup key of a name: NFKC, case-folded, apostrophes unified, spaces squeezed."""
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


class State(db.Model):
    __tablename__ = "state"

    id: Mapped[int] = mapped_column(primary_key=True)
    iso3: Mapped[str] = mapped_column(String(3), unique=True)
    iso2: Mapped[str | None] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(120), unique=True)
    official_name: Mapped[str | None] = mapped_column(String(255))
    regional_group: Mapped[str | None] = mapped_column(
        text_enum(RegionalGroup.codes(), "regional_group")
    )
    status: Mapped[str] = mapped_column(
        text_enum(StateStatus.codes(), "state_status", 16), default="member"
    )

    names: Mapped[list[StateName]] = relationship(
        back_populates="state", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<State {self.iso3}>"


class StateName(db.Model):
    """One spelling of a State's name as found in real files ("Bolivia", "Turkey", "Viet Nam")."""

    __tablename__ = "state_name"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("state.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)

    state: Mapped[State] = relationship(back_populates="names")


class Cycle(db.Model):
    __tablename__ = "cycle"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    first_session: Mapped[int]
    last_session: Mapped[int]
    start_year: Mapped[int]
    end_year: Mapped[int]


class UprSession(db.Model):
    """A session of the UPR Working Group."""

    __tablename__ = "upr_session"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    cycle_number: Mapped[int] = mapped_column(ForeignKey("cycle.number"), index=True)
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]


class Theme(db.Model):
    """A human rights theme of OHCHR's matrices, with its UHRI code where the matrix gives one."""

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(8), index=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    group: Mapped[str | None] = mapped_column(String(200))


class GroupOfPersons(db.Model):
    __tablename__ = "group_of_persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class IssueTag(db.Model):
    """An issue of the UPR Info database ("Right to education", "Rights of the Child")."""

    __tablename__ = "issue_tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Sdg(db.Model):
    """A Sustainable Development Goal ("4") or target ("4.1", "16.10"); codes are text."""

    __tablename__ = "sdg"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    goal: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(255))
    official_text: Mapped[str | None] = mapped_column(Text)


class Fund(db.Model):
    """One of the UN voluntary funds that pay for technical cooperation."""

    __tablename__ = "fund"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(120))
    purpose: Mapped[str | None] = mapped_column(Text)

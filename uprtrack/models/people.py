"""Organisations, the users who act for them, and the views of a list each user keeps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uprtrack.core.vocabulary import OrganisationKind, Role
from uprtrack.extensions import db
from uprtrack.models.base import created_at, text_enum, utcnow


class Organisation(db.Model):
    """A ministry, the NHRI, a civil society organisation, a UN entity or a donor."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    acronym: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(
        text_enum(OrganisationKind.codes(), "organisation_kind"), index=True
    )
    state_id: Mapped[int | None] = mapped_column(ForeignKey("state.id"), index=True)
    created_at: Mapped[datetime] = created_at()

    state = relationship("State")
    users: Mapped[list[User]] = relationship(back_populates="organisation")

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"


class User(db.Model):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(text_enum(Role.codes(), "user_role", 16), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on logout and deactivation so that every session cookie issued before stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the user last opened "my work": what changed after it is shown as new.
    work_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The interface language the user last chose: notifications and e-mail are written in it.
    language: Mapped[str | None] = mapped_column(String(8))
    # Two-factor sign-in: the TOTP secret once it is turned on, and the last time step accepted, so that a code
    # seen over someone's shoulder cannot be used a second time.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = created_at()

    organisation: Mapped[Organisation | None] = relationship(back_populates="users")
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def two_factor(self) -> bool:
        return self.totp_secret is not None

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"

    # Flask-Login: the session remembers the id with the session version, so bumping the version ends every session.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class LoginAttempt(db.Model):
    """A failed sign-in, kept to slow down guessing from one address (per account, see User.failed_logins)."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    email: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class RecoveryCode(db.Model):
    """A single-use code that signs in without the authenticator; only its SHA-256 is kept (the codes are random
    and long enough that a slow hash adds nothing)."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at()

    user: Mapped[User] = relationship(back_populates="recovery_codes")


SAVED_QUERY_LENGTH = 2000  # a query string of every filter of the list stays far below this


class SavedView(db.Model):
    """A named query string of the recommendations list; `shared` shows it to the organisation's colleagues."""

    __tablename__ = "saved_view"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # The owner's organisation when the view was saved: a shared view reaches that organisation's colleagues.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    query: Mapped[str] = mapped_column(String(SAVED_QUERY_LENGTH), default="")
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = created_at()

    user = relationship("User")
    organisation = relationship("Organisation")

    def __repr__(self) -> str:
        return f"<SavedView {self.name!r}>"

"""Work done by the job worker rather than in a web request: a large export, an upload's check and import. The row is
the job's state,
which the page that follows it reads; the queue (SQLite or Redis) only carries the job's id to the worker."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uprtrack.core.vocabulary import JobKind, JobState
from uprtrack.extensions import db
from uprtrack.models.base import created_at, text_enum
from uprtrack.models.people import User


class Job(db.Model):
    __tablename__ = "job"

    id: Mapped[str] = mapped_column(
        String(32), primary_key=True
    )  # random: a job's address is not guessable
    kind: Mapped[str] = mapped_column(text_enum(JobKind.codes(), "job_kind", 16))
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    params: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(
        text_enum(JobState.codes(), "job_state", 16), default=JobState.QUEUED
    )
    done: Mapped[int] = mapped_column(Integer, default=0)  # rows written so far
    total: Mapped[int | None] = mapped_column(Integer)  # rows to write, once counted
    message: Mapped[str] = mapped_column(Text, default="")  # why it failed, in the owner's language
    file_name: Mapped[str | None] = mapped_column(String(255))  # the download's name, once written
    created_at: Mapped[datetime] = created_at()
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Renewed by the worker while it does the job: a running job whose heartbeat stops was left by a dead worker.
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    owner: Mapped[User] = relationship()

    @property
    def waiting(self) -> bool:
        """Whether the job is still to be done or being done: its page follows it."""
        return self.state in (JobState.QUEUED, JobState.RUNNING)

"""Deployment settings an administrator changes in the application (not in the instance configuration)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from uprtrack.extensions import db
from uprtrack.models.base import updated_at


class Setting(db.Model):
    """One setting by its key; its value as text, read and written by the feature that owns the key."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = updated_at()

"""The rule of validation: whose entries are proposed, and which entries count.

A focal point's status change, action or evidence is proposed until the national mechanism validates it, when the
deployment says so (`VALIDATION_REQUIRED`, on by default); the coordinators' and administrators' own entries are
validated at once. Only validated entries make the current status and reach the public.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app

from uprtrack.core.vocabulary import MANAGER_ROLES, EntryState


def validation_required() -> bool:
    return bool(current_app.config.get("VALIDATION_REQUIRED", True))


def entry_state_for(author) -> EntryState:
    """The state a new entry by this author starts in (no author: the seed or an import, validated)."""
    if author is None or author.role in MANAGER_ROLES or not validation_required():
        return EntryState.VALIDATED
    return EntryState.PROPOSED


def validated(entries: Iterable) -> list:
    """The validated entries, in their order: what the status, the public and the exports read."""
    return [entry for entry in entries if entry.entry_state == EntryState.VALIDATED]


def may_withdraw(user, entry) -> bool:
    """The author, a colleague of the author's institution, or the national mechanism withdraws an entry made in
    error; what is already withdrawn stays so."""
    if not user.is_authenticated or entry.entry_state == EntryState.WITHDRAWN:
        return False
    if user.role in MANAGER_ROLES:
        return True
    if entry.author_id is not None and entry.author_id == user.id:
        return True
    organisation_id = getattr(entry, "organisation_id", None)
    if organisation_id is None and entry.author is not None:
        organisation_id = entry.author.organisation_id
    return user.organisation_id is not None and organisation_id == user.organisation_id

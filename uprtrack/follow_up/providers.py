"""Providers of technical assistance: find or create one by its name, and how a list names it."""

from __future__ import annotations

import re

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from uprtrack.core.vocabulary import ProviderKind
from uprtrack.models import Organisation, name_key


def provider(session: Session, name: str, kind: str = ProviderKind.OTHER.value) -> Organisation:
    """Find a provider by its name or acronym, or create it as an organisation of the given kind."""
    key = name_key(name)
    found = session.scalars(
        select(Organisation)
        .where(or_(func.lower(Organisation.name) == key, func.lower(Organisation.acronym) == key))
        .limit(1)
    ).first()
    if found is not None:
        return found
    org = Organisation(
        name=re.sub(r"\s+", " ", name).strip(),
        kind=kind if kind in ProviderKind.codes() else ProviderKind.OTHER.value,
    )
    session.add(org)
    return org


def provider_label(org: Organisation) -> str:
    """Name a provider with its acronym, when it has one that says something more."""
    return f"{org.name} ({org.acronym})" if org.acronym and org.acronym != org.name else org.name


def provider_options(session: Session) -> list[tuple[int, str]]:
    """Every organisation that may provide assistance, as (id, label), by name."""
    providers = session.scalars(
        select(Organisation)
        .where(Organisation.kind.in_(ProviderKind.codes()))
        .order_by(Organisation.name)
    )
    return [(org.id, provider_label(org)) for org in providers]

"""Load the demo's illustrative follow-up of Slovenia's education recommendations (seed/demo/follow_up.json).

Each record is created once and found again by its natural key (title, pledge text, date and organisation...),
then never overwritten: running the demo seed a second time changes nothing. Like the rest of the demo seed, it
writes no audit entry per record; the seed command audits the run.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from uprtrack.follow_up import operations as follow_up
from uprtrack.follow_up.kinds import BY_MODEL
from uprtrack.imports.report import ImportReport
from uprtrack.models import (
    Assessment,
    Comment,
    Evidence,
    Fund,
    ImplementationAction,
    Organisation,
    Pledge,
    Recommendation,
    Review,
    State,
    TechnicalAssistance,
)
from uprtrack.recommendations.operations import change_status

FOLLOW_UP_FILE = "follow_up.json"


class FollowUpDataError(ValueError):
    """The follow-up file names something the database does not hold, or contradicts itself."""


class FollowUpLoader:
    """Create the follow-up records of one State's recommendations, named "cycle:paragraph" in the file."""

    def __init__(self, session: Session, data: dict):
        self.session, self.data = session, data
        self.state = session.scalar(select(State).where(State.iso3 == data["state"]))
        if self.state is None:
            raise FollowUpDataError(f"no State {data['state']}: load the reference data first")
        self.report = ImportReport("demo follow-up")
        rows = session.execute(
            select(Review.cycle, Recommendation)
            .join(Recommendation.review)
            .where(Review.state_id == self.state.id)
        ).all()
        self.recs = {f"{cycle}:{rec.paragraph}": rec for cycle, rec in rows}
        self.pledges: dict[str, Pledge] = {}

    def rec(self, ref: str) -> Recommendation:
        try:
            return self.recs[ref]
        except KeyError:
            raise FollowUpDataError(f"{self.state.iso3} has no recommendation {ref}") from None

    def organisation(self, name: str) -> Organisation:
        org = self.session.scalar(
            select(Organisation).where((Organisation.name == name) | (Organisation.acronym == name))
        )
        if org is None:
            raise FollowUpDataError(f"no organisation {name!r}")
        return org

    def count(self, created: bool) -> None:
        self.report.rows += 1
        self.report.count("created" if created else "unchanged")

    def load(self) -> ImportReport:
        for item in self.data.get("organisations", []):
            self.add_organisation(item)
        self.session.flush()
        for later, earlier in self.data.get("counterparts", {}).items():
            self.link_counterpart(self.rec(later), self.rec(earlier))
        for ref, history in self.data.get("status_histories", {}).items():
            self.add_history(self.rec(ref), history)
        ministry = self.organisation(self.data["ministry"])
        for item in self.data.get("actions", []):
            self.add_action(ministry, item)
        for item in self.data.get("pledges", []):
            self.pledges[item["key"]] = self.add_pledge(item)
        for item in self.data.get("assistance", []):
            self.add_assistance(item)
        for item in self.data.get("evidence", []):
            self.add_evidence(item)
        for item in self.data.get("assessments", []):
            self.add_assessment(item)
        for item in self.data.get("comments", []):
            self.add_comment(item)
        self.session.flush()
        return self.report

    def add_organisation(self, item: dict) -> None:
        found = self.session.scalar(select(Organisation).where(Organisation.name == item["name"]))
        if found is None:
            self.session.add(Organisation(name=item["name"], kind=item["kind"]))
        self.count(found is None)

    def link_counterpart(self, later: Recommendation, earlier: Recommendation) -> None:
        if later.review.cycle != earlier.review.cycle + 1:
            raise FollowUpDataError(
                f"{later.paragraph} and {earlier.paragraph} are not of consecutive cycles"
            )
        # A counterpart someone chose since is theirs to keep.
        created = later.previous_id is None
        if created:
            later.previous = earlier
        self.count(created)

    def add_history(self, rec: Recommendation, history: list[list[str]]) -> None:
        """Append the dated changes the recommendation lacks, through the app's own status change."""
        changes = [(date.fromisoformat(on), status, note) for on, status, note in history]
        if [on for on, _, _ in changes] != sorted(on for on, _, _ in changes):
            raise FollowUpDataError(f"the status history of {rec.paragraph} is not in date order")
        recorded = {(c.changed_on, c.status) for c in rec.status_changes}
        for on, status, note in changes:
            # Never append a change older than the current status: the last change must stay the status.
            created = (on, status) not in recorded and (
                rec.status_date is None or on >= rec.status_date
            )
            if created:
                change_status(self.session, rec, status, on, note, None)
            self.count(created)

    def add_action(self, ministry: Organisation, item: dict) -> None:
        rec, on = self.rec(item["recommendation"]), date.fromisoformat(item["taken_on"])
        found = self.session.scalar(
            select(ImplementationAction.id).where(
                ImplementationAction.recommendation_id == rec.id,
                ImplementationAction.taken_on == on,
                ImplementationAction.description == item["description"],
            )
        )
        if found is None:
            self.session.add(
                ImplementationAction(
                    recommendation=rec,
                    organisation=ministry,
                    taken_on=on,
                    description=item["description"],
                )
            )
        self.count(found is None)

    def _record(self, model: type, values: dict, refs: list[str]):
        """Create a pledge, assistance or evidence record unless the State has it already (the app's own rule)."""
        values, kind = {"state_id": self.state.id, **values}, BY_MODEL[model]
        found = follow_up.duplicate_of(self.session, kind, self.state.id, values)
        self.count(found is None)
        if found is not None:
            return found, False
        return follow_up.add_record(
            self.session, kind, values, [self.rec(ref) for ref in refs]
        ), True

    def add_pledge(self, item: dict) -> Pledge:
        pledge, _ = self._record(
            Pledge,
            {
                "text": item["text"],
                "made_on": _date(item.get("made_on")),
                "source": item.get("source"),
                "session": item.get("session"),
                "cycle": item.get("cycle"),
                "follow_up": item.get("follow_up", ""),
                "published": item.get("published", True),
            },
            item["recommendations"],
        )
        return pledge

    def add_assistance(self, item: dict) -> None:
        fund = None
        if item.get("fund"):
            fund = self.session.scalar(select(Fund).where(Fund.code == item["fund"]))
            if fund is None:
                raise FollowUpDataError(f"no fund {item['fund']}")
        record, created = self._record(
            TechnicalAssistance,
            {
                "title": item["title"],
                "direction": item["direction"],
                "status": item["status"],
                "provider_id": self.organisation(item["provider"]).id,
                "fund_id": fund.id if fund else None,
                "kind": item.get("kind"),
                "amount": Decimal(item["amount"]) if item.get("amount") else None,
                "currency": item.get("currency"),
                "start_date": _date(item.get("start_date")),
                "end_date": _date(item.get("end_date")),
                "outcome": item.get("outcome", ""),
                "cycle": item.get("cycle"),
                "published": item.get("published", True),
            },
            item["recommendations"],
        )
        if created:
            try:
                record.pledges.extend(self.pledges[key] for key in item.get("pledges", []))
            except KeyError as error:
                raise FollowUpDataError(f"no pledge with the key {error}") from None

    def add_evidence(self, item: dict) -> None:
        self._record(
            Evidence,
            {
                "title": item["title"],
                "kind": item["kind"],
                "date": _date(item.get("date")),
                "source": item.get("source"),
                "url": item.get("url"),
                "verified_by": item.get("verified_by"),
                "verified_on": _date(item.get("verified_on")),
                "cycle": item.get("cycle"),
                "published": item.get("published", True),
            },
            item["recommendations"],
        )

    def add_assessment(self, item: dict) -> None:
        rec, org = self.rec(item["recommendation"]), self.organisation(item["organisation"])
        on = date.fromisoformat(item["assessed_on"])
        found = self.session.scalar(
            select(Assessment.id).where(
                Assessment.recommendation_id == rec.id,
                Assessment.organisation_id == org.id,
                Assessment.assessed_on == on,
            )
        )
        if found is None:
            self.session.add(
                Assessment(
                    recommendation=rec,
                    organisation=org,
                    rating=item["rating"],
                    text=item["text"],
                    sources=item.get("sources", ""),
                    groups_affected=item.get("groups_affected", ""),
                    assessed_on=on,
                    moderation=item.get("moderation", "published"),
                )
            )
        self.count(found is None)

    def add_comment(self, item: dict) -> None:
        rec, org = self.rec(item["recommendation"]), self.organisation(item["organisation"])
        found = self.session.scalar(
            select(Comment.id).where(
                Comment.recommendation_id == rec.id,
                Comment.organisation_id == org.id,
                Comment.body == item["body"],
            )
        )
        if found is None:
            self.session.add(
                Comment(
                    recommendation=rec,
                    organisation=org,
                    body=item["body"],
                    moderation=item.get("moderation", "published"),
                )
            )
        self.count(found is None)


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def load_follow_up(session: Session, path: Path) -> ImportReport:
    """Create the follow-up records the file describes that the database does not hold yet; return the counts."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return FollowUpLoader(session, data).load()

"""The follow-up records' words: providers, assistance, evidence, and the States and mechanisms."""

from __future__ import annotations

from enum import nonmember

from flask_babel import lazy_gettext as _l

from uprtrack.core.vocabulary.base import Term


class ProviderKind(Term):
    """The kind of a new provider of technical assistance (a subset of the organisation kinds)."""

    UN_ENTITY = "un_entity", _l("UN entity")
    DONOR = "donor", _l("Donor")
    OTHER = "other", _l("Other partner")

    css_prefix = nonmember("provider")


class AssistanceDirection(Term):
    """Whether technical assistance is asked for or was given."""

    REQUESTED = "requested", _l("Requested")
    RECEIVED = "received", _l("Received")

    css_prefix = nonmember("direction")


class AssistanceState(Term):
    """Where technical assistance stands."""

    REQUESTED = "requested", _l("Requested")
    AGREED = "agreed", _l("Agreed")
    UNDER_WAY = "under_way", _l("Under way")
    DELIVERED = "delivered", _l("Delivered")
    DECLINED = "declined", _l("Declined")

    css_prefix = nonmember("assistance")


class AssistanceKind(Term):
    """What technical assistance consists of."""

    ADVISORY_SERVICES = "advisory_services", _l("Advisory services")
    TRAINING = "training", _l("Training")
    LEGAL_DRAFTING = "legal_drafting", _l("Legal drafting")
    DATA = "data", _l("Data")
    FINANCIAL = "financial", _l("Financial")
    OTHER = "other", _l("Other")

    css_prefix = nonmember("assistance-kind")


class EvidenceKind(Term):
    """What a piece of implementation evidence is."""

    LAW = "law", _l("Law")
    POLICY = "policy", _l("Policy")
    BUDGET_LINE = "budget_line", _l("Budget line")
    STATISTIC = "statistic", _l("Statistic")
    COURT_DECISION = "court_decision", _l("Court decision")
    PROGRAMME = "programme", _l("Programme")
    REPORT = "report", _l("Report")
    OTHER = "other", _l("Other")

    css_prefix = nonmember("evidence-kind")


class RegionalGroup(Term):
    """The UN regional groups of States (names as the UN writes them, not translated here)."""

    AFRICAN = "African"
    ASIA_PACIFIC = "Asia-Pacific"
    EASTERN_EUROPEAN = "Eastern European"
    GRULAC = "GRULAC"
    WEOG = "WEOG"


class StateStatus(Term):
    """Whether a State is a UN Member State or an observer State."""

    MEMBER = "member"
    OBSERVER = "observer"


class MechanismKind(Term):
    """What kind of UN mechanism made a recommendation: the UPR, a treaty body or a special procedure."""

    UPR = "upr", _l("Universal Periodic Review")
    TREATY_BODY = "treaty_body", _l("Treaty body")
    SPECIAL_PROCEDURE = "special_procedure", _l("Special procedure")

    css_prefix = nonmember("mechanism-kind")

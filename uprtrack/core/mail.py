"""E-mail: the one place that speaks SMTP (the standard library's smtplib), configured by UPRTRACK_MAIL_*.

Without a mail server configured (MAIL_SERVER empty), each message is written to the log instead, so that a
deployment without mail still runs and its in-app notifications still work. A message that cannot be sent is
logged and reported as not sent, never raised into the request that asked for it.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app

log = logging.getLogger("uprtrack.mail")


@dataclass(frozen=True)
class Mail:
    """One message to one address: a plain-text part always, an HTML part when given, extra headers
    (List-Unsubscribe for digests)."""

    to: str
    subject: str
    text: str
    html: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


def configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def sender() -> str:
    config = current_app.config
    return formataddr((config["MAIL_SENDER_NAME"], config["MAIL_SENDER"]))


def build(mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender()
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(
        domain=current_app.config["MAIL_SENDER"].rpartition("@")[2] or None
    )
    for name, value in mail.headers.items():
        message[name] = value
    message.set_content(mail.text)
    if mail.html is not None:
        message.add_alternative(mail.html, subtype="html")
    return message


def send(mails: Sequence[Mail] | Iterable[Mail]) -> list[bool]:
    """Send the messages over one connection; return, for each, whether it left (or was logged, without a
    server). A refused address or a server that does not answer is logged and counts as not sent."""
    mails = list(mails)
    if not mails:
        return []
    if not configured():
        for mail in mails:
            log.info("mail (no MAIL_SERVER set) to %s: %s\n%s", mail.to, mail.subject, mail.text)
        return [True] * len(mails)
    try:
        with _connect() as smtp:
            return [_send_one(smtp, mail) for mail in mails]
    except (OSError, smtplib.SMTPException) as error:
        log.warning("mail server %s unavailable: %s", current_app.config["MAIL_SERVER"], error)
        return [False] * len(mails)


def _send_one(smtp: smtplib.SMTP, mail: Mail) -> bool:
    try:
        smtp.send_message(build(mail))
    except smtplib.SMTPRecipientsRefused as error:
        log.warning("mail to %s refused: %s", mail.to, error)
        return False
    return True


def _connect() -> smtplib.SMTP:
    config = current_app.config
    host, port, timeout = (
        config["MAIL_SERVER"],
        int(config["MAIL_PORT"]),
        float(config["MAIL_TIMEOUT"]),
    )
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return smtp

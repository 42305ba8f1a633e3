"""`flask create-user`: argon2 hashes, organisations made on demand, clear refusals."""

import pytest
from sqlalchemy import select

from uprtrack.accounts.users import check_password
from uprtrack.models import AuditEntry, Organisation, User

PASSWORD = "a long enough passphrase\n"


def test_create_user_with_new_organisation(runner, ctx):
    result = runner.invoke(
        args=[
            "create-user",
            "Focal@Education.example",
            "--role",
            "focal_point",
            "--org",
            "Ministry of Education",
            "--password-stdin",
        ],
        input=PASSWORD,
    )
    assert result.exit_code == 0, result.output
    user = ctx.scalar(select(User))
    assert user.email == "focal@education.example"
    assert user.password_hash.startswith("$argon2id$")
    assert check_password(user, PASSWORD.strip())
    assert not check_password(user, "wrong password here")
    assert user.organisation.kind == "ministry"
    assert (
        ctx.scalar(select(AuditEntry).where(AuditEntry.action == "create-user")).detail["role"]
        == "focal_point"
    )


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["x@example.org", "--role", "king"], PASSWORD, "Unknown role 'king'"),
        (["not-an-email", "--role", "cso"], PASSWORD, "is not an e-mail address"),
        (["x@example.org", "--role", "cso"], "short\n", "too short"),
    ],
)
def test_refusals(runner, ctx, args, stdin, message):
    result = runner.invoke(
        args=["create-user", *args, "--org", "Some NGO", "--password-stdin"], input=stdin
    )
    assert result.exit_code == 1
    assert message in result.output
    assert ctx.scalar(select(User)) is None
    assert ctx.scalar(select(Organisation).where(Organisation.name == "Some NGO")) is None


def test_duplicate_email(runner, ctx):
    args = ["create-user", "nhri@example.org", "--role", "nhri", "--password-stdin"]
    assert runner.invoke(args=args, input=PASSWORD).exit_code == 0
    again = runner.invoke(
        args=["create-user", "NHRI@example.org", "--role", "nhri", "--password-stdin"],
        input=PASSWORD,
    )
    assert again.exit_code == 1
    assert "already exists" in again.output

"""`/health` answers 200 while the database answers with the schema of the code and the files can be kept, 503 with
the reason otherwise (the storage: tests/test_storage.py)."""

from sqlalchemy import text

from uprtrack.extensions import db
from uprtrack.web.health import expected_revision


def test_health_says_ok_with_the_schema_of_the_code(app, client):
    answer = client.get("/health")
    with app.app_context():
        head = expected_revision(app.extensions["migrate"].directory)
        stored = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert answer.status_code == 200 and answer.json == {
        "status": "ok",
        "database": head,
        "storage": "ok",
    }
    assert stored == head and answer.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in answer.headers


def test_health_says_unavailable_when_the_schema_is_behind(app, client):
    with app.app_context():
        head = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        db.session.execute(text("UPDATE alembic_version SET version_num = '0010'"))
        db.session.commit()
    try:
        answer = client.get("/health")
        assert answer.status_code == 503
        assert (
            answer.json["status"] == "unavailable" and "flask db upgrade" in answer.json["reason"]
        )
        assert (answer.json["database"], answer.json["expected"]) == ("0010", head)
    finally:
        with app.app_context():
            db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
            db.session.commit()

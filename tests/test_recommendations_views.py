"""The recommendations screens for each role, on Slovenia's real matrices: list, page, status, actions, assignment,
editing, publication and the bulk changes of the list."""

import html
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from tests.conftest import people_login
from tests.test_import_command import CYCLE2, CYCLE3, CYCLE4
from uprtrack.models import (
    AppendOnlyError,
    Assignment,
    AuditEntry,
    Evidence,
    ImplementationAction,
    Organisation,
    Pledge,
    Recommendation,
    Review,
    State,
    StatusChange,
)

PEOPLE = {
    "coord@example.org": ("coordinator", "Government Office for Human Rights"),
    "admin@example.org": ("admin", "Government Office for Human Rights"),
    "focal@example.org": ("focal_point", "Ministry of Education"),
    "interior@example.org": ("focal_point", "Ministry of the Interior"),
    "nhri@example.org": ("nhri", "Human Rights Ombudsman"),
}


@pytest.fixture
def data(import_files, ctx):
    """The three matrices; the Ministry of Education responsible for cycle 4's first education recommendation."""
    import_files(CYCLE2, CYCLE3, CYCLE4)
    return ctx


@pytest.fixture
def login(client, login, make_user, data):
    """Sign in as one of PEOPLE (made when first needed), signing out whoever was signed in before."""
    return people_login(client, login, make_user, data, PEOPLE)


@pytest.fixture
def assigned(data, login):
    """Cycle 4's first recommendation on education, assigned to the Ministry of Education, due in a month."""
    login("focal@example.org")
    ministry = data.scalar(select(Organisation).where(Organisation.name == "Ministry of Education"))
    rec = education_recs(data)[0]
    data.add(
        Assignment(
            recommendation=rec, organisation=ministry, due_date=date.today() + timedelta(days=30)
        )
    )
    data.commit()
    return rec


def education_recs(ctx, cycle=4):
    return ctx.scalars(
        select(Recommendation)
        .join(Review)
        .where(Review.cycle == cycle, Recommendation.education)
        .order_by(Recommendation.id)
    ).all()


def text(response):
    return response.get_data(as_text=True)


def shown_ids(page: str) -> list[int]:
    """The recommendations a list page links to, in order."""
    return [
        int(i) for i in re.findall(r'<td data-label="[^"]+"><a href="/recommendations/(\d+)"', page)
    ]


def count_line(page: str) -> str:
    return " ".join(re.search(r'id="result-count">(.*?)</p>', page, re.S).group(1).split())


def audit(ctx, action):
    ctx.expire_all()
    return ctx.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    ).all()


def status_form(rec, **values):
    data = {
        "status-status": "in_progress",
        "status-changed_on": date.today().isoformat(),
        "status-note": "The new curriculum is in the schools.",
        "status-version": str(rec.version),
    }
    data.update({f"status-{k}": v for k, v in values.items()})
    return data


# --- The list --------------------------------------------------------------------------------------------------


def test_list_shows_education_by_default_and_everything_on_request(client, data):
    page = text(client.get("/recommendations?state=SVN&cycle=4"))
    # Counts by the education rule (core/education.py, measured in test_education_rule), not by theme.
    assert count_line(page) == "36 recommendations on the right to education match."
    assert len(shown_ids(page)) == 25 and "Page 1 of 2" in page
    page = text(client.get("/recommendations?state=SVN&cycle=4&education=0"))
    assert count_line(page) == "254 recommendations match."
    assert count_line(
        text(client.get("/recommendations?cycle=4&education=0&position=Supported"))
    ).startswith("217 ")
    assert count_line(
        text(client.get("/recommendations?cycle=4&education=0&position=Noted"))
    ).startswith("37 ")
    assert count_line(text(client.get("/recommendations"))) == (
        f"{15 + 17 + 36} recommendations on the right to education match."
    )


def test_list_rows_show_what_a_reader_needs(client, data, assigned):
    page = text(client.get("/recommendations?state=SVN&cycle=4&per_page=100"))
    row = re.search(rf'/recommendations/{assigned.id}".*?</tr>', page, re.S).group(0)
    assert assigned.paragraph in row and "Supported" in row and "Not started" in row
    assert "Ministry of Education" in row and str((date.today() + timedelta(days=30)).year) in row
    states = ", ".join(s.name for s in assigned.recommending_states)
    assert states and f'<td data-label="Recommended by">{states}</td>' in row
    # The filter names the State and the cycle: the rows do not repeat them; without it they do.
    assert 'data-label="Review"' not in page
    every = text(client.get("/recommendations?per_page=100"))
    assert '<td data-label="Review">Slovenia, cycle 4</td>' in every


def test_matrix_order_shows_the_theme_headings_as_group_rows(client, data):
    page = text(client.get("/recommendations?state=SVN&cycle=4&education=0&per_page=100"))
    rows = [
        (html.unescape(heading), rec_id)
        for heading, rec_id in re.findall(
            r'<th scope="rowgroup"[^>]*>([^<]+)</th>|/recommendations/(\d+)"', page
        )
    ]
    recs = data.scalars(
        select(Recommendation).join(Review).where(Review.cycle == 4).order_by(Recommendation.id)
    ).all()[:100]
    # Each heading row stands where the matrix's heading changes, before the first recommendation under it.
    expected, last = [], None
    for rec in recs:
        if rec.theme_heading != last:
            expected.append((rec.theme_heading, ""))
            last = rec.theme_heading
        expected.append(("", str(rec.id)))
    assert len([h for h, _ in expected if h]) > 3
    assert rows == expected
    by_status = text(client.get("/recommendations?state=SVN&cycle=4&education=0&sort=status"))
    assert 'scope="rowgroup"' not in by_status and len(shown_ids(by_status)) == 25


def test_search_finds_a_recommending_state_by_name(client, data):
    costa_rica = data.scalar(select(State).where(State.name == "Costa Rica"))
    theirs = sorted(
        r.id
        for r in data.scalars(select(Recommendation)).all()
        if costa_rica in r.recommending_states
    )
    assert theirs
    page = text(client.get("/recommendations?education=0&per_page=100&q=Costa+Rica"))
    assert sorted(shown_ids(page)) == theirs
    in_english = text(client.get("/recommendations?education=0&per_page=10&q=哥斯达黎加"))
    assert count_line(in_english) == "0 recommendations match."
    client.get("/language/zh")  # the State's name in the reader's language finds it too
    chinese = text(client.get("/recommendations?education=0&per_page=100&q=哥斯达黎加"))
    assert sorted(shown_ids(chinese)) == theirs
    first_ten = text(client.get("/recommendations?education=0&per_page=10&q=哥斯达黎加"))
    assert len(theirs) > 10 and str(len(theirs)) in count_line(first_ten)


def test_a_search_that_finds_nothing_offers_the_states_it_is_like(client, data):
    """A misspelt State's name finds no text, but the list offers the recommending States it is like (by pg_trgm's
    similarity, on SQLite as on PostgreSQL), each a link to that State's recommendations with the other filters."""
    costa_rica = data.scalar(select(State).where(State.name == "Costa Rica"))
    page = text(client.get("/recommendations?education=0&cycle=4&q=Costa+Rca"))
    assert count_line(page) == "0 recommendations match."
    links = re.findall(
        r'<a href="([^"]+)">Recommended by ([^<]+)</a>', page.split('id="similar-states"')[1]
    )
    assert links[0][1] == "Costa Rica" and len(links) <= 3
    target = html.unescape(links[0][0])
    assert parse_qs(urlsplit(target).query) == {
        "education": ["0"],
        "cycle": ["4"],
        "recommending": ["CRI"],
    }
    theirs = text(client.get(target))
    assert shown_ids(theirs) and costa_rica.iso3 == "CRI"
    assert 'id="similar-states"' not in text(
        client.get("/recommendations?education=0&q=Costa+Rica")
    )
    assert 'id="similar-states"' not in text(client.get("/recommendations?education=0&q=zzqqxx"))
    client.get("/language/zh")  # the names in the reader's language, one character missing
    chinese = text(client.get("/recommendations?education=0&q=哥斯达黎"))
    assert "哥斯达黎加" in chinese.split('id="similar-states"')[1]


def test_pagination_keeps_the_filter(client, data):
    first = text(client.get("/recommendations?education=0&cycle=4&per_page=50&sort=paragraph"))
    assert "Page 1 of 6" in first and len(shown_ids(first)) == 50
    next_link = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(next_link).query) == {
        "cycle": ["4"],
        "education": ["0"],
        "sort": ["paragraph"],
        "per_page": ["50"],
        "page": ["2"],
    }
    second = text(client.get(next_link))
    assert "Page 2 of 6" in second and not set(shown_ids(first)) & set(shown_ids(second))
    last = text(client.get("/recommendations?education=0&cycle=4&per_page=50&page=6"))
    assert len(shown_ids(last)) == 4
    assert "There is no such page." in text(client.get("/recommendations?education=0&page=99"))
    every = text(client.get("/recommendations?education=0&cycle=4&per_page=100"))
    assert len(shown_ids(every)) == 100


def test_filter_form_shows_the_choices_in_the_url(client, data):
    page = text(
        client.get(
            "/recommendations?state=svn&cycle=3&education=0&position=Noted&sort=status&q=Roma"
        )
    )
    for name, value in (
        ("state", "SVN"),
        ("cycle", "3"),
        ("education", "0"),
        ("position", "Noted"),
        ("sort", "status"),
    ):
        select_html = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
        assert re.search(rf'<option selected value="{value}">', select_html), name
    assert 'name="q" type="text" value="Roma"' in page
    assert 'href="/recommendations">Clear filters</a>' in page


def test_bad_filter_values_are_ignored(client, data):
    response = client.get(
        "/recommendations?cycle=four&state=%27;--&theme=x&sdg=9.9&sort=drop&per_page=7&page=-2"
        "&overdue=perhaps&status=done"
    )
    assert response.status_code == 200
    assert (
        count_line(text(response))
        == f"{15 + 17 + 36} recommendations on the right to education match."
    )


def test_search_in_text_and_paragraph(client, data):
    roma = data.scalar(
        select(func.count()).select_from(Recommendation).where(Recommendation.text.ilike("%roma%"))
    )
    assert count_line(text(client.get("/recommendations?education=0&q=ROMA"))).startswith(
        f"{roma} "
    )
    rec = data.scalar(
        select(Recommendation)
        .join(Review)
        .where(Review.cycle == 4, Recommendation.paragraph == "140.215")
    )
    page = text(client.get("/recommendations?education=0&cycle=4&q=140.215"))
    assert shown_ids(page) == [rec.id]
    assert count_line(text(client.get("/recommendations?education=0&q=100%25"))).startswith("0 ")


def test_the_list_counts_and_draws_its_filters_once_per_version_of_the_data(
    client, data, monkeypatch
):
    """The count and the filter panel are kept per version of the data: asked again, or for another page of the
    same filter, they are not done again; once a change is committed the list counts and draws anew, with it."""
    from uprtrack.models import Theme
    from uprtrack.recommendations import choices, pages

    pages.LIST_COUNTS.clear()
    pages.FILTER_PANELS.clear()
    counted, drawn = [], []
    real_count, real_form = pages.count_capped, choices.filter_form
    monkeypatch.setattr(pages, "count_capped", lambda *a: counted.append(1) or real_count(*a))
    monkeypatch.setattr(choices, "filter_form", lambda *a: drawn.append(1) or real_form(*a))
    everything = 15 + 17 + 36

    first = text(client.get("/recommendations?per_page=10"))
    assert count_line(first) == f"{everything} recommendations on the right to education match."
    again = text(client.get("/recommendations?per_page=10"))
    assert again == first and (len(counted), len(drawn)) == (1, 1)
    after = shown_ids(first)[-1]
    second = text(client.get(f"/recommendations?per_page=10&page=2&after={after}"))
    assert count_line(second) == count_line(first) and shown_ids(second)[0] > after
    assert len(counted) == 1  # the same filter's count; the panel shows no page
    chinese = text(client.get("/recommendations?per_page=10", headers={"Accept-Language": "zh"}))
    assert "筛选条件" in chinese and len(drawn) == 2  # drawn in each language

    rec = education_recs(data)[0]
    rec.published = False
    data.add(Theme(name="Rights of older persons in education"))
    data.commit()
    changed = text(client.get("/recommendations?per_page=10"))
    assert (
        count_line(changed) == f"{everything - 1} recommendations on the right to education match."
    )
    assert "Rights of older persons in education" in changed and len(counted) == 2
    assert text(client.get("/recommendations?per_page=10")) == changed and len(counted) == 2


def test_overview_links_to_the_filtered_list(client, data):
    page = text(client.get("/"))
    assert (
        'href="/recommendations?education=0&amp;state=SVN&amp;cycle=4">Slovenia, cycle 4</a>'
        in page
    )
    assert 'href="/recommendations?state=SVN&amp;cycle=4">36 on the right to education</a>' in page
    review = data.scalar(select(Review).where(Review.cycle == 4))
    response = client.get(f"/reviews/{review.id}?education=0")
    assert response.status_code == 302
    assert response.headers["Location"] == "/recommendations?state=SVN&cycle=4&education=0"


# --- Who sees what ---------------------------------------------------------------------------------------------


def test_public_cannot_see_unpublished_recommendations(client, data, login):
    rec = education_recs(data)[0]
    rec.published = False
    data.commit()
    page = text(client.get("/recommendations?cycle=4"))
    assert count_line(page).startswith("35 ") and rec.id not in shown_ids(page)
    assert client.get(f"/recommendations/{rec.id}").status_code == 404
    login("nhri@example.org")
    assert client.get(f"/recommendations/{rec.id}").status_code == 404
    login("interior@example.org")  # government users see it, marked
    page = text(client.get("/recommendations?cycle=4"))
    assert count_line(page).startswith("36 ") and "Unpublished" in page
    assert "Unpublished" in text(client.get(f"/recommendations/{rec.id}"))


def test_recommendation_page_shows_everything_linked(client, data, assigned):
    rec = assigned
    cycle3 = education_recs(data, 3)[0]
    rec.previous_id = cycle3.id
    slovenia = data.scalar(select(State).where(State.iso3 == "SVN"))
    data.add_all(
        [
            Pledge(
                state=slovenia,
                text="Free school meals for every pupil",
                text_key="meals",
                recommendations=[rec],
            ),
            Evidence(
                state=slovenia,
                title="Draft act, not public",
                kind="law",
                published=False,
                recommendations=[rec],
            ),
        ]
    )
    data.commit()
    client.post("/sign-out")
    page = text(client.get(f"/recommendations/{rec.id}"))
    assert rec.text[:60] in page and "A/HRC/59/15/Add.1" in page and "Supported" in page
    assert (
        "Ministry of Education" in page
        and "4 Quality education" in page
        and "China" in page  # 140.31, cycle 4's first recommendation on education
    )
    assert "Free school meals for every pupil" in page and "Draft act, not public" not in page
    assert f'href="/recommendations/{cycle3.id}"' in page and "Earlier cycle:" in page
    assert 'id="voices"' in page  # the NHRI's and civil society's part
    assert "Save status" not in page and "Edit recommendation" not in page
    later = text(client.get(f"/recommendations/{cycle3.id}"))
    assert "Later cycle:" in later and f'href="/recommendations/{rec.id}"' in later
    assert client.get("/recommendations/999999").status_code == 404


# --- Status and actions ----------------------------------------------------------------------------------------


def test_focal_point_updates_the_status_and_history_is_appended(client, data, login, assigned):
    rec = assigned
    page = text(client.get(f"/recommendations/{rec.id}"))
    # The forms are on the update page; the recommendation's page links to it.
    assert f'href="/recommendations/{rec.id}/status"' in page and "Save status" not in page
    assert "Record an action taken" in page
    update = text(client.get(f"/recommendations/{rec.id}/status"))
    assert "Save status" in update and "Record action" in update
    response = client.post(
        f"/recommendations/{rec.id}/status",
        data=status_form(
            rec,
            status="planned",
            changed_on="2025-01-15",
            note="Working group set up by the ministry.",
        ),
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/recommendations/{rec.id}#status"
    )
    data.expire_all()
    first = data.scalars(select(StatusChange)).one()
    # A focal point's change is proposed: the current status stays until the national mechanism validates it.
    assert (rec.status, rec.status_date, first.status, first.changed_on, first.entry_state) == (
        "not_started",
        None,
        "planned",
        date(2025, 1, 15),
        "proposed",
    )
    assert first.author.email == "focal@example.org"
    response = client.post(
        f"/recommendations/{rec.id}/status", data=status_form(rec, changed_on="2025-03-01")
    )
    assert response.status_code == 302
    data.expire_all()
    changes = data.scalars(select(StatusChange).order_by(StatusChange.id)).all()
    assert [(c.status, c.changed_on, c.note) for c in changes] == [
        ("planned", date(2025, 1, 15), "Working group set up by the ministry."),
        ("in_progress", date(2025, 3, 1), "The new curriculum is in the schools."),
    ]
    assert rec.status == "not_started"
    page = text(client.get(f"/recommendations/{rec.id}"))
    timeline = re.search(r'<ol class="timeline status-history"[^>]*>.*?</ol>', page, re.S).group(0)
    # Newest first: the latest status on top.
    assert timeline.index("The new curriculum") < timeline.index("Working group set up")
    assert timeline.count("Ministry of Education") == 2
    assert timeline.count("Proposed, awaiting validation") == 2
    assert "proposed: In progress" in page
    assert [(e.detail["before"], e.detail["after"]) for e in audit(data, "propose-status")] == [
        ("not_started", "planned"),
        ("not_started", "in_progress"),
    ]
    changes[0].note = "rewritten"
    with pytest.raises(AppendOnlyError):
        data.flush()
    data.rollback()


def test_status_form_refuses_bad_input_and_keeps_it(client, data, assigned):
    rec = assigned
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(
        f"/recommendations/{rec.id}/status", data=status_form(rec, changed_on=tomorrow, note=" ")
    )
    page = text(response)
    assert response.status_code == 200
    assert (
        "The date cannot be in the future." in page and "Say why the status is what it is" in page
    )
    assert f'value="{tomorrow}"' in page
    data.expire_all()
    assert (
        data.scalar(select(func.count()).select_from(StatusChange)) == 0
        and rec.status == "not_started"
    )


def test_second_save_with_the_same_version_is_refused_with_both_values(
    client, data, login, assigned
):
    rec = assigned
    seen = status_form(rec, status="planned", note="Plan adopted by the government.")
    assert client.post(f"/recommendations/{rec.id}/status", data=seen).status_code == 302
    login("coord@example.org")  # opened the form before the focal point saved
    mine = status_form(rec, status="partially_implemented", note="Half of the schools have it.")
    mine["status-version"] = seen["status-version"]
    response = client.post(f"/recommendations/{rec.id}/status", data=mine)
    page = text(response)
    assert response.status_code == 409
    assert "Someone else saved this record after you opened it" in page
    conflict = re.search(r"<table>.*?</table>", page, re.S).group(0)
    assert (
        "Plan adopted by the government." in conflict and "Half of the schools have it." in conflict
    )
    assert "Planned" in conflict and "Partially implemented" in conflict
    assert "Half of the schools have it.</textarea>" in page  # nothing typed is lost
    data.expire_all()
    assert [c.status for c in data.scalars(select(StatusChange))] == ["planned"]
    version = re.search(r'name="status-version" type="hidden" value="(\d+)"', page).group(1)
    mine["status-version"] = version  # saving again, knowingly, adds it after the other
    assert client.post(f"/recommendations/{rec.id}/status", data=mine).status_code == 302


def test_only_the_responsible_institution_and_the_nmrf_update(client, data, login, assigned):
    rec = assigned
    other = education_recs(data)[1]
    form = status_form(other)
    assert client.post(f"/recommendations/{other.id}/status", data=form).status_code == 403
    assert client.get(f"/recommendations/{other.id}/status").status_code == 403
    assert client.post(f"/recommendations/{other.id}/actions", data={}).status_code == 403
    assert "Save status" not in text(client.get(f"/recommendations/{other.id}"))
    login("interior@example.org")
    assert (
        client.post(f"/recommendations/{rec.id}/status", data=status_form(rec)).status_code == 403
    )
    login("nhri@example.org")
    assert (
        client.post(f"/recommendations/{rec.id}/status", data=status_form(rec)).status_code == 403
    )
    client.post("/sign-out")
    assert (
        "/sign-in"
        in client.post(f"/recommendations/{rec.id}/status", data=status_form(rec)).headers[
            "Location"
        ]
    )
    login("coord@example.org")
    assert (
        client.post(f"/recommendations/{other.id}/status", data=status_form(other)).status_code
        == 302
    )
    data.expire_all()
    assert data.scalar(select(func.count()).select_from(StatusChange)) == 1


def test_focal_point_records_an_action(client, data, assigned):
    rec = assigned
    assert "Update recommendation" in text(client.get(f"/recommendations/{rec.id}/status"))
    response = client.post(
        f"/recommendations/{rec.id}/actions",
        data={
            "action-taken_on": "2025-02-03",
            "action-description": "Teachers trained in 40 schools.",
        },
    )
    assert response.status_code == 302
    action = data.scalars(select(ImplementationAction)).one()
    assert (action.organisation.name, action.taken_on) == (
        "Ministry of Education",
        date(2025, 2, 3),
    )
    assert action.entry_state == "proposed"
    assert "Teachers trained in 40 schools." in text(client.get(f"/recommendations/{rec.id}"))
    page = text(
        client.post(f"/recommendations/{rec.id}/actions", data={"action-taken_on": "2025-02-03"})
    )
    assert "Describe the action" in page
    # The status form beside it stays ready to use, with the version of the recommendation as it is.
    assert f'name="status-version" type="hidden" value="{rec.version}"' in page
    assert len(audit(data, "propose-action")) == 1
    client.post(
        f"/recommendations/{rec.id}/actions",
        data={"action-taken_on": "2025-06-30", "action-description": "A budget line for 2026."},
    )
    shown = text(client.get(f"/recommendations/{rec.id}"))
    actions = shown.split('id="actions-heading"')[1].split("</section>")[0]
    assert actions.index("A budget line for 2026.") < actions.index(
        "Teachers trained"
    )  # newest first

    client.post("/sign-out")  # the public sees a validated action only
    assert "Teachers trained in 40 schools." not in text(client.get(f"/recommendations/{rec.id}"))


def test_counts_and_lists_take_the_plural_form_they_need(client, data):
    recs = data.scalars(select(Recommendation).order_by(Recommendation.id)).all()
    lonely = next(r for r in recs if len(r.recommending_states) == 1)
    crowded = next(r for r in recs if len(r.recommending_states) > 1)
    page = text(client.get(f"/recommendations/{lonely.id}"))
    assert f"Recommending State: {lonely.recommending_states[0].name}</p>" in page
    page = text(client.get(f"/recommendations/{crowded.id}"))
    names = ", ".join(s.name for s in crowded.recommending_states)
    assert f"Recommending States: {names}</p>" in page
    assert count_line(text(client.get("/recommendations?education=0&cycle=4&q=140.215"))) == (
        "1 recommendation matches."
    )
    cycle2 = [r for r in recs if r.review.cycle == 2]
    for rec in cycle2[1:]:
        rec.published = False
    data.commit()
    overview = text(client.get("/"))
    review = overview.split("Slovenia, cycle 2</a>")[1].split("</section>")[0]
    assert '<strong class="figure">1 recommendation</strong>' in review


# --- The national mechanism ------------------------------------------------------------------------------------


def test_coordinator_assigns_and_removes_institutions(client, data, login):
    login("coord@example.org")
    rec = education_recs(data)[2]
    ministry = Organisation(name="Ministry of Education", kind="ministry")
    data.add(ministry)
    data.commit()
    url = f"/recommendations/{rec.id}/assignments"
    assert "Choose an institution." in text(
        client.post(url, data={"assignment-due_date": "2026-06-30"})
    )
    response = client.post(
        url, data={"assignment-organisation": ministry.id, "assignment-due_date": "2026-06-30"}
    )
    assert response.status_code == 302
    assert data.scalars(select(Assignment)).one().due_date == date(2026, 6, 30)
    client.post(
        url, data={"assignment-organisation": ministry.id, "assignment-due_date": "2026-12-31"}
    )
    data.expire_all()
    assert data.scalars(select(Assignment)).one().due_date == date(2026, 12, 31)
    assert client.post(f"{url}/{ministry.id}/delete", data={"confirmed": "yes"}).status_code == 302
    assert data.scalars(select(Assignment)).all() == []
    assert client.post(f"{url}/{ministry.id}/delete", data={"confirmed": "yes"}).status_code == 404
    assert [
        e.action
        for e in audit(data, "assign") + audit(data, "change-due-date") + audit(data, "unassign")
    ] == ["assign", "change-due-date", "unassign"]
    login("focal@example.org")
    assert client.post(url, data={"assignment-organisation": ministry.id}).status_code == 403


def test_coordinator_edits_with_optimistic_locking(client, data, login):
    login("coord@example.org")
    rec = data.scalars(
        select(Recommendation)
        .where(Recommendation.education.is_(False))
        .order_by(Recommendation.id)
    ).first()
    page = text(client.get(f"/recommendations/{rec.id}/edit"))
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    form = {"text": rec.text, "position": "Noted", "education": "yes", "version": version}
    assert client.post(f"/recommendations/{rec.id}/edit", data=form).status_code == 302
    data.expire_all()
    assert (rec.position, rec.education, rec.education_override) == ("Noted", True, True)
    login("admin@example.org")
    stale = {
        "text": rec.text + " (corrected)",
        "position": "Supported",
        "education": "auto",
        "version": version,
    }
    response = client.post(f"/recommendations/{rec.id}/edit", data=stale)
    page = text(response)
    assert response.status_code == 409 and "(corrected)</textarea>" in page
    conflict = re.search(r"<table>.*?</table>", page, re.S).group(0)
    assert (
        "Noted" in conflict
        and "Supported" in conflict
        and "Yes, on the right to education" in conflict
    )
    data.expire_all()
    assert rec.position == "Noted"
    edits = audit(data, "edit")
    assert len(edits) == 1 and edits[0].detail["position"] == ["Supported", "Noted"]
    assert client.get(f"/recommendations/{rec.id}/edit").status_code == 200
    login("focal@example.org")
    assert client.post(f"/recommendations/{rec.id}/edit", data=form).status_code == 403


def test_coordinator_withdraws_and_publishes(client, data, login):
    login("coord@example.org")
    rec = education_recs(data)[0]
    assert (
        client.post(f"/recommendations/{rec.id}/withdraw", data={"confirmed": "yes"}).status_code
        == 302
    )
    data.expire_all()
    assert rec.published is False
    client.post("/sign-out")
    assert client.get(f"/recommendations/{rec.id}").status_code == 404
    login("coord@example.org")
    client.post(f"/recommendations/{rec.id}/publish")
    data.expire_all()
    assert rec.published is True
    assert [e.action for e in audit(data, "withdraw") + audit(data, "publish")] == [
        "withdraw",
        "publish",
    ]
    login("focal@example.org")
    assert client.post(f"/recommendations/{rec.id}/withdraw").status_code == 403


def test_bulk_assign_from_the_filtered_list(client, data, login):
    login("coord@example.org")
    ministry = Organisation(name="Ministry of Education", kind="ministry")
    data.add(ministry)
    data.commit()
    back = "/recommendations?cycle=4&sort=paragraph"
    page = text(client.get(back))
    assert "Select all 36 recommendations of this filter" in page and 'name="bulk-recs"' in page
    ticked = shown_ids(page)[:3]
    form = {
        "bulk-recs": ticked,
        "bulk-institution": ministry.id,
        "bulk-due_date": "2026-06-30",
        "bulk-next": back,
        "bulk-expected": "36",
    }
    # The first POST changes nothing: it shows how many and what, and repeats the form.
    confirm = client.post("/recommendations/bulk/assign", data=form)
    assert "Assign 3 recommendations to Ministry of Education?" in text(confirm)
    assert data.scalars(select(Assignment)).all() == []
    response = client.post(
        "/recommendations/bulk/assign", data={**form, "bulk-expected": "3", "confirmed": "yes"}
    )
    assert response.status_code == 302 and response.headers["Location"] == back
    assigned_ids = sorted(a.recommendation_id for a in data.scalars(select(Assignment)))
    assert assigned_ids == sorted(ticked) and len(audit(data, "assign")) == 3
    (step,) = audit(data, "bulk-assign")
    assert step.detail["count"] == 3 and step.detail["recommendations"] == sorted(ticked)
    page = text(client.get(f"/recommendations?institution={ministry.id}"))
    assert sorted(shown_ids(page)) == sorted(ticked)
    # Nothing ticked: the list comes back with its filter, the message and what was chosen.
    page = text(
        client.post(
            "/recommendations/bulk/assign",
            data={"bulk-institution": ministry.id, "bulk-next": back},
        )
    )
    assert "Tick at least one recommendation" in page and count_line(page).startswith("36 ")
    assert f'<option selected value="{ministry.id}">' in page
    login("focal@example.org")
    assert client.post("/recommendations/bulk/assign", data=form).status_code == 403
    assert 'name="bulk-recs"' not in text(client.get(back))


def test_overdue_filter_in_the_list(client, data, assigned):
    rec = assigned
    data.scalars(select(Assignment)).one().due_date = date.today() - timedelta(days=1)
    data.commit()
    page = text(client.get("/recommendations?overdue=1"))
    assert shown_ids(page) == [rec.id] and "Overdue" in page
    rec.status = "fully_implemented"
    data.commit()
    assert shown_ids(text(client.get("/recommendations?overdue=1"))) == []


def test_bulk_link_to_a_pledge(client, data, login):
    login("coord@example.org")
    slovenia = data.scalar(select(State).where(State.iso3 == "SVN"))
    france = data.scalar(select(State).where(State.iso3 == "FRA"))
    pledge = Pledge(state=slovenia, text="Free school meals for every pupil", text_key="meals")
    foreign = Pledge(state=france, text="Another State's pledge", text_key="other")
    data.add_all([pledge, foreign])
    data.commit()
    page = text(client.get("/recommendations?cycle=4"))
    assert f'value="pledge-{pledge.id}"' in page
    ticked = shown_ids(page)[:2]
    form = {
        "bulk-recs": ticked,
        "bulk-record": f"pledge-{pledge.id}",
        "bulk-next": "/recommendations?cycle=4",
        "bulk-expected": "2",
        "confirmed": "yes",
    }
    response = client.post("/recommendations/bulk/link", data=form)
    assert response.status_code == 302
    data.expire_all()
    assert sorted(r.id for r in pledge.recommendations) == sorted(ticked)
    assert [e.detail["recommendation"] for e in audit(data, "link")] == sorted(ticked)
    assert audit(data, "bulk-link")[0].detail["added"] == 2
    page = text(
        client.post(
            "/recommendations/bulk/link", data={**form, "bulk-record": f"pledge-{foreign.id}"}
        )
    )
    assert "These are not recommendations to France" in page
    data.expire_all()
    assert foreign.recommendations == []


def test_coordinator_links_the_earlier_cycle_counterpart(client, data, login):
    """The edit page offers the same State's previous cycle, the most alike first; another cycle is refused."""
    login("coord@example.org")
    rec = data.scalar(
        select(Recommendation)
        .join(Review)
        .where(Review.cycle == 4, Recommendation.paragraph == "140.31")
    )
    page = text(client.get(f"/recommendations/{rec.id}/edit"))
    alike = re.search(r'<optgroup label="The most alike">(.*?)</optgroup>', page, re.S).group(1)
    first_id = int(re.search(r'value="(\d+)"', alike).group(1))
    first = data.get(Recommendation, first_id)
    assert first.review.cycle == 3 and first.review.state_id == rec.review.state_id
    # 140.31 asks to "step up the fight against racism and hate speech"; so does the most alike of cycle 3.
    assert {"racism", "hate", "speech"} <= set(re.findall(r"\w+", first.text.lower()))
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    form = {
        "text": rec.text,
        "position": rec.position,
        "education": "auto",
        "previous": str(first.id),
        "version": version,
    }
    assert client.post(f"/recommendations/{rec.id}/edit", data=form).status_code == 302
    data.expire_all()
    assert rec.previous_id == first.id
    assert audit(data, "edit")[-1].detail["previous_id"] == [None, first.id]
    shown = text(client.get(f"/recommendations/{rec.id}"))
    assert "Earlier cycle:" in shown and f'/recommendations/{first.id}"' in shown
    cycle2 = data.scalar(select(Recommendation).join(Review).where(Review.cycle == 2).limit(1))
    refused = client.post(
        f"/recommendations/{rec.id}/edit",
        data={**form, "previous": str(cycle2.id), "version": str(rec.version)},
    )
    assert refused.status_code == 200 and "Not a valid choice" in text(refused)
    data.expire_all()
    assert rec.previous_id == first.id


def test_bulk_link_offers_only_the_listed_states_records(client, data, login):
    """With a State in the filter, the bulk link choice lists that State's records only: short at global scale."""
    france = data.scalar(select(State).where(State.iso3 == "FRA"))
    slovenia = data.scalar(select(State).where(State.iso3 == "SVN"))
    data.add_all(
        [
            Pledge(state=france, text="Un engagement de la France", text_key="fr"),
            Pledge(state=slovenia, text="A pledge of Slovenia", text_key="si"),
        ]
    )
    data.commit()
    login("coord@example.org")
    narrowed = text(client.get("/recommendations?state=SVN"))
    everything = text(client.get("/recommendations"))
    assert "A pledge of Slovenia" in narrowed and "Un engagement de la France" not in narrowed
    assert "A pledge of Slovenia" in everything and "Un engagement de la France" in everything

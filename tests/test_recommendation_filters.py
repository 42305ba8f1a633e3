"""The list's filter on Slovenia's three real matrices: each filter in SQL agrees with the same rule in Python."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tests.test_import_command import CYCLE2, CYCLE3, CYCLE4
from uprtrack.core.education import is_about_education
from uprtrack.models import (
    Assignment,
    GroupOfPersons,
    Organisation,
    Recommendation,
    Review,
    State,
    Theme,
)
from uprtrack.recommendations.filters import Filters, apply_filters, list_query

TODAY = date(2025, 6, 1)


@pytest.fixture
def matrices(import_files, ctx):
    import_files(CYCLE2, CYCLE3, CYCLE4)
    return ctx


def _word_begins(text: str, prefix: str) -> bool:
    return any(word.startswith(prefix) for word in re.findall(r"\w+", text.lower()))


def ids(session, filters: Filters, published_only: bool = False) -> list[int]:
    return list(
        session.scalars(
            list_query(filters, published_only=published_only, today=TODAY).with_only_columns(
                Recommendation.id
            )
        )
    )


def everything(session) -> list[Recommendation]:
    return session.scalars(
        select(Recommendation).options(
            selectinload(Recommendation.review).selectinload(Review.state),
            selectinload(Recommendation.themes),
            selectinload(Recommendation.sdgs),
            selectinload(Recommendation.groups),
            selectinload(Recommendation.recommending_states),
            selectinload(Recommendation.assignments),
        )
    ).all()


def test_reading_a_query_string_never_fails():
    nonsense = {
        "state": "Slovenia",
        "cycle": "four",
        "session": "-3",
        "position": "Accepted",
        "status": "done",
        "theme": "1; DROP TABLE theme",
        "sdg": "5.1",
        "group": "",
        "institution": "x",
        "recommending": "E5P",
        "overdue": "maybe",
        "q": "   ",
        "sort": "random()",
        "per_page": "1000000",
        "page": "0",
    }
    assert Filters.from_args(nonsense) == Filters()
    assert Filters.from_args({}) == Filters(education=True, sort="matrix", per_page=25, page=1)
    given = Filters.from_args(
        {
            "state": "svn",
            "cycle": "4",
            "education": "0",
            "overdue": "1",
            "q": "  Roma   girls ",
            "sdg": "4.a",
            "sort": "paragraph",
            "per_page": "100",
            "page": "3",
        }
    )
    assert given == Filters(
        state="SVN",
        cycle=4,
        education=False,
        overdue=True,
        q="Roma girls",
        sdg="4.a",
        sort="paragraph",
        per_page=100,
        page=3,
    )


def test_filters_round_trip_through_their_query_string():
    filters = Filters(
        state="SVN",
        cycle=4,
        session=48,
        position="Noted",
        status="planned",
        theme=7,
        sdg="4",
        group=3,
        institution=9,
        recommending="ESP",
        education=False,
        overdue=True,
        q="Roma",
        sort="changed",
        per_page=50,
        page=2,
    )
    args = filters.to_args()
    assert Filters.from_args({k: str(v) for k, v in args.items()}) == filters
    assert Filters().to_args() == {}  # the defaults stay out of the URL
    assert filters.to_args(page=1)["per_page"] == 50 and "page" not in filters.to_args(page=1)
    assert (
        not Filters(sort="status", per_page=100, page=4).narrowed
        and Filters(education=False).narrowed
    )


def test_known_counts_of_cycle_4(matrices):
    slovenia4 = Filters(state="SVN", cycle=4)
    assert (
        len(ids(matrices, slovenia4)) == 36
    )  # by the education rule, test_education_rule measures it
    everything4 = Filters(state="SVN", cycle=4, education=False)
    assert len(ids(matrices, everything4)) == 254
    assert len(ids(matrices, Filters(cycle=4, education=False, position="Supported"))) == 217
    assert len(ids(matrices, Filters(cycle=4, education=False, position="Noted"))) == 37
    assert len(ids(matrices, Filters(education=False))) == 163 + 215 + 254
    assert len(ids(matrices, Filters(session=48, education=False))) == 254
    assert ids(matrices, Filters(state="FRA", education=False)) == []


def test_each_filter_agrees_with_the_rule_in_python(matrices):
    recs = everything(matrices)
    education = matrices.scalar(select(Theme).where(Theme.name == "Right to education"))
    children = matrices.scalar(
        select(GroupOfPersons).where(func.lower(GroupOfPersons.name) == "children")
    )
    cases = [
        (Filters(cycle=3), lambda r: r.review.cycle == 3 and r.education),
        (Filters(education=False, theme=education.id), lambda r: education in r.themes),
        (Filters(education=False, group=children.id), lambda r: children in r.groups),
        (Filters(education=False, sdg="4"), lambda r: any(s.goal == 4 for s in r.sdgs)),
        (
            Filters(education=False, recommending="ESP"),
            lambda r: "ESP" in {s.iso3 for s in r.recommending_states},
        ),
        (
            Filters(education=False, position="Noted", cycle=2),
            lambda r: r.position == "Noted" and r.review.cycle == 2,
        ),
        # A word of the search matches the words of the text that begin with it (full-text search).
        (Filters(education=False, q="roma"), lambda r: _word_begins(r.text, "roma")),
        (
            Filters(education=False, q="ROMA children"),
            lambda r: _word_begins(r.text, "roma") and _word_begins(r.text, "children"),
        ),
        (
            Filters(education=False, q="140.3"),
            lambda r: "140.3" in (r.paragraph or "") or "140.3" in r.text,
        ),
        # A recommending State is found by a whole word of its name, and "Roma" is no word of "Romania".
        (
            Filters(education=False, q="costa"),
            lambda r: (
                _word_begins(r.text, "costa")
                or any("costa" in s.name.lower().split() for s in r.recommending_states)
            ),
        ),
        (
            Filters(education=False, q="Republic children"),
            lambda r: (
                _word_begins(r.text, "children")
                and (
                    _word_begins(r.text, "republic")
                    or any(
                        "republic" in name.lower().split()
                        for s in r.recommending_states
                        for name in [s.name, *(n.name for n in s.names)]
                    )
                )
            ),
        ),
    ]
    for filters, rule in cases:
        expected = sorted(r.id for r in recs if rule(r))
        assert expected, filters  # each case selects something, so agreeing is not trivial
        assert sorted(ids(matrices, filters)) == expected, filters
    # "On the right to education" is the stored verdict of the one rule on each record's text and links.
    assert {r.id for r in recs if r.education} == {
        r.id
        for r in recs
        if is_about_education(
            r.text,
            [" ".join(filter(None, (t.code, t.name))) for t in r.themes]
            + [h for h in (r.theme_heading,) if h],
            [s.code for s in r.sdgs],
            [i.name for i in r.issues],
        )
    }


def test_search_escapes_wildcards(matrices):
    assert ids(matrices, Filters(education=False, q="%")) == []
    assert ids(matrices, Filters(education=False, q="_")) == []
    assert ids(matrices, Filters(education=False, q="Ro%a")) == []
    assert len(ids(matrices, Filters(education=False, q="140.31", cycle=4))) >= 1


def test_status_institution_and_overdue(matrices):
    recs = matrices.scalars(
        select(Recommendation)
        .join(Review)
        .where(Review.cycle == 4, Recommendation.education)
        .order_by(Recommendation.id)
        .limit(4)
    ).all()
    ministry = Organisation(name="Ministry of Education, Science and Sport", kind="ministry")
    late, on_time, done, undated = recs
    for rec, due in (
        (late, TODAY - timedelta(days=1)),
        (on_time, TODAY),
        (done, TODAY - timedelta(days=90)),
        (undated, None),
    ):
        matrices.add(Assignment(recommendation=rec, organisation=ministry, due_date=due))
    done.status = "fully_implemented"
    on_time.status = "planned"
    matrices.commit()
    assert ids(matrices, Filters(institution=ministry.id)) == [r.id for r in recs]
    assert ids(matrices, Filters(overdue=True)) == [
        late.id
    ]  # due yesterday and not fully implemented
    assert ids(matrices, Filters(status="planned")) == [on_time.id]
    assert ids(matrices, Filters(status="fully_implemented", institution=ministry.id)) == [done.id]


def test_unpublished_ones_are_left_out_for_the_public(matrices):
    first = matrices.scalar(
        select(Recommendation).where(Recommendation.education).order_by(Recommendation.id)
    )
    first.published = False
    matrices.commit()
    assert first.id in ids(matrices, Filters(), published_only=False)
    assert first.id not in ids(matrices, Filters(), published_only=True)


def test_sorting(matrices):
    slovenia4 = Filters(state="SVN", cycle=4, education=False)
    by_paragraph = [
        matrices.get(Recommendation, i).paragraph
        for i in ids(matrices, Filters(state="SVN", cycle=4, education=False, sort="paragraph"))
    ]
    assert by_paragraph[:3] == ["140.1", "140.2", "140.3"]
    assert by_paragraph == sorted(by_paragraph, key=lambda p: tuple(int(n) for n in p.split(".")))
    assert ids(matrices, slovenia4) == sorted(ids(matrices, slovenia4))  # the order of the matrix
    by_position = [
        matrices.get(Recommendation, i).position
        for i in ids(matrices, Filters(cycle=4, education=False, sort="position"))
    ]
    assert by_position == ["Supported"] * 217 + ["Noted"] * 37
    rec = matrices.get(Recommendation, ids(matrices, slovenia4)[-1])
    rec.status, rec.status_date = "planned", date(2025, 1, 1)
    matrices.commit()
    assert ids(matrices, Filters(cycle=4, education=False, sort="changed"))[0] == rec.id
    assert ids(matrices, Filters(cycle=4, education=False, sort="status"))[-1] == rec.id


def test_apply_filters_works_on_any_query_of_recommendations(matrices):
    """Exports reuse the filter on their own query (a count here)."""
    query = select(func.count(Recommendation.id)).join(Recommendation.review)
    assert matrices.scalar(apply_filters(query, Filters(cycle=4))) == 36
    assert (
        matrices.scalar(apply_filters(query, Filters(cycle=4, education=False, recommending="SVN")))
        == 0
    )


def test_search_is_by_the_database_full_text_index_and_follows_every_change(ctx, app):
    """Words begin with the term, whatever the case; the index follows inserts, edits and deletes."""
    review = Review(state=ctx.scalar(select(State).where(State.iso3 == "SVN")), cycle=4, session=48)
    rec = Recommendation(
        review=review, paragraph="9.1", text="Strengthen INCLUSIVE schooling in Pécs", text_key="s"
    )
    other = Recommendation(
        review=review, paragraph="9.2", text="Protect the aroma of coffee", text_key="t"
    )
    ctx.add_all([rec, other])
    ctx.commit()

    def found(q: str) -> list[int]:
        return sorted(ids(ctx, Filters(education=False, q=q)))

    assert found("inclus") == [rec.id] and found("SCHOOL") == [rec.id]
    assert found("roma") == [] and found("aroma") == [other.id]  # a word begins with the term
    assert found("clusive") == []  # not inside a word
    rec.text = "Reform the curricula"
    ctx.commit()
    assert found("inclus") == [] and found("curric") == [rec.id]
    ctx.delete(rec)
    ctx.commit()
    assert found("curric") == []


def test_search_finds_a_text_in_any_of_the_languages_it_is_held_in(ctx, app):
    """A recommendation's texts in other UN languages (UHRI's) are searched too, by their own index, whether an
    import writes them in bulk or they are added one by one."""
    from uprtrack.imports.pipeline import store
    from uprtrack.imports.rows import Parsed, RecommendationRow
    from uprtrack.models.mechanisms import RecommendationText

    english = "Ensure that Roma children have equal access to quality education"
    imported = RecommendationRow(
        row=2,
        state="Slovenia",
        text=english,
        paragraph="115.67",
        cycle=2,
        session=20,
        position="Supported",
        mechanism="UPR",
        texts={
            "fr": "Veiller à ce que les enfants roms aient accès à une éducation de qualité",
            "ru": "Обеспечить детям рома равный доступ к качественному образованию",
            "ar": "ضمان حصول أطفال الروما على تعليم جيد",
            "zh": "确保罗姆儿童平等获得优质教育",
        },
    )
    store(ctx, Parsed(kind="uhri", rows=[imported]))
    ctx.commit()
    rec = ctx.scalar(select(Recommendation).where(Recommendation.paragraph == "115.67"))

    def found(q: str) -> list[int]:
        return sorted(ids(ctx, Filters(education=False, q=q)))

    for word in ("éducation", "education", "ROMS", "образованию", "тельному", "تعليم", "优质教育"):
        assert found(word) == ([] if word == "тельному" else [rec.id]), word
    assert found("qualité") == [rec.id] == found("qualite") == found("QUALITÉ")  # accents set aside
    text = RecommendationText(
        recommendation_id=rec.id, language="es", text="Garantizar la escolarización"
    )
    ctx.add(text)
    ctx.commit()
    assert found("escolariz") == [rec.id]
    text.text = "Garantizar la matrícula"
    ctx.commit()
    assert found("escolariz") == [] and found("matríc") == [rec.id]
    ctx.delete(text)
    ctx.commit()
    assert found("matríc") == []


def test_a_search_lists_the_best_match_first_when_asked(ctx, app):
    """Ranked by the database's engine (bm25, ts_rank) over every language; then what only a recommending State's
    name finds. The matrix's order is the default: ranking every match of a common word costs seconds."""
    review = Review(state=ctx.scalar(select(State).where(State.iso3 == "SVN")), cycle=4, session=48)
    words = "Strengthen the national framework for the protection of persons in every region"
    passing = Recommendation(
        review=review, paragraph="9.1", text=f"{words}, with the help of Chad", text_key="a"
    )
    central = Recommendation(
        review=review, paragraph="9.2", text="Chad and Chad: schools in Chad", text_key="b"
    )
    by_state = Recommendation(review=review, paragraph="9.3", text="Ratify the OPCAT", text_key="c")
    by_state.recommending_states = [ctx.scalar(select(State).where(State.name == "Chad"))]
    unrelated = Recommendation(
        review=review, paragraph="9.4", text="Protect the rivers", text_key="d"
    )
    ctx.add_all([passing, central, by_state, unrelated])
    ctx.commit()

    def found(**filters) -> list[int]:
        return ids(ctx, Filters(education=False, **filters))

    best = [central.id, passing.id, by_state.id]  # no text of the last one names Chad
    assert found(q="chad", sort="relevance") == best
    assert (
        found(q="chad") == found(q="chad", sort="matrix") == [passing.id, central.id, by_state.id]
    )
    assert found(q="chad school", sort="relevance") == [central.id]
    assert found(q="chad", sort="relevance", state="HRV") == []

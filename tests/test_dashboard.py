"""The dashboard: its figures on a small dataset, its charts as SVG in English and Chinese, and who sees what."""

import io
import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from PIL import Image
from sqlalchemy import select

from uprtrack.core.vocabulary import Rating, Status
from uprtrack.models import (
    Assessment,
    Organisation,
    Recommendation,
    Review,
    State,
    StatusChange,
    TechnicalAssistance,
    Theme,
)
from uprtrack.reporting import charts
from uprtrack.reporting.figures import Scope, Table
from uprtrack.reporting.figures.dashboard import (
    NOT_ASSESSED,
    status_against_assessments,
    status_over_time,
)

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2025, 2, 20)
# Each recommendation's status changes (date, status), in the order they were entered.
HISTORY = {
    "r1": [
        (date(2024, 2, 10), "planned"),
        (date(2024, 8, 1), "in_progress"),
        (date(2025, 1, 15), "fully_implemented"),
    ],
    "r2": [(date(2024, 5, 1), "planned")],
    "r3": [
        (date(2024, 11, 5), "planned"),
        (date(2024, 11, 5), "in_progress"),
    ],  # same day: the later entry wins
    "r4": [
        (date(2024, 9, 10), "in_progress"),
        (date(2024, 4, 1), "planned"),
    ],  # backdated: the date decides
    "r5": [],
    "hidden": [(date(2024, 3, 1), "in_progress")],
}


@pytest.fixture
def dataset(ctx):
    """Five published education recommendations of Slovenia's cycle 4 (one in Chinese, one Arabic theme), one
    unpublished, one not on education; NHRI and civil society assessments, some not published."""
    state = ctx.scalar(select(State).where(State.iso3 == "SVN"))
    review = Review(state=state, cycle=4, session=48)
    education, child, arabic = (
        ctx.scalar(select(Theme).where(Theme.name == name))
        or Theme(name=name)  # the reference load has some
        for name in (
            "Right to education",
            "Rights of the child: protection against violence and exploitation in and around schools",
            "الحق في التعليم للفتيات",
        )
    )
    themes = {
        "r1": [education],
        "r2": [education, child],
        "r3": [child],
        "r4": [arabic],
        "r5": [education],
        "hidden": [education],
    }
    recs = {}
    for n, (name, changes) in enumerate(HISTORY.items()):
        rec = Recommendation(
            review=review,
            paragraph=f"140.{n + 1}",
            text=f"Recommendation {name}",
            text_key=name,
            education=True,
            published=name != "hidden",
            themes=themes[name],
        )
        ctx.add(rec)
        ctx.flush()
        for on, status in changes:
            ctx.add(StatusChange(recommendation=rec, status=status, changed_on=on))
            ctx.flush()
            rec.status = status
        recs[name] = rec
    ctx.add(
        Recommendation(
            review=review,
            paragraph="140.9",
            text="Ratify a treaty",
            text_key="other",
            education=False,
            published=True,
        )
    )
    nhri = Organisation(name="Human Rights Ombudsman", kind="nhri")
    cso_a = Organisation(name="Education Rights Network", kind="cso")
    cso_b = Organisation(name="教育权利联盟", kind="cso")
    ministry = Organisation(name="Ministry of Education", kind="ministry")
    for rec, org, rating, moderation in (
        ("r1", nhri, "some_progress", "published"),
        ("r1", nhri, "substantial_progress", "published"),  # the latest published one counts
        ("r1", nhri, "fully_implemented", "pending"),
        ("r2", nhri, "no_progress", "hidden"),
        ("r3", cso_a, "limited_progress", "published"),
        ("r3", cso_b, "no_progress", "pending"),
        ("r3", cso_b, "some_progress", "published"),
        ("r4", ministry, "no_progress", "published"),  # neither the NHRI nor civil society
        ("hidden", nhri, "no_progress", "published"),
    ):
        ctx.add(
            Assessment(
                recommendation=recs[rec],
                organisation=org,
                rating=rating,
                moderation=moderation,
                assessed_on=date(2024, 12, 1),
            )
        )
        ctx.flush()
    unesco = Organisation(name="Dashboard test agency", acronym="UNESCO", kind="un_entity")
    ctx.add_all(
        [
            TechnicalAssistance(
                state=state,
                title="Inclusive curricula",
                direction="received",
                status="delivered",
                provider=unesco,
                amount=Decimal("50000"),
                currency="USD",
                cycle=4,
                recommendations=[recs["r1"], recs["r2"]],
            ),
            TechnicalAssistance(
                state=state,
                title="Draft law review",
                direction="received",
                status="delivered",
                provider=unesco,
                cycle=4,
                published=False,
                recommendations=[recs["r3"]],
            ),
        ]
    )
    ctx.commit()
    return {"state": state, "recs": recs}


def scope(dataset, published_only=True):
    return Scope(state_id=dataset["state"].id, cycle=4, published_only=published_only)


def rows(table: Table) -> dict:
    return dict(table.rows)


def test_status_over_time_counts_each_quarter(app, ctx, dataset):
    with app.test_request_context():
        public = status_over_time(ctx, scope(dataset), today=TODAY)
        staff = status_over_time(ctx, scope(dataset, False), today=TODAY)
    assert public.keys == list(Status.codes())
    # not started, planned, in progress, partially, fully: r1..r5 published; the first change is in Q1 2024.
    assert rows(public) == {
        "Q1 2024": [4, 1, 0, 0, 0],
        "Q2 2024": [2, 3, 0, 0, 0],
        "Q3 2024": [2, 1, 2, 0, 0],
        "Q4 2024": [1, 1, 3, 0, 0],
        "Q1 2025": [1, 1, 2, 0, 1],
    }
    assert all(sum(values) == 5 for values in rows(public).values())
    # Staff also count the unpublished recommendation, in progress since March 2024.
    assert rows(staff)["Q1 2024"] == [4, 1, 1, 0, 0] and rows(staff)["Q1 2025"] == [1, 1, 3, 0, 1]


def test_status_over_time_by_month_when_short_and_empty_without_changes(app, ctx, dataset):
    with app.test_request_context():
        monthly = status_over_time(ctx, scope(dataset), today=date(2024, 6, 15))
        assert [label for label, _values in monthly.rows] == [
            "Feb 2024",
            "Mar 2024",
            "Apr 2024",
            "May 2024",
            "Jun 2024",
        ]
        assert rows(monthly)["Apr 2024"] == [3, 2, 0, 0, 0] and rows(monthly)["Jun 2024"] == [
            2,
            3,
            0,
            0,
            0,
        ]
        other = Scope(state_id=dataset["state"].id, cycle=4, education=False)
        assert (
            sum(rows(status_over_time(ctx, other, today=TODAY))["Q1 2025"]) == 6
        )  # the non-education one too
        nothing = Scope(state_id=dataset["state"].id, cycle=3)
        assert status_over_time(ctx, nothing, today=TODAY).rows == []


def test_status_against_assessments_counts_latest_published_ratings(app, ctx, dataset):
    with app.test_request_context():
        nhri, cso = status_against_assessments(ctx, scope(dataset))
        staff_nhri, _cso = status_against_assessments(ctx, scope(dataset, False))
    assert nhri.keys == [*Rating.codes(), NOT_ASSESSED]
    column = {key: i for i, key in enumerate(nhri.keys)}

    def cells(table):
        return {
            (label, key): values[column[key]]
            for label, values in table.rows
            for key in table.keys
            if values[column[key]]
        }

    # Current statuses: r1 fully implemented, r2 and r4 planned (its last entered change), r3 in progress, r5 not
    # started.
    assert cells(nhri) == {
        ("Fully implemented", "substantial_progress"): 1,
        ("Planned", NOT_ASSESSED): 2,
        ("In progress", NOT_ASSESSED): 1,
        ("Not started", NOT_ASSESSED): 1,
    }
    assert cells(cso) == {
        ("Fully implemented", NOT_ASSESSED): 1,
        ("Planned", NOT_ASSESSED): 2,
        ("In progress", "some_progress"): 1,
        ("Not started", NOT_ASSESSED): 1,
    }
    assert (
        cells(staff_nhri)[("In progress", "no_progress")] == 1
    )  # the unpublished recommendation's rating
    assert [label for label, _values in nhri.rows] == [
        "Not started",
        "Planned",
        "In progress",
        "Partially implemented",
        "Fully implemented",
    ]


def test_no_rating_leaves_the_table_empty(app, ctx, dataset):
    ctx.execute(Assessment.__table__.delete())
    ctx.commit()
    with app.test_request_context():
        nhri, cso = status_against_assessments(ctx, scope(dataset))
    assert nhri.rows == [] and cso.rows == []


def svg_texts(data: bytes) -> str:
    """Parse an SVG (as a browser would) and return the text it draws: matplotlib notes each text in a comment."""
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.fromstring(data, parser=parser)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}g") is not None
    return " ".join(node.text for node in root.iter() if node.tag is ET.Comment)


def test_charts_render_every_script_as_svg_and_png():
    table = Table(
        "Status by theme",
        ["Theme", "Not started", "In progress", "Total"],
        [
            ("受教育权：残疾儿童和难民儿童的入学机会以及农村地区女童的包容性优质教育", [2, 1, 3]),
            ("الحق في التعليم للفتيات", [0, 4, 4]),
        ],
        ["not_started", "in_progress", "total"],
    )
    svg = charts.render(
        charts.stacked_bars(table, Status.chart_colours(), "推荐数量"), "svg", "描述"
    )
    texts = svg_texts(svg)
    assert "推荐数量" in texts and "Not started" in texts and "Total" not in texts
    assert (
        "受教育权：残疾儿童和难民" in texts and "…" in texts
    )  # a long name is shortened, the table has it whole
    png = charts.render(charts.stacked_bars(table, Status.chart_colours(), "推荐数量"), "png")
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.width >= 900


def test_shorten_wraps_by_display_width():
    assert charts.shorten("Right to education", 26) == "Right to education"
    assert (
        charts.shorten("Rights of the child: protection against violence in schools", 20)
        == "Rights of the child:\nprotection against…"
    )
    assert charts.shorten("受教育权残疾儿童和难民儿童", 8) == "受教育权\n残疾儿…"


@pytest.fixture
def staff(make_user, login):
    make_user("coord@example.org", role="coordinator", org="Government Office for Human Rights")
    return login("coord@example.org")


@pytest.mark.parametrize(
    "name",
    [
        "status-by-theme",
        "status-over-time",
        "assistance-by-provider",
        "status-against-nhri",
        "status-against-cso",
    ],
)
def test_chart_routes_return_svg(client, dataset, name):
    response = client.get(f"/dashboard/charts/{name}.svg?state=SVN&cycle=4&lang=en")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response.headers["Vary"]
    svg_texts(response.data)


def test_charts_speak_the_language_of_their_address(client, dataset):
    english = svg_texts(
        client.get("/dashboard/charts/status-by-theme.svg?state=SVN&cycle=4&lang=en").data
    )
    chinese = svg_texts(
        client.get("/dashboard/charts/status-by-theme.svg?state=SVN&cycle=4&lang=zh").data
    )
    assert "Not started" in english and "In progress" in english and "Right to education" in english
    assert "未开始" in chinese and "进行中" in chinese and "Not started" not in chinese
    heat = svg_texts(
        client.get("/dashboard/charts/status-against-nhri.svg?state=SVN&cycle=4&lang=zh").data
    )
    assert "未开始" in heat
    client.get("/language/zh")  # without lang in the address, the reader's language
    assert "未开始" in svg_texts(
        client.get("/dashboard/charts/status-over-time.svg?state=SVN&cycle=4").data
    )


def test_unknown_chart_is_not_found(client, dataset):
    assert client.get("/dashboard/charts/passwords.svg?state=SVN&cycle=4").status_code == 404
    assert client.get("/dashboard/charts/status-by-theme.png").status_code == 404


def test_page_shows_every_panel_with_its_table(client, dataset):
    page = client.get("/dashboard?state=SVN&cycle=4").get_data(as_text=True)
    assert page.count('<section class="dashboard-panel') == 4
    images = re.findall(r'<img src="([^"]+)" alt="([^"]+)"', page)
    assert len(images) == 5  # the NHRI and civil society have each published a rating
    assert all("lang=en" in src and "state=SVN" in src and alt for src, alt in images)
    for src, _alt in images:
        assert svg_texts(client.get(src.replace("&amp;", "&")).data)
    # The theme table has the long name whole; the assistance table counts the published project only.
    assert (
        "Rights of the child: protection against violence and exploitation in and around schools"
        in page
    )
    assert re.search(
        r'<th scope="row">UNESCO</th><td class="number">1</td><td class="number">50,000</td>'
        r'<td class="number">2</td>',
        page,
    )
    assert 'href="/dashboard"' in page  # the menu entry


def test_public_and_staff_see_different_figures(client, dataset, staff):
    staff_page = staff.get("/dashboard?state=SVN&cycle=4").get_data(as_text=True)
    assert "Includes unpublished recommendations" in staff_page
    assert re.search(r'<th scope="row">UNESCO</th><td class="number">2</td>', staff_page)
    staff.post("/sign-out")
    public_page = client.get("/dashboard?state=SVN&cycle=4").get_data(as_text=True)
    assert "Includes unpublished recommendations" not in public_page
    assert re.search(r'<th scope="row">UNESCO</th><td class="number">1</td>', public_page)


def test_empty_panels_say_so_kindly(client, ctx, dataset):
    ctx.execute(Assessment.__table__.delete())
    ctx.commit()
    page = client.get("/dashboard?state=SVN&cycle=4").get_data(as_text=True)
    assert "The NHRI has not published an assessment of these recommendations yet." in page
    assert "Civil society has not published an assessment of these recommendations yet." in page
    assert len(re.findall(r"<img ", page)) == 3


def test_no_published_recommendation_says_so(client, ctx):
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "There is nothing to show yet" in page.get_data(as_text=True)
    assert client.get("/dashboard/charts/status-by-theme.svg").status_code == 404


def test_charts_drawn_in_parallel_threads_equal_those_drawn_one_by_one():
    from concurrent.futures import ThreadPoolExecutor

    def draw(n: int) -> bytes:
        table = Table(
            "Status",
            ["Theme", "Not started", "In progress"],
            [(f"主题 {n}", [n, 2]), ("الحق في التعليم", [1, n])],
            ["not_started", "in_progress"],
        )
        return charts.render(
            charts.stacked_bars(table, Status.chart_colours(), "推荐数量", width=charts.NARROW),
            "png",
        )

    alone = [draw(n) for n in range(8)]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(draw, range(8))) == alone


def test_phone_size_draws_a_narrower_chart(client, dataset):
    def width(size: str) -> float:
        data = client.get(
            f"/dashboard/charts/status-against-cso.svg?state=SVN&cycle=4&size={size}"
        ).data
        return float(ET.fromstring(data).get("width").removesuffix("pt")) / 72

    assert width("narrow") == pytest.approx(charts.NARROW) and width("wide") == pytest.approx(
        charts.WIDTH
    )
    assert width("enormous") == pytest.approx(charts.WIDTH)

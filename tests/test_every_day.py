"""Every day of every year (issue 19): the key flows with the clock at 05:08 Beijing time on
2026-12-04 (21:08 UTC the day before) and no 2027 holiday notice; provisional deadlines counted
again when the notice is loaded; extensions only within the period; annual reports only after
their year; remedies by the 行政复议法 in force; no stored date that makes a page fail."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.applications.test_statute import FIELDS
from tests.applications.test_views import post_application
from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import AgencyKind, AgencyLevel, Role
from xxgk.agencies.services import grant_role
from xxgk.applications import letters
from xxgk.applications.models import Application
from xxgk.applications.services import act, deadline_of, register
from xxgk.cli import main
from xxgk.rules.applications import Action
from xxgk.workcal.services import load_year

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
DAWN = datetime(2026, 12, 4, 5, 8, tzinfo=BEIJING)  # 2026-12-03 21:08 UTC


def test_a_citizen_files_at_dawn_and_every_date_and_deadline_is_beijings(client, office, capsys):
    agency, p = office
    with time_machine.travel(DAWN, tick=False):
        page = post_application(client, agency).content.decode()
        tracking = re.search(r'id="tracking">(\w+)<', page).group(1)
        code = re.search(r'id="query-code">(\d+)<', page).group(1)
        app = Application.objects.get(tracking_number=tracking)
        assert tracking.startswith("YSQ20261204")
        receipt = letters.receipt(app)
        assert "您于2026年12月4日" in "".join(receipt.lines) and receipt.dated == "2026年12月4日"

        app = act(app, Action.CONFIRM_RECEIPT, p["clerk"], on_date=date(2026, 12, 4))
        # 20 wd from Fri 2026-12-04 end on Mon 2027-01-04 (元旦 is a Friday), provisionally.
        view = deadline_of(app)
        assert view.deadline.due == date(2027, 1, 4) and view.deadline.provisional
        assert view.message == "答复截止2027-01-04(暂定),还剩20个工作日"
        text = "".join(letters.receipt(app).lines)
        assert "20个工作日内(即2027年1月4日(暂定)前)予以答复" in text and "2027年的节假日安排尚未公布" in text

        # The applicant's lookup and letters.
        lookup = client.post("/apply/status/", {"tracking_number": tracking, "query_code": code})
        assert lookup.status_code == 200
        assert "答复截止2027-01-04(暂定)" in lookup.content.decode()
        assert client.get("/apply/status/receipt.pdf").content[:5] == b"%PDF-"

        # The clerk: 待办, work list, case page; the head approves an extension; its letters.
        client.force_login(p["clerk"])
        home = client.get("/")
        assert home.status_code == 200 and "calendar load" not in home.content.decode()
        listed = client.get(reverse("applications:worklist")).content.decode()
        assert "2027-01-04(暂定)" in listed and "calendar load" not in listed
        case = client.get(reverse("applications:case", args=[app.pk])).content.decode()
        assert 'id="provisional-note"' in case and "calendar load" not in case
        act(app, Action.REQUEST_EXTENSION, p["clerk"], on_date=date(2026, 12, 4), note="需调取档案")
        app = act(app, Action.EXTEND, p["head"], on_date=date(2026, 12, 4), note="需调取档案", days=20)
        extension = "".join(letters.extension(app).lines)
        # 20 more wd from 2027-01-04 on the provisional calendar: 01-05..01-29 (19), 02-01 (20).
        assert "本机关将于2027年2月1日(暂定)前作出答复" in extension
        for kind in ("pdf", "docx"):
            assert (
                client.get(reverse("applications:document", args=[app.pk, "extension", kind])).status_code
                == 200
            )

        api = deadline_of(app)
        assert api.deadline.provisional and api.days_left == 40
        assert main(["due", "2026-12-04", "20"]) == 0
        assert capsys.readouterr().out.strip() == "2027-01-04 (暂定)"


def test_loading_the_notice_counts_again_and_the_trail_says_where_it_moved(office):
    agency, p = office
    app = register(agency, p["clerk"], FIELDS, channel="in_person", received=date(2026, 12, 4)).application
    fee = register(agency, p["clerk"], FIELDS, channel="in_person", received=date(2026, 12, 4)).application
    with time_machine.travel(DAWN, tick=False):
        fee = act(
            fee, Action.FEE_NOTICE, p["clerk"], on_date=date(2026, 12, 4), method="per_page", pages=150,
            delivery="in_person",
        )  # fmt: skip
    pay_by = fee.fee_notices.get().pay_by
    assert pay_by == date(2027, 1, 4)  # 20 wd from the day after 12-04, provisional
    assert deadline_of(app).deadline.due == date(2027, 1, 4)

    # A notice that makes 2027-01-04 a day off too (as if 元旦 were three days): both move later.
    load_year(2027, holidays=[date(2027, 1, 1), date(2027, 1, 4)], notice="国务院办公厅通知", user=p["head"])
    assert deadline_of(app).deadline.due == date(2027, 1, 5) and not deadline_of(app).deadline.provisional
    event = app.events.get(action="recalculate")
    assert event.data == {"old_due": "2027-01-04", "reply_due": "2027-01-05"}
    assert "原期限2027-01-04(暂定)" in event.details and "2027年节假日安排已载入" in event.note
    fee.refresh_from_db()
    assert fee.fee_notices.get().pay_by == date(2027, 1, 5)
    assert "缴费期限2027-01-04→2027-01-05" in fee.events.get(action="recalculate").note

    # A later load that makes the period shorter moves the answer deadline (the agency's own duty)
    # but not the fee period already notified to the applicant.
    load_year(2027, holidays=[date(2027, 1, 1)], notice="更正", user=p["head"])
    assert deadline_of(app).deadline.due == date(2027, 1, 4)
    assert fee.fee_notices.get().pay_by == date(2027, 1, 5)


def test_the_administrators_todo_asks_for_next_years_notice_from_november(client, office):
    agency, p = office
    admin = UserFactory(username="admin1")
    grant_role(admin, agency, Role.ADMIN)
    with time_machine.travel(datetime(2026, 11, 2, 9, tzinfo=BEIJING)):
        client.force_login(admin)
        assert "载入2027年节假日安排" in client.get("/").content.decode()
        client.force_login(p["clerk"])
        assert "节假日安排" not in client.get("/").content.decode()
        load_year(2027, holidays=[date(2027, 1, 1)])
        client.force_login(admin)
        assert "载入2027年节假日安排" not in client.get("/").content.decode()
    with time_machine.travel(datetime(2026, 10, 30, 9, tzinfo=BEIJING)):
        client.force_login(admin)
        assert "节假日安排待载入" not in client.get("/").content.decode()


def test_an_extension_is_refused_once_the_period_has_run_out(office):
    agency, p = office
    app = register(agency, p["clerk"], FIELDS, channel="in_person", received=date(2026, 10, 9)).application
    # From Fri 2026-10-09: 10-10 (Sat, 调休上班) 1, 10-12..16 6, 19..23 11, 26..30 16, 11-02..05 20.
    assert deadline_of(app).deadline.due == date(2026, 11, 5)
    with time_machine.travel(DAWN, tick=False):
        with pytest.raises(ValidationError, match="答复期限已于2026-11-05届满,不能再提请延期"):
            act(app, Action.REQUEST_EXTENSION, p["clerk"], on_date=date(2026, 12, 4), note="需调取档案")
        with pytest.raises(ValidationError, match=r"不能再批准延期.*第三十三条第二款"):
            act(app, Action.EXTEND, p["head"], on_date=date(2026, 12, 4), note="需调取档案", days=20)
    # On the last day of the period it is still in time, and the letter is dated that day.
    with time_machine.travel(datetime(2026, 11, 5, 16, tzinfo=BEIJING)):
        app = act(app, Action.EXTEND, p["head"], on_date=date(2026, 11, 5), note="需调取档案", days=5)
    assert letters.extension(app).dated == "2026年11月5日"


def test_a_years_report_is_published_only_after_the_year_and_the_page_asks_to_confirm(client, office):
    from xxgk.annual import services as annual

    agency, p = office
    with time_machine.travel(DAWN, tick=False):
        report = annual.get_or_start(agency, 2026)
        annual.save_draft(
            report,
            p["clerk"],
            {},
            {"一": "{年度}年概况。", "五": "个别栏目更新不够及时,将加强审核。", "六": "{收费情况}。"},
        )
        with pytest.raises(ValidationError, match=r"2026年尚未结束.*第四十九条"):
            annual.publish(report, p["head"], acknowledge=True)
        client.force_login(p["head"])
        page = client.get(reverse("annual:report", args=[report.pk])).content.decode()
        assert 'id="too-early"' in page and 'name="confirm"' in page
    with time_machine.travel(datetime(2027, 1, 5, 9, tzinfo=BEIJING)):
        client.force_login(p["head"])
        client.post(reverse("annual:publish", args=[report.pk]), {"acknowledge": "1"})
        report.refresh_from_db()
        assert report.state == "draft"  # not confirmed
        client.post(reverse("annual:publish", args=[report.pk]), {"acknowledge": "1", "confirm": "1"})
        report.refresh_from_db()
        assert report.state == "published"


@pytest.mark.parametrize(
    ("result", "answered", "expected", "absent"),
    [
        (
            "withheld_process",
            date(2026, 12, 4),
            "应当先自收到本答复之日起六十日内向某区人民政府申请行政复议",
            "六个月内",
        ),
        ("withheld_process", date(2023, 12, 29), "也可以自收到本答复之日起六个月内", "应当先"),
        ("granted", date(2026, 12, 4), "也可以自收到本答复之日起六个月内向某区人民法院", "应当先"),
        ("partial", date(2026, 12, 4), "对本答复中不予公开的部分不服", ""),
    ],
)
def test_the_answer_states_remedies_by_the_review_law_in_force_on_its_date(
    office, result, answered, expected, absent
):
    agency, p = office
    app = register(agency, p["clerk"], FIELDS, channel="in_person", received=date(2023, 12, 1)).application
    Application.objects.filter(pk=app.pk).update(result=result, answered=answered)
    app.refresh_from_db()
    text = "".join(letters.answer(app).lines)
    assert expected in text
    assert not absent or absent not in text
    if answered.year >= 2024 and result != "granted":
        assert "《中华人民共和国行政复议法》(2023年修订)第二十三条第一款第(四)项" in text
        assert "自收到行政复议决定书之日起十五日内" in text


def test_the_review_body_follows_articles_24_to_27_when_the_agency_names_none():
    from xxgk.rules.remedies import AgencyFacts, review_body

    new, old = date(2024, 1, 1), date(2023, 12, 31)
    dept = AgencyFacts(AgencyLevel.COUNTY, AgencyKind.DEPARTMENT, own_government="某区人民政府")
    assert review_body(dept, new) == "某区人民政府"  # Art. 24(1)(一)
    assert review_body(dept, old) == "某区人民政府或者本机关的上一级主管部门"  # 2017 Art. 12: a choice
    assert review_body(AgencyFacts(AgencyLevel.COUNTY, AgencyKind.DEPARTMENT), new) == "本级人民政府"
    assert review_body(AgencyFacts(AgencyLevel.COUNTY, AgencyKind.DEPARTMENT, vertical=True), new) == (
        "本机关的上一级主管部门"  # Art. 27: 税务、海关 …
    )
    assert review_body(AgencyFacts(AgencyLevel.TOWNSHIP, AgencyKind.GOVERNMENT), new) == "上一级人民政府"
    assert review_body(AgencyFacts(AgencyLevel.PROVINCE, AgencyKind.GOVERNMENT), new) == "本机关"  # Art. 25
    assert review_body(AgencyFacts(AgencyLevel.NATIONAL, AgencyKind.DEPARTMENT), new) == "本机关"
    assert review_body(
        AgencyFacts(AgencyLevel.COUNTY, AgencyKind.DEPARTMENT, review_body="某市人民政府"), new
    ) == ("某市人民政府")


def test_a_county_department_below_its_government_names_that_government(db):
    from xxgk.rules.remedies import review_body

    government = AgencyFactory(name="某县人民政府", kind=AgencyKind.GOVERNMENT, level=AgencyLevel.COUNTY)
    dept = AgencyFactory(name="某县民政局", parent=government, level=AgencyLevel.COUNTY)
    assert review_body(dept.remedy_facts(), date(2026, 12, 4)) == "某县人民政府"


@pytest.mark.parametrize("bad", ["9999-12-31", "1900-01-01"])
def test_absurd_document_dates_are_refused_and_a_stored_one_breaks_no_page(client, desk, bad):
    from tests.publishing.test_items import new
    from xxgk.publishing.forms import ItemForm
    from xxgk.publishing.models import Item

    agency, people, genres, _ = desk
    data = {"title": "某通知", "publisher": agency.name, "formed": bad, "genre": genres["工作动态"].pk}
    form = ItemForm(data=data, agency=agency)
    assert not form.is_valid() and "请检查是否填写错误" in str(form.errors["formed"])
    item = new(desk, title="某通知")
    Item.objects.filter(pk=item.pk).update(formed=date.fromisoformat(bad))  # as an old import left it
    client.force_login(people["clerk"])
    desk_page = client.get(reverse("publishing:desk"))
    assert desk_page.status_code == 200 and "异常,无法计算公开时限" in desk_page.content.decode()
    assert client.get("/").status_code == 200


def test_an_answer_given_before_the_year_without_its_notice_is_in_time_on_any_calendar(office):
    agency, p = office
    app = register(agency, p["clerk"], FIELDS, channel="in_person", received=date(2026, 12, 4)).application
    Application.objects.filter(pk=app.pk).update(answered=date(2026, 12, 30))
    app.refresh_from_db()
    view = deadline_of(app, today=date(2026, 12, 30))
    assert view.status == "answered" and not view.deadline.provisional

"""Issue 22 (5), 《条例》第四十七条第二款 and 第五十一条: the 公开办's register of 投诉举报 — registered,
urged (督促整改), replied to by the agency complained of, closed with a conclusion and a 通报."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.oversight import services
from xxgk.rules.complaints import Step

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    office = AgencyFactory(name="某区政务公开办")
    agency = AgencyFactory(name="某区住房和城乡建设局", parent=office)
    stranger = AgencyFactory(name="别的区政务公开办")
    out = {"office": office, "agency": agency}
    for name, where in (("gongkaiban", office), ("zhujianju", agency), ("waiju", stranger)):
        user = UserFactory(username=name)
        grant_role(user, where, Role.REVIEWER if where != agency else Role.CLERK)
        out[name] = user
    return out


DATA = {
    "received": date(2026, 11, 2),
    "channel": "hotline",
    "kind": "proactive",
    "subject": "旧改项目清单未公开",
    "content": "区住建局网站未公开2026年老旧小区改造项目清单。",
    "complainant": "李四",
}


def test_a_complaint_is_urged_answered_and_closed_with_a_notice(people):
    p = people
    c = services.register(p["gongkaiban"], p["office"], p["agency"], DATA)
    assert c.number == "投诉〔2026〕1号" and c.state == "received"
    assert services.steps_for(p["gongkaiban"], c) == [Step.URGE, Step.CLOSE]
    assert services.steps_for(p["zhujianju"], c) == []
    with pytest.raises(ValidationError, match="应先督促整改"):
        services.take(
            p["gongkaiban"], c, Step.CLOSE, {"conclusion": "criticised", "notice": "x"}, date(2026, 11, 3)
        )
    with pytest.raises(ValidationError, match="早于收到日期"):
        services.take(p["gongkaiban"], c, Step.URGE, {"note": "请公开"}, date(2026, 11, 1))
    c = services.take(p["gongkaiban"], c, Step.URGE, {"note": "请于核实后公开项目清单"}, date(2026, 11, 3))
    with pytest.raises(PermissionDenied):  # the office does not answer for the agency
        services.take(p["gongkaiban"], c, Step.REPLY, {"note": "已公开"}, date(2026, 11, 9))
    assert services.steps_for(p["zhujianju"], c) == [Step.REPLY]
    c = services.take(p["zhujianju"], c, Step.REPLY, {"note": "已于11月9日公开"}, date(2026, 11, 9))
    with pytest.raises(ValidationError, match="通报内容"):
        services.take(
            p["gongkaiban"], c, Step.CLOSE, {"conclusion": "criticised", "notice": " "}, date(2026, 11, 10)
        )
    c = services.take(
        p["gongkaiban"],
        c,
        Step.CLOSE,
        {"conclusion": "criticised", "notice": "对区住建局予以通报批评"},
        date(2026, 11, 10),
    )
    assert c.state == "closed" and c.get_conclusion_display() == "属实,通报批评"
    with pytest.raises(ValidationError, match="不能督促整改"):
        services.take(p["gongkaiban"], c, Step.URGE, {"note": "再"}, date(2026, 11, 11))
    # Found untrue: closed at once.
    d = services.register(p["gongkaiban"], p["office"], p["agency"], {**DATA, "subject": "另一件"})
    d = services.take(p["gongkaiban"], d, Step.CLOSE, {"conclusion": "unfounded"}, date(2026, 11, 4))
    assert d.number == "投诉〔2026〕2号" and d.conclusion == "unfounded"


def test_only_the_office_registers_and_only_about_its_agencies(people):
    p = people
    with pytest.raises(PermissionDenied):
        services.register(p["waiju"], p["office"], p["agency"], DATA)
    other = AgencyFactory(name="外区某局")
    with pytest.raises(ValidationError, match="下级机关"):
        services.register(p["gongkaiban"], p["office"], other, DATA)
    with pytest.raises(ValidationError, match="事由"):
        services.register(p["gongkaiban"], p["office"], p["agency"], {**DATA, "subject": "  "})


def test_the_pages_and_the_export(client, people):
    p = people
    client.force_login(p["gongkaiban"])
    response = client.post(
        "/oversight/complaints/new/",
        {**DATA, "received": "2026-11-02", "office": p["office"].pk, "agency": p["agency"].pk},
    )
    c = services.complaints_for(p["gongkaiban"]).get()
    assert response["Location"] == f"/oversight/complaints/{c.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "旧改项目清单未公开" in page and 'data-step="urge"' in page and 'data-step="reply"' not in page
    client.post(f"/oversight/complaints/{c.pk}/urge/", {"on": "2026-11-03", "note": "请公开"})
    client.post(f"/oversight/complaints/{c.pk}/bogus/", {"on": "2026-11-03"})
    client.force_login(p["zhujianju"])  # the agency sees the complaint about it, and replies
    assert 'data-step="reply"' in client.get(f"/oversight/complaints/{c.pk}/").content.decode()
    client.post(f"/oversight/complaints/{c.pk}/reply/", {"on": "2026-11-09", "note": "已公开"})
    client.force_login(p["waiju"])
    assert client.get(f"/oversight/complaints/{c.pk}/").status_code == 404
    client.force_login(p["gongkaiban"])
    wb = load_workbook(io.BytesIO(client.get("/oversight/complaints/export.xlsx").content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[1][0] == "投诉〔2026〕1号" and rows[1][6] == "机关已回复"
    assert all(
        "李四" not in str(v) for row in rows for v in row
    )  # the complainant stays in the register only


def test_each_agency_s_indicators_for_the_year(client, people, published_report):
    """A late annual report (《条例》第四十九条), a guide not written, a complaint found true."""
    from xxgk.oversight.indicators import MET, MISSED, UNKNOWN, indicators
    from xxgk.publishing.models import PortalPage

    p = people
    agency = published_report.agency  # its 2025 report was published today, after 31 January 2026
    agency.parent = p["office"]
    agency.save()
    PortalPage.objects.create(agency=agency, slug="system", title="制度", body="……")
    c = services.register(p["gongkaiban"], p["office"], p["agency"], DATA)
    c = services.take(p["gongkaiban"], c, Step.URGE, {"note": "请公开"}, date(2026, 11, 3))
    c = services.take(p["zhujianju"], c, Step.REPLY, {"note": "已公开"}, date(2026, 11, 9))
    services.take(p["gongkaiban"], c, Step.CLOSE, {"conclusion": "corrected"}, date(2026, 11, 10))
    rows = {r.agency.name: r for r in indicators([agency, p["agency"]], 2026, date(2026, 12, 8))}
    mine = rows[agency.name].cells
    assert mine["年报按时发布"].status == MISSED and "晚于2026-01-31" in mine["年报按时发布"].why
    assert mine["指南更新"].status == MISSED and "尚未编写" in mine["指南更新"].why
    assert mine["专栏栏目"].status == MISSED and "公开指南" in mine["专栏栏目"].why
    assert "公开制度" not in mine["专栏栏目"].why
    assert mine["标准目录"].status == UNKNOWN and "54号" in mine["标准目录"].why
    assert rows["某区住房和城乡建设局"].cells["投诉举报属实"].status == MISSED
    assert mine["投诉举报属实"].status == MET
    client.force_login(p["gongkaiban"])
    page = client.get("/oversight/indicators/", {"year": "2026"}).content.decode()
    assert "2026年政务公开指标" in page and "某区住房和城乡建设局" in page
    xlsx = client.get("/oversight/indicators/", {"year": "2026", "format": "xlsx"})
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.active.cell(1, 1).value == "机关" and wb.active.max_row >= 3
    assert client.get("/oversight/indicators/", {"year": "20x6"}).status_code == 200  # bad input: this year

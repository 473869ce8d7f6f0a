"""待办: each person's home lists what waits for them, by their role; the header counts it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from xxgk.applications.services import act, register
from xxgk.publishing.services import create_item, submit
from xxgk.rules.applications import Action

pytestmark = pytest.mark.django_db


def test_a_submitted_draft_waits_for_the_reviewer_and_no_longer_for_the_clerk(client, desk):
    agency, people, genres, _ = desk
    fields = {"title": "关于某项目的公示", "publisher": agency.name, "formed": date(2026, 11, 20),
              "genre": genres["工作动态"], "body": "正文"}  # fmt: skip
    item = create_item(agency, people["clerk"], fields)
    client.force_login(people["clerk"])
    page = client.get("/").content.decode()
    assert "主动公开:待提交审核的草稿(1)" in page and "关于某项目的公示" in page
    client.force_login(people["reviewer"])
    assert "主动公开:待审核(0)" in client.get("/").content.decode()

    submit(item, people["clerk"])
    page = client.get("/").content.decode()
    assert "主动公开:待审核(1)" in page and f'href="/publishing/{item.pk}/"' in page
    assert "pclerk提交" in page
    assert 'class="badge" aria-label="1项待办"' in page
    client.force_login(people["clerk"])
    assert "主动公开:待提交审核的草稿(0)" in client.get("/").content.decode()


@time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
def test_an_extension_asked_for_by_the_clerk_waits_for_the_head(client, office):
    agency, p = office
    app = register(agency, p["clerk"], {"applicant_kind": "natural", "applicant_name": "张三", "sought": "某批复"},
                   channel="in_person", received=date(2026, 11, 2)).application  # fmt: skip
    with pytest.raises(PermissionDenied):
        act(app, Action.REQUEST_EXTENSION, p["head"], **{"note": "x"})  # the head decides, not asks
    with pytest.raises(ValidationError, match="需要延期的理由"):
        act(app, Action.REQUEST_EXTENSION, p["clerk"], **{"note": ""})
    act(app, Action.REQUEST_EXTENSION, p["clerk"], **{"note": "涉及三个部门的档案,需要调取"})
    with pytest.raises(ValidationError, match="请等待负责人批准"):
        act(app, Action.REQUEST_EXTENSION, p["clerk"], **{"note": "再次"})
    client.force_login(p["head"])
    page = client.get("/").content.decode()
    assert "依申请公开:待批准延期(1)" in page and "涉及三个部门的档案" in page
    case = client.get(f"/applications/{app.pk}/").content.decode()
    assert "已提请延期" in case and 'data-action="extend"' in case

    act(app, Action.EXTEND, p["head"], **{"days": 10, "note": "涉及三个部门的档案,需要调取"})
    app.refresh_from_db()
    assert app.extension_requested is None and app.extension_days == 10
    assert "依申请公开:待批准延期(0)" in client.get("/").content.decode()


def test_the_public_home_shows_the_way_to_the_portal_and_the_form(client):
    page = client.get("/").content.decode()
    assert "待办" not in page and "依申请公开" in page and "工作人员登录" in page

"""Issue 12: 审核通过 was shown to a 信息员, 发布 and 拟定答复 to a 审核人, 延期 to a 信息员; the refusal
came after the click. Pages now offer each person the steps their role allows and say who does the rest."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from xxgk.applications.services import register
from xxgk.publishing.services import create_item, submit

pytestmark = pytest.mark.django_db


def test_the_item_page_offers_each_role_its_own_steps(client, desk):
    agency, people, genres, _ = desk
    fields = {
        "title": "通知",
        "publisher": agency.name,
        "formed": date(2026, 3, 2),
        "genre": genres["工作动态"],
        "body": "正文",
    }
    item = create_item(agency, people["clerk"], fields)
    client.force_login(people["clerk"])
    page = client.get(f"/publishing/{item.pk}/").content.decode()
    assert 'id="approve"' not in page and 'id="submit"' in page and 'id="secrecy"' in page
    client.force_login(people["reviewer"])
    page = client.get(f"/publishing/{item.pk}/").content.decode()
    # Not submitted yet: the reviewer is told who acts next, not offered a step that would fail.
    assert 'id="approve"' not in page and "待信息员修改完成后提交审核" in page and "保存修改" not in page
    submit(item, people["clerk"])
    page = client.get(f"/publishing/{item.pk}/").content.decode()
    assert 'id="approve"' in page and 'id="return"' in page
    client.force_login(people["clerk"])
    page = client.get(f"/publishing/{item.pk}/").content.decode()
    assert 'id="approve"' not in page and "待审核人完成保密审查并审核通过" in page


@time_machine.travel(datetime(2026, 3, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")))  # within its answer period
def test_the_case_page_offers_each_role_its_own_steps(client, office):
    agency, p = office
    fields = {"applicant_kind": "natural", "applicant_name": "张三", "sought": "某项目批复"}
    app = register(agency, p["clerk"], fields, channel="in_person", received=date(2026, 3, 2)).application
    client.force_login(p["clerk"])
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert 'data-action="extend"' not in page and "延期答复(由负责人办理)" in page
    assert 'data-action="draft_answer"' in page
    client.force_login(p["head"])
    assert 'data-action="extend"' in client.get(f"/applications/{app.pk}/").content.decode()
    client.force_login(p["reviewer"])
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert 'data-action="draft_answer"' not in page

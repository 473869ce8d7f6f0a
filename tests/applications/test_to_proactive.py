"""Issue 22 (4), 《条例》第四十四条: an answered case becomes a draft 主动公开 item in one step, without
the applicant's data; the 公开办 sees how often the same information is asked for across agencies."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import AgencyFactory, UserFactory
from tests.publishing.conftest import desk  # noqa: F401 (a fixture)
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.applications.models import Application
from xxgk.publishing.models import ItemState
from xxgk.publishing.services import APPLICANT_HIDDEN, draft_from_application

pytestmark = pytest.mark.django_db

SOUGHT = "2026年本区老旧小区改造项目清单及资金安排"


def answered(agency, result="granted", sought=SOUGHT, number=None, **extra) -> Application:
    return Application.objects.create(
        agency=agency,
        number=number or f"2026-{uuid.uuid4().int % 100000:05d}",
        tracking_number=uuid.uuid4().hex[:16],
        applicant_kind="natural",
        applicant_name="张三丰",
        id_number="110101199003071234",
        phone="13912345678",
        address="某市某区幸福路8号",
        channel="online",
        sought=sought,
        received=date(2026, 10, 9),
        state="answered",
        result=result,
        answered=date(2026, 10, 30),
        answer_text="张三丰:\n本机关于2026年10月9日收到您的申请。经审查,现予以提供。联系电话13912345678(张三丰)。",
        **extra,
    )


def test_an_answered_case_becomes_a_draft_without_the_applicant(desk):  # noqa: F811
    agency, people, genres, theme = desk
    app = answered(agency)
    item = draft_from_application(app, people["clerk"], genres["工作动态"], theme)
    assert item.state == ItemState.DRAFT and item.title == SOUGHT and item.formed == date(2026, 10, 30)
    assert item.theme == theme and item.extra["来源申请编号"] == app.number
    for personal in ("张三丰", "110101199003071234", "13912345678", "幸福路"):
        assert personal not in item.body
    assert APPLICANT_HIDDEN in item.body and "现予以提供" in item.body
    assert item.events.filter(action="from_application", note__contains=app.number).exists()
    # One draft a case; a case not answered 予以公开/部分公开 gives none; only the agency's editors.
    with pytest.raises(ValidationError, match="已转为主动公开"):
        draft_from_application(app, people["clerk"], genres["工作动态"])
    with pytest.raises(ValidationError, match="第四十四条"):
        draft_from_application(
            answered(agency, result="unable_not_held"), people["clerk"], genres["工作动态"]
        )
    with pytest.raises(PermissionDenied):
        draft_from_application(answered(agency), people["reviewer"], genres["工作动态"])
    other = AgencyFactory()
    from xxgk.publishing.models import Category, CategoryKind

    foreign = Category.objects.create(agency=other, kind=CategoryKind.GENRE, name="别的机关的体裁")
    with pytest.raises(ValidationError, match="本机关"):
        draft_from_application(answered(agency), people["clerk"], foreign)


def test_the_case_page_makes_the_draft_and_then_links_it(client, desk):  # noqa: F811
    agency, people, genres, _ = desk
    app = answered(agency)
    client.force_login(people["clerk"])
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert "生成主动公开信息草稿" in page and "第四十四条" in page
    bad = client.post(f"/applications/{app.pk}/to-proactive/", {"genre": "1 OR 1=1"})
    assert "请选择体裁分类" in client.get(bad["Location"]).content.decode()
    made = client.post(f"/applications/{app.pk}/to-proactive/", {"genre": genres["工作动态"].pk, "theme": ""})
    from xxgk.publishing.services import made_from

    item = made_from(app)
    assert made["Location"] == f"/publishing/{item.pk}/"
    assert f'href="/applications/{app.pk}/"' in client.get(made["Location"]).content.decode()  # and back
    assert item.index_no in client.get(f"/applications/{app.pk}/").content.decode()


def test_the_office_sees_the_same_information_asked_for_across_agencies(client, desk):  # noqa: F811
    agency, people, genres, _ = desk
    office = AgencyFactory(name="某区政务公开办")
    agency.parent = office
    agency.save()
    sister = AgencyFactory(name="某区住房和城乡建设局", parent=office)
    first = answered(agency)
    answered(sister, sought="本区2026年老旧小区改造项目清单和资金安排情况")
    answered(sister, result="partial", sought="请公开2026年本区老旧小区改造项目清单及资金安排")
    answered(agency, sought="2025年度部门决算")  # asked once: not listed
    answered(agency, result="unable_not_held", sought=SOUGHT)  # not given out: not counted
    draft_from_application(first, people["clerk"], genres["工作动态"])
    user = UserFactory()
    grant_role(user, office, Role.REVIEWER)
    client.force_login(user)
    page = client.get("/applications/repeated/").content.decode()
    assert "某区住房和城乡建设局、某区发展和改革委员会" in page
    assert 'data-label="申请次数">3<' in page and 'data-label="已转主动公开">1<' in page
    assert "部门决算" not in page and "张三丰" not in page

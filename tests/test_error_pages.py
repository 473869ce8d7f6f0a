"""Issue 12: 404/500 pages were Django's English ones; a refusal said nothing a user could act on."""

import pytest

from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_missing_page_says_so_in_chinese_and_offers_next_steps(client):
    response = client.get("/gk/NO-SUCH-AGENCY/items/")
    page = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in page and "依申请公开" in page
    assert "Not Found" not in page


def test_a_refused_step_says_why_in_chinese(client):
    from xxgk.agencies.models import Role
    from xxgk.agencies.services import grant_role

    agency = AgencyFactory()
    clerk = UserFactory(username="xinxiyuan")
    grant_role(clerk, agency, Role.CLERK)
    client.force_login(clerk)
    response = client.get("/admin/agencies/membership/add/")
    assert response.status_code == 403 and "没有权限" in response.content.decode()


def test_the_server_error_page_is_chinese():
    from django.template.loader import render_to_string

    assert "系统暂时出错" in render_to_string("500.html")

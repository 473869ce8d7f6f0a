"""Issue 21 (3): an agency compares its own report with its published report of the year before."""

from __future__ import annotations

import pytest

from xxgk.agencies.models import Role

pytestmark = pytest.mark.django_db


def test_the_next_year_s_draft_beside_the_published_report(client, published_report):
    from xxgk.annual import services as annual

    agency = published_report.agency
    clerk = agency.memberships.filter(role=Role.CLERK).first().user
    client.force_login(clerk)
    alone = client.get(f"/annual/{published_report.pk}/compare/")
    assert alone.status_code == 302
    assert "没有2024年已发布的年报" in client.get(alone["Location"]).content.decode()

    draft = annual.get_or_start(agency, 2026)
    page = client.get(f"/annual/{draft.pk}/compare/").content.decode()
    assert "2025年与2026年政府信息公开工作年度报告对比" in page and "年度衔接" in page
    assert "通过" in page  # empty records: last year's 结转 is this year's
    assert f"/annual/{draft.pk}/compare/" in client.get(f"/annual/{draft.pk}/").content.decode()
    docx = client.get(f"/annual/{draft.pk}/compare/", {"format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"

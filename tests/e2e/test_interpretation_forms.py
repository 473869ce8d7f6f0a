"""Issue 22 (3) in a browser (desktop and phone): a clerk files a 政策解读 with its form and its
interpreter; a citizen watches the video interpretation on the 专栏 beside the document it explains."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_problems, login
from tests.e2e.test_roles import SIZES, fits, sized
from tests.publishing.test_interpretation_forms import MP4

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _published_video(agency):
    from django.contrib.auth import get_user_model

    from xxgk.publishing import services
    from xxgk.publishing.models import Category, CategoryKind, GenreRole

    users = {u.username: u for u in get_user_model().objects.all()}
    clerk, reviewer = users["xinxiyuan"], users["shenheren"]
    genre = {
        role: Category.objects.create(agency=agency, kind=CategoryKind.GENRE, name=name, role=role)
        for name, role in (("规范性文件", GenreRole.NORMATIVE), ("政策解读", GenreRole.INTERPRETATION))
    }
    base = {"publisher": agency.name, "formed": date(2026, 11, 2)}
    doc = services.create_item(
        agency, clerk, {**base, "title": "某区促进就业若干措施", "genre": genre[GenreRole.NORMATIVE]}
    )
    video = services.create_item(
        agency,
        clerk,
        {
            **base,
            "title": "视频解读:某区促进就业若干措施",
            "genre": genre[GenreRole.INTERPRETATION],
            "interpretation_of": doc,
            "interpretation_form": "video",
            "interpreter": "head",
        },
    )
    attachment = services.add_attachment(video, clerk, "局长解读.mp4", MP4)
    from xxgk.publishing.models import ItemAttachment

    ItemAttachment.objects.filter(pk=attachment.pk).update(
        text_state="done", unchecked="音频、视频无法自动检查个人信息"
    )
    services.confirm_checked(video, attachment.pk, reviewer)
    for one in (video, doc):
        services.confirm_secrecy(one, reviewer)
        services.submit(one, clerk)
        services.approve(one, reviewer)
    for one in (doc, video):
        services.publish(one, clerk, date(2026, 11, 5))
    return video


@SIZES
def test_a_video_interpretation_is_filed_and_watched(browser, live_server, shot, agency, size):
    video = _published_video(agency)
    clerk = sized(login(browser, live_server, "xinxiyuan", "/publishing/new/"), size)
    assert clerk.locator("label[for=id_interpretation_form]").inner_text().startswith("解读形式")
    clerk.select_option("#id_interpretation_form", label="图解")
    clerk.select_option("#id_interpreter", label="专家解读")
    fits(clerk, size)
    assert axe_problems(clerk) == []
    shot(clerk, "new")

    citizen = sized(browser.new_context(locale="zh-CN").new_page(), size)
    citizen.goto(f"{live_server.url}/gk/{agency.code}/items/{video.url_number}/")
    expect(citizen.locator("p.interpretation-kind")).to_contain_text("解读形式:视频解读 · 主要负责人解读")
    expect(citizen.locator("video.media")).to_be_visible()
    assert "某区促进就业若干措施" in citizen.inner_text("main")  # the document it explains, linked
    fits(citizen, size)
    assert axe_problems(citizen) == []
    shot(citizen, "portal")

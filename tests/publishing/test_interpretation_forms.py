"""Issue 22 (3): 政策解读 as real content — its form (文字, 图解, 音频, 视频) carried by a file of that
kind, checked and size-limited, who interprets it, shown on the portal, counted in the annual report."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.publishing.test_items import new
from xxgk.publishing import services
from xxgk.rules.interpretation import counts_sentence, missing_carrier

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 16


def test_a_form_needs_its_carrier_and_the_counts_read_as_a_sentence():
    assert missing_carrier("text", []) == "" and missing_carrier("", []) == ""
    assert missing_carrier("video", ["解读.pdf"]) == "视频解读应附MP4文件"
    assert missing_carrier("video", ["解读.MP4"]) == ""
    assert missing_carrier("graphic", ["一图读懂.png"]) == ""
    assert counts_sentence([], []) == "未发布政策解读"
    sentence = counts_sentence(["text", "graphic", "graphic", "video"], ["head", "expert", "head"])
    assert sentence == "发布政策解读4篇,其中图解2篇、视频解读1篇;主要负责人解读2篇、专家解读1篇"


def test_a_video_interpretation_is_approved_with_its_video_checked_by_hand(desk, run_tasks, client):
    agency, people, _, _ = desk
    normative = new(desk, genre="规范性文件", title="某区促进就业若干措施")
    item = new(
        desk,
        genre="政策解读",
        title="一图读懂:某区促进就业若干措施",
        interpretation_of=normative,
        interpretation_form="video",
        interpreter="head",
    )
    services.confirm_secrecy(item, people["reviewer"])
    services.submit(item, people["clerk"])
    with pytest.raises(ValidationError, match="视频解读应附MP4文件"):
        services.approve(item, people["reviewer"])
    with pytest.raises(ValidationError, match="文件名与内容不符"):
        services.add_attachment(item, people["clerk"], "解读.mp4", b"MZ" + b"\x00" * 64)  # not a video
    from xxgk.publishing import extract

    with pytest.raises(ValidationError, match="超过"):
        services.add_attachment(
            item, people["clerk"], "解读.mp3", MP3 + b"\x00" * extract.media_limit(".mp3")
        )
    video = services.add_attachment(item, people["clerk"], "局长解读.mp4", MP4)
    run_tasks()
    video.refresh_from_db()
    assert video.awaits_manual_check and "音频、视频" in video.unchecked
    with pytest.raises(ValidationError, match="人工核对"):
        services.approve(item, people["reviewer"])
    services.confirm_checked(item, video.pk, people["reviewer"])
    services.approve(item, people["reviewer"])
    services.confirm_secrecy(normative, people["reviewer"])
    services.submit(normative, people["clerk"])
    services.approve(normative, people["reviewer"])
    services.publish(normative, people["clerk"], date(2026, 11, 5))
    services.publish(item, people["clerk"], date(2026, 11, 5))

    page = client.get(f"/gk/{agency.code}/items/{item.url_number}/").content.decode()
    assert "解读形式:视频解读" in page and "主要负责人解读" in page and "<video controls" in page
    from xxgk.annual.selectors import interpretations_sentence

    assert interpretations_sentence(agency, 2026) == "发布政策解读1篇,其中视频解读1篇;主要负责人解读1篇"

"""政策解读 as content: the forms an interpretation takes and who gives it, and what each form must
carry.

The 条例 says nothing of how a policy is interpreted. The forms and the interpreters are those of
国务院办公厅《关于全面推进政务公开工作的意见》实施细则 (国办发〔2016〕80号), which asks for
interpretation "通过图表图解、音频视频、动漫等形式" and for the principal heads to interpret major
policies themselves (主要负责人带头解读); the annual 政务公开工作要点 count them the same way.
"""

from __future__ import annotations

from enum import StrEnum


class Form(StrEnum):
    TEXT = "text"
    GRAPHIC = "graphic"
    AUDIO = "audio"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return FORM_LABELS[self]


class Interpreter(StrEnum):
    HEAD = "head"
    EXPERT = "expert"
    DEPARTMENT = "department"
    MEDIA = "media"

    @property
    def label(self) -> str:
        return INTERPRETER_LABELS[self]


FORM_LABELS = {Form.TEXT: "文字解读", Form.GRAPHIC: "图解", Form.AUDIO: "音频解读", Form.VIDEO: "视频解读"}
INTERPRETER_LABELS = {
    Interpreter.HEAD: "主要负责人解读",
    Interpreter.EXPERT: "专家解读",
    Interpreter.DEPARTMENT: "起草部门解读",
    Interpreter.MEDIA: "媒体解读",
}

# The attachments a form is carried by (file name suffixes), and the largest such file.
CARRIERS: dict[Form, tuple[tuple[str, ...], int]] = {
    Form.GRAPHIC: ((".jpg", ".jpeg", ".png"), 20 * 1024 * 1024),
    Form.AUDIO: ((".mp3", ".m4a"), 50 * 1024 * 1024),
    Form.VIDEO: ((".mp4",), 200 * 1024 * 1024),
}


def missing_carrier(form: str, attachment_names: list[str]) -> str:
    """Why an interpretation of `form` cannot be approved with these attachments, or ""."""
    if not form or Form(form) is Form.TEXT:
        return ""
    suffixes, _ = CARRIERS[Form(form)]
    if any(name.lower().endswith(suffixes) for name in attachment_names):
        return ""
    kinds = "、".join(s.lstrip(".").upper() for s in suffixes)
    return f"{Form(form).label}应附{kinds}文件"


def counts_sentence(forms: list[str], interpreters: list[str]) -> str:
    """发布政策解读12篇,其中图解3篇、视频解读1篇;主要负责人解读2篇、专家解读1篇 — for 一、总体情况."""
    if not forms:
        return "未发布政策解读"
    by_form = [
        f"{Form(f).label}{forms.count(f)}篇" for f in (Form.GRAPHIC, Form.AUDIO, Form.VIDEO) if f in forms
    ]
    by_whom = [f"{Interpreter(i).label}{interpreters.count(i)}篇" for i in Interpreter if i in interpreters]
    text = f"发布政策解读{len(forms)}篇"
    if by_form:
        text += ",其中" + "、".join(by_form)
    if by_whom:
        text += (";" if by_form else ",其中") + "、".join(by_whom)
    return text

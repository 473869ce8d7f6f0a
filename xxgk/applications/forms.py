from __future__ import annotations

import re
import secrets
import time
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache

from xxgk.agencies.models import Agency
from xxgk.applications.models import (
    AppealKind,
    AppealOutcome,
    Application,
    Channel,
    ConsultationKind,
    NoticeDelivery,
    ServiceMethod,
)
from xxgk.applications.services import APPLICANT_FIELDS as SERVICE_FIELDS
from xxgk.forms import BusinessDateField, IsoDateInput
from xxgk.rules.applications import result_codes, result_label
from xxgk.rules.fees import METHOD_LABELS
from xxgk.rules.privacy import id18_is_valid

APPLICANT_FIELDS = list(SERVICE_FIELDS)
MAX_UPLOAD = 10 * 1024 * 1024
ALLOWED_UPLOADS = {b"%PDF": "PDF", b"\xff\xd8\xff": "JPEG", b"\x89PNG": "PNG"}


def check_upload(f: Any) -> None:
    """Scans only, and small: judged by the file's first bytes, not by the name it was given."""
    if f.size > MAX_UPLOAD:
        raise forms.ValidationError(f"“{f.name}”超过{MAX_UPLOAD // 1024 // 1024}MB")
    head = f.read(8)
    f.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED_UPLOADS):
        raise forms.ValidationError(f"“{f.name}”不是 PDF、JPG 或 PNG 文件")


_PHONE = re.compile(r"[0-9+()（）\-\s]+(?:转\d{1,6})?")


class ApplicantForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = APPLICANT_FIELDS
        widgets = {"sought": forms.Textarea(attrs={"rows": 4}), "purpose": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sought"].required = True
        self.fields["phone"].required = True
        self.fields["delivery_form"].required = True
        self.fields["delivery_method"].required = True

    def clean_phone(self) -> str:
        phone = (self.cleaned_data.get("phone") or "").strip()
        digits = sum(ch.isdigit() for ch in phone)
        if phone and (not _PHONE.fullmatch(phone) or not 7 <= digits <= 15):
            raise forms.ValidationError("请填写能联系到您的电话号码,如 13800138000 或 010-68001234")
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("applicant_kind") == "natural" and not data.get("id_number"):
            self.add_error("id_number", "自然人申请请填写身份证件号码")
        id_number = (data.get("id_number") or "").strip().upper()
        if id_number and data.get("id_type", "居民身份证") == "居民身份证" and not id18_is_valid(id_number):
            self.add_error("id_number", "居民身份证号码应为18位,且最后一位校验码正确")
        if data.get("applicant_kind") not in (None, "", "natural") and not data.get("org_code"):
            self.add_error("org_code", "法人或其他组织申请请填写统一社会信用代码")
        return data


CHALLENGE_SECONDS = 3600


def _challenge_key(token: str) -> str:
    return f"xxgk:challenge:{token[:64]}"


def _challenge_label(question: tuple[Any, ...] | None) -> str:
    if question is None:
        return "验证问题"
    return f"验证问题:{question[0]} 加 {question[1]} 等于几?(请填阿拉伯数字)"


def _too_fast(question: tuple[Any, ...]) -> bool:
    """Answered sooner after the form was served than a person fills in an application: a script.
    A sum is no obstacle to a script; the time a person needs to write the application is."""
    served = question[2] if len(question) > 2 else 0.0
    return time.time() - served < float(getattr(settings, "XXGK_APPLY_MIN_SECONDS", 5))


class PublicApplyForm(ApplicantForm):
    agency = forms.ModelChoiceField(label="向哪个机关申请", queryset=Agency.objects.all(), empty_label=None)
    scan = forms.FileField(label="身份证明材料(可选,PDF/JPG/PNG,10MB以内)", required=False)
    challenge = forms.CharField(label="验证问题", max_length=10)
    challenge_token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    class Meta(ApplicantForm.Meta):
        fields = ["agency", *APPLICANT_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].label = "请勿填写此项"
        if not self.is_bound:
            self.new_challenge()
        else:
            question = cache.get(_challenge_key(str(self.data.get("challenge_token", ""))))
            self.fields["challenge"].label = _challenge_label(question)

    def new_challenge(self) -> None:
        """A fresh question whose answer stays on the server (the shared cache) for an hour and is
        good for one submission: the page carries only a random id."""
        a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
        token = secrets.token_urlsafe(16)
        cache.set(_challenge_key(token), (a, b, time.time()), timeout=CHALLENGE_SECONDS)
        if self.is_bound:
            self.data = self.data.copy()
            self.data["challenge_token"], self.data["challenge"] = token, ""
        else:
            self.initial["challenge_token"] = token
        self.fields["challenge"].label = _challenge_label((a, b))
        # A bound field made while validating keeps the label it was made with: the old question
        # would be shown beside the new token, and a right answer refused.
        self._bound_fields_cache.pop("challenge", None)

    def clean_scan(self) -> Any:
        f = self.cleaned_data.get("scan")
        if f:
            check_upload(f)
        return f

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError("提交未通过验证,请刷新页面后重新填写")
        key = _challenge_key(str(data.get("challenge_token", "")))
        question = cache.get(key)
        # Used once: deleted whether the answer is right or wrong (the page gets a new question).
        if question is None or not cache.delete(key):
            raise forms.ValidationError("验证问题已失效(超过1小时或已使用),请回答新的验证问题")
        if str(data.get("challenge", "")).strip() != str(question[0] + question[1]):
            self.add_error("challenge", "验证问题的答案不正确")
        elif _too_fast(question):
            raise forms.ValidationError("提交过快,未通过验证:请核对所填内容,回答新的验证问题后再提交")
        return data


class RegisterForm(ApplicantForm):
    channel = forms.ChoiceField(
        label="申请方式", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    received = BusinessDateField(
        label="收到日期",
        required=False,
        help_text="当面提交:提交当日;挂号信等:签收之日;平信、传真、电子邮件:与申请人确认之日。暂未确认的留空。",
    )
    scan = forms.FileField(label="申请材料扫描件(PDF/JPG/PNG)", required=False)

    class Meta(ApplicantForm.Meta):
        fields = ["channel", *APPLICANT_FIELDS]

    def clean_scan(self) -> Any:
        f = self.cleaned_data.get("scan")
        if f:
            check_upload(f)
        return f


RESULT_CHOICES = [("", "—请选择—")] + [(c, result_label(c)) for c in result_codes()]


class ActionForm(forms.Form):
    """The fields any step may need; each step's template shows the ones it uses."""

    action = forms.CharField(widget=forms.HiddenInput)
    on_date = BusinessDateField(label="日期", required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    consult_kind = forms.ChoiceField(label="征求对象类别", required=False, choices=ConsultationKind.choices)
    party = forms.CharField(label="征求意见对象", required=False)
    letter_received = BusinessDateField(
        label="对方收到征求意见书日期", required=False, help_text="不填则按发出当日计算15个工作日的答复期限"
    )
    no_reply = forms.BooleanField(label="对方逾期未提出意见", required=False)
    opinion = forms.CharField(label="意见", required=False)
    objected = forms.BooleanField(label="对方不同意公开", required=False)
    delay_until = forms.DateField(
        label="延迟答复的期限",
        required=False,
        widget=IsoDateInput,
        help_text="条例第三十五条:告知申请人的合理期限",
    )
    referred_to = forms.CharField(
        label="负责公开该信息的机关",
        required=False,
        help_text="不属于本机关负责公开、且能够确定负责机关时填写",
    )
    referred_contact = forms.CharField(label="该机关联系方式", required=False)
    days = forms.IntegerField(label="延期工作日", required=False, min_value=1, max_value=20)
    method = forms.ChoiceField(label="计收方式", required=False, choices=list(METHOD_LABELS.items()))
    pages = forms.IntegerField(label="页数", required=False, min_value=1)
    delivery = forms.ChoiceField(label="送达方式", required=False, choices=NoticeDelivery.choices)
    delivered = BusinessDateField(
        label="申请人收到通知日期",
        required=False,
        help_text="缴费期限自收到通知次日起20个工作日;当面送达为当日,邮寄等可在签收后再登记",
    )
    result = forms.ChoiceField(label="办理结果", required=False, choices=RESULT_CHOICES)
    answer_text = forms.CharField(label="答复内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    receipt_number = forms.CharField(label="缴费票据号码", required=False, max_length=60)


class DeliveryForm(forms.Form):
    """送达 one of the case's letters; the choice of letters is the case's own (delivery_form)."""

    document = forms.ChoiceField(label="文书", choices=())
    method = forms.ChoiceField(label="送达方式", choices=ServiceMethod.choices)
    sent_on = BusinessDateField(label="发出日期", required=False)
    tracking = forms.CharField(label="邮件单号", required=False, max_length=60, help_text="邮寄送达时填写")
    received = BusinessDateField(
        label="签收日期", required=False, help_text="当面送达为签收当日;邮寄可在回执返回后登记"
    )

    def __init__(self, *args: Any, documents: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from xxgk.applications.letters import DOCUMENTS

        self.fields["document"].choices = documents or [(d.slug, d.title) for d in DOCUMENTS.values()]


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=AppealKind.choices)
    filed = BusinessDateField(label="立案/收到日期")
    organ = forms.CharField(label="复议机关或法院", required=False)
    case_number = forms.CharField(label="案号", required=False)
    outcome = forms.ChoiceField(
        label="结果", required=False, choices=[("", "尚未审结"), *AppealOutcome.choices]
    )
    decided = BusinessDateField(label="结果日期", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") and not data.get("decided"):
            self.add_error("decided", "有结果时请填写结果日期")
        if data.get("decided") and data.get("filed") and data["decided"] < data["filed"]:
            self.add_error("decided", "结果日期不能早于立案日期")
        return data


class StatusForm(forms.Form):
    tracking_number = forms.CharField(label="查询号", max_length=32)
    query_code = forms.CharField(
        label="查询码", max_length=12, widget=forms.PasswordInput(render_value=False)
    )


class LedgerForm(forms.Form):
    agency = forms.ModelChoiceField(label="机关", queryset=Agency.objects.none(), empty_label=None)
    file = forms.FileField(label="台账文件(.xlsx 或 UTF-8 .csv)")

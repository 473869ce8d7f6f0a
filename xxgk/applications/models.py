"""依申请公开 — applications, their audit trail, consultations, fees, appeals and letters."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from xxgk.agencies.models import Agency
from xxgk.audit import AppendOnly
from xxgk.rules.applications import STATE_LABELS, Action, State, result_codes, result_label
from xxgk.rules.fees import METHOD_LABELS, FeeMethod
from xxgk.rules.formats import APPLICANT_COLUMNS

ApplicantKind = models.TextChoices(
    "ApplicantKind", [(c.code.upper(), (c.code, c.label)) for c in APPLICANT_COLUMNS if c.code != "total"]
)


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "当面提交"
    MAIL_REGISTERED = "mail_registered", "邮寄(挂号信、EMS等需签收)"
    MAIL_ORDINARY = "mail_ordinary", "邮寄(平信)"
    ONLINE = "online", "网上申请"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    OTHER = "other", "其他"


class DeliveryForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子文档"


class DeliveryMethod(models.TextChoices):
    MAIL = "mail", "邮寄"
    PICKUP = "pickup", "当面领取"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "网上获取"


STATE_CHOICES = [(s.value, STATE_LABELS[s]) for s in State]
RESULT_CHOICES = [(code, result_label(code)) for code in result_codes()]


class Application(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="受理机关", on_delete=models.PROTECT, related_name="applications"
    )
    number = models.CharField("编号", max_length=50)
    tracking_number = models.CharField("查询号", max_length=32, unique=True)
    query_code_hash = models.CharField("查询码(散列)", max_length=128, blank=True)

    applicant_kind = models.CharField("申请人类型", max_length=16, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=200)
    id_type = models.CharField("证件类型", max_length=30, blank=True, default="居民身份证")
    id_number = models.CharField("证件号码", max_length=50, blank=True)
    org_code = models.CharField("统一社会信用代码", max_length=30, blank=True)
    contact_person = models.CharField("联系人", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)

    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    sought = models.TextField("申请公开的政府信息", blank=True)
    purpose = models.TextField("用途(选填)", blank=True)
    delivery_form = models.CharField(
        "获取信息的载体形式", max_length=20, choices=DeliveryForm.choices, blank=True
    )
    delivery_method = models.CharField(
        "获取信息的方式", max_length=20, choices=DeliveryMethod.choices, blank=True
    )

    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    received = models.DateField("收到日期", null=True, blank=True, help_text="依条例第三十一条确定")
    state = models.CharField("状态", max_length=16, choices=STATE_CHOICES, default=State.SUBMITTED)
    correction_notice_date = models.DateField("补正告知日期", null=True, blank=True)
    correction_due = models.DateField(
        "补正期限", null=True, blank=True, help_text="补正告知书中给申请人的期限"
    )
    correction_items = models.TextField("需要补正的事项", blank=True)
    corrected_received = models.DateField("补正收到日期", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延期工作日", default=0)
    extension_requested = models.DateField("提请延期日期", null=True, blank=True)
    extension_request_note = models.TextField("提请延期的理由", blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="延期批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reasons_requested = models.DateField(
        "要求说明理由日期", null=True, blank=True, help_text="条例第三十五条"
    )
    reasons_items = models.TextField("需要说明的理由", blank=True)
    delayed_until = models.DateField(
        "延迟答复期限",
        null=True,
        blank=True,
        help_text="条例第三十五条:申请理由合理但无法按期答复时确定的合理期限",
    )
    referred_to = models.CharField(
        "负责公开的机关",
        max_length=200,
        blank=True,
        help_text="不属于本机关负责公开时告知申请人(条例第三十六条第五项)",
    )
    referred_contact = models.CharField("该机关联系方式", max_length=200, blank=True)
    paused_days = models.PositiveSmallIntegerField(
        "征求意见天数(台账)", default=0, help_text="台账导入的不计入期限的工作日"
    )
    result = models.CharField("办理结果", max_length=32, choices=RESULT_CHOICES, blank=True)
    answer_text = models.TextField("答复正文", blank=True)
    answered = models.DateField("答复日期", null=True, blank=True)
    extra = models.JSONField("台账其他列", default=dict, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    purged_at = models.DateTimeField("个人信息清除时间", null=True, blank=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="application_number_unique")]
        indexes = [
            models.Index(fields=["agency", "received"]),
            models.Index(fields=["agency", "answered"]),
            models.Index(fields=["agency", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant_name}"

    @property
    def state_enum(self) -> State:
        return State(self.state)


OTHER_EVENT_LABELS = {
    "register": "登记申请",
    "submit": "网上提交申请",
    "import": "台账导入",
    "appeal": "登记复议/诉讼",
    "attach": "上传附件",
    "recalculate": "重新计算期限",
    "deliver": "送达",
}
DATA_LABELS = {
    "limit": "补正告知期限{}",
    "party": "征求意见对象:{}",
    "opinion": "意见:{}",
    "days": "延期{}个工作日",
    "amount": "金额{}元",
    "pay_by": "缴费期限{}",
    "receipt_number": "票据号码{}",
    "correction_due": "补正期限至{}",
    "old_due": "原期限{}(暂定)",
    "reply_due": "答复期限至{}",
    "delivered": "申请人收到通知日期{}",
    "role": "用途:{}",
}


class Event(AppendOnly):
    record_name = "办理记录"

    """One step of a case: who did what, when. Never changed or removed once written."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    action = models.CharField("操作", max_length=32)
    from_state = models.CharField("原状态", max_length=16, blank=True)
    to_state = models.CharField("新状态", max_length=16, blank=True)
    on_date = models.DateField("业务日期", null=True, blank=True)
    at = models.DateTimeField("记录时间", auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT
    )
    note = models.TextField("说明", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action_label}({timezone.localtime(self.at):%Y-%m-%d %H:%M})"

    @property
    def action_label(self) -> str:
        try:
            return Action(self.action).label
        except ValueError:
            return OTHER_EVENT_LABELS.get(self.action, self.action)

    @property
    def details(self) -> str:
        """The recorded facts of the step, for a person."""
        parts = []
        # A fixed order: PostgreSQL's jsonb does not keep the order the keys were written in.
        order = ["limit", "late", "party", "old_due", "reply_due", "opinion", "days", "method", "amount"]
        order += ["delivered", "pay_by", "receipt_number"]
        order += ["correction_due", "result", "role"]
        for key in sorted(self.data, key=lambda k: order.index(k) if k in order else len(order)):
            value = self.data[key]
            if key == "late":
                parts.append("超过7个工作日的补正告知期限" if value else "")
            elif key == "result":
                parts.append(f"办理结果:{result_label(value)}")
            elif key == "method":
                parts.append(METHOD_LABELS.get(value, value))
            elif key == "after":
                parts.append(_changes(self.data.get("before") or {}, value))
            elif key in DATA_LABELS:
                parts.append(DATA_LABELS[key].format(value))
        return ";".join(p for p in parts if p)


# What a ledger import changed, by field, for a person reading the case's trail.
CHANGE_LABELS = {
    "applicant_kind": "申请人类型", "channel": "申请方式", "received": "收到日期",
    "correction_notice_date": "补正告知日期", "corrected_received": "补正收到日期", "answered": "答复日期",
    "paused_days": "征求意见天数", "extension_days": "延期天数", "result": "办理结果", "sought": "申请内容",
    "extra": "台账其他列", "state": "状态", "appeal:review": "行政复议",
    "appeal:suit_direct": "行政诉讼(直接起诉)", "appeal:suit_after_review": "行政诉讼(复议后起诉)",
}  # fmt: skip


def _changes(before: dict[str, Any], after: dict[str, Any]) -> str:
    def shown(key: str, value: Any) -> str:
        if value in (None, "", [], {}):
            return "(空)"
        if key == "result":
            return result_label(value)
        return str(value)

    items = [
        f"{CHANGE_LABELS.get(k, k)}:{shown(k, before.get(k))} → {shown(k, v)}"
        if before
        else f"{CHANGE_LABELS.get(k, k)}:{shown(k, v)}"
        for k, v in after.items()
    ]
    return ("台账修改:" if before else "台账登记:") + ";".join(items)


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", "第三方(条例第三十二条)"
    AGENCY = "agency", "其他机关(条例第三十四条)"


class Consultation(models.Model):
    """征求意见: a third party (Art. 32) or another agency that made the information, alone or with
    this one (Art. 34). The time it takes is not counted in the answer period (Art. 33)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField(
        "征求对象类别", max_length=16, choices=ConsultationKind.choices, default=ConsultationKind.THIRD_PARTY
    )
    party = models.CharField("征求意见对象", max_length=200)
    sent = models.DateField("发出日期")
    letter_received = models.DateField("对方收到日期", null=True, blank=True)
    reply_due = models.DateField(
        "答复期限", null=True, blank=True, help_text="自对方收到征求意见书之日起15个工作日"
    )
    replied = models.DateField("答复日期", null=True, blank=True)
    opinion = models.CharField("意见", max_length=200, blank=True)
    objected = models.BooleanField(
        "不同意公开",
        default=False,
        help_text="第三方不同意公开(条例第三十二条):不予公开或书面告知其公开决定的前提",
    )

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["sent", "pk"]

    def __str__(self) -> str:
        return f"征求{self.party}意见({self.sent:%Y-%m-%d})"


class NoticeDelivery(models.TextChoices):
    IN_PERSON = "in_person", "当面送达"
    POST = "post", "邮寄"
    ONLINE = "online", "网上(电子)送达"
    OTHER = "other", "其他方式"


class FeeNotice(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="fee_notices")
    method = models.CharField("计收方式", max_length=20, choices=[(m.value, m.value) for m in FeeMethod])
    quantity = models.PositiveIntegerField("件数或页数")
    amount = models.PositiveIntegerField("金额(元)")
    detail = models.TextField("计算明细", blank=True)
    noticed = models.DateField("通知日期")
    delivery = models.CharField("送达方式", max_length=16, choices=NoticeDelivery.choices, blank=True)
    delivered = models.DateField("申请人收到通知日期", null=True, blank=True)
    pay_by = models.DateField(
        "缴费期限", null=True, blank=True, help_text="自申请人收到收费通知次日起20个工作日"
    )
    paid = models.DateField("缴费日期", null=True, blank=True)
    receipt_number = models.CharField(
        "票据号码", max_length=60, blank=True, help_text="缴费时开具的票据(如非税收入票据)"
    )
    exempted = models.BooleanField("减免", default=False)
    exemption_reason = models.CharField("减免理由", max_length=300, blank=True)
    exempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="减免决定人", null=True, blank=True, on_delete=models.PROTECT
    )
    ended = models.DateField("结束日期", null=True, blank=True, help_text="缴费、减免或逾期的日期")

    class Meta:
        verbose_name = "收费通知"
        verbose_name_plural = "收费通知"

    def __str__(self) -> str:
        return f"收费通知 {self.amount}元({self.noticed:%Y-%m-%d})"


class AppealKind(models.TextChoices):
    REVIEW = "review", "行政复议"
    SUIT_DIRECT = "suit_direct", "行政诉讼(未经复议直接起诉)"
    SUIT_AFTER_REVIEW = "suit_after_review", "行政诉讼(复议后起诉)"


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", "维持"
    CORRECTED = "corrected", "纠正"
    OTHER = "other", "其他"


class Appeal(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="appeals")
    kind = models.CharField("类型", max_length=20, choices=AppealKind.choices)
    filed = models.DateField("立案/收到日期")
    organ = models.CharField("复议机关或法院", max_length=200, blank=True)
    case_number = models.CharField("案号", max_length=100, blank=True)
    outcome = models.CharField("结果", max_length=16, choices=AppealOutcome.choices, blank=True)
    decided = models.DateField("结果日期", null=True, blank=True)

    class Meta:
        verbose_name = "行政复议、行政诉讼"
        verbose_name_plural = "行政复议、行政诉讼"
        indexes = [models.Index(fields=["kind", "decided"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}".strip()


class AttachmentRole(models.TextChoices):
    SCAN = "scan", "申请材料扫描件"
    IDENTITY = "identity", "身份证明"
    ANSWER = "answer", "答复附件(提供给申请人)"


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"applications/{instance.application.agency_id}/{instance.application_id}/{filename}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    role = models.CharField("用途", max_length=16, choices=AttachmentRole.choices)
    file = models.FileField("文件", upload_to=_attachment_path)
    name = models.CharField("文件名", max_length=255)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.name


class LetterTemplate(models.Model):
    """An agency's wording of the answer letter for one result; the built-in text when none."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="letter_templates")
    result = models.CharField("办理结果", max_length=32, choices=RESULT_CHOICES)
    body = models.TextField(
        "正文模板",
        help_text=(
            "可用变量:${申请人} ${编号} ${收到日期} ${申请内容} ${答复内容} ${法律依据} ${依据说明} "
            "${机关} ${答复日期} ${复议机关} ${法院} ${救济途径}"
            "(按答复日期施行的行政复议法写明复议、诉讼途径,不予公开的须先申请行政复议)"
        ),
    )

    class Meta:
        verbose_name = "答复书模板"
        verbose_name_plural = "答复书模板"
        constraints = [models.UniqueConstraint(fields=["agency", "result"], name="letter_template_unique")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_result_display()}"


class ReminderSent(models.Model):
    """A reminder already e-mailed, so that a second run on the same day sends nothing again."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    on_date = models.DateField()
    kind = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "on_date", "kind"], name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.kind} {self.on_date}"


class ServiceMethod(models.TextChoices):
    """送达: how a letter reached the applicant (or is offered to them)."""

    POST = "post", "邮寄"
    IN_PERSON = "in_person", "当面送达"
    EMAIL = "email", "电子邮件"
    SMS = "sms", "短信通知"
    ONLINE = "online", "在线下载"


class Delivery(models.Model):
    """One sending of one of the case's letters: how, when, to where, and when it was received —
    what a 复议机关 or court asks the agency to prove."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="deliveries")
    document = models.CharField("文书", max_length=32)
    method = models.CharField("送达方式", max_length=16, choices=ServiceMethod.choices)
    sent_on = models.DateField("发出日期")
    to = models.CharField("送达地址、邮箱或手机号", max_length=300, blank=True)
    tracking = models.CharField("邮件单号", max_length=60, blank=True)
    received = models.DateField("签收或收到日期", null=True, blank=True)
    error = models.CharField("发送失败原因", max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT
    )
    at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "送达记录"
        verbose_name_plural = "送达记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.document_title} {self.get_method_display()} {self.sent_on:%Y-%m-%d}"

    @property
    def document_title(self) -> str:
        from xxgk.applications.letters import DOCUMENTS

        found = DOCUMENTS.get(self.document)
        return found.title if found else self.document


def _sent_path(instance: SentLetter, filename: str) -> str:
    return f"letters/{instance.application.agency_id}/{instance.application_id}/{filename}"


class SentLetter(models.Model):
    """A letter as it was sent (答复书 on 送达答复, any letter on its first 送达): stored once with its
    SHA-256 and given out as stored from then on, whatever the templates or rules say later."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="sent_letters")
    document = models.CharField("文书", max_length=32)
    kind = models.CharField("格式", max_length=8)
    file = models.FileField("文件", upload_to=_sent_path, max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField("发出时间", auto_now_add=True)

    class Meta:
        verbose_name = "已发出的文书"
        verbose_name_plural = "已发出的文书"
        constraints = [
            models.UniqueConstraint(fields=["application", "document", "kind"], name="sent_letter_once")
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.document}.{self.kind}"

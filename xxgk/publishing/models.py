"""主动公开 — items with their metadata, review, versions, privacy findings; the catalogue."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from xxgk.agencies.models import Agency
from xxgk.audit import AppendOnly
from xxgk.rules import dates
from xxgk.rules.deadlines import PUBLISH_DAYS, LimitKind, TimeLimit
from xxgk.rules.interpretation import Form as InterpretationForm
from xxgk.rules.interpretation import Interpreter


def validate_document_date(value: date) -> None:
    """成文日期/发布日期 within rules/dates.py's bounds, at every door that cleans the model (forms, the
    API through the forms, xxgk sync); ledgers check the same rule per row."""
    problem = dates.date_problem(value, timezone.localdate(), "日期")
    if problem:
        raise ValidationError(problem)


class CategoryKind(models.TextChoices):
    THEME = "theme", "主题分类"
    GENRE = "genre", "体裁分类"


class GenreRole(models.TextChoices):
    NONE = "", "一般"
    RULES = "rules", "规章"
    NORMATIVE = "normative", "规范性文件"
    INTERPRETATION = "interpretation", "政策解读"


class Category(models.Model):
    """An entry of the agency's 公开目录: a theme or a genre, with its publication limit."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="categories")
    kind = models.CharField("类别", max_length=8, choices=CategoryKind.choices)
    name = models.CharField("名称", max_length=100)
    role = models.CharField("法定属性", max_length=16, choices=GenreRole.choices, blank=True, default="")
    limit_kind = models.CharField(
        "公开时限方式",
        max_length=16,
        choices=[(k.value, k.value) for k in LimitKind],
        default=LimitKind.WORKING_DAYS,
    )
    limit_days = models.PositiveSmallIntegerField(
        "公开时限(工作日)",
        default=20,
        help_text="条例第二十六条:20个工作日内;法律、法规另有规定的,填写其期限并在下一栏写明依据",
    )
    limit_basis = models.CharField(
        "另行规定公开期限的法律、法规",
        max_length=200,
        blank=True,
        help_text="如《中华人民共和国××法》第×条。条例第二十六条:法律、法规对公开期限另有规定的,从其规定(规章不在此列)。",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "公开目录分类"
        verbose_name_plural = "公开目录分类"
        ordering = ["kind", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "name"], name="category_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        longer = self.limit_kind == LimitKind.WORKING_DAYS and self.limit_days > PUBLISH_DAYS
        if longer and not self.limit_basis.strip():
            why = f"公开时限超过条例第二十六条的{PUBLISH_DAYS}个工作日,须写明规定该期限的法律、法规"
            raise ValidationError({"limit_basis": why})

    @property
    def time_limit(self) -> TimeLimit:
        basis = self.limit_basis.strip()
        days = self.limit_days if basis else min(self.limit_days, PUBLISH_DAYS)
        return TimeLimit(LimitKind(self.limit_kind), days, legal_basis=basis)


class IndexSequence(models.Model):
    """The last 索引号 sequence number used by an agency in a year (incremented under a row lock)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="index_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.agency.code}/{self.year}: {self.last}"


class ItemState(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "审核通过"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class Validity(models.TextChoices):
    NONE = "", "—"
    IN_FORCE = "in_force", "现行有效"
    REPEALED = "repealed", "已废止"
    AMENDED = "amended", "已修改"


class Item(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="items")
    index_no = models.CharField("索引号", max_length=64, unique=True)
    title = models.CharField("标题", max_length=300)
    publisher = models.CharField("发布机构", max_length=200)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    formed = models.DateField("成文日期", validators=[validate_document_date])
    published = models.DateField("发布日期", null=True, blank=True, validators=[validate_document_date])
    theme = models.ForeignKey(
        Category, verbose_name="主题分类", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    genre = models.ForeignKey(Category, verbose_name="体裁分类", on_delete=models.PROTECT, related_name="+")
    validity = models.CharField("有效性", max_length=16, choices=Validity.choices, blank=True, default="")
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    body = models.TextField("正文", blank=True)
    state = models.CharField("状态", max_length=16, choices=ItemState.choices, default=ItemState.DRAFT)
    source_url = models.URLField(
        "来源地址", max_length=500, blank=True, help_text="从另一平台同步的信息在其门户中的地址(xxgk sync)"
    )
    secrecy_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="保密审查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    secrecy_checked_at = models.DateTimeField("保密审查时间", null=True, blank=True)
    # 提交审核: the clerk says the draft is ready; the reviewer's list shows it, and only a
    # submitted draft can be approved. Returning it (退回) clears this.
    submitted_at = models.DateTimeField("提交审核时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 政策解读 only (rules/interpretation.py): how it is given and by whom.
    interpretation_form = models.CharField(
        "解读形式",
        max_length=10,
        blank=True,
        choices=[(f.value, f.label) for f in InterpretationForm],
        help_text="仅政策解读填写;图解、音频、视频解读须附相应文件",
    )
    interpreter = models.CharField(
        "解读人",
        max_length=12,
        blank=True,
        choices=[(i.value, i.label) for i in Interpreter],
        help_text="仅政策解读填写",
    )
    catalogue_entry = models.ForeignKey(
        "catalogue.CatalogueEntry",
        verbose_name="标准目录事项",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        help_text="本信息对应的政务公开事项标准目录事项",
    )
    interpretation_of = models.ForeignKey(
        "self",
        verbose_name="所解读的文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    no_interpretation_reason = models.CharField("未同步解读的理由", max_length=300, blank=True)
    withdrawn_reason = models.CharField("撤回理由", max_length=300, blank=True)
    extra = models.JSONField("台账其他列", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "主动公开信息"
        verbose_name_plural = "主动公开信息"
        ordering = ["-published", "-pk"]
        indexes = [
            models.Index(fields=["agency", "state", "-published"]),
            # 上一篇/下一篇: keyset lookups by (发布日期, id) within the agency's published items.
            models.Index(fields=["agency", "state", "published", "id"], name="item_agency_keyset"),
            models.Index(fields=["state", "-published", "-id"]),
            models.Index(fields=["state", "genre", "-published"]),
            models.Index(fields=["state", "theme", "-published"]),
            # Few items interpret another: a partial index keeps the planner from judging it useless.
            models.Index(
                fields=["interpretation_of"],
                condition=models.Q(interpretation_of__isnull=False),
                name="item_interprets_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The item's page on the portal (feeds, the sitemap and the API link to it)."""
        from django.urls import reverse

        return reverse("portal:item", args=[self.index_no.split("/", 1)[0], self.url_number])

    @property
    def url_number(self) -> str:
        """The 索引号 after the agency's code (2026-00042): with the code, a stable URL."""
        return self.index_no.rsplit("/", 1)[-1]


class ItemVersion(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    data = models.JSONField("内容")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="item_version_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"


ITEM_EVENT_LABELS = {
    "create": "新建", "update": "修改", "mask": "遮盖个人信息", "waive": "说明可公开", "secrecy": "保密审查",
    "submit": "提交审核", "return": "退回修改",
    "approve": "审核通过", "publish": "发布", "withdraw": "撤回", "validity": "更新有效性",
    "attach": "上传附件", "detach": "删除附件", "import": "台账导入", "sync": "从联邦平台同步",
    "unchecked": "附件未能自动检查", "checked": "人工核对附件",
}  # fmt: skip


class ItemEvent(AppendOnly):
    """Who did what to an item, when. Never changed or removed once written."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="events")
    action = models.CharField("操作", max_length=32)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    # What the step changed: {"before": {field: value}, "after": {field: value}} (ledger imports).
    data = models.JSONField("数据", default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action_label} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    @property
    def action_label(self) -> str:
        return ITEM_EVENT_LABELS.get(self.action, self.action)


class FindingStatus(models.TextChoices):
    OPEN = "open", "待处理"
    MASKED = "masked", "已遮盖"
    WAIVED = "waived", "确认可公开"


class PrivacyFinding(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="privacy_findings")
    source = models.CharField("位置", max_length=255, help_text="正文或附件名")
    kind = models.CharField("类型", max_length=16)
    value = models.CharField("内容", max_length=100)
    context = models.CharField("上下文", max_length=300)
    status = models.CharField("处理", max_length=8, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    reason = models.CharField("可公开的理由", max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.value}"

    @property
    def shown_context(self) -> str:
        """The context as pages show it: once masked, the value is masked there too."""
        if self.status != FindingStatus.MASKED:
            return self.context
        from xxgk.rules.privacy import Kind, mask_value

        return self.context.replace(self.value, mask_value(Kind(self.kind), self.value))


def _item_file(instance: ItemAttachment, filename: str) -> str:
    return f"items/{instance.item.agency_id}/{instance.item_id}/{filename}"


class TextState(models.TextChoices):
    PENDING = "pending", "正在提取文字"
    DONE = "done", "已提取文字"
    FAILED = "failed", "无法读取"


class ItemAttachment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_item_file)
    name = models.CharField("文件名", max_length=255)
    size = models.PositiveIntegerField()
    text = models.TextField("提取的文字", blank=True)
    # The text is taken by the worker (publishing.tasks); until it is, the personal-data check of
    # the item is incomplete and the item cannot be approved.
    text_state = models.CharField(
        "文字提取", max_length=10, choices=TextState.choices, default=TextState.DONE
    )
    text_error = models.TextField("无法读取的原因", blank=True)
    # What OCR could not read (a photo, too many scanned pages, no Tesseract): 未能检查 until a
    # reviewer has looked at the file for personal data and confirmed it.
    unchecked = models.CharField("未能自动检查的原因", max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="人工核对人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField("人工核对时间", null=True, blank=True)
    # The file as uploaded, kept when personal data was taken out of `file` (遮盖): for the agency's
    # own staff only, never published.
    original = models.FileField("原件(未遮盖)", upload_to=_item_file, blank=True)

    def __str__(self) -> str:
        return self.name

    @property
    def awaits_manual_check(self) -> bool:
        return bool(self.unchecked) and self.checked_at is None


class SearchEntry(models.Model):
    """The segmented words of a published item (jieba words and CJK bigrams), indexed by the database:
    FTS5 on SQLite, a GIN full-text index on PostgreSQL (see migrations)."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, primary_key=True, related_name="search_entry")
    tokens = models.TextField()

    def __str__(self) -> str:
        return str(self.item_id)


class PortalPage(models.Model):
    """Editable portal pages: 政府信息公开指南 and 政府信息公开制度."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="portal_pages")
    slug = models.CharField(
        "页面", max_length=16, choices=[("guide", "政府信息公开指南"), ("system", "政府信息公开制度")]
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "门户页面"
        verbose_name_plural = "门户页面"
        constraints = [models.UniqueConstraint(fields=["agency", "slug"], name="portal_page_unique")]

    def __str__(self) -> str:
        return self.title

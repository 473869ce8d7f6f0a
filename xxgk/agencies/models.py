"""Agencies (行政机关) and their staff's roles."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from xxgk.rules.codes import agency_code_problem
from xxgk.rules.remedies import AgencyFacts


class AgencyLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡镇级"


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"  # its own report is the summary, due 31 March (Art. 49)
    DEPARTMENT = "department", "政府部门"
    OTHER = "other", "其他机关或单位"


def validate_month_day(value: str) -> None:
    """MM-DD of a day that exists (29 February counts: in other years it is 28 February)."""
    import datetime

    try:
        datetime.date(2000, int(value[:2]), int(value[3:]))
        ok = len(value) == 5 and value[2] == "-"
    except ValueError:
        ok = False
    if not ok:
        raise ValidationError("请按“月-日”填写一个日期,如 01-31")


def validate_agency_code(value: str) -> None:
    problem = agency_code_problem(value)
    if problem:
        raise ValidationError(problem)


class Agency(models.Model):
    name = models.CharField("机构名称", max_length=200)
    code = models.CharField(
        "机构代码",
        max_length=20,
        unique=True,
        validators=[validate_agency_code],
        help_text="18位统一社会信用代码或9位组织机构代码,用于生成索引号",
    )
    short_name = models.CharField("简称", max_length=50, blank=True, help_text="如“我委”所指的机构简称")
    level = models.CharField("层级", max_length=16, choices=AgencyLevel.choices, default=AgencyLevel.COUNTY)
    kind = models.CharField("类型", max_length=16, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="上级政务公开办可只读查看下级机构",
    )
    address = models.CharField("办公地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    fax = models.CharField(
        "传真号码", max_length=50, blank=True, help_text="条例第十二条:公开指南载明传真号码"
    )
    email = models.EmailField(
        "公开电子邮箱", blank=True, help_text="门户“联系我们”中公布,用于受理政府信息公开事务"
    )
    office_hours = models.CharField(
        "办公时间", max_length=200, blank=True, help_text="如:工作日上午9:00—12:00,下午13:30—17:30"
    )
    functions = models.TextField("机构职能", blank=True, help_text="门户“机构信息”栏目公开的主要职责")
    leaders = models.TextField(
        "领导信息", blank=True, help_text="每行一位:姓名、职务和分工,如:张三 主任 主持全面工作"
    )
    # 《政府网站发展指引》(国办发〔2017〕47号): every page's footer carries these.
    site_id = models.CharField("网站标识码", max_length=20, blank=True)
    icp = models.CharField("ICP备案编号", max_length=60, blank=True, help_text="如:苏ICP备12345678号")
    psb = models.CharField(
        "公安机关备案号", max_length=60, blank=True, help_text="如:苏公网安备 32080202000001号"
    )
    review_body = models.CharField(
        "行政复议机关",
        max_length=200,
        blank=True,
        help_text="不填则按行政复议法第二十四条至第二十七条由层级和类型确定(县级以上政府部门为本级人民政府)",
    )
    court = models.CharField("管辖法院", max_length=200, blank=True, help_text="如:某区人民法院")
    letter_prefix = models.CharField(
        "文书代字",
        max_length=30,
        blank=True,
        help_text="依申请公开文书文号的机关代字,如“某发改”:文号为“某发改依申复〔2026〕1号”;不填用机构全称",
    )
    fee_payment = models.TextField(
        "信息处理费缴纳方式",
        blank=True,
        help_text="收费通知书载明的缴纳方式:开户银行、户名、账号,或非税收入缴款渠道(国办函〔2020〕109号)",
    )
    vertical = models.BooleanField(
        "实行垂直领导",
        default=False,
        help_text="海关、金融、外汇管理、税务、国家安全机关等:行政复议机关为上一级主管部门(行政复议法第二十七条)",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    correction_days = models.PositiveSmallIntegerField(
        "补正期限(工作日)",
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="条例第三十条要求补正告知说明“合理的补正期限”,未规定天数;本机关补正告知书中给申请人的期限。",
    )
    subordinate_report_due = models.CharField(
        "下级乡镇等机关年报发布期限(月-日)",
        max_length=5,
        blank=True,
        validators=[validate_month_day],
        help_text="《条例》第四十九条只规定了县级以上人民政府部门(1月31日)和县级以上地方人民政府(3月31日)的发布日期;"
        "本机关下级的乡镇等其他机关,按此处确定的日期发布上一年度年报。",
    )
    review_fetch_private = models.BooleanField(
        "年报核查允许访问内网地址",
        default=False,
        help_text="仅限系统管理员设置。开启后,本机关核查年报时可从本机或内网地址下载年报;"
        "默认拒绝,以免有人借平台访问内部系统。",
    )
    remote_url = models.URLField(
        "联邦平台地址",
        blank=True,
        help_text="本机构的信息在另一个 xxgk 平台上发布时,填写该平台的地址(如 https://gk.example.gov.cn/);"
        "xxgk sync 从其开放接口拉取已发布的信息和年报。仅限系统管理员设置。",
    )
    require_second_factor = models.BooleanField(
        "负责人和管理员须使用动态口令",
        default=False,
        help_text="开启后,本机关的负责人和管理员每次登录须输入手机验证器中的动态口令(第二因素)。",
    )

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def remedy_facts(self) -> AgencyFacts:
        """What decides the 复议机关 named in its answers (rules/remedies.py)."""
        parent = self.parent
        same_level_government = parent and parent.kind == AgencyKind.GOVERNMENT and parent.level == self.level
        own = parent.name if parent and same_level_government else ""
        return AgencyFacts(self.level, self.kind, self.vertical, own, self.review_body, self.court)

    def clean(self) -> None:
        self.code = self.code.strip().upper()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "上级机构不能是本机构或其下级机构"})
            ancestor = ancestor.parent

    def descendants(self) -> list[Agency]:
        """Every agency below this one (breadth first; the tree is shallow)."""
        found: list[Agency] = []
        level = [self]
        while level:
            children = list(Agency.objects.filter(parent__in=level))
            found.extend(children)
            level = children
        return found


class Role(models.TextChoices):
    CLERK = "clerk", "信息员"
    REVIEWER = "reviewer", "审核人"
    HEAD = "head", "负责人"  # head of the disclosure office: approves extensions
    ADMIN = "admin", "管理员"


class Membership(models.Model):
    """A staff member's role in one agency. A person may belong to several agencies."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = "人员角色"
        verbose_name_plural = "人员角色"
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"

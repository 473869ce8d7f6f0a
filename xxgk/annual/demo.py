"""The demo agency: a district 发展和改革委员会 whose 2020 records build exactly the seed report's
tables (version 2019), plus the current year with work in every state, so every screen has data."""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from xxgk.agencies.models import Agency, AgencyKind, AgencyLevel, Role
from xxgk.agencies.services import grant_role
from xxgk.annual import services as annual
from xxgk.applications import services as cases
from xxgk.applications.models import Appeal, Application, Event
from xxgk.portal.guide import default_guide
from xxgk.publishing import services as items
from xxgk.publishing.models import Category, CategoryKind, GenreRole, Item, ItemEvent, LimitKind, PortalPage
from xxgk.rules.applications import Action
from xxgk.rules.codes import uscc_with_check
from xxgk.rules.workdays import WorkingDayCalendar

DEMO_CODE = uscc_with_check("11110105MB0000001")
OFFICE_CODE = uscc_with_check("11110105MB0000000")
BUREAU_CODE = uscc_with_check("11110105MB0000002")
GENRES = [  # name, role, limit
    ("规范性文件", GenreRole.NORMATIVE, LimitKind.WORKING_DAYS, 7),
    ("政策解读", GenreRole.INTERPRETATION, LimitKind.WORKING_DAYS, 7),
    ("工作动态", GenreRole.NONE, LimitKind.WORKING_DAYS, 3),
    ("财务公开", GenreRole.NONE, LimitKind.QUARTER, 20),
    ("规划计划", GenreRole.NONE, LimitKind.WORKING_DAYS, 20),
    ("行政审批", GenreRole.NONE, LimitKind.WORKING_DAYS, 7),
    ("其他", GenreRole.NONE, LimitKind.WORKING_DAYS, 20),
]
THEMES = ["综合政务", "发展规划", "投资管理", "价格管理", "扶贫开发", "能源粮食"]
# 2020: 81 items; the seed lists 财务公开4、规划计划3、行政审批8、其他55 "等": the rest are these.
ITEMS_2020 = {
    "财务公开": 4,
    "规划计划": 3,
    "行政审批": 8,
    "其他": 55,
    "规范性文件": 1,
    "政策解读": 1,
    "工作动态": 9,
}
OVERVIEW_2020 = (
    "(一)加强组织领导,健全工作机构\n"
    "我委成立了信息公开领导小组,明确领导小组和政务公开信息员的职责,制定政务公开工作实施方案。\n"
    "2020年,我委共公开政府信息81条,其中财务公开4条、规划计划3条、行政审批8条、其他信息55条等各类体裁公开内容。\n"
    "(二)规范程序,信息公开严格把关\n"
    "严格落实信息公开审核制度和保密审查,确保“上网信息不涉密,涉密信息不上网”,依法保护个人隐私。"
)
SYSTEM_TEXT = "一、政府信息公开审核制度\n二、保密审查制度\n三、依申请公开办理规程\n四、政策解读制度"
PROBLEMS_2020 = (
    "主要表现在:一是政府信息公开工作质量还需进一步提高;二是专职信息公开人员不足。"
    "2021年,我委将进一步完善公开工作机制,加强信息员培训,加大主动公开力度。"
)


def _user(username: str, agency: Agency, role: Role, passwords: dict[str, str]) -> Any:
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if created:
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.email = f"{username}@demo.xxgk.local"
        user.save()
        passwords[username] = password
    grant_role(user, agency, role)
    return user


def _publish(
    agency: Agency,
    clerk: Any,
    reviewer: Any,
    genre: Category,
    theme: Category,
    title: str,
    formed: date,
    published: date,
    body: str = "",
) -> Item:
    """An item through the whole procedure: drafted, 保密审查, approved, published."""
    item = items.create_item(
        agency,
        clerk,
        {"title": title, "publisher": agency.name, "formed": formed, "genre": genre, "theme": theme,
         "body": body or f"{title}。"},
    )  # fmt: skip
    items.confirm_secrecy(item, reviewer)
    items.submit(item, clerk)
    items.approve(item, reviewer)
    return items.publish(item, clerk, published)


def _published_on(report: Any, day: date) -> None:
    """The demo's 2020 reports were published in January 2021, in time, not on the day of loading."""
    when = timezone.make_aware(datetime.combine(day, time(10, 0)))
    type(report).objects.filter(pk=report.pk).update(published_at=when)
    report.events.filter(action="publish").update(at=when)


def _clear(agency: Agency) -> None:
    """Reloading the demo replaces the demo agency's records (never another agency's)."""
    Event.objects.filter(application__agency=agency).delete()  # queryset delete: demo data only
    Appeal.objects.filter(application__agency=agency).delete()
    Application.objects.filter(agency=agency).delete()
    ItemEvent.objects.filter(item__agency=agency).delete()
    Item.objects.filter(agency=agency, interpretation_of__isnull=False).delete()
    Item.objects.filter(agency=agency).delete()
    agency.annual_reports.all().delete()
    Category.objects.filter(agency=agency).delete()


@transaction.atomic
def load_demo(today: date | None = None) -> dict[str, str]:
    """Create (or reload) the demo. Returns the passwords of demo accounts created now."""
    today = today or timezone.localdate()
    office, _ = Agency.objects.update_or_create(
        code=OFFICE_CODE,
        defaults={
            "name": "某区人民政府办公室(政务公开办)",
            "short_name": "区政府办",
            "kind": AgencyKind.GOVERNMENT,
        },
    )
    agency, _ = Agency.objects.update_or_create(
        code=DEMO_CODE,
        defaults={
            "name": "某区发展和改革委员会",
            "short_name": "我委",
            "parent": office,
            "phone": "010-68001234",
            "address": "某区行政中心3号楼",
            "postcode": "100000",
            "fax": "010-68001235",
            "email": "gongkai@fgw.example.gov.cn",
            # Demo values in the forms 《政府网站发展指引》 prescribes (not real registrations).
            "site_id": "1101050001",
            "icp": "京ICP备00000000号-1",
            "psb": "京公网安备 11010500000001号",
            "office_hours": "工作日上午9:00—12:00,下午13:30—17:30",
            "functions": "拟订并组织实施本区国民经济和社会发展规划;统筹协调经济社会发展,"
            "研究分析经济形势;负责本区固定资产投资综合管理;承担本区价格管理和价格监督检查工作。",
            "leaders": "某某 主任 主持委全面工作\n某某 副主任 分管规划、投资和政务公开工作",
            "review_body": "某区人民政府",
            "court": "某区人民法院",
            "letter_prefix": "某发改",
            "fee_payment": "通过某区非税收入统一缴款平台缴纳(缴款码见本通知),"
            "或汇入:开户银行 某银行某区支行,户名 某区财政局非税收入汇缴专户,账号 1100 0000 0000 0000 0001",
        },
    )
    _clear(agency)
    passwords: dict[str, str] = {}
    clerk = _user("xinxiyuan", agency, Role.CLERK, passwords)
    reviewer = _user("shenheren", agency, Role.REVIEWER, passwords)
    head = _user("fuzeren", agency, Role.HEAD, passwords)
    _user("gongkaiban", office, Role.REVIEWER, passwords)
    genres = {
        name: Category.objects.create(
            agency=agency,
            kind=CategoryKind.GENRE,
            name=name,
            role=role,
            limit_kind=kind,
            limit_days=days,
            order=n,
        )
        for n, (name, role, kind, days) in enumerate(GENRES)
    }
    themes = [
        Category.objects.create(agency=agency, kind=CategoryKind.THEME, name=t, order=n)
        for n, t in enumerate(THEMES)
    ]
    PortalPage.objects.update_or_create(
        agency=agency,
        slug="guide",
        defaults={"title": "某区发展和改革委员会政府信息公开指南", "body": default_guide(agency)},
    )
    PortalPage.objects.update_or_create(
        agency=agency,
        slug="system",
        defaults={"title": "某区发展和改革委员会政府信息公开制度", "body": SYSTEM_TEXT},
    )

    # 2020: exactly the seed's tables and narrative facts.
    day = date(2020, 1, 6)
    for genre, count in ITEMS_2020.items():
        if genre in ("规范性文件", "政策解读"):
            continue
        for n in range(count):
            title = f"2020年{genre}信息第{n + 1}号"
            _publish(
                agency,
                clerk,
                reviewer,
                genres[genre],
                themes[n % len(themes)],
                title,
                day,
                day + timedelta(days=2),
            )
            day += timedelta(days=4) if day < date(2020, 12, 10) else timedelta(0)
    doc = items.create_item(
        agency,
        clerk,
        {
            "title": "某区政府投资项目管理办法",
            "publisher": agency.name,
            "doc_number": "某发改规〔2020〕1号",
            "formed": date(2020, 6, 1),
            "genre": genres["规范性文件"],
            "theme": themes[2],
            "body": "第一条 为规范政府投资项目管理,制定本办法。",
        },
    )
    reading = items.create_item(
        agency,
        clerk,
        {
            "title": "《某区政府投资项目管理办法》政策解读",
            "publisher": agency.name,
            "formed": date(2020, 6, 1),
            "genre": genres["政策解读"],
            "theme": themes[2],
            "interpretation_of": doc,
            "interpretation_form": "text",
            "interpreter": "department",
            "body": "一、制定背景……",
        },
    )
    for one in (reading, doc):
        items.confirm_secrecy(one, reviewer)
        items.submit(one, clerk)
        items.approve(one, reviewer)
    items.publish(doc, clerk, date(2020, 6, 5))
    report = annual.get_or_start(agency, 2020)
    annual.save_draft(report, clerk, {}, {"一": OVERVIEW_2020, "五": PROBLEMS_2020, "六": "无。"})
    annual.publish(report, head, acknowledge=True)
    _published_on(report, date(2021, 1, 20))

    _current_year(agency, clerk, reviewer, head, genres, themes, today)
    annual.get_or_start(agency, today.year)  # this year's report, a draft from the template
    _education_bureau(office, passwords)
    _complaint(office, today)
    _catalogue(office, agency, today)
    return passwords


RESULTS = [
    "granted",
    "granted",
    "granted",
    "partial",
    "unable_not_held",
    "withheld_process",
    "rejected_repeat",
]
KINDS = ["natural", "natural", "natural", "business", "legal", "research", "ngo", "other"]
NEWS = [
    "产业扶贫项目验收结果公示",
    "重点项目建设进展",
    "价格监测分析",
    "粮食储备检查情况",
    "节能降碳工作会议",
]


def _current_year(
    agency: Agency,
    clerk: Any,
    reviewer: Any,
    head: Any,
    genres: dict[str, Category],
    themes: list[Category],
    today: date,
) -> None:
    """This year up to `today`: items every month, applications answered on time and late, and one
    case waiting in every state of the procedure."""
    rng = random.Random(today.year)
    year = today.year
    calendar = WorkingDayCalendar()

    def publish(genre: str, title: str, formed: date, body: str = "") -> Item:
        theme = themes[rng.randrange(len(themes))]
        on = min(today, calendar.add(formed, rng.randint(1, 3)))
        return _publish(agency, clerk, reviewer, genres[genre], theme, title, formed, on, body)

    for month in range(1, today.month + 1):
        for n in range(rng.randint(3, 7)):
            formed = date(year, month, rng.randint(1, 25))
            if formed >= today:
                continue
            genre = rng.choice(["工作动态", "工作动态", "其他", "行政审批", "规划计划"])
            publish(genre, f"{year}年{month}月{NEWS[n % len(NEWS)]}", formed)
    publish("财务公开", f"{year}年部门预算", date(year, 2, 10))
    publish(
        "工作动态",
        f"{year}年产业扶贫项目验收结果公示(第二批)",
        min(today - timedelta(days=3), date(year, 9, 1)),
        body="经验收,蔬菜大棚等12个扶贫项目合格,补助资金已拨付。",
    )
    items.create_item(  # a draft that the privacy check stops: a mobile number in the body
        agency,
        clerk,
        {
            "title": f"{year}年第四季度价格监测报告",
            "publisher": agency.name,
            "formed": today - timedelta(days=6),
            "genre": genres["工作动态"],
            "theme": themes[3],
            "body": "价格监测联系人王某,手机13800138000。",
        },
    )

    def person(n: int) -> dict[str, Any]:
        kind = KINDS[n % len(KINDS)]
        name = (
            f"申请人{n + 1}"
            if kind == "natural"
            else f"某{['科技', '建设', '律师', '研究', '公益'][n % 5]}单位{n}"
        )
        return {
            "applicant_kind": kind,
            "applicant_name": name,
            "phone": f"139{n:08d}",
            "sought": f"{year}年重点项目批复文件(第{n + 1}件)",
        }

    # Answered cases over the year: most in time, a few late (answered after their deadline).
    n = 0
    start = date(year, 1, 5)
    while start < today - timedelta(days=45):
        app = cases.register(
            agency,
            clerk,
            person(n),
            channel=rng.choice(["in_person", "mail_registered", "email"]),
            received=start,
        ).application
        late = n % 9 == 4
        answer_on = calendar.add(start, 24 if late else rng.randint(3, 18))
        result = RESULTS[n % len(RESULTS)]
        cases.act(app, Action.DRAFT_ANSWER, clerk, on_date=answer_on, result=result, answer_text="现予答复。")
        cases.act(app, Action.APPROVE_ANSWER, reviewer, on_date=answer_on)
        cases.act(app, Action.SEND_ANSWER, clerk, on_date=answer_on)
        n += 1
        start += timedelta(days=rng.randint(6, 14))

    # One case waiting in each state, received in the last weeks.
    def recent(k: int) -> Application:
        received = calendar.add(today - timedelta(days=28), k)
        return cases.register(
            agency, clerk, person(100 + k), channel="in_person", received=received
        ).application

    recent(0)  # 办理中
    cases.act(
        recent(1),
        Action.REQUEST_CORRECTION,
        clerk,
        on_date=calendar.add(today - timedelta(days=28), 3),
        note="请明确所需文件的名称或文号",
    )
    cases.act(
        recent(2),
        Action.START_CONSULTATION,
        clerk,
        on_date=calendar.add(today - timedelta(days=28), 5),
        party="某化工有限公司",
    )
    fee = recent(3)
    cases.act(
        fee,
        Action.FEE_NOTICE,
        clerk,
        on_date=calendar.add(today - timedelta(days=28), 6),
        method="per_page",
        pages=120,
        delivery="post",
        delivered=calendar.add(today - timedelta(days=28), 8),
    )
    extended = recent(4)
    cases.act(
        extended,
        Action.EXTEND,
        head,
        on_date=calendar.add(today - timedelta(days=28), 8),
        days=15,
        note="涉及信息量大,需要调取多年档案",
    )
    cases.act(
        recent(5),
        Action.DRAFT_ANSWER,
        clerk,
        on_date=min(today, calendar.add(today - timedelta(days=28), 9)),
        result="granted",
        answer_text="现提供该批复文件。",
    )
    reviewed = recent(6)
    on = min(today, calendar.add(today - timedelta(days=28), 10))
    cases.act(
        reviewed,
        Action.DRAFT_ANSWER,
        clerk,
        on_date=on,
        result="partial",
        answer_text="附件涉及商业秘密的部分不予公开。",
    )
    cases.act(reviewed, Action.APPROVE_ANSWER, reviewer, on_date=on)
    cases.file_online(
        agency,
        {
            "applicant_kind": "natural",
            "applicant_name": "王五",
            "id_number": "110101199003076579",
            "phone": "13700137000",
            "sought": "本区充电桩建设规划",
        },
    )
    answered = Application.objects.filter(agency=agency, answered__isnull=False, result="withheld_process")
    first = answered.order_by("answered").first()
    if first is not None:
        Appeal.objects.create(
            application=first,
            kind="review",
            filed=first.answered + timedelta(days=20),  # type: ignore[operator]
            organ="某区人民政府",
            decided=min(today, first.answered + timedelta(days=80)),  # type: ignore[operator]
            outcome="upheld",
        )
        last = answered.order_by("-answered").first()
        if last is not None and last.pk != first.pk:
            Appeal.objects.create(
                application=last,
                kind="suit_direct",
                filed=min(today, last.answered + timedelta(days=30)),  # type: ignore[operator]
                organ="某区人民法院",
            )


def _education_bureau(office: Agency, passwords: dict[str, str]) -> None:
    """A second department under the office, with a published 2020 report, so that the office's
    汇总 of 2020 adds up more than one agency."""
    bureau, _ = Agency.objects.update_or_create(
        code=BUREAU_CODE,
        defaults={
            "name": "某区教育局",
            "short_name": "我局",
            "parent": office,
            "review_body": "某区人民政府",
            "court": "某区人民法院",
        },
    )
    _clear(bureau)
    clerk = _user("jiaoyu", bureau, Role.CLERK, passwords)
    head = _user("jiaoyu_fzr", bureau, Role.HEAD, passwords)
    # (kind, result, received, answered): the last one is carried over into 2021.
    plan = [
        ("natural", "granted", date(2020, 3, 10), date(2020, 3, 20)),
        ("natural", "unable_not_held", date(2020, 6, 8), date(2020, 6, 19)),
        ("business", "partial", date(2020, 9, 14), date(2020, 9, 25)),
        ("natural", "granted", date(2020, 12, 28), date(2021, 1, 8)),
    ]
    for n, (kind, result, received, answered) in enumerate(plan):
        app = cases.register(
            bureau,
            clerk,
            {"applicant_kind": kind, "applicant_name": f"申请人{n + 1}", "sought": "学区划分文件"},
            channel="in_person",
            received=received,
        ).application
        cases.act(app, Action.DRAFT_ANSWER, clerk, on_date=answered, result=result)
        cases.act(app, Action.APPROVE_ANSWER, head, on_date=answered)
        cases.act(app, Action.SEND_ANSWER, clerk, on_date=answered)
    report = annual.get_or_start(bureau, 2020)
    annual.save_draft(
        report,
        clerk,
        {"licensing.decisions": 12, "licensing.prev_year": 3},
        {"一": "2020年,我局依法做好政府信息公开工作。", "五": "信息公开的及时性有待提高。", "六": "无。"},
    )
    annual.publish(report, head, acknowledge=True)
    _published_on(report, date(2021, 1, 26))


def _complaint(office: Agency, today: date) -> None:
    """The office's register with one complaint about 教育局, urged, answered and closed (第四十七条)."""
    from django.contrib.auth import get_user_model

    from xxgk.oversight import services as oversight
    from xxgk.oversight.models import Complaint
    from xxgk.rules.complaints import Step

    Complaint.objects.filter(office=office).delete()  # the demo's own register only
    users = (
        get_user_model().objects.filter(username__in=["gongkaiban", "jiaoyu"]).in_bulk(field_name="username")
    )
    bureau = Agency.objects.get(code=BUREAU_CODE)
    start = today - timedelta(days=40)
    c = oversight.register(
        users["gongkaiban"],
        office,
        bureau,
        {
            "received": start,
            "channel": "hotline",
            "kind": "proactive",
            "subject": "学区划分方案未在专栏公开",
            "content": "市民来电反映:区教育局今年的义务教育学区划分方案未在政府信息公开专栏公开。",
        },
    )
    c = oversight.take(
        users["gongkaiban"],
        c,
        Step.URGE,
        {"note": "请核实,如未公开请在5个工作日内公开并报告"},
        start + timedelta(days=1),
    )
    c = oversight.take(
        users["jiaoyu"],
        c,
        Step.REPLY,
        {"note": "已在专栏“教育”栏目公开学区划分方案"},
        start + timedelta(days=6),
    )
    oversight.take(users["gongkaiban"], c, Step.CLOSE, {"conclusion": "corrected"}, start + timedelta(days=7))


TOWN_CODE = uscc_with_check("11110105MB0000003")
# (owner, 领域, 层级, 公开事项, 公开内容(要素), 公开依据, 公开时限, 工作日, 周期, 公开主体)
CATALOGUE = (
    (
        "agency",
        "价格监测",
        "区县级",
        "主要商品价格",
        "品种、规格、价格、涨跌幅",
        "《价格法》第二十八条",
        "每月结束后10个工作日内",
        10,
        "monthly",
        "区发展和改革委员会",
    ),
    (
        "agency",
        "政府投资",
        "区县级",
        "政府投资项目审批结果",
        "项目名称、批复文号、总投资",
        "《政府投资条例》第十三条",
        "作出决定之日起20个工作日内",
        20,
        "event",
        "区发展和改革委员会",
    ),
    (
        "agency",
        "政府投资",
        "区县级",
        "重大建设项目实施情况",
        "项目进度、资金到位",
        "国办发〔2017〕94号",
        "每年",
        20,
        "yearly",
        "区发展和改革委员会",
    ),
    (
        "office",
        "社会救助",
        "区县级",
        "城乡低保对象",
        "人数、保障标准、资金",
        "《社会救助暂行办法》",
        "每季度结束后20个工作日内",
        20,
        "quarterly",
        "区民政局、各街道",
    ),
    (
        "office",
        "义务教育",
        "区县级",
        "学区划分方案",
        "学区范围、招生对象、时间",
        "《义务教育法》第十二条",
        "形成后20个工作日内",
        20,
        "yearly",
        "区教育局",
    ),
    (
        "town",
        "社会救助",
        "乡镇级",
        "临时救助名单",
        "救助对象、事由、金额(隐去个人信息)",
        "《社会救助暂行办法》第四十七条",
        "每月结束后10个工作日内",
        10,
        "monthly",
        "街道办事处",
    ),
)


def _catalogue(office: Agency, agency: Agency, today: date) -> None:
    """A 标准目录 for two fields of the district and one of a 街道 under it (国办发〔2019〕54号); the
    demo's monthly 价格监测 items are filed under their entry."""
    from xxgk.catalogue.models import CatalogueEntry

    town, _ = Agency.objects.update_or_create(
        code=TOWN_CODE,
        defaults={
            "name": "某区某街道办事处",
            "short_name": "街道",
            "parent": office,
            "level": AgencyLevel.TOWNSHIP,
        },
    )
    owners = {"agency": agency, "office": office, "town": town}
    CatalogueEntry.objects.filter(owner__in=owners.values()).delete()  # the demo's own catalogue only
    made = {}
    for n, (owner, field, level, matter, elements, basis, limit, days, cycle, subject) in enumerate(
        CATALOGUE
    ):
        made[matter] = CatalogueEntry.objects.create(
            owner=owners[owner],
            field=field,
            level=level,
            matter=matter,
            elements=elements,
            basis=basis,
            time_limit=limit,
            limit_days=days,
            cycle=cycle,
            subject=subject,
            channels="政府网站政府信息公开专栏",
            order=n,
        )
    Item.objects.filter(agency=agency, title__contains="价格监测分析").update(
        catalogue_entry=made["主要商品价格"]
    )

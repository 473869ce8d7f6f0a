"""The 政府信息公开指南 an agency publishes, written from what the platform knows about it.

《政府信息公开条例》(2019) Art. 12: 政府信息公开指南包括政府信息的分类、编排体系、获取方式和政府信息公开
工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等内容. The guide below also says
what an applicant meets next — 申请渠道 (Art. 27-29), time limits (Arts. 26, 33), fees (Art. 42 and
国办函〔2020〕109号) and 监督和救济 (Art. 51) — as agencies' guides do. What the agency has not filled in
is said to be missing rather than left out, so the gap is seen and filled.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

MISSING = "(未填写,请在“机构信息”中补充)"


def _or_missing(value: str) -> str:
    return value.strip() or MISSING


def default_guide(agency: Any, site: str = "") -> str:
    """The guide's text (paragraphs separated by blank lines), prefilled from the agency's data and its
    catalogue. `site`: the platform's address, e.g. https://xxgk.example.gov.cn."""
    from xxgk.publishing.models import Category, CategoryKind
    from xxgk.rules import remedies

    themes = list(Category.objects.filter(agency=agency, kind=CategoryKind.THEME).order_by("order", "name"))
    genres = list(Category.objects.filter(agency=agency, kind=CategoryKind.GENRE).order_by("order", "name"))
    column = f"{site}/gk/{agency.code}/"
    contact = [
        f"受理机构:{agency.name}",
        f"办公地址:{_or_missing(agency.address)}",
        f"邮政编码:{_or_missing(agency.postcode)}",
        f"办公时间:{_or_missing(agency.office_hours)}",
        f"联系电话:{_or_missing(agency.phone)}",
        f"传真号码:{_or_missing(agency.fax)}",
        f"电子邮箱:{_or_missing(agency.email)}",
        f"互联网:{column}",
    ]
    review = remedies.review_body(agency.remedy_facts(), timezone.localdate())
    supervisor = agency.parent.name if agency.parent_id else "上一级行政机关或者政府信息公开工作主管部门"
    court = agency.court or "有管辖权的人民法院"
    sections = [
        (
            "一、概述",
            [
                f"为了保障公民、法人和其他组织依法获取政府信息,根据《中华人民共和国政府信息公开条例》(以下简称《条例》)"
                f"第十二条,编制本指南。本指南说明{agency.name}主动公开的政府信息的分类、编排体系和获取方式,"
                "以及申请获取政府信息的渠道、办理时限、收费和监督救济途径。本指南随机构信息的变化及时更新。",
            ],
        ),
        (
            "二、主动公开",
            [
                "(一)公开范围。本机关依照《条例》第十九条、第二十条的规定主动公开政府信息,具体内容以本机关"
                "政府信息公开专栏“法定主动公开内容”中发布的为准。",
                "(二)分类和编排体系。主动公开的政府信息按主题和体裁分类:"
                f"主题分类为{'、'.join(c.name for c in themes) or '(尚未设置)'};"
                f"体裁分类为{'、'.join(c.name for c in genres) or '(尚未设置)'}。"
                f"每条信息有唯一的索引号,格式为“机构代码/年份-五位序号”(如{agency.code}/2026-00001),"
                "并标明发布机构、文号、成文日期、发布日期和有效性。",
                f"(三)获取方式。在政府信息公开专栏({column})按分类浏览、按关键词检索,或订阅新公开的信息;"
                "也可到本机关办公地址查阅。",
                "(四)公开时限。属于主动公开范围的政府信息,自该信息形成或者变更之日起20个工作日内予以公开;"
                "法律、法规对公开期限另有规定的,从其规定(《条例》第二十六条)。",
            ],
        ),
        (
            "三、依申请公开",
            [
                "(一)受理机构。" + ";".join(contact) + "。",
                f"(二)申请渠道。网上申请:在{site}/apply/?agency={agency.code} 填写申请表;"
                "当面申请:到上述办公地址"
                f"提交;邮寄申请:寄往上述地址(请在信封上注明“政府信息公开申请”);传真申请:{_or_missing(agency.fax)};"
                f"电子邮件申请:{_or_missing(agency.email)}。申请人可凭查询号和查询码在网上查询办理进度。",
                "(三)申请内容。申请应当包括申请人的姓名或者名称、身份证明、联系方式,申请公开的政府信息的名称、"
                "文号或者便于查询的其他特征性描述,以及获取信息的方式、途径(《条例》第二十九条)。",
                "(四)办理时限。能够当场答复的当场答复;不能当场答复的,自收到申请之日起20个工作日内答复;"
                "需要延长的,经政府信息公开工作机构负责人同意并告知申请人,延长期限最长不超过20个工作日"
                "(《条例》第三十三条)。需要补正、征求第三方或者其他机关意见的,所需时间依法不计算在内。",
                "(五)收费。行政机关依申请提供政府信息,不收取费用;申请人申请公开政府信息的数量、频次明显超过"
                "合理范围的,可以按件或者按量收取信息处理费(《条例》第四十二条、《政府信息公开信息处理费管理办法》"
                "国办函〔2020〕109号),收费前书面通知申请人。",
            ],
        ),
        (
            "四、监督和救济",
            [
                f"公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的,可以向{supervisor}投诉、举报"
                "(《条例》第五十一条);也可以依法向" + review + f"申请行政复议或者向{court}提起行政诉讼。",
            ],
        ),
    ]
    return "\n\n".join(title + "\n" + "\n".join(paragraphs) for title, paragraphs in sections)

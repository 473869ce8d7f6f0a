"""救济途径 — what an answer tells the applicant about 行政复议 and 行政诉讼, by the law in force on
the answer's date.

Two texts of 《中华人民共和国行政复议法》 matter to answers given under the 2019 Regulation:
- the 2017 amendment (in force until 2023-12-31): the applicant chooses between 复议 (60 days,
  Art. 9) and suing (six months, 《行政诉讼法》 Art. 46); a county-level department's 复议机关 is, at
  the applicant's choice, its 本级人民政府 or its 上一级主管部门 (Art. 12);
- the 2023 revision (in force from 2024-01-01): "申请政府信息公开,行政机关不予公开" must go to 复议
  first (Art. 23(1)(四)), and the agency must say so when it answers (Art. 23(2)); a wrong or missing
  notice of the remedy lets the period run up to one year (Art. 20(3)). 复议 is heard by the 本级
  人民政府 for its departments (Art. 24(1)(一)), by the next government up for a government
  (Art. 24(1)(二)), by the body itself for a State Council department or a provincial government
  (Art. 25), by the next authority up for vertically led agencies (海关、金融、外汇管理、税务、国家
  安全, Art. 27). After 复议 the applicant may sue within 15 days of the decision (《行政诉讼法》
  Art. 45).
A next revision is one more `ReviewLaw` in LAWS with its date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Level(StrEnum):  # the values of agencies.AgencyLevel
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"


class Kind(StrEnum):  # the values of agencies.AgencyKind
    GOVERNMENT = "government"
    DEPARTMENT = "department"
    OTHER = "other"


@dataclass(frozen=True)
class AgencyFacts:
    """What decides an agency's 复议机关: its level, kind, whether it is vertically led, the name of
    its own level's government where known, and what the agency set itself (wins when given)."""

    level: str
    kind: str
    vertical: bool = False
    own_government: str = ""  # e.g. 某某区人民政府, when the agency's superior is that government
    review_body: str = ""  # set by the agency: wins over the rule
    court: str = ""


@dataclass(frozen=True)
class ReviewLaw:
    name: str
    effective: date
    prior_review: bool  # 复议前置 for 不予公开
    basis: str  # the provision making 复议 prior, cited in the letter


LAWS = (
    ReviewLaw("《中华人民共和国行政复议法》(2017年修正)", date(2018, 1, 1), False, ""),
    ReviewLaw("《中华人民共和国行政复议法》(2023年修订)", date(2024, 1, 1), True, "第二十三条第一款第(四)项"),
)


def law_in_force(on: date) -> ReviewLaw:
    """The 行政复议法 in force on `on` (the date the answer is given)."""
    current = LAWS[0]
    for law in LAWS:
        if law.effective <= on:
            current = law
    return current


def withholds(result: str) -> bool:
    """Results that are "不予公开" (report section 三's （三） rows), wholly or, for `partial`, in part."""
    return result.startswith("withheld") or result == "partial"


def review_body(agency: AgencyFacts, on: date) -> str:
    """The 复议机关 an answer names, by the law in force on `on`; the agency's own setting wins."""
    if agency.review_body.strip():
        return agency.review_body.strip()
    law = law_in_force(on)
    own_government = agency.own_government or "本级人民政府"
    if agency.vertical:  # 2023 Art. 27; 2017 Art. 12(2)
        return "本机关的上一级主管部门"
    if agency.kind == Kind.GOVERNMENT:
        # 2023 Art. 25(二) / 2017 Art. 14: a provincial government reviews its own acts.
        return "本机关" if agency.level == Level.PROVINCE else "上一级人民政府"
    if agency.kind == Kind.DEPARTMENT:
        if agency.level == Level.NATIONAL:  # 2023 Art. 25(一) / 2017 Art. 14
            return "本机关"
        if law.prior_review:  # 2023 Art. 24(1)(一): only the government of the same level
            return own_government
        return f"{own_government}或者本机关的上一级主管部门"  # 2017 Art. 12: the applicant chooses
    # Other bodies (派出机关, authorised organisations): 2023 Art. 24(1)(三)(四) turn on which
    # government set up or runs them, which the platform does not know; the agency should set it.
    return "依法有权受理的行政复议机关"


def remedies(result: str, agency: AgencyFacts, on: date) -> str:
    """The sentence of an answer that tells the applicant how to challenge it (Art. 51 of the
    Regulation gives the right; the 行政复议法 in force on `on` and 《行政诉讼法》 give the way)."""
    law = law_in_force(on)
    body = review_body(agency, on)
    court = agency.court.strip() or "有管辖权的人民法院"
    choice = (
        f"可以自收到本答复之日起六十日内向{body}申请行政复议,"
        f"也可以自收到本答复之日起六个月内向{court}提起行政诉讼"
    )
    if not (law.prior_review and withholds(result)):
        return f"如对本答复不服,{choice}。"
    prior = (
        f"根据{law.name}{law.basis}的规定,应当先自收到本答复之日起六十日内向{body}申请行政复议;"
        f"对行政复议决定不服的,可以自收到行政复议决定书之日起十五日内向{court}提起行政诉讼"
    )
    if result == "partial":
        return f"如对本答复中不予公开的部分不服,{prior}。对本答复的其他内容不服的,{choice}。"
    return f"如对本答复不服,{prior}。"

"""依申请公开 — the case of one application as an explicit state machine, and its results.

Every step a case may take is in TRANSITIONS; a step not listed there is refused. Results are the
result rows of report section 三 (one per application; a partial disclosure is only `partial`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from xxgk.rules.formats import ReportVersion, report_format


class State(StrEnum):
    SUBMITTED = "submitted"  # 待确认 (online, ordinary mail: Art. 31 receipt is the confirmation day)
    RECEIVED = "received"  # 办理中 (registered, the clock runs)
    CORRECTION = "correction"  # 待补正 (Art. 30: the clock restarts on the corrected application)
    CONSULTING = "consulting"  # 征求意见中 (Art. 32: not counted)
    FEE = "fee"  # 待缴费 (国办函〔2020〕109号: not counted)
    DRAFTED = "drafted"  # 已拟答复, awaiting review
    REVIEWED = "reviewed"  # 已审核, ready to send
    ANSWERED = "answered"  # 已答复
    CLOSED = "closed"  # 已办结

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.SUBMITTED: "待确认收到",
    State.RECEIVED: "办理中",
    State.CORRECTION: "待补正",
    State.CONSULTING: "征求意见中",
    State.FEE: "待缴费",
    State.DRAFTED: "答复待审核",
    State.REVIEWED: "答复已审核",
    State.ANSWERED: "已答复",
    State.CLOSED: "已办结",
}
OPEN_STATES = frozenset(
    {
        State.SUBMITTED,
        State.RECEIVED,
        State.CORRECTION,
        State.CONSULTING,
        State.FEE,
        State.DRAFTED,
        State.REVIEWED,
    }
)


class Action(StrEnum):
    CONFIRM_RECEIPT = "confirm_receipt"  # 确认收到 (Art. 31)
    REQUEST_CORRECTION = "request_correction"  # 补正告知
    RECEIVE_CORRECTION = "receive_correction"  # 补正收到
    CORRECTION_LAPSED = "correction_lapsed"  # 逾期不补正
    START_CONSULTATION = "start_consultation"  # 征求第三方/其他机关意见
    FINISH_CONSULTATION = "finish_consultation"
    REQUEST_EXTENSION = "request_extension"  # 提请延期 (the clerk asks the head)
    EXTEND = "extend"  # 延期 (负责人批准)
    FEE_NOTICE = "fee_notice"  # 收费通知
    FEE_DELIVERED = "fee_delivered"  # 收费通知送达 (the applicant's 20 wd run from the next day)
    FEE_PAID = "fee_paid"
    FEE_EXEMPTED = "fee_exempted"
    FEE_LAPSED = "fee_lapsed"  # 逾期未缴费
    DRAFT_ANSWER = "draft_answer"
    APPROVE_ANSWER = "approve_answer"  # 审核通过
    RETURN_ANSWER = "return_answer"  # 审核退回
    SEND_ANSWER = "send_answer"  # 答复
    WITHDRAW = "withdraw"  # 申请人撤回
    CLOSE = "close"
    REQUEST_REASONS = "request_reasons"  # Art. 35: 要求申请人说明理由
    DELAY_ANSWER = "delay_answer"  # Art. 35: 确定延迟答复的合理期限并告知

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.CONFIRM_RECEIPT: "确认收到申请",
    Action.REQUEST_CORRECTION: "发出补正告知",
    Action.RECEIVE_CORRECTION: "收到补正材料",
    Action.CORRECTION_LAPSED: "申请人逾期不补正",
    Action.START_CONSULTATION: "征求第三方或其他机关意见",
    Action.FINISH_CONSULTATION: "收到意见/征求意见结束",
    Action.REQUEST_EXTENSION: "提请负责人批准延期",
    Action.EXTEND: "延期答复",
    Action.FEE_NOTICE: "发出收费通知",
    Action.FEE_DELIVERED: "登记收费通知送达",
    Action.FEE_PAID: "申请人已缴费",
    Action.FEE_EXEMPTED: "减免费用",
    Action.FEE_LAPSED: "申请人逾期未缴费",
    Action.DRAFT_ANSWER: "拟定答复",
    Action.APPROVE_ANSWER: "审核通过",
    Action.RETURN_ANSWER: "审核退回",
    Action.SEND_ANSWER: "送达答复",
    Action.WITHDRAW: "申请人撤回申请",
    Action.CLOSE: "办结归档",
    Action.REQUEST_REASONS: "要求申请人说明理由",
    Action.DELAY_ANSWER: "确定延迟答复期限",
}

_WORKING = frozenset({State.RECEIVED})
# (states an action may be taken in, the state it leads to; None: the case stays where it was).
TRANSITIONS: dict[Action, tuple[frozenset[State], State | None]] = {
    Action.CONFIRM_RECEIPT: (frozenset({State.SUBMITTED}), State.RECEIVED),
    Action.REQUEST_CORRECTION: (_WORKING, State.CORRECTION),
    Action.RECEIVE_CORRECTION: (frozenset({State.CORRECTION}), State.RECEIVED),
    Action.CORRECTION_LAPSED: (frozenset({State.CORRECTION}), State.ANSWERED),
    Action.START_CONSULTATION: (_WORKING, State.CONSULTING),
    Action.FINISH_CONSULTATION: (frozenset({State.CONSULTING}), State.RECEIVED),
    # Art. 33 extension: approved while waiting for a third party's opinion or for a fee, the case
    # keeps waiting; sending it back to 办理中 would start the clock the pause had stopped.
    Action.EXTEND: (frozenset({State.RECEIVED, State.CONSULTING, State.FEE}), None),
    # Art. 33 says who approves an extension, not how it is asked for: the request is the
    # platform's own step, so the head sees which cases wait for a decision.
    Action.REQUEST_EXTENSION: (frozenset({State.RECEIVED, State.CONSULTING, State.FEE}), None),
    Action.FEE_NOTICE: (_WORKING, State.FEE),
    Action.FEE_DELIVERED: (frozenset({State.FEE}), None),
    Action.FEE_PAID: (frozenset({State.FEE}), State.RECEIVED),
    Action.FEE_EXEMPTED: (frozenset({State.FEE}), State.RECEIVED),
    Action.FEE_LAPSED: (frozenset({State.FEE}), State.ANSWERED),
    Action.DRAFT_ANSWER: (frozenset({State.RECEIVED, State.DRAFTED}), State.DRAFTED),
    Action.APPROVE_ANSWER: (frozenset({State.DRAFTED}), State.REVIEWED),
    Action.RETURN_ANSWER: (frozenset({State.DRAFTED, State.REVIEWED}), State.RECEIVED),
    Action.SEND_ANSWER: (frozenset({State.REVIEWED}), State.ANSWERED),
    Action.WITHDRAW: (OPEN_STATES, State.ANSWERED),
    Action.CLOSE: (frozenset({State.ANSWERED}), State.CLOSED),
    # Art. 35: when the number or frequency of requests is plainly unreasonable the agency may ask for
    # reasons; reasons it finds reasonable but that cannot be met within Art. 33's period get a later,
    # reasonable date, notified. The article is silent on whether the clock stops while waiting for
    # reasons: it does not stop here.
    Action.REQUEST_REASONS: (_WORKING, None),
    Action.DELAY_ANSWER: (_WORKING, None),
}


class IllegalTransition(ValueError):
    def __init__(self, state: State, action: Action) -> None:
        super().__init__(f"申请当前为“{state.label}”状态,不能执行“{action.label}”")
        self.state, self.action = state, action


def next_state(state: State, action: Action) -> State:
    allowed, target = TRANSITIONS[action]
    if state not in allowed:
        raise IllegalTransition(state, action)
    return state if target is None else target


def allowed_actions(state: State) -> list[Action]:
    return [action for action, (allowed, _) in TRANSITIONS.items() if state in allowed]


# --- results -------------------------------------------------------------------------------------

# The results that end an application without an answer on the merits (2021 rows; 2019: `other`).
RESULT_OF_ACTION = {
    Action.CORRECTION_LAPSED: "other_no_correction",
    Action.FEE_LAPSED: "other_no_fee",
    Action.WITHDRAW: "other_misc",
}


# Answers that 第三十六条 tells apart but the report counts in one row: (the row, what sets it apart).
RESULT_VARIANTS: dict[str, tuple[str, str]] = {
    "granted_published": ("granted", "已主动公开的,告知获取方式和途径"),  # Art. 36(一)
    "unable_not_ours": ("unable_not_held", "不属于本机关负责公开"),  # Art. 36(五)
}


def result_codes() -> list[str]:
    """Every result a case may have: the 2021 result rows (the 2019 `other` is their union) and the
    variants each counted in its row."""
    rows = [row.code for row in report_format(ReportVersion.V2021).result_rows]
    return rows + list(RESULT_VARIANTS)


def result_row(result: str, version: ReportVersion | str) -> str:
    """The row an application with `result` counts in, in a report of `version`."""
    result = RESULT_VARIANTS.get(result, (result, ""))[0]
    if ReportVersion(version) is ReportVersion.V2019 and result.startswith("other"):
        return "other"
    if ReportVersion(version) is ReportVersion.V2021 and result == "other":
        return "other_misc"
    return result


def result_label(result: str) -> str:
    fmt = report_format(ReportVersion.V2021)
    row = fmt.row(result_row(result, ReportVersion.V2021))
    group = row.group if row.group.startswith("（") and not row.label.startswith("（") else ""
    variant = RESULT_VARIANTS.get(result, ("", ""))[1]
    return f"{group}{row.label}" + (f"({variant})" if variant else "")


@dataclass(frozen=True)
class LegalBasis:
    articles: str  # the provisions of the 2019 条例 the answer rests on
    summary: str  # what the letter tells the applicant


LEGAL_BASIS: dict[str, LegalBasis] = {
    "granted": LegalBasis("第三十六条第(二)项", "您申请的政府信息属于公开范围,现予以提供。"),
    "granted_published": LegalBasis(
        "第三十六条第(一)项", "您申请的政府信息本机关已经主动公开,您可以通过以下方式和途径获取:"
    ),
    "partial": LegalBasis(
        "第三十七条、第三十六条第(三)项",
        "您申请的政府信息中含有不应当公开的内容,但能够作区分处理,现提供可以公开的部分,不予公开的部分说明如下。",
    ),
    "withheld_secret": LegalBasis(
        "第十四条、第三十六条第(三)项", "您申请的政府信息属于国家秘密,依法不予公开。"
    ),
    "withheld_law": LegalBasis(
        "第十四条、第三十六条第(三)项", "您申请的政府信息属于法律、行政法规禁止公开的信息,依法不予公开。"
    ),
    "withheld_safety": LegalBasis(
        "第十四条、第三十六条第(三)项",
        "您申请的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定,依法不予公开。",
    ),
    "withheld_third_party": LegalBasis(
        "第十五条、第三十二条、第三十六条第(三)项",
        "您申请的政府信息涉及商业秘密、个人隐私等,公开会对第三方合法权益造成损害,经征求意见第三方不同意公开,依法不予公开。",
    ),
    "withheld_internal": LegalBasis(
        "第十六条第一款、第三十六条第(三)项",
        "您申请的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息,可以不予公开。",
    ),
    "withheld_process": LegalBasis(
        "第十六条第二款、第三十六条第(三)项",
        "您申请的政府信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息,可以不予公开。",
    ),
    "withheld_enforcement": LegalBasis(
        "第十六条第二款、第三十六条第(三)项", "您申请的政府信息属于行政执法案卷信息,可以不予公开。"
    ),
    # Art. 36(7): information whose access a law or administrative regulation governs specially
    # (工商、不动产登记资料 and other records kept for query): the applicant is told to use that way.
    "withheld_query": LegalBasis(
        "第三十六条第(七)项",
        "您申请获取的信息属于行政查询事项,有关法律、行政法规对其获取有特别规定,请依照有关规定通过相应的查询途径办理。",
    ),
    "unable_not_held": LegalBasis(
        "第三十六条第(四)项", "经检索,本机关没有您申请公开的政府信息,该政府信息不存在。"
    ),
    # Art. 36(五): the letter names the agency responsible and its contact where it can be determined.
    "unable_not_ours": LegalBasis("第三十六条第(五)项", "您申请公开的政府信息不属于本机关负责公开。"),
    "unable_to_create": LegalBasis(
        "第三十八条", "您申请的信息需要本机关对现有政府信息进行加工、分析或另行制作,本机关可以不予提供。"
    ),
    "unable_unclear": LegalBasis("第二十九条、第三十条", "经补正,您的申请内容仍不明确,本机关无法提供。"),
    "rejected_petition": LegalBasis(
        "第三十九条第一款",
        "您以政府信息公开申请的形式进行信访、投诉、举报等活动,本机关不作为政府信息公开申请处理,并告知您通过相应渠道提出。",
    ),
    "rejected_repeat": LegalBasis(
        "第三十六条第(六)项", "您就已答复的同一内容再次提出申请,本机关不予重复处理。"
    ),
    "rejected_publication": LegalBasis(
        "第三十九条第二款", "您申请的内容为公开出版物,请通过出版发行渠道获取。"
    ),
    "rejected_abusive": LegalBasis(
        "第三十五条",
        "您申请公开政府信息的数量、频次明显超过合理范围,且未说明理由或理由不合理,本机关不予处理。",
    ),
    # The Regulation has no article for requests to confirm or re-issue information already obtained
    # (the 2021 report format names the result, the Regulation does not): the letter gives the reason
    # and cites nothing rather than a wrong provision.
    "rejected_confirm": LegalBasis(
        "",
        "您要求本机关确认或者重新出具已获取的信息,该要求不属于申请获取政府信息,本机关不作为政府信息公开申请处理。",
    ),
    "other_no_correction": LegalBasis(
        "第三十条", "您无正当理由逾期未补正,视为放弃申请,本机关不再处理该政府信息公开申请。"
    ),
    "other_no_fee": LegalBasis(
        "第四十二条、《政府信息公开信息处理费管理办法》(国办函〔2020〕109号)",
        "您逾期未按收费通知要求缴纳费用,本机关不再处理该政府信息公开申请。",
    ),
    "other_misc": LegalBasis("", "您的申请已按其他方式处理。"),
}

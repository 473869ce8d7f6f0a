"""投诉举报 about disclosure work, as the 政府信息公开工作主管部门 (the 公开办) handles them.

《条例》第四十七条第二款: who thinks an agency did not make information public as required, or did
not answer an application lawfully, may tell the 主管部门, which, finding it true, urges the agency
to correct it (督促整改) or criticises it in a notice (通报批评). 第五十一条: who thinks their rights
were infringed in disclosure work may complain to the agency one level up or to the 主管部门. The
条例 sets no time limit for handling a complaint; none is imposed here.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    PROACTIVE = "proactive"
    APPLICATION = "application"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "proactive": "未按照要求主动公开政府信息(第四十七条第二款)",
            "application": "对政府信息公开申请不依法答复处理(第四十七条第二款)",
            "other": "政府信息公开工作中侵犯合法权益(第五十一条)",
        }[self.value]


class State(StrEnum):
    RECEIVED = "received"
    URGED = "urged"
    REPLIED = "replied"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"received": "已登记", "urged": "已督促整改", "replied": "机关已回复", "closed": "已办结"}[
            self.value
        ]


class Step(StrEnum):
    URGE = "urge"  # the office: 督促整改, with what to correct
    REPLY = "reply"  # the agency complained of: what it found and corrected
    CLOSE = "close"  # the office: the conclusion, and the 通报 when it criticises

    @property
    def label(self) -> str:
        return {"urge": "督促整改", "reply": "回复整改情况", "close": "办结"}[self.value]


class Conclusion(StrEnum):
    CORRECTED = "corrected"
    UNFOUNDED = "unfounded"
    CRITICISED = "criticised"

    @property
    def label(self) -> str:
        return {"corrected": "属实,已督促整改", "unfounded": "经查证不属实", "criticised": "属实,通报批评"}[
            self.value
        ]


# The steps as a table of handlers: from which states a step may be taken, and the state after it.
# A complaint found untrue closes at once; one found true is closed after the agency's reply.
TRANSITIONS: dict[Step, tuple[tuple[State, ...], State]] = {
    Step.URGE: ((State.RECEIVED,), State.URGED),
    Step.REPLY: ((State.URGED,), State.REPLIED),
    Step.CLOSE: ((State.RECEIVED, State.REPLIED), State.CLOSED),
}


def next_state(state: State, step: Step) -> State:
    """The state after `step`, or ValueError saying in Chinese why it cannot be taken now."""
    allowed, after = TRANSITIONS[step]
    if state not in allowed:
        raise ValueError(f"“{state.label}”的投诉举报不能{step.label}")
    return after


def conclusion_problem(state: State, conclusion: Conclusion, notice: str) -> str:
    """Why a complaint cannot be closed with this conclusion now, or ""."""
    if conclusion is not Conclusion.UNFOUNDED and state is not State.REPLIED:
        return "查证属实的,应先督促整改并收到被投诉机关的回复,再办结"
    if conclusion is Conclusion.CRITICISED and not notice.strip():
        return "通报批评应填写通报内容"
    return ""

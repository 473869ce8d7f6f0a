import pytest

from xxgk.rules.applications import (
    LEGAL_BASIS,
    OPEN_STATES,
    TRANSITIONS,
    Action,
    IllegalTransition,
    State,
    allowed_actions,
    next_state,
    result_codes,
    result_row,
)


def test_the_documented_path():
    path = [
        (Action.CONFIRM_RECEIPT, State.RECEIVED),
        (Action.REQUEST_CORRECTION, State.CORRECTION),
        (Action.RECEIVE_CORRECTION, State.RECEIVED),
        (Action.START_CONSULTATION, State.CONSULTING),
        (Action.FINISH_CONSULTATION, State.RECEIVED),
        (Action.EXTEND, State.RECEIVED),
        (Action.FEE_NOTICE, State.FEE),
        (Action.FEE_PAID, State.RECEIVED),
        (Action.DRAFT_ANSWER, State.DRAFTED),
        (Action.APPROVE_ANSWER, State.REVIEWED),
        (Action.SEND_ANSWER, State.ANSWERED),
        (Action.CLOSE, State.CLOSED),
    ]
    state = State.SUBMITTED
    for action, expected in path:
        state = next_state(state, action)
        assert state is expected, action


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (State.SUBMITTED, Action.DRAFT_ANSWER),  # not received yet
        (State.RECEIVED, Action.SEND_ANSWER),  # an answer goes out only after review
        (State.DRAFTED, Action.SEND_ANSWER),
        (State.CORRECTION, Action.START_CONSULTATION),
        (State.CLOSED, Action.WITHDRAW),
        (State.ANSWERED, Action.DRAFT_ANSWER),
        (State.FEE, Action.DRAFT_ANSWER),
    ],
)
def test_illegal_steps_are_refused_in_chinese(state, action):
    with pytest.raises(IllegalTransition, match="不能执行"):
        next_state(state, action)


def test_every_action_has_a_label_and_every_state_an_exit():
    for action in Action:
        assert action.label and action in TRANSITIONS
    for state in State:
        if state is not State.CLOSED:
            assert allowed_actions(state), state
    assert set(State) - {State.ANSWERED, State.CLOSED} == OPEN_STATES  # 待确认 is open work too


def test_results_map_to_each_version_and_have_a_legal_basis():
    assert set(LEGAL_BASIS) == set(result_codes())
    assert result_row("other_no_fee", "2019") == "other"
    assert result_row("other_no_fee", "2021") == "other_no_fee"
    assert result_row("partial", "2019") == "partial"

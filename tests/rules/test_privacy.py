from hypothesis import given
from hypothesis import strategies as st

from xxgk.rules.privacy import Kind, find_personal_data, id18_is_valid, index_number, luhn_is_valid, mask


def kinds(text, **kw):
    return [(h.kind, h.value) for h in find_personal_data(text, **kw)]


def test_finds_each_kind_of_personal_data():
    # 110101199003076579: check digit computed by GB 11643; 6222020200020000002: Luhn-valid.
    text = (
        "经查,申请人张三(身份证号110101199003076579,旧证号110101900307657)手机13800138000,"
        "银行卡号6222 0202 0002 0000 002,邮箱zhang.san@example.com,家庭电话010-12345678。"
    )
    assert kinds(text) == [
        (Kind.ID18, "110101199003076579"),
        (Kind.ID15, "110101900307657"),
        (Kind.MOBILE, "13800138000"),
        (Kind.BANK_CARD, "6222 0202 0002 0000 002"),
        (Kind.EMAIL, "zhang.san@example.com"),
        (Kind.LANDLINE, "010-12345678"),
    ]


def test_no_false_alarms_on_codes_dates_amounts_and_the_agencys_own_phone():
    text = (
        "索引号:11110105MB0000000X/2026-00042;文号:某发改〔2026〕12号;成文日期:2026-03-15;"
        "项目总投资123456789012.50元,合同编号HT2026001234567890;统一社会信用代码91350100M000100Y43;"
        "咨询电话:010-68001234;发布日期2026年3月20日;邮编100032。"
    )
    assert kinds(text, allowed=["010-68001234"]) == []


def test_invalid_check_digits_are_not_id_numbers():
    assert id18_is_valid("110101199003076579")
    assert not id18_is_valid("110101199003076573")
    assert kinds("编号110101199003076573") == []
    assert not luhn_is_valid("6222020200020000003")


def test_masking_keeps_enough_to_recognise():
    text = "身份证110101199003076579,电话138-0013-8000,邮箱zhang.san@example.com"
    hits = find_personal_data(text)
    assert mask(text, hits) == "身份证110101********6579,电话138-****-8000,邮箱z***@example.com"


@given(st.text(alphabet="0123456789-/年月日元,.〔〕号第条", max_size=60))
def test_no_crash_and_hits_are_inside_the_text(text):
    for hit in find_personal_data(text):
        assert text[hit.start : hit.end] == hit.value


def test_index_number():
    assert index_number("11110105MB0000000X", 2026, 42) == "11110105MB0000000X/2026-00042"

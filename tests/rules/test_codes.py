from xxgk.rules.codes import agency_code_problem, org_code_is_valid, uscc_is_valid


def test_uscc_check_character():
    assert uscc_is_valid("91350100M000100Y43")  # the GB 32100-2015 example
    assert not uscc_is_valid("91350100M000100Y44")
    assert agency_code_problem("91350100M000100Y43") is None
    assert "校验位" in (agency_code_problem("91350100M000100Y44") or "")


def test_org_code_check_character():
    assert org_code_is_valid("D2143569-X") or org_code_is_valid("000000000")
    assert org_code_is_valid("000000000")
    assert not org_code_is_valid("000000001")
    assert agency_code_problem("12345") == "机构代码应为18位统一社会信用代码或9位组织机构代码"

"""factory_boy factories shared by the tests."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from xxgk.agencies.models import Agency


def _org_code(n: int) -> str:
    """A valid 9-character 组织机构代码 built from a sequence number."""
    body = f"{n:08d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试区第{n}局")
    code = factory.Sequence(lambda n: _org_code(n + 1000))
    fee_payment = "非税收入缴款:中国工商银行某支行,户名某区财政局非税收入专户,账号 1234 5678 9012 3456"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("测试密码-123")

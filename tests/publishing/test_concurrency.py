"""索引号 stay unique when 20 items are created at the same moment, each in its own connection."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.publishing.models import Category, CategoryKind, Item
from xxgk.publishing.services import create_item


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_creations_get_twenty_numbers():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("an in-memory SQLite database is one connection; the PostgreSQL run tests this")
    agency = AgencyFactory()
    clerk = UserFactory()
    grant_role(clerk, agency, Role.CLERK)
    genre = Category.objects.create(agency=agency, kind=CategoryKind.GENRE, name="工作动态")
    barrier = threading.Barrier(20)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            create_item(
                agency,
                clerk,
                {"title": f"并发{n}", "publisher": "x", "formed": date(2026, 11, 2), "genre": genre},
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    numbers = sorted(Item.objects.filter(agency=agency).values_list("index_no", flat=True))
    assert numbers == [f"{agency.code}/2026-{n:05d}" for n in range(1, 21)]

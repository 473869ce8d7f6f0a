from datetime import date

import pytest

from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import AgencyKind, Role
from xxgk.agencies.services import grant_role


@pytest.fixture
def staff(db):
    """An agency with a clerk, a reviewer and a head."""
    agency = AgencyFactory(name="某区发展和改革委员会", short_name="我委")
    people = {}
    for role in (Role.CLERK, Role.REVIEWER, Role.HEAD):
        user = UserFactory(username=f"a{role.value}")
        grant_role(user, agency, role)
        people[role.value] = user
    return agency, people


@pytest.fixture
def district(db):
    """A district government's disclosure office with three departments below it."""
    office = AgencyFactory(name="某区人民政府", kind=AgencyKind.GOVERNMENT, short_name="区政府")
    head = UserFactory(username="office_head")
    grant_role(head, office, Role.HEAD)
    departments = [
        AgencyFactory(name=name, parent=office) for name in ("某区教育局", "某区民政局", "某区财政局")
    ]
    heads = []
    for n, dept in enumerate(departments):
        user = UserFactory(username=f"dept_head{n}")
        grant_role(user, dept, Role.HEAD)
        grant_role(user, dept, Role.CLERK)
        heads.append(user)
    return office, head, departments, heads


@pytest.fixture
def today():
    return date(2026, 11, 20)

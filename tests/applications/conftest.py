import pytest

from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role


@pytest.fixture
def office(db):
    agency = AgencyFactory(name="某区发展和改革委员会", review_body="某区人民政府", court="某区人民法院")
    people = {}
    for role in (Role.CLERK, Role.REVIEWER, Role.HEAD):
        user = UserFactory(username=f"{role.value}1")
        grant_role(user, agency, role)
        people[role.value] = user
    return agency, people

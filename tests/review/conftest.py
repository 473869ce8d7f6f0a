import pytest

from tests.factories import AgencyFactory, UserFactory
from tests.reports.conftest import seed_path  # noqa: F401 - shared fixture
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role


@pytest.fixture
def office_client(client):
    office = AgencyFactory(name="区政务公开办")
    user = UserFactory()
    grant_role(user, office, Role.REVIEWER)
    client.force_login(user)
    client.office = office
    return client

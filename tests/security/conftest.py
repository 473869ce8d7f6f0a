"""Fixtures shared with the domain tests: an agency with its staff."""

from tests.applications.conftest import office  # noqa: F401
from tests.publishing.conftest import desk  # noqa: F401

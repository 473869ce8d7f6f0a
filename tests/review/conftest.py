from tests.reports.conftest import seed_path  # noqa: F401 - shared fixture

import pytest
from django.core.management import ManagementUtility


@pytest.fixture
def run_command(monkeypatch):
    """Run manage.py in-process (same test database) and return its exit status.

    manage.py closes every database connection when a command ends; the test database lives on that
    connection, so closing is skipped here.
    """
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)

    def run(*args: str) -> int:
        try:
            ManagementUtility(["manage.py", *args]).execute()
        except SystemExit as exit_:
            return int(exit_.code or 0)
        return 0

    return run

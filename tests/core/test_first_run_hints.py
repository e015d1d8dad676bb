"""The hints a first run prints or shows: each must work when copied as it stands."""

import shlex
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from smelters.models import Smelter
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.django_db

COMMAND = ".venv/bin/python manage.py import_smelters path/to/CMRT_6.5.xlsx"


def test_the_demo_data_hint_says_where_the_smelter_file_comes_from_and_the_command_runs(capsys, shared_dir):
    call_command("load_demo_data", suppliers=3)
    out = capsys.readouterr().out
    assert "from the RMI's website" in out and "Smelter Look-up sheet" in out
    [line] = [line.strip() for line in out.splitlines() if "import_smelters" in line]
    assert line == COMMAND
    python, manage, command, _path = shlex.split(line)
    # Copied in the project folder, the virtualenv's Python runs manage.py (no bare "python").
    assert (REPO_ROOT / python).exists() and (REPO_ROOT / manage).is_file()
    call_command(command, str(shared_dir / "cmrt" / "templates" / "CMRT_6.5_blank.xlsx"))
    assert Smelter.objects.count() > 300


def test_the_empty_smelter_page_gives_the_same_command_and_the_file_to_use(client, legal_user):
    client.force_login(legal_user)
    page = client.get(reverse("smelters:list")).content.decode()
    assert f"<code>{COMMAND}</code>" in page
    assert "blank CMRT template (CMRT 6.5, .xlsx) from the RMI’s website" in page
    assert "Smelter Look-up sheet" in page


@pytest.fixture
def serve_copy(tmp_path):
    """scripts/serve in a scratch folder whose .venv/bin/python only records how it was called."""
    shutil.copytree(REPO_ROOT / "scripts", tmp_path / "scripts")
    for name in ("requirements.txt", "requirements-dev.txt"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text('#!/bin/sh\necho "$@" >> "$(dirname "$0")/calls.log"\n')
    python.chmod(0o755)
    return tmp_path


@pytest.mark.parametrize(
    ("port", "address"), [(None, "127.0.0.1:8000"), ("8001", "127.0.0.1:8001"), ("0.0.0.0:8002", "0.0.0.0:8002")]
)
def test_serve_runs_on_the_port_given_and_prints_that_address(serve_copy, port, address):
    env = {"PATH": "/usr/bin:/bin", **({"PORT": port} if port else {})}
    subprocess.run(["bash", "scripts/serve"], cwd=serve_copy, env=env, check=True, timeout=60)
    calls = (serve_copy / ".venv" / "bin" / "calls.log").read_text().splitlines()
    assert f"manage.py load_demo_data --url http://{address}" in calls
    assert calls[-1] == f"manage.py runserver {address}"


def test_the_readme_says_how_to_change_the_port_and_where_the_tests_find_the_sample_files():
    readme = (REPO_ROOT / "README.md").read_text()
    assert "PORT=8001 ./scripts/serve" in readme
    assert "SHARED_DIR=/path/to/shared ./scripts/test" in readme
    assert COMMAND in readme


def test_the_empty_supplier_list_gives_a_supplier_import_command_that_works_when_copied(client, legal_user):
    client.force_login(legal_user)
    page = client.get(reverse("suppliers:list")).content.decode()
    assert "<code>.venv/bin/python manage.py import_suppliers path/to/suppliers.csv</code>" in page

"""The roles table: what each role may do, as README's "Roles and access" states and core.access applies."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.access import Role
from surveys.models import Submission
from tests.cmrt.builders import build_cmrt
from tests.conftest import REPO_ROOT
from tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db


def readme_role_table() -> dict:
    from core.access import Capability

    section = REPO_ROOT.joinpath("README.md").read_text().split("## Roles and access", 1)[1].split("\n## ", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("|")
    ]
    header, body = rows[0], [r for r in rows[2:]]
    roles = [Role(name.strip("*")) for name in header[1:]]
    return {
        Capability(re.sub(r"\s+", " ", row[0])): {
            role for role, cell in zip(roles, row[1:], strict=True) if cell == "yes"
        }
        for row in body
    }


def test_the_readme_role_table_is_the_one_core_access_applies():
    from core.access import ROLE_CAPABILITIES, Capability

    in_readme = readme_role_table()
    assert set(in_readme) == set(Capability)
    assert in_readme == {c: {r for r in Role if c in ROLE_CAPABILITIES[r]} for c in Capability}


def check(client, supplier: str = ""):
    upload = SimpleUploadedFile("cmrt.xlsx", build_cmrt())
    return client.post(reverse("surveys:checker"), {"file": upload, "supplier": supplier})


def test_legal_cannot_file_a_cmrt_under_a_supplier(client, legal_user):
    SupplierFactory(supplier_code="SUP-00001")
    client.force_login(legal_user)

    assert check(client, "SUP-00001").status_code == 403
    assert not Submission.objects.exists()


def test_legal_cannot_upload_a_file_to_the_checker_at_all(client, legal_user):
    client.force_login(legal_user)
    assert check(client).status_code == 403
    assert not Submission.objects.exists()


def test_legal_reads_the_checked_files_on_the_checker_page_without_an_upload_form(
    client, legal_user, supply_chain_user
):
    client.force_login(supply_chain_user)
    check(client)
    client.force_login(legal_user)

    page = client.get(reverse("surveys:checker")).content.decode()

    assert "cmrt.xlsx" in page
    assert 'type="file"' not in page and "Check the workbook" not in page
    assert "supply-chain team" in page


def test_the_supply_chain_team_files_a_cmrt_under_a_supplier(client, supply_chain_user):
    supplier = SupplierFactory(supplier_code="SUP-00001")
    client.force_login(supply_chain_user)
    assert check(client, "SUP-00001").status_code == 302
    assert Submission.objects.get().supplier == supplier


def has_admin_link(client) -> bool:
    return f'href="{reverse("admin:index")}"' in client.get(reverse("suppliers:list")).content.decode()


@pytest.mark.parametrize(("who", "sees_it"), [("legal_user", False), ("supply_chain_user", True), ("admin_user", True)])
def test_the_admin_link_is_shown_only_to_roles_that_may_use_the_admin(client, request, who, sees_it):
    client.force_login(request.getfixturevalue(who))
    assert has_admin_link(client) is sees_it


def test_legal_does_not_enter_the_admin(client, legal_user):
    client.force_login(legal_user)
    response = client.get(reverse("admin:suppliers_supplier_changelist"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_a_legal_user_made_staff_in_the_past_gets_no_admin_link_and_no_admin(client, legal_user):
    legal_user.is_staff = True  # as user_create did before the roles table
    legal_user.save()
    client.force_login(legal_user)

    assert not has_admin_link(client)
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_supply_chain_team_manages_suppliers_and_reference_data_but_not_users(client, supply_chain_user):
    client.force_login(supply_chain_user)
    assert client.get(reverse("admin:suppliers_supplier_add")).status_code == 200
    assert client.get(reverse("admin:suppliers_supplier_import")).status_code == 200
    assert client.get(reverse("admin:smelters_smelter_import")).status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_administrators_manage_users(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_legal_reads_suppliers_and_smelters_but_not_the_review_queue(client, legal_user):
    supplier = SupplierFactory()
    client.force_login(legal_user)
    assert client.get(reverse("suppliers:list")).status_code == 200
    assert client.get(reverse("suppliers:detail", args=[supplier.public_id])).status_code == 200
    assert client.get(reverse("smelters:list")).status_code == 200
    assert client.get(reverse("smelters:review")).status_code == 403

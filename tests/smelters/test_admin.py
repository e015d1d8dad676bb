"""The admin upload page calls the same import service as the command."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smelters.models import Smelter, StatusSnapshot

pytestmark = pytest.mark.django_db

CSV = (
    b"metal,standard_smelter_name,smelter_facility_location,smelter_id,rmi_audit_status\n"
    b"Gold,Agosi AG,Germany,CID000035,Conformant\n"
)


def test_an_administrator_imports_a_status_list_from_the_admin(admin_client):
    url = reverse("admin:smelters_smelter_import")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"file": SimpleUploadedFile("appendix.csv", CSV), "as_of": "2022-05-26"}, follow=True
    )
    assert "imported as of 2022-05-26" in response.content.decode()
    assert StatusSnapshot.objects.get().smelter == Smelter.objects.get(cid="CID000035")


def test_a_bad_file_is_refused_with_its_rows_listed(admin_client):
    bad = CSV + b"Gold,Nobody,Peru,CID1,Active\n"
    response = admin_client.post(reverse("admin:smelters_smelter_import"), {"file": SimpleUploadedFile("bad.csv", bad)})
    text = response.content.decode()
    assert response.status_code == 200
    assert "row 3: Smelter ID &#x27;CID1&#x27; is not CID followed by 6 digits" in text
    assert not Smelter.objects.exists()


def test_staff_without_the_permission_cannot_import(client, view_only_staff_user):
    client.force_login(view_only_staff_user)  # staff, but may only view smelters
    assert client.get(reverse("admin:smelters_smelter_import")).status_code == 403


def test_the_supply_chain_role_may_import_reference_files(client, supply_user):
    client.force_login(supply_user)
    assert client.get(reverse("admin:smelters_smelter_import")).status_code == 200


def test_a_hostile_workbook_uploaded_in_the_admin_is_refused_and_the_process_lives_on(client, supply_user):
    from tests.cmrt.builders import far_cell_lying_dimension_xlsx

    client.force_login(supply_user)
    upload = SimpleUploadedFile("status.xlsx", far_cell_lying_dimension_xlsx())
    response = client.post(reverse("admin:smelters_smelter_import"), {"file": upload, "as_of": "2024-01-01"})

    assert response.status_code == 200
    assert "could not be read safely" in response.content.decode()
    assert not Smelter.objects.exists()

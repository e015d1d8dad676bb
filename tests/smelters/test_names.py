"""`smelter_id` is only the foreign key column; the RMI identifier is `cid` (`cid_as_typed` as typed)."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def test_smelter_id_is_only_ever_the_foreign_key_column_of_a_smelter_relation():
    offenders = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("smelters").get_models()
        for field in model._meta.get_fields()
        if getattr(field, "attname", None) == "smelter_id" and not (field.is_relation and field.name == "smelter")
    ]
    assert offenders == []


def test_the_rmi_identifier_is_called_cid_and_the_suppliers_text_cid_as_typed():
    smelter = apps.get_model("smelters", "Smelter")
    reported = apps.get_model("smelters", "ReportedSmelter")
    assert smelter._meta.get_field("cid").verbose_name == "Smelter ID"
    assert reported._meta.get_field("cid_as_typed").verbose_name == "Smelter ID as typed"


@pytest.mark.django_db(transaction=True)
def test_renaming_the_smelter_ids_to_cid_keeps_the_data():
    executor = MigrationExecutor(connection)
    executor.migrate([("smelters", "0001_initial")])
    old = executor.loader.project_state([("smelters", "0001_initial")]).apps
    old.get_model("smelters", "Smelter").objects.create(metal="gold", smelter_id="CID000019", standard_name="Aida")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("smelters", "0002_cid_names")])
    new = executor.loader.project_state([("smelters", "0002_cid_names")]).apps

    assert list(new.get_model("smelters", "Smelter").objects.values_list("cid", "standard_name")) == [
        ("CID000019", "Aida")
    ]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

"""config.db_routers: reads go to the replica unless a transaction is open; writes never do."""

import pytest
from django.db import connections, transaction

from apps.events.models import Event
from config.db_routers import PrimaryReplicaRouter

router = PrimaryReplicaRouter()


def test_a_read_outside_a_transaction_goes_to_the_replica():
    assert not connections["default"].in_atomic_block
    assert router.db_for_read(Event) == "replica"


@pytest.mark.django_db(transaction=True)
def test_a_read_inside_a_transaction_stays_on_the_primary():
    with transaction.atomic():
        assert router.db_for_read(Event) == "default"
        with transaction.atomic():  # a savepoint inside it too
            assert router.db_for_read(Event) == "default"
    assert router.db_for_read(Event) == "replica"


def test_writes_and_migrations_go_to_the_primary_only():
    assert router.db_for_write(Event) == "default"
    assert router.allow_migrate("default", "events", "event")
    assert not router.allow_migrate("replica", "events", "event")

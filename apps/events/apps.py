from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.events"
    label = "events"

    def ready(self):
        from apps.actors.selectors import actor_co_actors_settle_register
        from apps.core.derived import derived_register

        from . import (  # noqa: F401  (register this app's search sources, pages, feed)
            changes,
            pages,
            search,
        )
        from .models import ActorPair, ActorPairDelta
        from .pairs import actor_pairs_rebuild, actor_pairs_settle, pairs_install_after_migrate

        # The counts of events two actors share (apps/events/pairs.py): kept by triggers,
        # recreated after every migrate, folded in before an actor's co-actors are read.
        post_migrate.connect(
            pairs_install_after_migrate, sender=self, dispatch_uid="events_actor_pairs"
        )
        actor_co_actors_settle_register(actor_pairs_settle)
        derived_register(ActorPair, ActorPairDelta, rebuild=actor_pairs_rebuild)

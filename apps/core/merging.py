"""Merging duplicate actors, agreements or observation posts into one surviving record.

Everything that points at a merged-away record moves to the survivor in one transaction: event
roles, agreement parties, events, posts, stated figures, mentions, quotations, positions and
aliases. Rows
that would break a unique constraint once moved (the same actor twice in one role of one event,
the same party twice on one agreement, the same alias twice) are dropped instead, keeping the
survivor's row. The merged-away names become aliases of the survivor (source "merge") so the
extractor resolves them to it next time, and each step is kept in the records' history.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, OuterRef

from .changes import records_merged
from .services import record_editor_update
from .text import normalize_name


class MergeError(ValueError):
    """A merge that cannot be done; ``str(err)`` is the one-line reason shown to the editor."""


@dataclass(frozen=True)
class Link:
    """Rows of ``model`` pointing at the merged record through ``field``."""

    label: str
    model: str
    field: str
    unique_with: tuple[str, ...] = ()

    def rows(self, obj):
        return apps.get_model(self.model)._default_manager.filter(**{self.field: obj})


@dataclass(frozen=True)
class MergePlan:
    model: str
    alias_model: str
    alias_field: str
    links: tuple[Link, ...]
    # Read-only counts shown on the confirmation page: rows that follow the moved ones.
    evidence_path: str


ACTOR_PLAN = MergePlan(
    model="actors.Actor",
    alias_model="actors.ActorAlias",
    alias_field="actor",
    links=(
        Link("event roles", "events.EventActor", "actor", ("event", "role")),
        Link("agreement parties", "agreements.AgreementParty", "actor", ("agreement",)),
        Link("mentions", "articles.Mention", "actor"),
        Link("quotations", "events.Quotation", "speaker"),
        Link("evidence naming them as doer", "events.Evidence", "blamed"),
        Link("positions", "actors.ActorPosition", "actor"),
        Link("aliases", "actors.ActorAlias", "actor", ("normalized",)),
    ),
    evidence_path="event__actor_links__actor",
)

AGREEMENT_PLAN = MergePlan(
    model="agreements.Agreement",
    alias_model="agreements.AgreementAlias",
    alias_field="agreement",
    links=(
        Link("events", "events.Event", "agreement"),
        Link("parties", "agreements.AgreementParty", "agreement", ("actor",)),
        Link("observation posts", "places.ObservationPost", "agreement"),
        Link("stated figures", "events.StatedFigure", "agreement"),
        Link("relations", "agreements.AgreementRelation", "agreement", ("relation", "other")),
        Link("relations to it", "agreements.AgreementRelation", "other", ("agreement", "relation")),
        Link("mentions", "articles.Mention", "agreement"),
        Link("aliases", "agreements.AgreementAlias", "agreement", ("normalized",)),
    ),
    evidence_path="event__agreement",
)

POST_PLAN = MergePlan(
    model="places.ObservationPost",
    alias_model="places.ObservationPostAlias",
    alias_field="post",
    links=(
        Link("events", "events.Event", "observation_post"),
        Link("mentions", "articles.Mention", "observation_post"),
        Link("aliases", "places.ObservationPostAlias", "post", ("normalized",)),
    ),
    evidence_path="event__observation_post",
)

PLANS = {plan.model: plan for plan in (ACTOR_PLAN, AGREEMENT_PLAN, POST_PLAN)}


def merge_plan_for(model) -> MergePlan:
    try:
        return PLANS[model._meta.label]
    except KeyError as err:
        raise MergeError(f"{model._meta.verbose_name_plural} cannot be merged") from err


def merge_preview(objs) -> list[dict]:
    """What each record would bring to the survivor: ``[{"obj", "counts": [(label, n)]}]``."""
    rows = []
    for obj in objs:
        plan = merge_plan_for(type(obj))
        counts = [(link.label, link.rows(obj).count()) for link in plan.links]
        evidence = (
            apps.get_model("events.Evidence")
            ._default_manager.filter(**{plan.evidence_path: obj})
            .values("pk")
            .distinct()
            .count()
        )
        counts.append(("evidence of its events", evidence))
        rows.append({"obj": obj, "counts": counts})
    return rows


def _has_history(model) -> bool:
    return hasattr(model, "history")


def _move(link: Link, *, source, target, user, reason: str) -> tuple[int, int]:
    """Point ``link`` rows of ``source`` at ``target``; returns (moved, dropped as duplicates)."""
    model = apps.get_model(link.model)
    rows = link.rows(source)
    dropped = 0
    if link.unique_with:
        clash = model._default_manager.filter(
            **{link.field: target}, **{name: OuterRef(name) for name in link.unique_with}
        )
        flagged = any(f.name == "editor_modified" for f in model._meta.concrete_fields)
        for row in rows.filter(Exists(clash)):
            if flagged and row.editor_modified:
                # An editor's confirmation of the dropped row carries over to the kept one.
                same = {
                    name: getattr(row, model._meta.get_field(name).attname)
                    for name in link.unique_with
                }
                model._default_manager.filter(**{link.field: target}, **same).update(
                    editor_modified=True
                )
            row._history_user = user
            row._change_reason = reason
            row.delete()
            dropped += 1
    moving = list(rows)
    if moving:
        # One UPDATE per thousand rows, then one history row each.
        pks = [row.pk for row in moving]
        for start in range(0, len(pks), 1000):
            model._default_manager.filter(pk__in=pks[start : start + 1000]).update(
                **{link.field: target}
            )
        for row in moving:
            setattr(row, link.field, target)
        if _has_history(model):
            model.history.bulk_history_create(
                moving,
                batch_size=1000,
                update=True,
                default_user=user,
                default_change_reason=reason,
            )
    return len(moving), dropped


def _alias_add(plan: MergePlan, *, target, name: str, user) -> bool:
    normalized = normalize_name(name)
    if not normalized or normalized == target.normalized_name:
        return False
    alias_model = apps.get_model(plan.alias_model)
    manager = alias_model._default_manager
    if manager.filter(**{plan.alias_field: target, "normalized": normalized}).exists():
        return False
    alias = alias_model(**{plan.alias_field: target, "alias": name, "source": "merge"})
    alias._history_user = user
    alias.save()
    return True


@transaction.atomic
def _merge(plan: MergePlan, *, target, others, user=None) -> dict[str, int]:
    model = apps.get_model(plan.model)
    if not isinstance(target, model) or target.pk is None:
        raise MergeError(f"the record to keep must be a saved {model._meta.verbose_name}")
    others = [obj for obj in others if obj.pk != target.pk]
    if not others:
        raise MergeError("choose at least one other record to merge into the one kept")
    if any(not isinstance(obj, model) for obj in others):
        raise MergeError(f"only {model._meta.verbose_name_plural} can be merged together")
    # Lock the rows so two editors cannot merge the same records at once.
    pks = [target.pk, *(obj.pk for obj in others)]
    locked = {obj.pk: obj for obj in model._default_manager.select_for_update().filter(pk__in=pks)}
    if len(locked) != len(pks):
        raise MergeError("some of the records no longer exist; reload the page")
    target = locked[target.pk]
    others = [locked[obj.pk] for obj in others]

    keys = {obj.dictionary_key for obj in (target, *others) if getattr(obj, "dictionary_key", None)}
    if len(keys) > 1:
        # Each curated entry would come back on the next extraction; the dictionary is the
        # place to say that two entries are one.
        raise MergeError(
            f"these come from different curated dictionary entries ({', '.join(sorted(keys))}); "
            "merge them in the dictionary file instead"
        )
    names = ", ".join(f"{obj} (#{obj.pk})" for obj in others)
    reason = f"merged {names} into {target} (#{target.pk})"[:100]
    result: Counter[str] = Counter()
    for other in others:
        for link in plan.links:
            moved, dropped = _move(link, source=other, target=target, user=user, reason=reason)
            result[link.label] += moved
            result["duplicates dropped"] += dropped
    for other in others:
        result["names kept as aliases"] += _alias_add(
            plan, target=target, name=other.name, user=user
        )

    records_merged(others, into=target)  # their deletion below then leaves that, not "deleted"
    keys = []
    for other in others:
        if getattr(other, "dictionary_key", None):
            keys.append(other.dictionary_key)
        other._history_user = user
        other._change_reason = f"merged into {target} (#{target.pk})"[:100]
        other.delete()
    result["merged"] = len(others)

    changes = {}
    if hasattr(target, "dictionary_key") and not target.dictionary_key and keys:
        # The survivor answers for the curated entry, so the extractor keeps resolving to it.
        changes["dictionary_key"] = keys[0]
    target._change_reason = reason
    target._history_user = user
    record_editor_update(target, changes=changes, user=user)
    return {key: value for key, value in result.items() if value}


def actor_merge(*, target, others, user=None) -> dict[str, int]:
    """Merge ``others`` into the actor ``target``; returns counts of what moved."""
    return _merge(ACTOR_PLAN, target=target, others=others, user=user)


def agreement_merge(*, target, others, user=None) -> dict[str, int]:
    """Merge ``others`` into the agreement ``target``; returns counts of what moved."""
    return _merge(AGREEMENT_PLAN, target=target, others=others, user=user)


def post_merge(*, target, others, user=None) -> dict[str, int]:
    """Merge ``others`` into the observation post ``target``; returns counts of what moved."""
    return _merge(POST_PLAN, target=target, others=others, user=user)


def record_merge(*, target, others, user=None) -> dict[str, int]:
    """Merge records of any mergeable model (used by the admin action)."""
    return _merge(merge_plan_for(type(target)), target=target, others=others, user=user)

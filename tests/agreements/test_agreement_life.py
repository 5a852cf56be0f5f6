"""An agreement's life over the seed corpus: the Moscow protocol amends the Sochi memorandum
(a curated relation citing its document), the August 2019 ceasefire shows its annulment,
in the API and on the pages."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from apps.agreements.models import Agreement, AgreementRelation
from apps.ingestion.services import ingest_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(seed_files):
    for path in seed_files:
        ingest_path(path)
    cache.clear()


def test_the_moscow_protocol_amends_the_sochi_memorandum_citing_its_document(seeded, client):
    moscow = Agreement.objects.get(dictionary_key="agreement:moscow-2020")
    sochi = Agreement.objects.get(dictionary_key="agreement:sochi-2018")
    relation = AgreementRelation.objects.get(agreement=moscow, other=sochi)
    assert (relation.relation, relation.curated) == ("amends", True)
    assert "Additional Protocol" in relation.source and relation.source_url.startswith("https://")
    # Seed 002 calls the Moscow deal "Sochi 2.0": the curated relation cites its sentence too.
    assert "Sochi 2.0" in relation.quote and relation.article.body[relation.start : relation.end]
    detail = APIClient().get(f"/api/v1/agreements/{moscow.pk}/").json()
    assert {"type": "amends", "agreement": {"id": sochi.pk, "name": sochi.name}} == {
        k: detail["relations"][0][k] for k in ("type", "agreement")
    }
    assert detail["relations"][0]["evidence"]["curated"] is True
    assert detail["timeline"][0]["role"] == "signed"
    assert detail["timeline"][0]["date"] == "2020-03-05"
    other_side = APIClient().get(f"/api/v1/agreements/{sochi.pk}/").json()
    assert "amended by" in {r["type"] for r in other_side["relations"]}
    page = client.get(moscow.get_absolute_url()).content.decode()
    assert "amends" in page and sochi.name in page and "Its life" in page


def test_the_august_2019_ceasefire_shows_its_annulment(seeded, client):
    ceasefire = Agreement.objects.get(dictionary_key="agreement:idlib-ceasefire-2019-08")
    timeline = APIClient().get(f"/api/v1/agreements/{ceasefire.pk}/").json()["timeline"]
    annulled = [step for step in timeline if step["role"] == "annulled"]
    assert annulled and annulled[0]["date"] == "2019-08-05" and annulled[0]["event"]
    assert [step["date"] for step in timeline if step["date"]] == sorted(
        step["date"] for step in timeline if step["date"]
    )
    page = client.get(ceasefire.get_absolute_url()).content.decode()
    assert "annulled" in page


def test_a_relation_with_an_unknown_type_or_agreement_is_refused_by_the_dictionary():
    from apps.ingestion.extraction import dictionary

    entries = {
        "agreement:a": dictionary.Entry("agreement", "agreement:a", "A", "deal", "", (), "",
                                        {"party_keys": [], "cues": {},
                                         "relations": [("replaces", "agreement:b", "doc", "")]}),
    }  # fmt: skip
    with pytest.raises(dictionary.DictionaryError, match="unknown relation"):
        dictionary._check_references(entries)

from django.views.generic import DetailView

from apps.core.pages import page_context
from apps.core.views import BrowseListView, CiteThisMixin, cited_sentence

from .filtersets import AgreementFilterSet
from .selectors import (
    agreement_figures,
    agreement_list,
    agreement_posts,
    agreement_profile,
    agreement_relations,
    agreement_timeline,
)

# The articles an agreement's page cites at most: the earliest reports of the events that
# refer to it (its signing first of all), not every later mention.
CITED_ARTICLES = 10


class AgreementListView(BrowseListView):
    filterset_class = AgreementFilterSet
    template_name = "agreements/agreement_list.html"
    api_list = "api:agreement-list"

    def get_queryset(self):
        return agreement_list()


class AgreementDetailView(CiteThisMixin, DetailView):
    template_name = "agreements/agreement_detail.html"
    context_object_name = "agreement"
    csl_name = "agreement"

    def get_queryset(self):
        return agreement_profile()

    def parts(self) -> dict:
        """Its events and the articles that name it (``apps.core.pages``), read once."""
        if not hasattr(self, "_parts"):
            self._parts = page_context(self.object)
        return self._parts

    def cited_sentences(self, agreement) -> list[dict]:
        """The sentences of the events that refer to the agreement, in time order, from the
        first ``CITED_ARTICLES`` articles."""
        sentences, articles = [], set()
        for event in self.parts().get("events", []):
            for ev in event.evidence.all():
                if ev.article_id not in articles and len(articles) >= CITED_ARTICLES:
                    continue
                articles.add(ev.article_id)
                sentences.append(
                    cited_sentence(
                        self.request,
                        ev.article,
                        quote=ev.quote,
                        start=ev.start,
                        end=ev.end,
                        anchor=f"evidence-{ev.pk}",
                    )
                )
        return sentences

    def get_context_data(self, **kwargs):
        agreement = self.object
        posts = list(agreement_posts(agreement))
        life = self.parts().get("post_life", {})
        for post in posts:  # each post's status over time (``apps.core.pages``)
            post.life = life.get(post.pk, [])
        return super().get_context_data(
            posts=posts,
            figures=agreement_figures(agreement),
            relations=agreement_relations(agreement),
            life=agreement_timeline(agreement, events=self.parts().get("events")),
            **self.parts(),  # its events and the articles that name it
            **kwargs,
        )

from django.views.generic import DetailView

from apps.core.pages import page_context
from apps.core.views import BrowseListView

from .filtersets import AgreementFilterSet
from .selectors import agreement_figures, agreement_list, agreement_posts, agreement_profile


class AgreementListView(BrowseListView):
    filterset_class = AgreementFilterSet
    template_name = "agreements/agreement_list.html"

    def get_queryset(self):
        return agreement_list()


class AgreementDetailView(DetailView):
    template_name = "agreements/agreement_detail.html"
    context_object_name = "agreement"

    def get_queryset(self):
        return agreement_profile()

    def get_context_data(self, **kwargs):
        agreement = self.object
        return super().get_context_data(
            posts=agreement_posts(agreement),
            figures=agreement_figures(agreement),
            **page_context(agreement),  # its events and the articles that name it
            **kwargs,
        )

from django.urls import path

from .views import AgreementDetailView, AgreementListView

app_name = "agreements"

urlpatterns = [
    path("", AgreementListView.as_view(), name="agreement_list"),
    path("<int:pk>/", AgreementDetailView.as_view(), name="agreement_detail"),
]

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.RoundListView.as_view(), name="round-list"),
    path("them/", views.RoundCreateView.as_view(), name="round-create"),
    path("cua-toi/", views.MyRoundsView.as_view(), name="my-rounds"),
    path("nhac-nho/", views.DeliveryListView.as_view(), name="delivery-list"),
    path("theo-doi/<int:campaign_pk>/", views.TrackerView.as_view(), name="tracker"),
    path(
        "tu-van-ban/<int:document_pk>/", views.RoundsFromDocumentView.as_view(), name="rounds-from-document"
    ),
    path("<int:pk>/", views.RoundDetailView.as_view(), name="round-detail"),
    path("<int:pk>/sua/", views.RoundUpdateView.as_view(), name="round-update"),
    path("<int:pk>/chuyen/<slug:transition>/", views.RoundTransitionView.as_view(), name="round-transition"),
    path("<int:pk>/van-ban/<slug:kind>/", views.RoundDocumentDraftView.as_view(), name="round-document"),
    path("<int:pk>/ky-tiep-theo/", views.RoundNextView.as_view(), name="round-next"),
    path("<int:pk>/don-vi/<int:unit_pk>/", views.SubmissionEditView.as_view(), name="submission-edit"),
    path("bao-cao/<int:pk>/", views.SubmissionDetailView.as_view(), name="submission-detail"),
    path(
        "bao-cao/<int:pk>/chuyen/<slug:transition>/",
        views.SubmissionTransitionView.as_view(),
        name="submission-transition",
    ),
    path("bao-cao/<int:pk>/tep/", views.AttachmentAddView.as_view(), name="attachment-add"),
    path("tep/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment-download"),
    path("tep/<int:pk>/xoa/", views.AttachmentDeleteView.as_view(), name="attachment-delete"),
]

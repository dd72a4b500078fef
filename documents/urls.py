from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("xac-minh/<str:code>/", views.VerifyView.as_view(), name="verify"),
    path("van-ban/", views.IssuedListView.as_view(), name="issued-list"),
    path("van-ban/<int:pk>/", views.IssuedDetailView.as_view(), name="issued-detail"),
    path("van-ban/<int:pk>/tai-ve/", views.IssuedDownloadView.as_view(), name="issued-download"),
    path("van-ban/<int:pk>/in-phoi/", views.CertificateBlankPrintView.as_view(), name="certificate-blank"),
    path("van-ban/du-thao/", views.DraftListView.as_view(), name="draft-list"),
    path("van-ban/du-thao/<int:pk>/", views.DraftDetailView.as_view(), name="draft-detail"),
    path("van-ban/du-thao/<int:pk>/html/", views.DraftHtmlView.as_view(), name="draft-html"),
    path("van-ban/du-thao/<int:pk>/pdf/", views.DraftPdfView.as_view(), name="draft-pdf"),
    path("van-ban/du-thao/<int:pk>/tao-pdf/", views.DraftRenderJobView.as_view(), name="draft-render"),
    path("van-ban/du-thao/<int:pk>/sua/", views.DraftEditView.as_view(), name="draft-edit"),
    path("van-ban/du-thao/<int:pk>/word/", views.DraftDocxView.as_view(), name="draft-docx"),
    path(
        "van-ban/du-thao/<int:pk>/chuyen/<slug:transition>/",
        views.DraftTransitionView.as_view(),
        name="draft-transition",
    ),
    path("van-ban/tac-vu/<int:pk>/", views.RenderJobView.as_view(), name="job-detail"),
    path("van-ban/tac-vu/<int:pk>/tai-ve/", views.RenderJobDownloadView.as_view(), name="job-download"),
]

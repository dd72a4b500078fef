from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaign-list"),
    path("them/", views.CampaignCreateView.as_view(), name="campaign-create"),
    path("tao-tu-van-ban/", views.CampaignImportView.as_view(), name="campaign-import"),
    path("cua-toi/", views.MyCampaignsView.as_view(), name="my-campaigns"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="campaign-detail"),
    path("<int:pk>/sua/", views.CampaignUpdateView.as_view(), name="campaign-update"),
    path(
        "<int:pk>/chuyen/<slug:transition>/",
        views.CampaignTransitionView.as_view(),
        name="campaign-transition",
    ),
    path("<int:pk>/soan-van-ban/", views.CampaignDocumentDraftView.as_view(), name="campaign-document-draft"),
    path("<int:pk>/nhan-ban/", views.CampaignCloneView.as_view(), name="campaign-clone"),
    path("<int:pk>/chi-tieu/giao/", views.TargetGridView.as_view(), name="target-grid"),
    path("<int:pk>/chi-tieu/them/", views.TargetCreateView.as_view(), name="target-create"),
    path("<int:pk>/chi-tieu/<int:target_pk>/", views.TargetUpdateView.as_view(), name="target-update"),
    path(
        "<int:pk>/van-ban/<int:document_pk>/tep-goc/",
        views.LaunchDocumentOriginalView.as_view(),
        name="document-original",
    ),
    path("<int:pk>/van-ban/them/", views.LaunchDocumentCreateView.as_view(), name="document-create"),
    path("<int:pk>/dang-ky/<int:unit_pk>/", views.RegistrationEditView.as_view(), name="registration-edit"),
    path("dang-ky/<int:pk>/", views.RegistrationDetailView.as_view(), name="registration-detail"),
    path("dang-ky/<int:pk>/ban-in/", views.RegistrationPdfView.as_view(), name="registration-pdf"),
    path(
        "dang-ky/<int:pk>/chuyen/<slug:transition>/",
        views.RegistrationTransitionView.as_view(),
        name="registration-transition",
    ),
]

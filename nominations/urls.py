"""URLs of the nomination workflow. They share the `awards` namespace with the register (see
`thidua/urls.py`), so the URL names and paths are those of before the split."""

from django.urls import path

from nominations import views as wf

urlpatterns = [
    # Nominations (unit head) and appraisal (secretariat)
    path("to-trinh/", wf.BatchListView.as_view(), name="batch-list"),
    path("to-trinh/tao/", wf.BatchCreateView.as_view(), name="batch-create"),
    path("to-trinh/<int:pk>/", wf.BatchDetailView.as_view(), name="batch-detail"),
    path("to-trinh/<int:pk>/han-muc/", wf.BatchQuotaView.as_view(), name="batch-quota"),
    path("to-trinh/<int:pk>/them-doi-tuong/", wf.NominationAddView.as_view(), name="nomination-add"),
    path(
        "to-trinh/<int:pk>/doi-tuong/<int:nomination_pk>/xoa/",
        wf.NominationRemoveView.as_view(),
        name="nomination-remove",
    ),
    path(
        "to-trinh/<int:pk>/doi-tuong/<int:nomination_pk>/tham-dinh/",
        wf.NominationAppraiseView.as_view(),
        name="nomination-appraise",
    ),
    path("to-trinh/<int:pk>/tai-lieu/", wf.DocumentUploadView.as_view(), name="document-upload"),
    path(
        "to-trinh/<int:pk>/tai-lieu/<int:doc_pk>/",
        wf.DocumentDownloadView.as_view(),
        name="document-download",
    ),
    path(
        "to-trinh/<int:pk>/chuyen/<slug:transition>/",
        wf.BatchTransitionView.as_view(),
        name="batch-transition",
    ),
    # Council sessions and the secret ballot
    path("phien-hop/", wf.SessionListView.as_view(), name="session-list"),
    path("phien-hop/tao/", wf.SessionCreateView.as_view(), name="session-create"),
    path("phien-hop/<int:pk>/", wf.SessionDetailView.as_view(), name="session-detail"),
    path("phien-hop/<int:pk>/thao-tac/", wf.SessionActionView.as_view(), name="session-action"),
    path(
        "phien-hop/<int:pk>/chuyen/<slug:transition>/",
        wf.SessionTransitionView.as_view(),
        name="session-transition",
    ),
    path("phien-hop/<int:pk>/nhac-bo-phieu/", wf.SessionRemindView.as_view(), name="session-remind"),
    path("phien-hop/<int:pk>/bo-phieu/<int:item_pk>/", wf.BallotView.as_view(), name="ballot"),
    path("phien-hop/<int:pk>/tep/<slug:kind>/", wf.SessionFileView.as_view(), name="session-file"),
    path("phien-hop/<int:pk>/quyet-dinh/", wf.DecisionCreateView.as_view(), name="decision-create"),
    # Decisions
    path("quyet-dinh/", wf.DecisionListView.as_view(), name="decision-list"),
    path("quyet-dinh/<int:pk>/", wf.DecisionDetailView.as_view(), name="decision-detail"),
    path("quyet-dinh/<int:pk>/tep/<slug:kind>/", wf.DecisionFileView.as_view(), name="decision-file"),
    path(
        "quyet-dinh/<int:pk>/chi-thuong/<slug:fmt>/",
        wf.DecisionPaymentListView.as_view(),
        name="decision-payment-list",
    ),
    path("quyet-dinh/<int:pk>/thao-tac/", wf.DecisionActionView.as_view(), name="decision-action"),
    path(
        "quyet-dinh/<int:pk>/chuyen/<slug:transition>/",
        wf.DecisionTransitionView.as_view(),
        name="decision-transition",
    ),
]

from django.urls import path

from awards import record_views, views
from awards import workflow_views as wf

app_name = "awards"

urlpatterns = [
    path("so-khen-thuong/", views.AwardRecordListView.as_view(), name="register"),
    path("so-khen-thuong/nhap-excel/", views.AwardImportView.as_view(), name="import"),
    # Year-end record: task ratings per unit and year
    path("xep-loai/", record_views.RatingOverviewView.as_view(), name="rating-overview"),
    path("xep-loai/<int:unit_pk>/<int:year>/", record_views.RatingSheetView.as_view(), name="rating-sheet"),
    path(
        "xep-loai/<int:unit_pk>/<int:year>/nhap-excel/",
        record_views.RatingImportView.as_view(),
        name="rating-import",
    ),
    # A person's record facts, and households
    path(
        "ca-nhan/<int:pk>/sang-kien/them/", record_views.InitiativeCreateView.as_view(), name="initiative-add"
    ),
    path(
        "ca-nhan/<int:pk>/ky-luat/them/", record_views.DisciplineCreateView.as_view(), name="discipline-add"
    ),
    path("ca-nhan/<int:pk>/tam-dung/them/", record_views.FreezeCreateView.as_view(), name="freeze-add"),
    path("ca-nhan/<int:pk>/ngay-cong-tac/", record_views.StartDateView.as_view(), name="start-date"),
    path("ho-gia-dinh/", record_views.HouseholdListView.as_view(), name="household-list"),
    path("ho-gia-dinh/them/", record_views.HouseholdCreateView.as_view(), name="household-create"),
    path("ho-gia-dinh/<int:pk>/", record_views.HouseholdDetailView.as_view(), name="household-detail"),
    path(
        "xep-loai/<int:unit_pk>/<int:year>/bien-ban/",
        record_views.RatingMinutesView.as_view(),
        name="rating-minutes",
    ),
    # Nominations (unit head) and appraisal (secretariat)
    path("to-trinh/", wf.BatchListView.as_view(), name="batch-list"),
    path("to-trinh/tao/", wf.BatchCreateView.as_view(), name="batch-create"),
    path("to-trinh/<int:pk>/", wf.BatchDetailView.as_view(), name="batch-detail"),
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
    path("to-trinh/<int:pk>/thao-tac/", wf.BatchActionView.as_view(), name="batch-action"),
    # Council sessions and the secret ballot
    path("phien-hop/", wf.SessionListView.as_view(), name="session-list"),
    path("phien-hop/tao/", wf.SessionCreateView.as_view(), name="session-create"),
    path("phien-hop/<int:pk>/", wf.SessionDetailView.as_view(), name="session-detail"),
    path("phien-hop/<int:pk>/thao-tac/", wf.SessionActionView.as_view(), name="session-action"),
    path("phien-hop/<int:pk>/bo-phieu/<int:item_pk>/", wf.BallotView.as_view(), name="ballot"),
    path("phien-hop/<int:pk>/tep/<slug:kind>/", wf.SessionFileView.as_view(), name="session-file"),
    path("phien-hop/<int:pk>/quyet-dinh/", wf.DecisionCreateView.as_view(), name="decision-create"),
    # Decisions
    path("quyet-dinh/", wf.DecisionListView.as_view(), name="decision-list"),
    path("quyet-dinh/<int:pk>/", wf.DecisionDetailView.as_view(), name="decision-detail"),
    path("quyet-dinh/<int:pk>/tep/<slug:kind>/", wf.DecisionFileView.as_view(), name="decision-file"),
    path("quyet-dinh/<int:pk>/thao-tac/", wf.DecisionActionView.as_view(), name="decision-action"),
]

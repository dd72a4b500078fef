from django.urls import path

from awards import record_views, views

app_name = "awards"

urlpatterns = [
    path("so-khen-thuong/", views.AwardRecordListView.as_view(), name="register"),
    # Issue 16 item 6: who is due this year (per unit) and the fairness view
    path("den-han/", views.WhoIsDueHomeView.as_view(), name="due-home"),
    path("den-han/<int:pk>/", views.WhoIsDueView.as_view(), name="due"),
    path("cong-bang/", views.FairnessView.as_view(), name="fairness"),
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
    path("ho-so-thi-dua/nhap-excel/<slug:kind>/", record_views.FactImportView.as_view(), name="fact-import"),
    path("ho-gia-dinh/", record_views.HouseholdListView.as_view(), name="household-list"),
    path("ho-gia-dinh/them/", record_views.HouseholdCreateView.as_view(), name="household-create"),
    path("ho-gia-dinh/<int:pk>/", record_views.HouseholdDetailView.as_view(), name="household-detail"),
    path(
        "xep-loai/<int:unit_pk>/<int:year>/bien-ban/",
        record_views.RatingMinutesView.as_view(),
        name="rating-minutes",
    ),
]

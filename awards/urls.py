from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("so-khen-thuong/", views.AwardRecordListView.as_view(), name="register"),
    path("so-khen-thuong/nhap-excel/", views.AwardImportView.as_view(), name="import"),
]

from django.urls import path

from units import views

app_name = "units"

urlpatterns = [
    path("don-vi/", views.UnitListView.as_view(), name="unit-list"),
    path("don-vi/them/", views.UnitCreateView.as_view(), name="unit-create"),
    path("don-vi/<int:pk>/", views.UnitDetailView.as_view(), name="unit-detail"),
    path("don-vi/<int:pk>/sua/", views.UnitUpdateView.as_view(), name="unit-update"),
    path("don-vi/<int:pk>/sap-xep/", views.UnitReorganiseView.as_view(), name="unit-reorganise"),
    path("ca-nhan/", views.PersonListView.as_view(), name="person-list"),
    path("ca-nhan/them/", views.PersonCreateView.as_view(), name="person-create"),
    path("ca-nhan/nhap-excel/", views.PeopleImportView.as_view(), name="people-import"),
    path("ca-nhan/<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("ca-nhan/<int:pk>/sua/", views.PersonUpdateView.as_view(), name="person-update"),
    path("khoi-thi-dua/", views.BlocListView.as_view(), name="bloc-list"),
    path("khoi-thi-dua/them/", views.BlocCreateView.as_view(), name="bloc-create"),
    path("khoi-thi-dua/<int:pk>/", views.BlocDetailView.as_view(), name="bloc-detail"),
    path("khoi-thi-dua/<int:pk>/sua/", views.BlocUpdateView.as_view(), name="bloc-update"),
    path("phan-quyen/", views.RoleGrantListView.as_view(), name="rolegrant-list"),
    path("phan-quyen/them/", views.RoleGrantCreateView.as_view(), name="rolegrant-create"),
    path("phan-quyen/<int:pk>/ket-thuc/", views.RoleGrantEndView.as_view(), name="rolegrant-end"),
]

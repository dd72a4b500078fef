from django.urls import path

from scoring import views

app_name = "scoring"

urlpatterns = [
    path("khoi/<int:bloc_pk>/", views.BlocTableView.as_view(), name="bloc-table"),
    path("khoi/<int:bloc_pk>/tieu-chi/", views.TableEditView.as_view(), name="table-edit"),
    path("<int:pk>/", views.TableDetailView.as_view(), name="table-detail"),
    path("<int:pk>/chuyen/<slug:transition>/", views.TableTransitionView.as_view(), name="table-transition"),
    path("<int:pk>/tu-cham/<int:unit_pk>/", views.SelfScoreView.as_view(), name="self-score"),
    path("<int:pk>/cham-cheo/", views.CrossScoreView.as_view(), name="cross-score"),
    path("<int:pk>/xep-hang/", views.RankingView.as_view(), name="ranking"),
]

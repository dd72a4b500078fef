from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from awards import urls as awards_urls
from nominations import urls as nominations_urls
from thidua.views import DashboardView, HomeView, StatisticsView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("thong-ke/", DashboardView.as_view(), name="dashboard"),
    path("thong-ke/bang/", StatisticsView.as_view(), name="statistics"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include("core.urls")),
    path("", include("units.urls")),
    path("phong-trao/", include("campaigns.urls")),
    # The register (awards) and the workflow (nominations) share the `awards` URL namespace.
    path("khen-thuong/", include((awards_urls.urlpatterns + nominations_urls.urlpatterns, "awards"))),
    path("", include("documents.urls")),
    path("bao-cao/", include("reports.urls")),
    path("cham-diem/", include("scoring.urls")),
    path("quan-tri/", admin.site.urls),
]

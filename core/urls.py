from django.urls import path

from core import mfa
from core import views_notifications as views

app_name = "core"

urlpatterns = [
    path("xac-thuc/", mfa.MFAVerifyView.as_view(), name="mfa-verify"),
    path("xac-thuc/thiet-lap/", mfa.MFASetupView.as_view(), name="mfa-setup"),
    path("thong-bao/", views.NotificationListView.as_view(), name="notification-list"),
    path("thong-bao/cai-dat/", views.NotificationSettingsView.as_view(), name="notification-settings"),
    path("thong-bao/doc-het/", views.NotificationMarkReadView.as_view(), name="notification-read-all"),
    path("thong-bao/<int:pk>/", views.NotificationOpenView.as_view(), name="notification-open"),
]

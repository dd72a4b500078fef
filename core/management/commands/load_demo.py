"""Load the demo jurisdiction (idempotent): `python manage.py load_demo [--two-level]`.

Each installed thidua app may provide `<app>/demo.py` with `load(*, stdout, two_level, today)`;
they run in INSTALLED_APPS order, so later apps can build on earlier apps' demo data. `today` is
the load date (the local date in Asia/Ho_Chi_Minh): every date in the demo is derived from it, so
the demo is coherent whatever day it is loaded on (tests load it on fixed dates).
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.management.production import add_production_override, refuse_in_production


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (huyện Tam Đường, tỉnh Lai Châu năm 2024); chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--two-level",
            action="store_true",
            help="Thêm một xã theo mô hình chính quyền hai cấp (sau 01/7/2025) để đối chiếu.",
        )
        # The demo creates a superuser with the published password: never on a live system.
        add_production_override(parser)

    def handle(self, *args, two_level=False, **options):
        refuse_in_production("load_demo", options)
        today = timezone.localdate()
        for app in settings.INSTALLED_APPS:
            if "." in app:
                continue
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"{app}.demo":
                    continue
                raise
            with transaction.atomic():
                module.load(stdout=self.stdout, two_level=two_level, today=today)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))

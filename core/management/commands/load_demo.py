"""Load the demo jurisdiction (idempotent): `python manage.py load_demo [--world 2026|district-2024]`.

Each installed thidua app may provide `<app>/demo.py` with
`load(*, stdout, two_level, today, world)`; they run in INSTALLED_APPS order, so later apps can
build on earlier apps' demo data. `today` is the load date (the local date in Asia/Ho_Chi_Minh):
every date in the demo is derived from it, so the demo is coherent whatever day it is loaded on
(tests load it on fixed dates).

The default world is "2026" (Lai Châu province after the 1/7/2025 reform): every app's `load`
first builds the history (Tam Đường district as in 2022–2024), then `units.demo.reform_2025`
merges its communes, then every app's `load_2026(*, stdout, today)` builds this year in the new
communes. "district-2024" is the district as it was in 2024 (the historic world older journeys
use); `--two-level` adds one illustrative post-reform commune to it.
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.management.production import add_production_override, refuse_in_production


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu (mặc định: tỉnh Lai Châu sau sắp xếp 01/7/2025, huyện Tam Đường là lịch sử); "
        "chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--world",
            choices=["2026", "district-2024"],
            default="2026",
            help="2026: tỉnh và các xã sau 01/7/2025 (mặc định); district-2024: huyện Tam Đường năm 2024.",
        )
        parser.add_argument(
            "--two-level",
            action="store_true",
            help="(district-2024) Thêm một xã theo mô hình chính quyền hai cấp (sau 01/7/2025) để đối chiếu.",
        )
        # The demo creates a superuser with the published password: never on a live system.
        add_production_override(parser)

    def handle(self, *args, two_level=False, world="2026", **options):
        refuse_in_production("load_demo", options)
        from units import demo as units_demo

        today = timezone.localdate()
        world = units_demo.world_for(world, today)
        modules = []
        for app in settings.INSTALLED_APPS:
            if "." in app:
                continue
            try:
                modules.append(importlib.import_module(f"{app}.demo"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
        for module in modules:
            with transaction.atomic():
                module.load(stdout=self.stdout, two_level=two_level, today=today, world=world)
        if world == units_demo.WORLD_2026:
            with transaction.atomic():
                units_demo.reform_2025(stdout=self.stdout, today=today)
            # No outer transaction here: this year's batches submit their Tờ trình, which takes a
            # number in its own durable transaction (issue 15: the numbering lock is held only for
            # taking the number). Each service call commits on its own; every loader skips what
            # exists, so a rerun after a failure completes the demo.
            for module in modules:
                if hasattr(module, "load_2026"):
                    module.load_2026(stdout=self.stdout, today=today)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))

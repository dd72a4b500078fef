"""Benchmark: evaluate 1,000 nominees with 10 years of history (target < 1 s).

Generates people with award records, ratings, initiatives and some discipline in the
database inside a transaction, times loading their histories (`load_histories`) and
evaluating them (`evaluate_many`), then rolls everything back (unless --keep).
"""

import random
import time
from datetime import date

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from awards.eligibility import Nominee, evaluate_many
from awards.histories import load_histories
from awards.models import AwardKind, AwardRecord, DisciplineRecord, Initiative, TaskRating
from awards.rules import load_rulebook
from units.models import AdministrativeLevel, Person, Unit

AWARDS = ["advanced_worker", "grassroots_fighter", "provincial_fighter", "merit_diploma"]


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the eligibility engine on N nominees with Y years of history (default 1,000 × 10)."

    def add_arguments(self, parser):
        parser.add_argument("--nominees", type=int, default=1000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--units", type=int, default=20)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--keep", action="store_true", help="keep the generated data")

    def handle(self, *args, **opts):
        try:
            with transaction.atomic():
                self._run(**opts)
                if not opts["keep"]:
                    raise _Rollback
        except _Rollback:
            self.stdout.write("Generated data rolled back.")

    def _run(self, *, nominees, years, units, seed, **_):
        rng = random.Random(seed)
        year = 2024
        first = year - years + 1
        t0 = time.perf_counter()
        level, _c = AdministrativeLevel.objects.get_or_create(
            code="commune", defaults={"name": "Xã", "rank": 3}
        )
        root = Unit.objects.create(
            name=f"Bench root {time.time_ns()}", kind=Unit.Kind.PEOPLES_COMMITTEE, level=level
        )
        unit_list = [
            Unit.objects.create(
                name=f"Bench unit {i}", kind=Unit.Kind.PUBLIC_SERVICE, level=level, parent=root
            )
            for i in range(units)
        ]
        people = Person.objects.bulk_create(
            [
                Person(
                    full_name=f"Bench {i}",
                    search_key=f"bench {i}",
                    gender="male",
                    unit=unit_list[i % units],
                    employed_since=date(first - 1, 1, 1),
                )
                for i in range(nominees)
            ]
        )
        kinds = {k.code: k for k in AwardKind.objects.filter(code__in=AWARDS)}
        records, ratings, initiatives, disciplines = [], [], [], []
        for p in people:
            for y in range(first, year + 1):
                rating = rng.choices(["excellent", "good", "completed"], [3, 6, 1])[0]
                ratings.append(TaskRating(person=p, year=y, rating=rating))
                if rating != "completed":
                    records.append(self._record(p, kinds["advanced_worker"], y))
                    if rating == "excellent" and rng.random() < 0.6:
                        records.append(self._record(p, kinds["grassroots_fighter"], y))
                if rng.random() < 0.3:
                    scope = rng.choices(["unit", "province"], [4, 1])[0]
                    initiatives.append(
                        Initiative(
                            person=p, title="Sáng kiến", scope=scope, recognised_on=date(y, 11, 1), year=y
                        )
                    )
            if rng.random() < 0.03:
                y = rng.randint(first, year)
                disciplines.append(
                    DisciplineRecord(person=p, form="reprimand", start=date(y, 3, 1), end=date(y + 1, 2, 28))
                )
        AwardRecord.objects.bulk_create(records, batch_size=2000)
        TaskRating.objects.bulk_create(ratings, batch_size=2000)
        Initiative.objects.bulk_create(initiatives, batch_size=2000)
        DisciplineRecord.objects.bulk_create(disciplines, batch_size=2000)
        self.stdout.write(
            f"Generated {len(people)} people, {len(records)} awards, {len(ratings)} ratings, "
            f"{len(initiatives)} initiatives in {time.perf_counter() - t0:.2f} s."
        )
        batch = [Nominee("individual", p.pk, AWARDS[i % len(AWARDS)], year) for i, p in enumerate(people)]
        on = date(year + 1, 1, 20)
        with CaptureQueriesContext(connection) as queries:
            t1 = time.perf_counter()
            rules = load_rulebook()
            histories = load_histories(batch)
            t2 = time.perf_counter()
            verdicts = evaluate_many(batch, on, rules=rules, histories=histories)
            t3 = time.perf_counter()
        eligible = sum(v.eligible for v in verdicts)
        self.stdout.write(
            f"{len(batch)} nominees × {years} years: load {t2 - t1:.3f} s ({len(queries)} queries), "
            f"evaluate {t3 - t2:.3f} s, total {t3 - t1:.3f} s; {eligible} eligible."
        )

    @staticmethod
    def _record(person, kind, year):
        return AwardRecord(
            person=person,
            unit_id=person.unit_id,
            award_kind=kind,
            year=year,
            decision_number=f"{year}/QĐ",
            decision_date=date(year + 1, 1, 15),
            issuer="Bench",
        )

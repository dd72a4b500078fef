import pytest
from django.core.management import call_command

from awards.models import AwardRecord
from units.models import Person

pytestmark = pytest.mark.django_db(transaction=False)


def test_bench_runs_and_rolls_back(capsys):
    call_command("bench_eligibility", nominees=40, years=4, units=3)
    out = capsys.readouterr().out
    assert "40 nominees × 4 years" in out
    assert "rolled back" in out
    assert not Person.objects.exists()
    assert not AwardRecord.objects.exists()

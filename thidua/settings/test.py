"""Test settings: the real database from DATABASE_URL (SQLite file by default)."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from thidua.settings.base import *
from thidua.settings.base import BASE_DIR, DATABASES

DEBUG = False
THIDUA_PRODUCTION = False  # tests flush and load demo data; a test turns it on to check the guard
# Every test starts at the same frozen instant, so rate-limit windows would add up across tests;
# the rate-limit test sets its own small rate.
THIDUA_VERIFY_RATE = "100000/m"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not ":memory:", so threads and worker processes share one database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

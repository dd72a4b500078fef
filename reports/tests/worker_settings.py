"""Settings for the Celery worker that reports/tests/test_worker.py starts as a subprocess.

The test settings, plus a file-based e-mail backend: the test (another process) counts the
files, since the locmem outbox exists only inside one process.
"""

import os

from thidua.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["THIDUA_TEST_EMAIL_DIR"]

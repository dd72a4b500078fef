"""Development defaults: `make run`. DEBUG is on unless DJANGO_DEBUG=0."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from thidua.settings.base import *

"""The single environment reader every settings module imports."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file (git-ignored) may hold development values; real deployments use
# the process environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

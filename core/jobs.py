"""Enqueue a Celery task by its registered name, after the current transaction commits.

Services enqueue their own thin task wrappers (`<app>/tasks.py`), and the wrappers call the
services back: naming the task instead of importing it keeps that a one-way import (services ←
tasks), so no import cycle joins a service module to its tasks module.
"""

from celery import current_app
from django.db import transaction


def enqueue_on_commit(task_name: str, *args) -> None:
    """Send the task registered as `task_name` (e.g. "documents.tasks.render_job_run_task") with
    positional `args` (JSON-serialisable: ids) once the surrounding transaction commits; at once
    when there is none. Runs inline when no broker is configured (CELERY_TASK_ALWAYS_EAGER).

    Raises KeyError (at commit) if no task of that name is registered.
    """
    transaction.on_commit(lambda: current_app.tasks[task_name].delay(*args))

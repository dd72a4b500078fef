"""Enqueue a Celery task by its dotted name, after the current transaction commits.

Services enqueue their own thin task wrappers (`<app>/tasks.py`), and the wrappers call the
services back: naming the task instead of importing it keeps that a one-way import (services ←
tasks), so no import cycle joins a service module to its tasks module.
"""

from django.db import transaction
from django.utils.module_loading import import_string


def enqueue_on_commit(task_name: str, *args) -> None:
    """Send the task `task_name` (dotted path, e.g. "documents.tasks.render_job_run_task") with
    positional `args` (JSON-serialisable: ids) once the surrounding transaction commits; at once
    when there is none. Runs inline when no broker is configured (CELERY_TASK_ALWAYS_EAGER).

    Raises ImportError (at commit) if there is no task at that path.
    """
    enqueue_each_on_commit(task_name, [args])


def enqueue_each_on_commit(task_name: str, calls: list[tuple]) -> None:
    """Like `enqueue_on_commit`, one send per argument tuple in `calls`, all in ONE commit hook."""
    calls = list(calls)

    def send() -> None:
        task = import_string(task_name)
        for args in calls:
            task.delay(*args)

    transaction.on_commit(send)

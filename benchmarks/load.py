"""Load run with Locust (headless, driven from Python) against a running server.

Run by `manage.py bench_load` in its own process (Locust patches the standard library with
gevent on import, so Django is not imported here). Reads a JSON plan on stdin:
  {"host": "http://127.0.0.1:8765", "cookie_name": "...",
   "roles": {"secretariat": {"cookie": "...", "pages": [[label, path], ...]}, ...},
   "mixed_users": 15, "mixed_seconds": 30, "closed_clients": 5, "closed_seconds": 10}
and writes a JSON result on stdout: {"mixed": [rows], "closed": [rows]}, each row
{"page", "requests", "failures", "p50", "p95", "p99" (ms), "rps" (requests per second)}.
"""

import json
import random
import sys

import gevent
from locust import FastHttpUser, between, constant, task
from locust.env import Environment


def _rows(env, seconds):
    rows = []
    for (name, _method), entry in sorted(env.stats.entries.items()):
        if not entry.num_requests:
            continue
        rows.append(
            {
                "page": name,
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "p50": entry.get_response_time_percentile(0.50),
                "p95": entry.get_response_time_percentile(0.95),
                "p99": entry.get_response_time_percentile(0.99),
                "rps": entry.num_requests / seconds,
            }
        )
    for error in env.stats.errors.values():
        rows_errors.append(f"{error.name}: {error.error} ×{error.occurrences}")
    return rows


rows_errors: list[str] = []
_starts = random.Random(17)  # noqa: S311 - which page a simulated user opens first


def _user_class(plan, role, *, wait, pages=None):
    spec = plan["roles"][role]
    pages = pages or spec["pages"]
    cookie_name, cookie = plan["cookie_name"], spec["cookie"]

    # FastHttpUser (geventhttpclient): the load tool shares the server's 2 cores, and the
    # requests-based HttpUser spent several times more CPU per request than this client.
    headers = {"Cookie": f"{cookie_name}={cookie}"}

    class PageUser(FastHttpUser):
        host = plan["host"]
        wait_time = wait

        def on_start(self):
            # Each user starts at its own page of the list (seeded: the same run twice opens the
            # same pages), as real users do: starting them all on the first page made 5 users
            # open the same page in the same instant, a burst the mixed scenario is not about.
            self._i = _starts.randrange(len(pages))

        @task
        def open_page(self):
            label, path = pages[self._i % len(pages)]
            self._i += 1
            with self.client.get(
                path, name=label, headers=headers, allow_redirects=False, catch_response=True
            ) as r:
                if r.status_code != 200:
                    r.failure(f"HTTP {r.status_code}")

        _i = 0

    PageUser.__name__ = f"{role}_user"
    return PageUser


def _run(user_classes, users, seconds, spawn_seconds=0):
    """Run `users` users of `user_classes` for `seconds`; they start over `spawn_seconds` (0: all
    at once, the closed loop; the mixed scenario spreads them over the think time, as users
    arrive one by one rather than in one burst). Returns the per-page rows."""
    env = Environment(user_classes=user_classes)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users / spawn_seconds if spawn_seconds else users)
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    return _rows(env, seconds)


def main():
    plan = json.load(sys.stdin)
    think_max = plan.get("think_max", 3)
    think = between(plan.get("think_min", 1), think_max)
    mixed_classes = [_user_class(plan, role, wait=think) for role in plan["roles"]]
    mixed = _run(mixed_classes, plan["mixed_users"], plan["mixed_seconds"], spawn_seconds=think_max)
    result = {"mixed": mixed, "closed": []}
    for role, spec in plan["roles"].items():
        for page in spec["pages"]:
            if any(row["page"] == page[0] for row in result["closed"]):
                continue
            cls = _user_class(plan, role, wait=constant(0), pages=[page])
            result["closed"] += _run([cls], plan["closed_clients"], plan["closed_seconds"])
    result["errors"] = rows_errors
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()

"""The production settings (PostgreSQL with a pool, Redis required, HTTPS unless told) and
gunicorn with its configuration, each in a process of its own."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

SETTINGS_ENV = {
    "SECRET_KEY": "x" * 64,
    "ALLOWED_HOSTS": "wijkkompas.example.nl",
    "DATABASE_URL": "postgres://wijkkompas@127.0.0.1:5432/wijkkompas",
    "REDIS_URL": "redis://127.0.0.1:6379/5",
}
SHOW = """
import django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "conn_max_age": db["CONN_MAX_AGE"], "options": db["OPTIONS"],
    "health_checks": db["CONN_HEALTH_CHECKS"],
    "replicas": settings.WIJKKOMPAS_READ_REPLICAS, "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "session_cookie": settings.SESSION_COOKIE_NAME, "tasks": settings.TASKS["default"]["BACKEND"],
    "cache": settings.CACHES["default"]["BACKEND"],
}))
"""


def _clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in SETTINGS_ENV
        and k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_REPLICA_URL", "WIJKKOMPAS_HTTPS"}
        and not k.startswith("DJANGO_ALLOW")
    }
    env.update(DJANGO_SETTINGS_MODULE="wijkkompas.conf.production", **extra)
    return env


def _settings(**extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import json\n" + SHOW],
        env=_clean_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_from_the_environment():
    result = _settings(
        **SETTINGS_ENV,
        DATABASE_REPLICA_URL="postgres://reader@10.0.0.2/wijkkompas,postgres://reader@10.0.0.3/wk",
        WIJKKOMPAS_DB_POOL_MAX="12",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["engine"] == "wijkkompas.ops.postgresql"
    assert shown["conn_max_age"] == 0  # a pool requires it
    assert shown["options"]["pool"] == {"min_size": 2, "max_size": 12, "timeout": 10.0}
    # The engine's pool checks a connection before lending it unless it came back a moment
    # ago (ops.dbpool), instead of Django's check of every borrow.
    assert shown["health_checks"] is False
    assert shown["options"]["prepare_threshold"] == 2**31 - 1  # as in base
    assert shown["replicas"] == ["replica", "replica_2"]
    assert shown["ssl_redirect"] is True
    assert shown["session_cookie"] == "__Host-wk-session"
    assert shown["tasks"].endswith("RQBackend")  # RQ (with the database while Redis is away)
    assert "Redis" in shown["cache"]
    assert shown["options"]["options"] == "-c jit=off"  # PostgreSQL's JIT off by default


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("", "-c jit=off"),
        ("-c jit=on -c work_mem=16MB", "-c jit=on -c work_mem=16MB"),
        ("none", None),
    ],
)
def test_session_options_sent_to_postgresql(given, sent):
    result = _settings(
        **SETTINGS_ENV,
        WIJKKOMPAS_DB_SESSION_OPTIONS=given,
        DATABASE_REPLICA_URL="postgres://reader@10.0.0.2/wijkkompas",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["options"].get("options") == sent


def test_plain_http_only_when_asked():
    shown = json.loads(_settings(**SETTINGS_ENV, WIJKKOMPAS_HTTPS="false").stdout)
    assert shown["ssl_redirect"] is False
    assert shown["session_cookie"] == "wk-session"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"REDIS_URL": ""}, "REDIS_URL"),
        ({"DATABASE_URL": ""}, "DATABASE_URL"),
        ({"DATABASE_URL": "sqlite:///var/x.sqlite3"}, "PostgreSQL"),
    ],
)
def test_production_refuses_what_it_cannot_run_on(change, named):
    result = _settings(**{**SETTINGS_ENV, **change})
    assert result.returncode != 0
    assert named in result.stderr


GUNICORN_SHOW = """
import json, os
from wijkkompas.conf import gunicorn
print(json.dumps([gunicorn.max_requests, gunicorn.max_requests_jitter]))
print(json.dumps([gunicorn.workers, gunicorn.threads, gunicorn.timeout, gunicorn.keepalive,
                  2 * (os.cpu_count() or 1)]))
"""


@pytest.mark.parametrize(
    ("given", "recycling"), [(None, [100000, 10000]), ("", [100000, 10000]), ("0", [0, 0])]
)
def test_gunicorn_recycles_processes_rarely(given, recycling):
    """A recycled process loses its per-process caches: about once an hour at 100
    requests/s, not every few minutes; 0 turns recycling off."""
    env = _clean_env()
    env.pop("WIJKKOMPAS_WEB_MAX_REQUESTS", None)
    if given is not None:
        env["WIJKKOMPAS_WEB_MAX_REQUESTS"] = given
    result = subprocess.run(
        [sys.executable, "-c", GUNICORN_SHOW], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0]) == recycling


def test_gunicorn_takes_an_empty_variable_as_its_default():
    """dotenv.example leaves WIJKKOMPAS_WEB_WORKERS empty: as an environment file that sets
    it to "", which must mean the default (two per core), not a failed start."""
    env = _clean_env()
    for name in ("WORKERS", "THREADS", "TIMEOUT", "KEEPALIVE", "MAX_REQUESTS"):
        env[f"WIJKKOMPAS_WEB_{name}"] = ""
    result = subprocess.run(
        [sys.executable, "-c", GUNICORN_SHOW], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    workers, threads, timeout, keepalive, two_per_core = json.loads(result.stdout.splitlines()[1])
    assert (workers, threads, timeout, keepalive) == (two_per_core, 4, 60, 5)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_serves_with_its_config_and_stops_on_sigterm(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wijkkompas.conf.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WIJKKOMPAS_BIND": f"127.0.0.1:{port}",
        "WIJKKOMPAS_WEB_WORKERS": "1",
        "WIJKKOMPAS_WEB_THREADS": "2",
    }
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "--config", "python:wijkkompas.conf.gunicorn", "wijkkompas.wsgi:application"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/health/live?naam=Anna"
        for _attempt in range(120):  # up to a minute to start; no timing is asserted
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert json.load(response) == {"status": "ok"}
                    break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            pytest.fail("gunicorn did not answer")
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=60)
    assert server.returncode == 0, output
    assert '"GET /health/live" 200' in output  # the access log line
    assert "Anna" not in output and "naam" not in output  # no query string

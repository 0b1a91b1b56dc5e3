"""/metrics: Prometheus text for the allowed addresses only (others get a 404), with the
task queues and the scheduler's last runs."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from wijkkompas.ops.models import ScheduledRun

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_metrics_from_loopback(settings):
    settings.TASKS = DB_TASKS
    now = timezone.now()
    ScheduledRun.objects.create(
        job="recover", slot=now, worker="a:1", claimed_at=now, finished_at=now, failed=True
    )
    from wijkkompas.audit.tasks import purge_access_log

    purge_access_log.using(backend="default").enqueue()
    response = Client(REMOTE_ADDR="127.0.0.1").get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert 'wijkkompas_tasks{backend="default",queue="default",state="queued"} 1.0' in body
    assert 'wijkkompas_tasks{backend="default",queue="default",state="failed"} 0.0' in body
    assert 'wijkkompas_scheduler_last_run_failed{job="recover"} 1.0' in body
    assert "wijkkompas_scheduler_last_run_timestamp_seconds" in body
    assert "django_http_requests_total_by_method_total" in body


def test_metrics_hidden_from_other_addresses():
    assert Client(REMOTE_ADDR="192.0.2.10").get("/metrics").status_code == 404


def test_metrics_hidden_from_clients_behind_the_proxy(settings):
    settings.WIJKKOMPAS_TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert client.get("/metrics").status_code == 404


def test_allowed_networks_are_settings(settings):
    settings.WIJKKOMPAS_METRICS_ALLOW = ["10.0.0.0/8"]
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 404


def test_queue_metrics_say_when_the_backend_is_away(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    body = Client(REMOTE_ADDR="127.0.0.1").get("/metrics").content.decode()
    assert 'wijkkompas_tasks_backend_up{backend="default"} 0.0' in body

"""gunicorn settings for Wijkkompas (``gunicorn -c python:wijkkompas.conf.gunicorn
wijkkompas.wsgi``; bin/serve-prod). Everything from the environment:

* ``WIJKKOMPAS_BIND`` (``127.0.0.1:8000``), ``WIJKKOMPAS_WEB_WORKERS`` (processes; default
  two per core) and ``WIJKKOMPAS_WEB_THREADS`` (threads per process; default 4). Each
  process keeps its own database pool (``WIJKKOMPAS_DB_POOL_MAX`` ≥ threads).
* ``WIJKKOMPAS_WEB_MAX_REQUESTS`` (100,000): a process is replaced after about this many
  requests (10% jitter), to bound any slow growth of its memory.
* The access log leaves out query strings (``%(U)s`` is the path alone).
"""

import os

bind = [os.environ.get("WIJKKOMPAS_BIND", "127.0.0.1:8000")]
# An empty variable (dotenv.example leaves WIJKKOMPAS_WEB_WORKERS empty) means the default.
workers = int(os.environ.get("WIJKKOMPAS_WEB_WORKERS") or str(2 * (os.cpu_count() or 1)))
threads = int(os.environ.get("WIJKKOMPAS_WEB_THREADS") or "4")
worker_class = "gthread"
# Load Django once in the master: faster start and shared memory. No database connection
# is opened there (the pools start in each worker, on their first request).
preload_app = True
# A request running longer than this is killed (and its transaction rolled back); on
# SIGTERM workers finish their requests within the graceful timeout.
timeout = int(os.environ.get("WIJKKOMPAS_WEB_TIMEOUT") or "60")
graceful_timeout = 30
keepalive = int(os.environ.get("WIJKKOMPAS_WEB_KEEPALIVE") or "5")
# Recycle workers now and then (memory), not all at once. A recycled process starts with
# empty per-process caches (compiled queries, kept case pages), so its first minute costs
# more than usual: at 100 requests/s over 4 processes, 100,000 requests is about an hour per
# process (5,000 was every three minutes). WIJKKOMPAS_WEB_MAX_REQUESTS=0 never recycles.
max_requests = int(os.environ.get("WIJKKOMPAS_WEB_MAX_REQUESTS") or "100000")
max_requests_jitter = max_requests // 10
# Access log: address, method, path without query string, status, bytes, milliseconds.
accesslog = os.environ.get("WIJKKOMPAS_ACCESS_LOG", "-") or None
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# The proxy in front sets X-Forwarded-Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("WIJKKOMPAS_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "wijkkompas"


def child_exit(server, worker):  # type: ignore[no-untyped-def]
    """Prometheus in multiprocess mode: forget the gauges of a worker that ended."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)

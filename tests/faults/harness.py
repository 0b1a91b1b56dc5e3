"""Private PostgreSQL and Redis instances and the production processes, for the fault tests.

Everything lives in one temporary directory and listens on free loopback ports: the machine's
own PostgreSQL (5432) and Redis (6379) are never touched. As root, PostgreSQL runs as the
``postgres`` OS user (``initdb`` refuses root); otherwise as the current user.

- :class:`Postgres`: ``initdb`` once, then ``start``/``stop`` (``fast`` or ``immediate``, a
  crash) as often as a test likes; databases are copied from a template in a second.
- :class:`Redis`: ``redis-server`` without persistence; ``stop``/``start`` on the same port.
- :class:`App`: the production processes of ``bin/serve-prod`` (gunicorn with
  ``wijkkompas.conf.production`` and ``wijkkompas worker``) against one database, each
  started, stopped or killed on its own; ``manage`` runs a management command with the same
  environment.
- :class:`Http`: a small loopback HTTP client with its own cookies (the production cookies
  are ``Secure``: the harness speaks plain HTTP to gunicorn and says it came through HTTPS,
  as the TLS proxy in front of it would).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[2]
BIN = REPO / ".venv" / "bin"
PG_BIN = Path(os.environ.get("WIJKKOMPAS_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Any, *, timeout: float, what: str, interval: float = 0.2) -> Any:
    """Call ``check`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except Exception as exc:  # noqa: BLE001 - we retry until the deadline
            last = exc
        else:
            if last:
                return last
        time.sleep(interval)
    raise TimeoutError(f"{what}: not within {timeout:.0f} s (last: {last!r})")


def tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return f"({path} does not exist)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class Workdir:
    """A temporary directory the ``postgres`` OS user may enter; removed by :meth:`remove`."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="wk-faults-"))
        self.path.chmod(0o755)
        self.mounts: list[Path] = []

    def sub(self, name: str) -> Path:
        path = self.path / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def tmpfs(self, name: str, *, size_kb: int) -> Path | None:
        """A small tmpfs at ``name`` (a real full disk), or None where mounting is not
        allowed (not root, or a sandbox without CAP_SYS_ADMIN)."""
        path = self.sub(name)
        if os.geteuid() != 0:
            return None
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(path)],
            capture_output=True,
        )
        if result.returncode != 0:
            return None
        self.mounts.append(path)
        return path

    def remove(self) -> None:
        for mount in reversed(self.mounts):
            subprocess.run(["umount", "-l", str(mount)], capture_output=True)
        shutil.rmtree(self.path, ignore_errors=True)


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


class Postgres:
    """A private PostgreSQL 15 cluster in ``root/pg`` on a free loopback port."""

    def __init__(self, work: Workdir) -> None:
        self.work = work
        self.data = work.path / "pg"
        self.sockets = work.path / "pg-sockets"
        self.log = work.path / "pg.log"
        self.port = free_port()

    def _own(self, *paths: Path) -> None:
        if os.geteuid() == 0:
            for path in paths:
                shutil.chown(path, "postgres", "postgres")

    def init(self) -> None:
        self.data.mkdir(mode=0o700)
        self.sockets.mkdir()
        self.log.touch()
        self._own(self.data, self.sockets, self.log)
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.sockets} "
            "-c fsync=off -c full_page_writes=off -c max_connections=100"
        )
        cmd = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log)]
        subprocess.run(
            _as_postgres([*cmd, "-o", options, "-w", "-t", "60", "start"]),
            check=True,
            capture_output=True,
        )

    def stop(self, mode: str = "fast") -> None:
        """``fast``: disconnect everyone and shut down cleanly; ``immediate``: a crash
        (recovery from the WAL at the next start)."""
        subprocess.run(
            _as_postgres(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop"]
            ),
            capture_output=True,
        )

    def running(self) -> bool:
        result = subprocess.run(
            [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
            capture_output=True,
        )
        return result.returncode == 0

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def connect(self, name: str = "postgres") -> Any:
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=name, autocommit=True
        )

    def execute(self, sql: str, name: str = "postgres") -> list[tuple[Any, ...]]:
        with self.connect(name) as conn, conn.cursor() as cur:
            cur.execute(sql)  # type: ignore[arg-type]
            return cur.fetchall() if cur.description else []

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """A new database (a copy of ``template`` when given); returns its URL."""
        suffix = f' TEMPLATE "{template}"' if template else ""
        self.execute(f'CREATE DATABASE "{name}"{suffix}')
        return self.url(name)

    def bin(self, tool: str) -> str:
        return str(PG_BIN / tool)


class Redis:
    """A private ``redis-server`` on a free loopback port, keeping nothing on disk."""

    def __init__(self, work: Workdir) -> None:
        self.dir = work.sub("redis")
        self.log = work.path / "redis.log"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
                "--logfile",
                str(self.log),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, timeout=20, what="redis-server answers")

    def ping(self) -> bool:
        import redis

        return bool(redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1).ping())

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self, db: int = 0) -> Any:
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, db=db, socket_timeout=5)


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
        """Send ``sig`` to the process group and wait (SIGKILL after ``timeout``)."""
        if not self.alive():
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)


class App:
    """The production processes against one database of a private cluster and Redis."""

    def __init__(
        self, work: Workdir, *, database_url: str, redis_url: str, env: dict[str, str] | None = None
    ) -> None:
        self.work = work
        self.var = work.sub("var-" + secrets.token_hex(3))
        # Static files collected once per work directory (the production storage's manifest).
        (self.var / "static").symlink_to(work.sub("static"))
        self.port = free_port()
        self.processes: list[Process] = []
        self.environ = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
            "DJANGO_SETTINGS_MODULE": "wijkkompas.conf.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "WIJKKOMPAS_VAR_DIR": str(self.var),
            "WIJKKOMPAS_MEDIA_ROOT": str(self.var / "media"),
            "WIJKKOMPAS_BIND": f"127.0.0.1:{self.port}",
            "WIJKKOMPAS_WEB_WORKERS": "2",
            "WIJKKOMPAS_WEB_THREADS": "4",
            "WIJKKOMPAS_HTTPS": "false",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str, check: bool = True, timeout: float = 600) -> str:
        """Run ``wijkkompas <args>`` with the app's environment; returns its output."""
        result = subprocess.run(
            [str(BIN / "wijkkompas"), *args],
            env=self.environ,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"wijkkompas {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result.stdout

    def python(self, code: str, *, timeout: float = 120) -> Any:
        """Run Python code in ``wijkkompas shell`` with the app's settings; the code prints
        one JSON value, which is returned."""
        out = self.manage("shell", "-c", code, timeout=timeout)
        lines = [line for line in out.splitlines() if line.strip()]
        return json.loads(lines[-1])

    def _spawn(self, name: str, cmd: list[str]) -> Process:
        log = self.work.path / f"{name}-{len(self.processes)}.log"
        handle = log.open("wb")
        popen = subprocess.Popen(
            cmd,
            env=self.environ,
            stdout=handle,
            stderr=subprocess.STDOUT,
            cwd=REPO,
            start_new_session=True,
        )
        handle.close()
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    def start_web(self) -> Process:
        """gunicorn with the project's gunicorn settings (as ``bin/serve-prod``)."""
        cmd = [str(BIN / "gunicorn")]
        if (REPO / "src" / "wijkkompas" / "conf" / "gunicorn.py").exists():
            cmd += ["-c", "python:wijkkompas.conf.gunicorn"]
        cmd += [
            "--bind",
            self.environ["WIJKKOMPAS_BIND"],
            "--workers",
            self.environ["WIJKKOMPAS_WEB_WORKERS"],
            "--threads",
            self.environ["WIJKKOMPAS_WEB_THREADS"],
            "wijkkompas.wsgi:application",
        ]
        process = self._spawn("web", cmd)
        try:
            wait_for(
                lambda: self.http().get("/health/live").status in (200, 404),
                timeout=60,
                what="gunicorn answers",
            )
        except TimeoutError:
            raise RuntimeError("gunicorn did not start:\n" + tail(process.log)) from None
        return process

    def start_worker(self) -> Process:
        """``wijkkompas worker``: the task worker and the scheduler in one process."""
        return self._spawn("worker", [str(BIN / "wijkkompas"), "worker"])

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            process.stop()

    def http(self) -> Http:
        return Http(self.port)

    def start_import(self, csv: Path, *, source: str, username: str = "demo-professional") -> int:
        """Upload ``csv`` as an import of residents into the user's first team and queue its
        dry run (through the imports services, as the upload page does); the job's id."""
        return int(
            self.python(
                "import json\n"
                "from django.core.files.uploadedfile import SimpleUploadedFile\n"
                "from wijkkompas.accounts.models import User\n"
                "from wijkkompas.imports import services\n"
                f"user = User.objects.get(username={username!r})\n"
                f"data = open({str(csv)!r}, 'rb').read()\n"
                "upload = SimpleUploadedFile('inwoners.csv', data, content_type='text/csv')\n"
                "job = services.job_create(user=user, kind='residents',\n"
                f"    team_id=user.teams.first().pk, source_system={source!r}, upload=upload)\n"
                "job = services.job_map(user=user, job=job, mapping=dict(job.mapping))\n"
                "print(json.dumps(job.pk))\n"
            )
        )

    def session_for(self, username: str) -> Http:
        """A client logged in as ``username`` with the second factor passed (a session made
        up front in the database, as the load test does: no password or code over HTTP)."""
        key = self.python(
            "import json\n"
            "from django.conf import settings\n"
            "from django.test import Client\n"
            "from django_otp import DEVICE_ID_SESSION_KEY\n"
            "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
            "from wijkkompas.accounts.models import User\n"
            f"user = User.objects.get(username={username!r})\n"
            "device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or "
            "TOTPDevice.objects.create(user=user, name='faults', confirmed=True)\n"
            "client = Client()\n"
            "client.force_login(user)\n"
            "session = client.session\n"
            "session[DEVICE_ID_SESSION_KEY] = device.persistent_id\n"
            "session.save()\n"
            "print(json.dumps([settings.SESSION_COOKIE_NAME, session.session_key]))\n"
        )
        client = self.http()
        client.cookies[key[0]] = key[1]
        return client


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Http:
    """HTTP/1.1 to the app on loopback, one connection per request, with its own cookies
    (including ``Secure`` ones: the request says it came through the HTTPS proxy)."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 30

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        sent = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            data = raw.read()
            for header in raw.headers.get_all("Set-Cookie") or []:
                parsed: SimpleCookie = SimpleCookie()
                parsed.load(header)
                for name, morsel in parsed.items():
                    self.cookies[name] = morsel.value
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data)
        finally:
            conn.close()

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.request("GET", path, **kwargs)

    def csrf_token(self, path: str) -> str:
        """The CSRF token of the form on ``path`` (and its cookie kept)."""
        page = self.get(path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not found:
            raise AssertionError(f"no form with a CSRF token on {path} ({page.status})")
        return found.group(1)

    def post_form(
        self, path: str, data: dict[str, Any], *, token: str, referer: str | None = None
    ) -> Response:
        body = urlencode({"csrfmiddlewaretoken": token, **data}, doseq=True).encode()
        return self.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://127.0.0.1{referer or path}",
            },
        )

    def post_multipart(
        self,
        path: str,
        data: dict[str, str],
        files: dict[str, tuple[str, bytes, str]],
        *,
        token: str,
    ) -> Response:
        boundary = "wkfaults" + secrets.token_hex(8)
        parts: list[bytes] = []
        for name, value in {"csrfmiddlewaretoken": token, **data}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content, ctype) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST",
            path,
            body=b"".join(parts),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": f"https://127.0.0.1{path}",
            },
        )


@contextlib.contextmanager
def services(*, redis: bool = True) -> Iterator[tuple[Workdir, Postgres, Redis | None]]:
    """A work directory with a running private PostgreSQL (and Redis); all removed after."""
    work = Workdir()
    pg = Postgres(work)
    cache = Redis(work) if redis else None
    try:
        pg.init()
        pg.start()
        if cache is not None:
            cache.start()
        yield work, pg, cache
    except BaseException:
        print("--- pg.log\n" + tail(pg.log), file=sys.stderr)
        raise
    finally:
        if cache is not None:
            cache.stop()
        pg.stop("immediate")
        work.remove()

"""`wijkkompas check --deploy` with the production settings reports no issues."""

import os
import secrets
import subprocess
import sys


def run_check(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in the same test process; a real
        # deployment never has it (the deploy check rightly refuses it).
        if k
        not in {
            "DJANGO_SETTINGS_MODULE",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DATABASE_URL",
            "REDIS_URL",
            "DATABASE_REPLICA_URL",
            "WIJKKOMPAS_HTTPS",
        }
    }
    # Production needs PostgreSQL and Redis; the check does not connect to either.
    env.update(
        {
            "DATABASE_URL": "postgres://wijkkompas@127.0.0.1:5432/wijkkompas",
            "REDIS_URL": "redis://127.0.0.1:6379/5",
        }
    )
    env.update(extra_env)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "wijkkompas",
            "check",
            "--deploy",
            "--fail-level",
            "DEBUG",
            "--settings=wijkkompas.conf.production",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = run_check(
        {"SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "wijkkompas.example.nl"}
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output


def test_production_refuses_to_start_without_secret_key():
    result = run_check({"ALLOWED_HOSTS": "wijkkompas.example.nl"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr

"""Local development and the demo (``make demo``): embedded SQLite under var/."""

import os

from .base import *  # noqa: F401,F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = (
    os.environ.get("SECRET_KEY") or "dev-only-insecure-key-not-for-production-use-0123456789"
)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
WIJKKOMPAS_DEMO = env_bool("WIJKKOMPAS_DEMO", True)
VAR_DIR.mkdir(parents=True, exist_ok=True)

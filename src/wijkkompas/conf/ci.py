"""CI: the test settings; PostgreSQL and browser tests are mandatory (CI=true)."""

from .test import *  # noqa: F401,F403

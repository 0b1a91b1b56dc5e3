from wijkkompas.teams.tests.conftest import world  # noqa: F401  (shared test world)

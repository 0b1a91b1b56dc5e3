"""The load test (``make load``, ``bin/run-load``): locust against the production set-up.

``prepare`` (Django) generates the data and the sessions; ``locustfile`` (Django-free) is
the mix of users; ``report`` (Django-free) writes the figures into ``var/bench.json``.
"""

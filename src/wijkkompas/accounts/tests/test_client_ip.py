from django.test import RequestFactory

from wijkkompas.accounts.client_ip import client_ip


def test_remote_addr_without_proxies(settings):
    settings.WIJKKOMPAS_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.1"


def test_forwarded_for_with_one_trusted_proxy(settings):
    settings.WIJKKOMPAS_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7"
    )
    assert client_ip(request) == "192.0.2.7"


def test_garbage_is_ignored(settings):
    settings.WIJKKOMPAS_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="nonsense")
    assert client_ip(request) == "10.0.0.1"

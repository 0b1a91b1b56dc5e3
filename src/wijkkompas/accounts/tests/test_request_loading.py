"""What every signed-in request loads before its view: the session, the user and the
second-factor device, each by a compiled query (``accounts.sessions``,
``accounts.backends``, ``accounts.middleware.OTPMiddleware``). The answers must be
Django's and django-otp's, case by case; only the way the query is made differs."""

import datetime as dt

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice

from wijkkompas.accounts.backends import ModelBackend
from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.middleware import OTPMiddleware
from wijkkompas.accounts.sessions import SessionStore
from wijkkompas.accounts.tests.factories import TOTPDeviceFactory, UserFactory
from wijkkompas.core import compiled

pytestmark = pytest.mark.django_db


def compiled_keys() -> set[object]:
    return {key for key, _alias, _args in compiled._cache}


# --- sessions ---------------------------------------------------------------------------


def _stored_session(**data):
    store = SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def _load_both(session_key):
    ours, django = SessionStore(session_key), DjangoSessionStore(session_key)
    return (ours.load(), ours.session_key), (django.load(), django.session_key)


def test_a_live_session_loads_as_with_django_and_by_a_compiled_query():
    compiled.clear()
    key = _stored_session(colour="blue", n=3)
    ours, django = _load_both(key)
    assert ours == django == ({"colour": "blue", "n": 3}, key)
    assert ("sessions.load", "sessions.Session") in compiled_keys()


@pytest.mark.parametrize(
    "expires",
    [dt.timedelta(seconds=-1), dt.timedelta(0), dt.timedelta(days=-30)],
    ids=["just-expired", "expires-now", "long-expired"],
)
def test_an_expired_session_is_missing_as_with_django(expires):
    key = _stored_session(colour="blue")
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + expires)
    ours, django = _load_both(key)
    assert ours == django == ({}, None)


def test_an_unknown_session_is_missing_as_with_django():
    _stored_session(colour="blue")
    ours, django = _load_both("x" * 32)
    assert ours == django == ({}, None)


def test_a_deleted_session_is_not_served_from_the_compiled_query():
    key = _stored_session(colour="blue")
    assert SessionStore(key).load() == {"colour": "blue"}
    SessionStore(key).delete()
    assert SessionStore(key).load() == {}


def test_logout_ends_the_session_for_the_next_request(login_client):
    client = login_client(UserFactory.create(role=Role.PROFESSIONAL))
    assert client.get(reverse("web:home")).status_code == 200
    cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies["sessionid"] = cookie
    response = replay.get(reverse("plans:worklist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- the user ---------------------------------------------------------------------------


def test_the_user_is_loaded_whole_and_by_a_compiled_query():
    compiled.clear()
    user = UserFactory.create(role=Role.TEAM_LEAD)
    loaded = ModelBackend().get_user(user.pk)
    expected = DjangoModelBackend().get_user(user.pk)
    assert loaded == expected == user
    for field in user._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert ("accounts.get_user", "accounts.User") in compiled_keys()


def test_an_inactive_or_missing_user_is_refused_as_by_django():
    inactive = UserFactory.create(role=Role.PROFESSIONAL, is_active=False)
    for user_id in (inactive.pk, inactive.pk + 10_000):
        assert ModelBackend().get_user(user_id) is None
        assert DjangoModelBackend().get_user(user_id) is None


def test_a_user_made_inactive_is_logged_out_on_the_next_request(login_client):
    user = UserFactory.create(role=Role.PROFESSIONAL)
    client = login_client(user)
    assert client.get(reverse("plans:worklist")).status_code == 200
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse("plans:worklist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_changed_password_ends_other_sessions(login_client):
    user = UserFactory.create(role=Role.PROFESSIONAL)
    client = login_client(user)
    assert client.get(reverse("plans:worklist")).status_code == 200
    user.set_password("een-heel-ander-wachtwoord-2026")
    user.save()
    response = client.get(reverse("plans:worklist"))
    assert response.status_code == 302


def test_the_session_names_our_backend_after_login(login_client):
    client = login_client(UserFactory.create(role=Role.PROFESSIONAL))
    session = client.session
    assert session[BACKEND_SESSION_KEY] == "wijkkompas.accounts.backends.ModelBackend"
    assert session[SESSION_KEY] and session[HASH_SESSION_KEY]


# --- the second-factor device -----------------------------------------------------------


def _verified_state(middleware_class, user, persistent_id):
    """What the middleware makes of a session holding ``persistent_id``: whether the user
    is verified, the device, and whether the session still names a device."""
    request = RequestFactory().get("/")
    store = SessionStore()
    if persistent_id is not None:
        store[DEVICE_ID_SESSION_KEY] = persistent_id
    request.session = store
    request.user = user
    middleware_class(lambda r: None)._verify_user_sync(request, user)
    return user.is_verified(), user.otp_device, DEVICE_ID_SESSION_KEY in store


def _cases():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    other = UserFactory.create(role=Role.PROFESSIONAL)
    own = TOTPDeviceFactory.create(user=user)
    foreign = TOTPDeviceFactory.create(user=other)
    unconfirmed = TOTPDeviceFactory.create(user=user, confirmed=False)
    static = StaticDevice.objects.create(user=user, name="codes", confirmed=True)
    deleted = TOTPDeviceFactory.create(user=user)
    deleted_id = deleted.persistent_id
    deleted.delete()
    return user, {
        "own": own.persistent_id,
        "own-legacy-path": f"django_otp.plugins.otp_totp.models.TOTPDevice/{own.pk}",
        "static": static.persistent_id,
        "foreign": foreign.persistent_id,
        "unconfirmed": unconfirmed.persistent_id,
        "deleted": deleted_id,
        "not-a-device": f"accounts.user/{user.pk}",
        "unknown-model": f"otp_totp.nothing/{own.pk}",
        "no-number": "otp_totp.totpdevice/abc",
        "no-slash": "otp_totp.totpdevice",
        "none": None,
    }


def test_the_device_is_judged_as_by_django_otp_case_by_case():
    compiled.clear()
    user, cases = _cases()
    verdicts = {}
    for name, persistent_id in cases.items():
        ours = _verified_state(OTPMiddleware, user, persistent_id)
        if name == "not-a-device":
            # django-otp 1.x fails here (``None.first()``); ours forgets the id.
            assert ours == (False, None, False)
        else:
            assert ours == _verified_state(DjangoOTPMiddleware, user, persistent_id), name
        verdicts[name] = ours[0]
    assert {name for name, verified in verdicts.items() if verified} == {
        "own",
        "own-legacy-path",
        "static",
    }
    assert ("otp.device", "otp_totp.TOTPDevice") in compiled_keys()


def test_a_device_removed_during_the_session_unverifies_the_next_request():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    device = TOTPDeviceFactory.create(user=user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.get(reverse("plans:worklist")).status_code == 200
    device.delete()
    response = client.get(reverse("plans:worklist"))
    assert response.status_code == 302
    assert DEVICE_ID_SESSION_KEY not in client.session

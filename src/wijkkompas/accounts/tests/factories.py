import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.models import User
from wijkkompas.areas.tests.factories import MunicipalityFactory


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    role = Role.PROFESSIONAL
    municipality = factory.SubFactory(MunicipalityFactory)
    password = factory.django.Password("correct-horse-battery-staple")

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if create and extracted:
            self.teams.set(extracted)


class TOTPDeviceFactory(factory.django.DjangoModelFactory[TOTPDevice]):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "default"
    confirmed = True


class DemoUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"demo-user{n}")
    is_demo = True


def demo_device(user: User) -> TOTPDevice:
    """A demo account's device with the public demo secret."""
    from wijkkompas.accounts.services import demo_device_ensure

    return demo_device_ensure(user=user)

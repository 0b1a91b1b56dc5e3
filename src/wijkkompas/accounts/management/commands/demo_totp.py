"""Print the current second-step codes of demo accounts (the documented way to pass 2FA
in the demo). Refuses every account that is not a demo account."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkkompas.accounts.services import demo_tokens
from wijkkompas.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Print the current 6-digit second-step (TOTP) codes of demo accounts. "
        "Without user names: all demo accounts. Refuses accounts that are not demo accounts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("usernames", nargs="*", metavar="username")

    def handle(self, *args: Any, usernames: list[str], **options: Any) -> None:
        try:
            rows = demo_tokens(usernames or None)
        except ApplicationError as error:
            raise CommandError(str(error.message)) from None
        if not rows:
            raise CommandError("No demo accounts with a second-step device. Load the demo first.")
        width = max(len(name) for name, _code, _left in rows)
        for name, code, left in rows:
            self.stdout.write(f"{name:<{width}}  {code}  (valid for {left} s)")

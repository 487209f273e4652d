"""Create an editor account: password asked twice on a terminal, else generated and shown once."""

import getpass
import secrets
import sys

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError

from events.editorial.editors import check_new_editor, create_editor

PASSWORD_ATTEMPTS = 3


class Command(BaseCommand):
    help = "Create a staff account in the Editors group."
    # Tests hand in their own stdin, as Django's createsuperuser allows.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--generate-password",
            action="store_true",
            help="Make a random password and print it once (the default without a terminal).",
        )

    def handle(self, *args, username, email, generate_password, **options):
        stdin = options.get("stdin", sys.stdin)
        try:
            check_new_editor(username, email)
            generate = generate_password or not stdin.isatty()
            password = secrets.token_urlsafe(16) if generate else self.ask_password(username, email)
            create_editor(username, email=email, password=password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Editor {username} created."))
        if generate:
            self.stdout.write(f"Password (shown only this once): {password}")

    def ask_password(self, username, email):
        for _attempt in range(PASSWORD_ATTEMPTS):
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ; try again.")
                continue
            try:
                check_new_editor(username, email, password)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return password
        raise CommandError("No acceptable password given.")

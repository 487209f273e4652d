"""Make sure someone can log in to the admin: create one superuser with a random password."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an admin login with a random password (printed once) unless one exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        users = get_user_model()
        existing = users.objects.filter(is_superuser=True).order_by("pk").first()
        if existing:
            self.stdout.write(
                f"Admin login exists: {existing.get_username()}. Forgot the password? "
                f"python manage.py changepassword {existing.get_username()}"
            )
            return
        password = secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS("Admin login created (shown only this once):"))
        self.stdout.write(f"  user: {username}\n  password: {password}")
        self.stdout.write("  at http://127.0.0.1:8000/admin/")

"""Editor accounts: staff users in the Editors group, which migration 0003 makes."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured

EDITORS_GROUP = "Editors"


def check_new_editor(username: str, email: str = "", password: str | None = None):
    """A valid, unsaved account for a new editor; ValidationError names what is wrong."""
    users = get_user_model()
    user = users(username=username, email=email, is_staff=True)
    user.full_clean(exclude=["password"])
    if password is not None:
        validate_password(password, user=user)
    return user


def create_editor(username: str, *, email: str = "", password: str):
    """Create a staff account that belongs to Editors, and nothing more."""
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is None:
        raise ImproperlyConfigured("The Editors group is missing: run `manage.py migrate`.")
    user = check_new_editor(username, email, password)
    user.set_password(password)
    user.save()
    user.groups.add(group)
    return user

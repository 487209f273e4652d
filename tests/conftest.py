"""Shared fixtures: an admin user and a logged-in admin client."""

import pytest


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser(username="editor", password="pw-editor-1")


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client

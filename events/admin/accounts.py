"""Django's own account pages, with the dates and times every other form here has.

An account's last sign-in and joining time are split date and time inputs that Django's
template writes with bare "Date:" and "Time:" text, which no screen reader ties to an input
(axe-core: unlabelled fields); here they are labelled and name their time zone.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models

from .date_widgets import ZonedSplitDateTime

User = get_user_model()


class AccountAdmin(UserAdmin):
    formfield_overrides = {
        **UserAdmin.formfield_overrides,
        models.DateTimeField: {"widget": ZonedSplitDateTime},
    }


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, AccountAdmin)

"""The event form's topics: an ordered list of names, picked with an autocomplete.

taggit's comma-separated box sorts the names it reads, so an event's topics lost the order
the editor gave them. Here the browser sends one value per topic in the order shown (the
admin's own select2, started by static/js/admin-topics.js, which asks the topics admin for
names with their counts and lets the editor type a new one).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.carriable import topic_name_problem
from newsroom.renderable import text_problem

from ..models import MOST_TOPICS, Topic

TOPIC_NAME_LIMIT = Topic._meta.get_field("name").max_length


class TopicAutocomplete(forms.SelectMultiple):
    """A multiple select holding the chosen names, turned into an autocomplete by script."""

    class Media:
        js = (
            "admin/js/vendor/jquery/jquery.min.js",
            "admin/js/vendor/select2/select2.full.min.js",
            "admin/js/jquery.init.js",
            "js/admin-topics.js",
        )
        css = {"screen": ("admin/css/vendor/select2/select2.min.css", "admin/css/autocomplete.css")}

    def get_context(self, name, value, attrs):
        # The only options are the chosen topics, in their order; the rest come by search.
        self.choices = [(topic, topic) for topic in value or []]
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "class": "topic-autocomplete",
                "data-autocomplete-url": reverse("admin:events_topic_autocomplete"),
                "data-placeholder": str(_("Type to find a topic, or a new name to add one")),
            }
        )
        return context


class OrderedTopicsField(forms.Field):
    """Topic names in the order given, each once; new names become new topics on save."""

    widget = TopicAutocomplete

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        names = []
        for raw in value:
            # Kept exactly as written (archive names hold no-break and zero-width spaces).
            name = str(raw)
            if name.strip() and name not in names:
                names.append(name)
        return names

    def validate(self, value):
        super().validate(value)
        if len(value) > MOST_TOPICS:
            raise ValidationError(
                _("An event has at most %(most)d topics."),
                code="too_many",
                params={"most": MOST_TOPICS},
            )
        too_long = [name for name in value if len(name) > TOPIC_NAME_LIMIT]
        if too_long:
            raise ValidationError(
                _("A topic name has at most %(limit)d characters."),
                code="too_long",
                params={"limit": TOPIC_NAME_LIMIT},
            )
        for name in value:
            if problem := text_problem(name) or topic_name_problem(name):
                raise ValidationError(
                    _("The topic %(name)s %(problem)s; remove it."),
                    code="unrenderable",
                    params={"name": ascii(name), "problem": problem},
                )

    def has_changed(self, initial, data):
        return list(initial or []) != self.to_python(data)

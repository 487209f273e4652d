"""Each write through the admin is one change (events.changes): a change form with its
inlines and topics, a delete, a bulk action. The write's saves are noted on it and it is
settled once, in the view's transaction."""

from contextlib import nullcontext

from ..changes import writing

WRITE_METHODS = {"POST"}


class WritesAsOneChange:
    def changeform_view(self, request, *args, **kwargs):
        with writing_if_posted(request):
            return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with writing_if_posted(request):
            return super().delete_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        with writing_if_posted(request):
            return super().changelist_view(request, *args, **kwargs)


def writing_if_posted(request):
    """A page that only reads opens no transaction of its own."""
    return writing() if request.method in WRITE_METHODS else nullcontext()

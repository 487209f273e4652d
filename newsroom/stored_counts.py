"""Models whose counts the database keeps (its triggers add the rows up): a save leaves them
alone."""


class KeepsStoredCounts:
    """A stored row's `stored_counts` fields are the database's: a save writes the other
    columns only, so an instance read before the counted rows changed (an editor's rename
    while an import or a link check changes them) cannot put back the counts it read."""

    stored_counts: tuple[str, ...] = ()

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None and kwargs.get("update_fields") is None:
            # Fields not loaded stay unwritten too, as a plain save leaves them.
            left = set(self.stored_counts) | self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in left
            ]
        return super().save(*args, **kwargs)

"""Models whose counts the database keeps (its triggers add the rows up): a save leaves them
alone."""


class KeepsStoredCounts:
    """A stored row's `stored_counts` fields are the database's: a save writes the other
    columns only, so an instance read before the counted rows changed (an editor's rename
    while an import or a link check changes them) cannot put back the counts it read."""

    stored_counts: tuple[str, ...] = ()

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.stored_counts
            ]
        return super().save(*args, **kwargs)

"""What a write changed, stated in one place, and everything derived from it.

Every write states what it changes on a `Change`:

    with writing() as change:
        change.events([event.pk])          # before writing to them
        ... write ...

Services (the admin's saves, the editorial actions, the importer, topic merges, restores)
open the block; single saves and deletes of the archive's models announce themselves through
Django's signals (`signals`), so a `save()` in a shell keeps pages fresh too. At the end of
the outermost block, still inside its transaction, the change is settled (`settle`): the
topics the changed links give and the topic rows that follow them, the events' last change
times, withdrawals, and the surrogate keys to purge after commit, all from that one record.
A raw `QuerySet.update()` states nothing and so derives nothing: what is public is still
decided at read time, but change times, counts' caches and purges stay as they were.
"""

from .record import Change, Run, active, writing

__all__ = ["Change", "Run", "active", "writing"]

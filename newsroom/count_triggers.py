"""Counts the database keeps with triggers (a topic's events, an outlet's sources, a day's
events): the same steps for each. A migration counts everything once and installs the
triggers; after SQLite rebuilds a table (it alters one by making it anew, and the table's
triggers go with the old one), they are put back and everything counted again."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connections


def statement_triggers(prefix: str, table: str) -> list[str]:
    """PostgreSQL: `<prefix>_after_insert`, `_after_delete` and `_after_update` on `table`,
    each calling `<prefix>_inserted()`, `_deleted()` or `_updated()` once a statement, with
    the rows it wrote as `new_rows` and `old_rows`."""
    return [
        f"""CREATE TRIGGER {prefix}_after_insert AFTER INSERT ON {table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
        EXECUTE FUNCTION {prefix}_inserted()""",
        f"""CREATE TRIGGER {prefix}_after_delete AFTER DELETE ON {table}
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
        EXECUTE FUNCTION {prefix}_deleted()""",
        f"""CREATE TRIGGER {prefix}_after_update AFTER UPDATE ON {table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
        EXECUTE FUNCTION {prefix}_updated()""",
    ]


def dropped(table: str, triggers: Iterable[str], functions: Iterable[str]) -> list[str]:
    """PostgreSQL: the statements that take the triggers on `table` and their functions away."""
    return [
        *(f"DROP TRIGGER IF EXISTS {name} ON {table}" for name in triggers),
        *(f"DROP FUNCTION IF EXISTS {name}()" for name in functions),
    ]


def has_column(cursor, connection, table: str, column: str) -> bool:
    return column in {
        description.name
        for description in connection.introspection.get_table_description(cursor, table)
    }


@dataclass(frozen=True)
class CountTriggers:
    """One kept count's triggers on each database, and how to count it all from scratch."""

    table: str  # the table the triggers are on
    sqlite: dict[str, str]  # each trigger's name and CREATE TRIGGER statement
    postgresql: list[str]  # its functions and triggers
    postgresql_remove: list[str]
    recount: Callable[[str], None]  # counts everything again, on the database of an alias
    # Whether the database is migrated far enough for the triggers (cursor, connection).
    migrated: Callable[..., bool]

    def install(self, schema_editor) -> None:
        """Counted first, the triggers after: none fires for the first count's writes. On
        PostgreSQL the table takes no writes meanwhile (a migration run while the site
        serves): a row written between the count and the triggers would never count."""
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(f"LOCK TABLE {self.table} IN SHARE ROW EXCLUSIVE MODE")
        self.recount(schema_editor.connection.alias)
        statements = {"postgresql": self.postgresql, "sqlite": list(self.sqlite.values())}
        for statement in statements.get(vendor, []):
            schema_editor.execute(statement)

    def remove(self, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            statements = self.postgresql_remove
        else:
            statements = [f"DROP TRIGGER IF EXISTS {name}" for name in self.sqlite]
        for statement in statements:
            schema_editor.execute(statement)

    def restore_sqlite_triggers(self, using: str = "default", **kwargs) -> bool:
        """Put back the triggers a table rebuild dropped, then count again. True when
        something was missing."""
        connection = connections[using]
        if connection.vendor != "sqlite":
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            found = {name for (name,) in cursor.fetchall()}
            if found >= set(self.sqlite) or not self.migrated(cursor, connection):
                return False  # whole, or not migrated that far yet
            self.recount(using)
            for name, statement in self.sqlite.items():
                if name not in found:
                    cursor.execute(statement)
        return True

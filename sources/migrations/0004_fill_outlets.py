"""Give every existing source its outlet, from the registrable domain of its address."""

from collections import defaultdict

from django.db import migrations

CHUNK = 5000


def fill_outlets(apps, schema_editor):
    from sources.domains import registrable_domain

    Source = apps.get_model("sources", "Source")
    Outlet = apps.get_model("sources", "Outlet")
    db = schema_editor.connection.alias
    sources = Source.objects.using(db).filter(outlet__isnull=True).order_by("pk")
    last_pk = 0
    while rows := list(sources.filter(pk__gt=last_pk).values_list("pk", "url")[:CHUNK]):
        last_pk = rows[-1][0]
        by_domain = defaultdict(list)
        for pk, url in rows:
            if domain := registrable_domain(url):
                by_domain[domain].append(pk)
        outlets = Outlet.objects.using(db)
        outlets.bulk_create(
            [Outlet(domain=domain) for domain in sorted(by_domain)], ignore_conflicts=True
        )
        ids = dict(outlets.filter(domain__in=by_domain).values_list("domain", "pk"))
        for domain, pks in by_domain.items():
            # Plain UPDATEs: historical models have no purging queryset, and no page shows
            # outlets before this release.
            Source.objects.using(db).filter(pk__in=pks).update(outlet_id=ids[domain])


class Migration(migrations.Migration):
    dependencies = [("sources", "0003_outlets_and_link_checks")]

    operations = [migrations.RunPython(fill_outlets, migrations.RunPython.noop, elidable=True)]

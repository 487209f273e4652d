"""What readers see: the public pages, feeds, sitemap and search.

views.py (one view a page) and urls.py; mixins.py (which events a request may see, the
date-view mixin, pagination); queries/ (the queries behind each page); feeds.py, sitemaps.py;
search/ (the query syntax, the full-text index, marking matches, facets) and filters.py;
structured_data.py (schema.org JSON-LD); old_addresses.py (the markdown archive's addresses,
redirected); converters.py (archive dates in URLs); jinja2.py (the templates' environment:
templates/jinja2/). Public means `Event.objects.published()`.
"""

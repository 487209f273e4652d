"""The HTTP cache in front of the site: Django renders and tells, Varnish caches and serves.

- `keys`: the surrogate keys, and the keys each page carries (what it shows); what a write
  purges is derived from what it changed, in events.changes.
- `headers`: the middleware that tells shared caches how long they may keep each response
  (`Cache-Control`, `xkey`), and Django's own ETags and 304s.
- `purge`: pending purges, recorded in the write's own transaction and sent after it commits
  to every cache in `NEWSROOM_PURGE_URLS`.

deploy/varnish/newsroom.vcl is the other half of the contract.
"""

"""The HTTP cache in front of the site: Django renders and tells, Varnish caches and serves.

- `keys`: the surrogate keys a page carries (what it shows) and the keys a write touches,
  side by side so the two cannot drift apart.
- `headers`: the middleware that tells shared caches how long they may keep each response
  (`Cache-Control`, `xkey`), and Django's own ETags and 304s.
- `purge`: pending purges, recorded in the write's own transaction and sent after it commits
  to every cache in `NEWSROOM_PURGE_URLS`.
- `signals`: the single-object writes that call for a purge.

deploy/varnish/newsroom.vcl is the other half of the contract.
"""

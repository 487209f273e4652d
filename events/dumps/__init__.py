"""Data dumps: every public event as JSON Lines and as CSV (gzip), with a manifest.

- `records`: the public events with their topics and sources, read in chunks (memory flat);
- `writer`: `write_dump(name)` streams them into gzip files, then puts the files, their
  manifest (counts, date, SHA-256) and the pointer to the latest dump into the `dumps` storage;
- `latest`: the latest dump's manifest, with its files' addresses, for the API.

The storage is Django's `dumps` storage (STORAGES in settings): a local folder by default, any
shared storage in production, so every server sees the same dumps and serves none of them:
their addresses are the storage's own (a file server or a bucket), never a view.
"""

"""One way of writing dates and times across the admin: ISO 8601 order, 24-hour clock.

Loaded through FORMAT_MODULE_PATH for the site's language (en-gb, and en as a fallback).
Day-first (01/12/2026) and month-first (12/01/2026) dates read alike and mean different days;
2026-12-01 cannot be misread, sorts as text and is what the archive's folders and the public
addresses use. Date-times are shown with their time zone, the site's (TIME_ZONE).
"""

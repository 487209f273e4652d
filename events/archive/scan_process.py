"""The archive scan's worker process: `python -m events.archive.scan_process`.

Django is set up before the worker's modules are imported: the parser reads the models'
field lengths (events.archive.limits). See events.archive.scan_worker.
"""

import django

django.setup()

from events.archive.scan_worker import serve  # noqa: E402 (the models need the setup above)

if __name__ == "__main__":
    serve()

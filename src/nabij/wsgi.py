import gc
import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.settings")
# A gunicorn gthread worker (as `make serve` runs them) has a thread for its connections beside the request
# thread(s). A thread coming back from the database (which releases the GIL) waits up to this interval for
# another that holds the GIL; while it holds SQLite's one write lock, every writer waits with it. 0.5 ms
# instead of Python's 5 ms keeps write transactions short under load (docs/one-tap.md, "Load").
sys.setswitchinterval(0.0005)
application = get_wsgi_application()

# Load the Dutch holiday calendar now, not in the first request that counts working days (about 0.2 s).
from nabij.core import clock  # noqa: E402  (needs the app registry that get_wsgi_application set up)

clock.is_working_day(clock.today())

# The objects loaded so far (Django, the URL conf, the models, the calendar: about 100,000) live as long as
# the worker. Frozen, the garbage collector no longer walks them in each full collection: a full collection
# took up to 67 ms per worker under load (every request waiting behind it), and about 10 ms after this.
gc.collect()
gc.freeze()

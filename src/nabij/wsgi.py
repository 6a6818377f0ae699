import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.settings")
# gunicorn's gthread workers run several requests per process. A thread coming back from the database
# (which releases the GIL) waits up to this interval for a thread that is rendering a page; while it
# holds SQLite's one write lock, every writer waits with it. 0.5 ms instead of Python's 5 ms keeps write
# transactions short under load (docs/one-tap.md, "Load").
sys.setswitchinterval(0.0005)
application = get_wsgi_application()

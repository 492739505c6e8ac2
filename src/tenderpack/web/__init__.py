"""The web page: `tenderpack serve`, where a buyer writes, checks, previews and builds a tender.

A thin room around the engine (DESIGN.md, "Web page as a thin room"): every page calls
``engine.py``, which loads and checks a spec exactly as the command line does; no
procurement logic lives here.

Why these pieces (the lead's decisions, kept here so the next reader knows):

- **Django 5.2 LTS.** Its CSRF middleware, the ALLOWED_HOSTS check of the Host header, the
  ORM with migrations on SQLite (now) and PostgreSQL (later, item 8), and its test client
  give the page the framework's own protections instead of hand-written ones. Django 6's
  built-in Content-Security-Policy needs Python 3.12 and we run 3.11, so **django-csp**
  sets the header (no inline script anywhere: govuk-frontend starts from external files).
- **huey** for builds: ``SqliteHuey`` in a file of the data folder is the embedded queue
  (no server to install); ``RedisHuey`` is the networked one that lets ``tenderpack worker``
  run on other machines.
- **waitress** serves the page: Django's own ``runserver`` is documented as not fit for
  anything but development; waitress is a pure-Python production WSGI server (no C
  extension, runs on Windows too), so ``pip install tenderpack`` is still all it takes.

Django is configured in code (``settings.configure``) from the data folder and options, and
only when ``serve`` or ``worker`` runs: importing tenderpack never imports Django.
"""

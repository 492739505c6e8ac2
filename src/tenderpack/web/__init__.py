"""The web page: `tenderpack serve`, where a buyer writes, checks, previews and builds a tender.

A thin room around the engine (DESIGN.md, "Web page as a thin room"): every page calls
``engine.py``, which loads and checks a spec exactly as the command line does; no
procurement logic lives here.

Why these pieces (the lead's decisions, kept here so the next reader knows):

- **Django 5.2 LTS.** Its CSRF middleware, the ALLOWED_HOSTS check of the Host header, the
  ORM with migrations on SQLite (the default, a file in the data folder) and PostgreSQL
  (``--database postgresql://…``, read into DATABASES by **dj-database-url**; the driver,
  psycopg, is the ``postgres`` extra), and its test client give the page the framework's own
  protections instead of hand-written ones. Django 6's
  built-in Content-Security-Policy needs Python 3.12 and we run 3.11, so **django-csp**
  sets the header (no inline script anywhere: govuk-frontend starts from external files).
- **huey** for builds: ``SqliteHuey`` in a file of the data folder is the embedded queue
  (no server to install); ``RedisHuey`` is the networked one that lets ``tenderpack worker``
  run on other machines. Workers elsewhere share the database (PostgreSQL) and the data
  folder too: the saved specs, the attached files and the built packs are files in it, named
  by ids relative to it, so each machine gives ``--data`` wherever the share is mounted.
- **ruamel.yaml** for saving a section: its round-trip mode writes the changed values into
  the buyer's own YAML, so their comments, order and quoting survive (PyYAML, which reads
  the spec, drops comments).
- **Brand-safe styles.** GOV.UK Frontend's CSS is compiled from its Sass (npm ``sass``, by
  scripts/vendor-govuk-frontend.sh) with Arial and without the crest: the GDS Transport font
  and the crown are for services on GOV.UK only, and this is a council's own tool.
- **waitress** serves the page: Django's own ``runserver`` is documented as not fit for
  anything but development; waitress is a pure-Python production WSGI server (no C
  extension, runs on Windows too), so ``pip install tenderpack`` is still all it takes.

Django is configured in code (``settings.configure``) from the data folder and options, and
only when ``serve`` or ``worker`` runs: importing tenderpack never imports Django.
"""

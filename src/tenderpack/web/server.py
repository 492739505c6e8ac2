"""`tenderpack serve` and `tenderpack worker`: Django configured, then waitress or huey's consumer.

``serve`` starts one ``tenderpack worker`` child process on the same data folder, so that one
command is enough: builds run there, in their own process (a build forks its render workers,
which is safest from a process without the web server's threads), and the page stays quick
while a pack is built. With a Redis queue and a PostgreSQL database, workers may run on other
machines instead; they must then share the data folder too (a network share, given to each as
--data wherever it is mounted there), because the saved specs, the attached files and the built
packs are files in it, named from ids relative to it.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

from ..errors import InputError
from ..limits import ATTACHMENT_MAX_BYTES
from .settings import LOCAL_HOSTS, Site, configure

# The environment variables of --queue and --database (tenderpack.cli names them too).
QUEUE_ENV = "TENDERPACK_QUEUE"
DATABASE_ENV = "TENDERPACK_DATABASE"


def serve(data: Path, host: str, port: int, hosts: tuple[str, ...], queue_url: str | None, worker: bool,
          echo=print, database_url: str | None = None) -> None:
    """Serve the page on ``host``:``port`` until interrupted."""
    import waitress

    if host not in LOCAL_HOSTS and host not in hosts:
        hosts = (*hosts, host)
    configure(Site(data, hosts=hosts, queue_url=queue_url, database_url=database_url))
    from django.core.wsgi import get_wsgi_application

    child = None
    if worker:
        # The addresses travel in the environment, not the command line, where any user of the
        # machine could read a password in them (ps).
        environment = {k: v for k, v in os.environ.items() if k not in (QUEUE_ENV, DATABASE_ENV)}
        environment.update({k: v for k, v in ((QUEUE_ENV, queue_url), (DATABASE_ENV, database_url)) if v})
        child = subprocess.Popen([sys.executable, "-m", "tenderpack", "worker", "--data", str(data)], env=environment)
    _stop_on_sigterm()
    shown = f"[{host}]" if ":" in host else host
    echo(f"tenderpack: http://{shown}:{port}/ (data in {data.resolve()}); press Ctrl-C to stop")
    try:
        # The upload cap holds at the server too: a request body larger than the largest file the
        # page takes (one attached file) and a form beside it is refused before Django reads it.
        waitress.serve(get_wsgi_application(), host=host, port=port, threads=4, ident="tenderpack",
                       max_request_body_size=ATTACHMENT_MAX_BYTES + 1024 * 1024, _quiet=True)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise InputError(f"--port {port}: another program already listens on {shown}:{port} (another "
                         "tenderpack serve?); stop it, or choose another port with --port") from None
    finally:
        if child is not None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


def _stop_on_sigterm() -> None:
    """SIGTERM stops the server as Ctrl-C does, so that the worker child is stopped too."""
    import signal

    from ..errors import Terminated

    def stop(signum, frame):
        raise Terminated()

    signal.signal(signal.SIGTERM, stop)


def work(data: Path, queue_url: str | None, workers: int = 1, database_url: str | None = None) -> None:
    """Take build jobs from the queue until interrupted."""
    configure(Site(data, queue_url=queue_url, database_url=database_url))
    from huey.consumer import Consumer

    from .jobs import queue

    Consumer(queue(), workers=workers, worker_type="thread").run()

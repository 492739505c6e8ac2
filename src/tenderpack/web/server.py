"""`tenderpack serve` and `tenderpack worker`: Django configured, then waitress or huey's consumer.

``serve`` starts one ``tenderpack worker`` child process on the same data folder, so that one
command is enough: builds run there, in their own process (a build forks its render workers,
which is safest from a process without the web server's threads), and the page stays quick
while a pack is built. With a Redis queue, workers may run on other machines instead.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..limits import SPEC_MAX_BYTES
from .settings import LOCAL_HOSTS, Site, configure


def serve(data: Path, host: str, port: int, hosts: tuple[str, ...], queue_url: str | None, worker: bool,
          echo=print) -> None:
    """Serve the page on ``host``:``port`` until interrupted."""
    import waitress

    if host not in LOCAL_HOSTS and host not in hosts:
        hosts = (*hosts, host)
    configure(Site(data, hosts=hosts, queue_url=queue_url))
    from django.core.wsgi import get_wsgi_application

    child = None
    if worker:
        command = [sys.executable, "-m", "tenderpack", "worker", "--data", str(data)]
        if queue_url:
            command += ["--queue", queue_url]
        child = subprocess.Popen(command)
    _stop_on_sigterm()
    shown = f"[{host}]" if ":" in host else host
    echo(f"tenderpack: http://{shown}:{port}/ (data in {data.resolve()}); press Ctrl-C to stop")
    try:
        # The upload cap holds at the server too: a larger request body is refused before Django reads it.
        waitress.serve(get_wsgi_application(), host=host, port=port, threads=4, ident="tenderpack",
                       max_request_body_size=SPEC_MAX_BYTES + 1024 * 1024, _quiet=True)
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


def work(data: Path, queue_url: str | None, workers: int = 1) -> None:
    """Take build jobs from the queue until interrupted."""
    configure(Site(data, queue_url=queue_url))
    from huey.consumer import Consumer

    from .jobs import queue

    Consumer(queue(), workers=workers, worker_type="thread").run()

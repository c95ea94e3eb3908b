"""``python -m geo replicas``: the app as several replicas behind HAProxy, in one command.

Uses the PostgreSQL database of ``PARTNERKAART_DB`` when it names one; otherwise a PostGIS cluster
of its own in ``--map`` (kept between runs, so the data stays). Then, as ``start``: the check of
settings, boundaries and store (once, before the replicas), the one-time setup link while the
store has no account, and the replicas and the proxy, until Ctrl-C or ``kill`` stops them all.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from geo import texts
from geo.config import DEFAULT_PORT, PROJECT_ROOT, load_settings


def register(commands) -> None:
    replicas = commands.add_parser("replicas", help="de app als meerdere replica's achter HAProxy, op één PostGIS-databank")
    replicas.add_argument("--aantal", type=int, default=2, help="aantal replica's (standaard 2)")
    replicas.add_argument("--poort", type=int, default=DEFAULT_PORT, help=f"poort van de proxy (standaard {DEFAULT_PORT})")
    replicas.add_argument("--adres", default="0.0.0.0", help="netwerkadres van de proxy (standaard 0.0.0.0)")
    replicas.add_argument("--map", default=str(PROJECT_ROOT / ".replicas"),
                          help="map voor de eigen PostGIS-databank, de logs en de proxyconfiguratie (standaard .replicas)")
    replicas.set_defaults(handler=replicas_command)


def replicas_command(args: argparse.Namespace) -> int:
    from geo.cli import check_before_start
    from geo.deployment.haproxy import ProxyUnavailable, haproxy_program
    from geo.deployment.postgres import PostgresUnavailable
    from geo.deployment.replicas import ReplicaFailed, local_database, start_replicas

    if not 1 <= args.aantal <= 16:
        print(texts.CLI_REPLICAS_AANTAL, file=sys.stderr)
        return 2
    folder = Path(args.map).resolve()
    try:
        haproxy_program()
        url, postgres = local_database(folder, load_settings().db)
    except (ProxyUnavailable, PostgresUnavailable) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    os.environ["PARTNERKAART_DB"] = url
    stop = _stop_on_signals()
    try:
        settings = load_settings()
        check_before_start(settings, args.poort)
        environment = {name: value for name, value in os.environ.items() if name.startswith("PARTNERKAART_")}
        running = start_replicas(args.aantal, args.poort, args.adres, folder, environment, settings.max_upload_mb,
                                 postgres=postgres)
        postgres = None  # stopped with the replicas from here on
    except (ProxyUnavailable, ReplicaFailed) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    finally:
        if postgres is not None:
            postgres.remove()
    print(texts.CLI_REPLICAS_KLAAR.format(url=running.url, aantal=args.aantal, map=folder), flush=True)
    try:
        while not stop and running.ended() is None:
            time.sleep(0.5)
        if stop:
            return 0
        print(texts.CLI_REPLICAS_GESTOPT.format(wat=running.ended(), logs=running.logs()), file=sys.stderr)
        return 1
    finally:
        running.stop()


def _stop_on_signals() -> list[int]:
    """A list that gets the number of SIGINT or SIGTERM when one arrives (so everything stops in order)."""
    received: list[int] = []
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda signum, frame: received.append(signum))
    return received

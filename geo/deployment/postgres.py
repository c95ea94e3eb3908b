"""A PostgreSQL 15 cluster with PostGIS in a folder of its own, on a local port.

Debian's ``postgresql-15`` and ``postgresql-15-postgis-3`` provide the programs; nothing
system-wide is started or changed. As root, ``initdb`` and the server run as the ``postgres``
user (``initdb`` refuses root). Used by ``python -m geo replicas`` (a lasting folder), by the
tests and by the benchmarks (a temporary one).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from geo.deployment.processes import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")


class PostgresUnavailable(RuntimeError):
    """PostgreSQL or PostGIS is missing, or a command of the cluster failed (the message says which)."""


class LocalPostgres:
    """A cluster in ``folder`` (a new temporary folder when None), initialised when it is new.

    ``port`` None picks a free one. :meth:`remove` stops it and deletes a temporary folder.
    """

    def __init__(self, folder: Path | None = None, port: int | None = None) -> None:
        for needed in (PG_BIN / "initdb", POSTGIS_CONTROL):
            if not needed.exists():
                raise PostgresUnavailable(
                    f"PostgreSQL 15 with PostGIS is needed ({needed} is missing): install the Debian packages "
                    "postgresql-15 and postgresql-15-postgis-3 (`make test` and `make run-replicas` do).")
        self.temporary = folder is None
        self.folder = Path(tempfile.mkdtemp(prefix="partnerkaart-pg-")) if folder is None else Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.data = self.folder / "data"
        self.port = port or free_port()
        self._as: list[str] = []
        if os.geteuid() == 0:
            user = "postgres" if _user_exists("postgres") else "nobody"
            shutil.chown(self.folder, user)
            self._as = ["runuser", "-u", user, "--"]
        if not (self.data / "PG_VERSION").exists():
            self._run(PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                      "--locale=C.UTF-8", *(["--no-sync"] if self.temporary else []))

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self, durable: bool = False) -> None:
        """Start the server on 127.0.0.1 only (its socket in the folder); ``durable`` keeps fsync on."""
        speed = "" if durable else " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200{speed}"
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "server.log", "-w", "start")

    def stop(self) -> None:
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def sql(self, *statements: str) -> None:
        for statement in statements:
            admin_sql(self.url("postgres"), statement)

    def ensure_database(self, name: str) -> str:
        """The URL of database ``name``, created when it does not exist yet."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
                conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def remove(self) -> None:
        """Stop the server; delete the folder when it was a temporary one."""
        if self.running():
            self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=False)
        if self.temporary:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, *command, check: bool = True) -> None:
        done = subprocess.run([*self._as, *map(str, command)], capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            log = self.folder / "server.log"
            server_log = log.read_text(errors="replace") if log.exists() else ""
            raise PostgresUnavailable(f"{command[0]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n"
                                      f"{server_log}")


def admin_sql(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True

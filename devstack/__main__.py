"""`make run`: start everything locally, print where it is, stop it all on Ctrl-C."""
from __future__ import annotations

import os
import secrets
import signal
import sys
from pathlib import Path

from .stack import Stack, StackConfig

DEV_ADVISOR = "advisor@defence-nrw.example"


def main() -> None:
    root = Path(os.environ.get("VAR_DIR", "var")).resolve()
    stack = Stack(StackConfig.from_environment(root))
    stop = False

    def request_stop(*_: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, request_stop)
    try:
        print("starting NATS, PostgreSQL and the SMTP sink ...", flush=True)
        stack.start_infrastructure()
        print("starting intake, advisory, assessment, notification (each runs its migrations) ...", flush=True)
        stack.start_services()
        password = os.environ.get("DEV_ADVISOR_PASSWORD") or secrets.token_urlsafe(12)
        stack.create_advisor(email=DEV_ADVISOR, name="Dev Advisor", role="lead", password=password)
        host, port = stack.smtp_address
        print(f"""
DEFENCE.NRW onboarding is running.
  intake        {stack.url('intake')}/            JSON API: POST {stack.url('intake')}/api/v1/enquiries
  advisory      {stack.url('advisory')}/api/v1/cases   (login: POST /api/v1/session)
  assessment    {stack.url('assessment')}/metrics
  notification  {stack.url('notification')}/metrics
  NATS          {stack.nats_url}
  PostgreSQL    {stack.database_url('intake').rsplit('/', 1)[0]}/<service>
  SMTP          {host}:{port}   mails stored in {stack.mail_dir if stack.smtp_sink else '(external server)'}
  logs          {stack.log_dir}

  dev advisor   {DEV_ADVISOR}   password: {password}

Press Ctrl-C to stop everything.""", flush=True)
        while not stop:
            signal.pause() if hasattr(signal, "pause") else None
    except KeyboardInterrupt:
        pass
    except Exception as exc:
        print(f"start failed: {exc}", file=sys.stderr, flush=True)
        _stop(stack)
        sys.exit(1)
    _stop(stack)
    print("stopped.", flush=True)


def _stop(stack: Stack) -> None:
    # A second Ctrl-C used to interrupt the stop half-way and leave servers running without their parent (seen:
    # three services, NATS and PostgreSQL still up). Each process gets at most 15 s before it is killed, so the
    # stop ends anyway; until then further Ctrl-C and SIGTERM are ignored.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    print("\nstopping everything (further Ctrl-C is ignored until it is done) ...", flush=True)
    stack.stop()


if __name__ == "__main__":
    main()

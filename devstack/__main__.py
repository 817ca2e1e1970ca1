"""`python -m devstack run` (the whole service locally) and `python -m devstack token`."""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

from .stack import LOCAL_TOKEN_SECRET, LocalStack


def run(port: int) -> int:
    stack = LocalStack(port=port)
    stopping = threading.Event()

    def stop(signum: int, frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        stack.start_aws()
        from .demo import seed

        ids = seed()
        stack.start_app()
        print(f"\nzapisy is running at {stack.url}  (AWS emulated by moto at {stack.moto.url})")
        print(f"  {len(ids)} demo events: {stack.url}/api/events")
        print(f"  sent e-mail:   {stack.url}/dev/outbox")
        print("  organizer token: make token   ·   stop: Ctrl-C\n", flush=True)
        parent = os.getppid()
        # Stop on Ctrl-C or SIGTERM, when the app dies, or when whoever started us (make) is gone.
        while not stopping.is_set() and stack.process and stack.process.poll() is None \
                and os.getppid() == parent:
            stopping.wait(0.5)
    finally:
        stack.stop()
    return 0


def token() -> int:
    os.environ.setdefault("TOKEN_SECRET", LOCAL_TOKEN_SECRET)
    os.environ["STAGE"] = "local"  # the token is for the local stack, whatever stage this shell names
    from chalicelib.auth import Organizer, issue_organizer_token

    admin = Organizer("local-admin", "admin@zapisy.example.org", "admin", ("re-turn", "epi"))
    print(issue_organizer_token(admin, ttl_seconds=12 * 3600))
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="devstack")
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run")
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    sub.add_parser("token")
    args = parser.parse_args(argv)
    return run(args.port) if args.command == "run" else token()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

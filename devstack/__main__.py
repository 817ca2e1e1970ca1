"""`python -m devstack run` (the whole service locally) and `python -m devstack token`."""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time

from .demo_directory import HOST as DEMO_HOST
from .stack import LOCAL_TOKEN_SECRET, LocalStack

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


def _caught_signals(pid: int) -> int:
    """The signals a process handles (Linux: SigCgt in /proc); 0 where that cannot be read."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1], 16) for line in status if line.startswith("SigCgt:")), 0)
    except OSError:
        return 0


class StopRequest:
    """Whether `make run` should stop: a stop signal came, or make is gone or is stopping itself.

    The handler only appends to a list. A Python signal handler runs in the main thread between
    any two bytecodes, even inside another handler; one that took a lock (`Event.set` does) hung
    for ever when SIGTERM to make's process group arrived twice (once from the kill, once passed
    on by make) and the second handler waited for the lock held by the first.

    GNU make passes SIGTERM on to its recipe, but not SIGINT, SIGHUP or SIGQUIT: it expects the
    terminal to have sent those to the whole group. Either way it then waits for the recipe to end,
    so one of those sent to make alone would leave both waiting. Make resets a signal to its
    default action as it begins to handle it, so the signal leaves the caught signals of the
    parent: that is read as a stop too.
    """

    def __init__(self) -> None:
        self.signals: list[int] = []
        self.parent = os.getppid()
        self.parent_catches = _caught_signals(self.parent) & sum(1 << (s - 1) for s in STOP_SIGNALS)
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._received)

    def _received(self, signum: int, frame: object) -> None:
        self.signals.append(signum)

    def __call__(self) -> bool:
        if self.signals or os.getppid() != self.parent:
            return True
        return bool(self.parent_catches and self.parent_catches & ~_caught_signals(self.parent))


def run(port: int) -> int:
    """The whole service until a stop (0) or until the app ends by itself (1); then all of it stops."""
    stop = StopRequest()
    stack = LocalStack(port=port, extra_env={"SITE_INSTITUTION": DEMO_HOST})
    try:
        stack.start_aws()
        from .demo import seed

        ids = seed()
        if stop() or not stack.start_app(stopped=stop):
            return 0
        print(f"\nzapisy is running at {stack.url}  (AWS emulated by moto at {stack.moto.url})")
        print(f"  {len(ids)} demo events: {stack.url}/api/events")
        print(f"  sent e-mail:   {stack.url}/dev/outbox")
        print("  organizer token: make token   ·   stop: Ctrl-C\n", flush=True)
        while not stop():
            if stack.process is None or stack.process.poll() is not None:
                print("the app ended by itself; stopping", file=sys.stderr)
                return 1
            time.sleep(0.2)
        return 0
    finally:
        stack.stop()


DEMO_PROJECTS = ("re-turn", "epi")  # the demo events' projects


class BadChoice(ValueError):
    """A ROLE= or PROJECTS= that names no role or project: said plainly, no token printed."""


def token_holder(role: str = "", projects: str = "") -> tuple[str, tuple[str, ...]]:
    """The role and projects `make token ROLE=... PROJECTS=a,b` asks for (admin of the demo projects
    when not given)."""
    from chalicelib import auth
    from chalicelib.fields import SLUG

    role = role.strip() or "admin"
    if role not in auth.ROLES:
        raise BadChoice(f"ROLE={role!r} is not a role: use ROLE=admin or ROLE=organizer")
    names = [name.strip() for name in projects.split(",")] if projects.strip() else list(DEMO_PROJECTS)
    wrong = [name for name in names if name and not SLUG.match(name)]
    if wrong:
        raise BadChoice(f"PROJECTS: {', '.join(map(repr, wrong))} is not a project id (lowercase letters, "
                        "digits, - or _; several separated by commas, e.g. PROJECTS=re-turn,epi)")
    chosen = tuple(dict.fromkeys(name for name in names if name))
    if not chosen and role == "organizer":
        raise BadChoice("an organizer needs a project: e.g. PROJECTS=re-turn,epi")
    return role, chosen


def token(role: str = "", projects: str = "") -> int:
    """Print a 12-hour bearer token for the local stack (stdout: the token alone, for TOKEN=$(make -s token))."""
    os.environ.setdefault("TOKEN_SECRET", LOCAL_TOKEN_SECRET)
    os.environ["STAGE"] = "local"  # the token is for the local stack, whatever stage this shell names
    from chalicelib.auth import Organizer, issue_organizer_token

    try:
        role, chosen = token_holder(role, projects)
    except BadChoice as problem:
        print(f"make token: {problem}", file=sys.stderr)
        return 2
    holder = Organizer(f"local-{role}", f"{role}@zapisy.example.org", role, chosen)
    print(issue_organizer_token(holder, ttl_seconds=12 * 3600))
    print(f"a token for an {role} of {', '.join(chosen) or 'no project'}, valid 12 hours", file=sys.stderr)
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="devstack")
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run")
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    token_parser = sub.add_parser("token")
    token_parser.add_argument("--role", default="", help="admin (the default) or organizer")
    token_parser.add_argument("--projects", default="", help="comma-separated project ids (default re-turn,epi)")
    args = parser.parse_args(argv)
    return run(args.port) if args.command == "run" else token(args.role, args.projects)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

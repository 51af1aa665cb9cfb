"""One desktop notification, for ``board due --notify`` (from cron or a
systemd timer).

Two ways to show it, the first that works: the ``desktop-notifier`` library
(the optional extra ``board[notify]``: D-Bus on Linux, the Notification
Center on macOS, toasts on Windows), then ``notify-send`` (libnotify) where
it is on the PATH.  When neither can, :class:`NotifyError` says so.
"""

from __future__ import annotations

import html
import logging
import shutil
import subprocess


class NotifyError(Exception):
    """No notification could be shown; the message says why."""


def _desktop_notifier(title: str, body: str) -> str | None:
    """Send through desktop-notifier; None if sent, else why not."""
    try:
        from desktop_notifier import DesktopNotifierSync
    except ImportError:
        return "desktop-notifier is not installed (pip install 'board[notify]')"
    # It logs a failure (with a traceback) rather than raising it: the log is
    # kept quiet, and a notification counts as shown only once it says so
    # (``on_dispatched``, called as the notification server takes it).
    logging.getLogger("desktop_notifier").setLevel(logging.CRITICAL)
    shown: list[bool] = []
    try:
        DesktopNotifierSync(app_name="board").send(
            title=title, message=body, on_dispatched=lambda: shown.append(True))
    except Exception as exc:  # (a backend that raises after all)
        return f"desktop-notifier could not show it ({type(exc).__name__})"
    if not shown:
        return ("desktop-notifier could not show it (no notification service: is there a "
                "desktop session, and DBUS_SESSION_BUS_ADDRESS for cron?)")
    return None


def _notify_send(title: str, body: str) -> str | None:
    exe = shutil.which("notify-send")
    if exe is None:
        return "notify-send is not on the PATH"
    try:
        # (the body is markup to most notification servers: escaped, it shows as text)
        done = subprocess.run([exe, "--", title, html.escape(body, quote=False)],
                              capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"notify-send failed ({type(exc).__name__})"
    if done.returncode != 0:
        return f"notify-send failed (exit {done.returncode})"
    return None


def notify(title: str, body: str) -> str:
    """Show one notification; the name of what showed it.  NotifyError
    (saying what was tried) when nothing could."""
    reasons = []
    for name, send in (("desktop-notifier", _desktop_notifier), ("notify-send", _notify_send)):
        why = send(title, body)
        if why is None:
            return name
        reasons.append(why)
    raise NotifyError("no desktop notification could be shown: " + "; ".join(reasons))

"""Admin sign-in for the web app: constant-time credential checks, server-side sessions, sign-in slow-down.

The same ``AdminAuth`` serves the JSON API (signed HttpOnly cookie or HTTP Basic) and the Gradio admin
tab (a session token held in server-side ``gr.State``), so both surfaces share one session store and
one slow-down. The signing secret is random per process: restarting the app signs everyone out.

The slow-down has two keys. Per client address (the direct peer, or the address a configured proxy
reports; see ``assistant.web_security``): strict, up to 15 minutes. Per user name, across addresses, so
that guessing from many addresses is slowed too: the same doubling but capped at 60 s, and an address
that signed in successfully in the last session lifetime is exempt from it. So a stranger can lock out
only their own address, never the admin's known one, and a new admin address for at most a minute.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .config import Settings

COOKIE_NAME = "aidf_admin"
SESSION_TTL_S = 8 * 3600


class SignInFailed(PermissionError):
    """Wrong credentials. ``retry_after`` is set when this failure started a wait for the next attempt."""

    def __init__(self, retry_after: int | None = None):
        super().__init__("wrong user name or password")
        self.retry_after = retry_after


class TooManyAttempts(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"too many failed sign-ins; try again in {retry_after} s")
        self.retry_after = retry_after


@dataclass
class _Failures:
    times: list[float] = field(default_factory=list)
    locked_until: float = 0.0


class LoginThrottle:
    """Per client IP: after ``free_attempts`` failures within ``window_s``, each further attempt waits.

    The wait doubles with every failure past the free ones (5 s, 10 s, 20 s, ... capped at 15 minutes)
    and attempts made while locked are refused without looking at the credentials, so guessing speed
    is bounded whatever the client does. A successful sign-in clears the address.
    """

    def __init__(self, free_attempts: int = 3, window_s: float = 300.0, base_delay_s: float = 5.0,
                 max_delay_s: float = 900.0, clock: Callable[[], float] = time.monotonic, max_clients: int = 10_000):
        self.free_attempts = free_attempts
        self.window_s = window_s
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self.clock = clock
        self.max_clients = max_clients
        self._lock = threading.Lock()
        self._clients: dict[str, _Failures] = {}

    def check(self, client: str) -> None:
        """Raise ``TooManyAttempts`` while this client must wait."""
        now = self.clock()
        with self._lock:
            entry = self._clients.get(client)
            if entry and entry.locked_until > now:
                raise TooManyAttempts(max(1, math.ceil(entry.locked_until - now)))

    def failure(self, client: str) -> int | None:
        """Record a failed sign-in; returns the wait in seconds now imposed, if any."""
        now = self.clock()
        with self._lock:
            if len(self._clients) >= self.max_clients:
                self._prune(now)
            entry = self._clients.setdefault(client, _Failures())
            entry.times = [t for t in entry.times if now - t < self.window_s] + [now]
            excess = len(entry.times) - self.free_attempts
            if excess < 0:
                return None
            delay = min(self.max_delay_s, self.base_delay_s * (2**excess))
            entry.locked_until = now + delay
            return math.ceil(delay)

    def success(self, client: str) -> None:
        with self._lock:
            self._clients.pop(client, None)

    def _prune(self, now: float) -> None:
        stale = [c for c, e in self._clients.items() if e.locked_until <= now and all(now - t >= self.window_s for t in e.times)]
        for client in stale:
            del self._clients[client]
        if len(self._clients) >= self.max_clients:  # still full: drop the oldest entries
            for client in sorted(self._clients, key=lambda c: max(self._clients[c].times or [0]))[: self.max_clients // 10]:
                del self._clients[client]


class AdminAuth:
    def __init__(self, settings: Settings, throttle: LoginThrottle | None = None, clock: Callable[[], float] = time.time,
                 user_throttle: LoginThrottle | None = None):
        self.enabled = settings.admin_enabled
        self._user = (settings.admin_user or "").encode()
        self._password = (settings.admin_password.get_secret_value() if settings.admin_password else "").encode()
        self._secret = secrets.token_bytes(32)  # per process: sessions do not survive a restart
        self._sessions: dict[str, float] = {}  # token -> expiry (epoch seconds)
        self._lock = threading.Lock()
        self.throttle = throttle or LoginThrottle()
        self.user_throttle = user_throttle or LoginThrottle(free_attempts=10, base_delay_s=1.0, max_delay_s=60.0)
        self._known_clients: dict[str, float] = {}  # address -> last successful sign-in (epoch seconds)
        self.clock = clock

    # --- credentials -------------------------------------------------------------------------------
    def credentials_ok(self, user, password) -> bool:
        if not self.enabled or not isinstance(user, str) or not isinstance(password, str):
            return False
        # Both comparisons always run (no short-circuit), each in constant time.
        user_ok = hmac.compare_digest(user.encode(), self._user)
        password_ok = hmac.compare_digest(password.encode(), self._password)
        return user_ok & password_ok

    def sign_in(self, user, password, client: str) -> str:
        """A new session token; ``TooManyAttempts`` while this client (or this user name, from an address
        not known to the admin) must wait, without looking at the credentials; ``SignInFailed`` for wrong
        ones. Never logs the inputs."""
        self._check(user, client)
        if not self.credentials_ok(user, password):
            raise SignInFailed(self._failure(user, client))
        self._success(user, client)
        return self.new_session()

    def basic_ok(self, header: str | None, client: str) -> bool:
        """``Authorization: Basic ...`` with the admin credentials (for scripts). Failures count like sign-ins."""
        if not header or not header[:6].lower() == "basic ":
            return False
        try:
            user, _, password = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            user, password = "", ""
        self._check(user, client)
        if self.credentials_ok(user, password):
            self._success(user, client)
            return True
        self._failure(user, client)
        return False

    def _user_key(self, user) -> str:
        return "user:" + (user if isinstance(user, str) else "")[:256]

    def _known(self, client: str) -> bool:
        with self._lock:
            seen = self._known_clients.get(client)
        return seen is not None and self.clock() - seen < SESSION_TTL_S

    def _check(self, user, client: str) -> None:
        self.throttle.check(client)
        if not self._known(client):
            self.user_throttle.check(self._user_key(user))

    def _failure(self, user, client: str) -> int | None:
        waits = [self.throttle.failure(client), self.user_throttle.failure(self._user_key(user))]
        return max((w for w in waits if w), default=None)

    def _success(self, user, client: str) -> None:
        self.throttle.success(client)
        self.user_throttle.success(self._user_key(user))
        with self._lock:
            if len(self._known_clients) >= 1000:
                self._known_clients.pop(min(self._known_clients, key=self._known_clients.__getitem__))
            self._known_clients[client] = self.clock()

    # --- sessions ----------------------------------------------------------------------------------
    def new_session(self) -> str:
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self._lock:
            self._sessions = {t: exp for t, exp in self._sessions.items() if exp > now}
            self._sessions[token] = now + SESSION_TTL_S
        return token

    def session_valid(self, token) -> bool:
        if not self.enabled or not isinstance(token, str) or not token:
            return False
        with self._lock:
            expiry = self._sessions.get(token)
        return expiry is not None and expiry > self.clock()

    def end_session(self, token) -> None:
        if isinstance(token, str):
            with self._lock:
                self._sessions.pop(token, None)

    # --- cookies -----------------------------------------------------------------------------------
    def _sign(self, token: str) -> str:
        return hmac.new(self._secret, token.encode(), hashlib.sha256).hexdigest()

    def cookie_value(self, token: str) -> str:
        return f"{token}.{self._sign(token)}"

    def token_from_cookie(self, value: str | None) -> str | None:
        """The session token of a cookie whose signature checks out and whose session is live."""
        if not value or "." not in value:
            return None
        token, _, signature = value.rpartition(".")
        if not hmac.compare_digest(signature.encode(), self._sign(token).encode()):
            return None
        return token if self.session_valid(token) else None

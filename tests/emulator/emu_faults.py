"""Injected faults: random errors, dropped connections, latency, rate limits.

Faults apply to AWS calls only, never to the control endpoint.  With a fixed
random seed and one client sending requests one after another, the sequence
of faults is the same on every run.
"""

import collections
import random
import threading
import time

# Names shared by the command-line flags (with dashes) and the control
# endpoint's JSON body (with underscores).
SETTINGS = {
    "throttle_rate": float,
    "error_500_rate": float,
    "error_503_rate": float,
    "drop_rate": float,
    "latency_ms": int,
    "jitter_ms": int,
    "account_rate_limit": int,
    "random_seed": int,
}

# What a request gets instead of its normal response.
DROP = "drop"
THROTTLE = "throttle"
ERROR_500 = "error-500"
ERROR_503 = "error-503"


class Faults:
    def __init__(self):
        self._lock = threading.Lock()
        self._recent = collections.defaultdict(collections.deque)
        self.configure({}, replace=True)

    def configure(self, settings, replace=False):
        """Apply settings (a dict of SETTINGS names); raise ValueError."""
        values = {}
        for name, value in settings.items():
            if name not in SETTINGS:
                raise ValueError("unknown fault setting %r; use one of %s"
                                 % (name, ", ".join(SETTINGS)))
            if value is None and name == "random_seed":
                values[name] = None
                continue
            converted = SETTINGS[name](value)
            if name.endswith("_rate") and not 0.0 <= converted <= 1.0:
                raise ValueError("%s must be between 0 and 1, not %r"
                                 % (name, value))
            if converted < 0:
                raise ValueError("%s must not be negative, not %r"
                                 % (name, value))
            values[name] = converted
        with self._lock:
            if replace:
                self.throttle_rate = 0.0
                self.error_500_rate = 0.0
                self.error_503_rate = 0.0
                self.drop_rate = 0.0
                self.latency_ms = 0
                self.jitter_ms = 0
                self.account_rate_limit = 0
                self.random_seed = None
            for name, value in values.items():
                setattr(self, name, value)
            self._random = random.Random(self.random_seed)
            self._recent.clear()

    def dump(self):
        with self._lock:
            return {name: getattr(self, name) for name in SETTINGS}

    def delay_seconds(self):
        """Return the added latency for one request, in seconds."""
        with self._lock:
            if not self.latency_ms and not self.jitter_ms:
                return 0.0
            jitter = self._random.uniform(0, self.jitter_ms)
            return (self.latency_ms + jitter) / 1000.0

    def draw(self):
        """Return DROP, ERROR_503, ERROR_500, THROTTLE or None."""
        with self._lock:
            # One draw per setting, always in the same order, so that
            # changing one rate does not shift the others' sequences.
            draws = [(DROP, self.drop_rate),
                     (ERROR_503, self.error_503_rate),
                     (ERROR_500, self.error_500_rate),
                     (THROTTLE, self.throttle_rate)]
            outcome = None
            for fault, rate in draws:
                if self._random.random() < rate and outcome is None:
                    outcome = fault
            return outcome

    def over_account_limit(self, account_id):
        """Count one request of account_id; True if it exceeds the limit.

        The limit is a sliding window of one second.  Rejected requests are
        not counted, so a client that backs off gets through again.
        """
        with self._lock:
            if not self.account_rate_limit:
                return False
            now = time.monotonic()
            recent = self._recent[account_id]
            while recent and now - recent[0] >= 1.0:
                recent.popleft()
            if len(recent) >= self.account_rate_limit:
                return True
            recent.append(now)
            return False

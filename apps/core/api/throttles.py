"""How often an anonymous client may read the API.

DRF's ``AnonRateThrottle`` keeps, per client, the time of every request of the last period in
one cache value, which it reads and writes whole on every request. At the default 600 a
minute that is cheap; a deployment that raises ``API_ANON_RATE`` for the services that read
it heavily pays for it on each request (at 15,000 requests in the minute, about a third of a
millisecond of the request's CPU). ``AnonWindowThrottle`` counts instead: one cache
increment per request, whatever the rate.
"""

from __future__ import annotations

from rest_framework.throttling import AnonRateThrottle


class AnonWindowThrottle(AnonRateThrottle):
    """At most the rate's number of requests per client in each period, counted in fixed
    windows of the period (a minute for ``600/minute``): a client may spend one window's
    allowance at its end and the next one's at the start of the next. A refused request is
    told to retry when its window ends (``Retry-After``)."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        key = f"{self.key}:{window}"
        if self.cache.add(key, 1, self.duration + 1):
            return True
        try:
            count = self.cache.incr(key)
        except ValueError:  # the window's count expired between the two calls
            self.cache.add(key, 1, self.duration + 1)
            count = 1
        return count <= self.num_requests

    def wait(self):
        return max(0.0, self.window_end - self.now)

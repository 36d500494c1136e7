"""Login rules enforced on every request of a logged-in user (see docs/security.md).

- A session unused for BANTIN_IDLE_SECONDS ends here, on the server, whatever the browser
  does; background pings (BANTIN_IDLE_IGNORED_PATHS) do not count as use.
- A session older than the user's last "logout everywhere" or factor reset ends.
- Anyone who can open the admin must have passed a second factor before any admin page:
  without a factor they are sent to enrolment, with one to the verification step.
"""

import time
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from . import factors, sessions

ADMIN_PREFIX = "/quan-tri/"
# Admin paths an unverified user may reach: login/logout and the second-factor pages.
OPEN_ADMIN_PATHS = (
    "/quan-tri/login/", "/quan-tri/logout/", "/quan-tri/xac-thuc/", "/quan-tri/jsi18n/",
    "/quan-tri/sprite",  # the icon sprite, fetched by every admin page, the login too
)


class AccountSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            if sessions.is_idle(request, now) or sessions.is_stale(request):
                logout(request)
            else:
                if sessions.counts_as_use(request):
                    request.session[sessions.LAST_SEEN_KEY] = int(now)
                response = self._second_factor(request)
                if response is not None:
                    return response
        return self.get_response(request)

    def _second_factor(self, request):
        path = request.path
        if not path.startswith(ADMIN_PREFIX) or path.startswith(OPEN_ADMIN_PATHS):
            return None
        user = request.user
        if not factors.needs_second_factor(user) or user.is_verified():
            return None
        target = "bantin_accounts:verify" if factors.has_factor(user) else "bantin_accounts:enrol"
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(target)}?{query}")

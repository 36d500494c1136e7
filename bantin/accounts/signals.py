from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import sessions


@receiver(user_logged_in, dispatch_uid="bantin_accounts_mark_login")
def mark_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        sessions.mark_login(request, user)

from django.conf import settings


def portal(request):
    """Idle-session timings for the warning shown to logged-in users."""
    return {
        "idle_seconds": settings.BANTIN_IDLE_SECONDS,
        "idle_warning_seconds": settings.BANTIN_IDLE_WARNING_SECONDS,
    }

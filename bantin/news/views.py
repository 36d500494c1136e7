from django.shortcuts import get_object_or_404, redirect

from bantin.audience import counting
from bantin.audience.bots import is_bot

from .models import Banner


def banner_click(request, pk: int):
    """Count a click on a banner, then send the visitor on to its address."""
    banner = get_object_or_404(Banner, pk=pk, active=True)
    if not is_bot(request.headers.get("User-Agent")):
        counting.record(counting.BANNER_CLICK, banner.pk)
    return redirect(banner.url)

"""django-axes hooks: the client's real address behind nginx and the lockout page."""

import ipaddress

from django.shortcuts import render

from bantin.interaction.spam import client_address

LOCKOUT_MESSAGE = ("Đăng nhập tạm thời bị khóa do nhập sai nhiều lần. Vui lòng thử lại sau "
                   "30 phút hoặc liên hệ quản trị viên.")


def client_ip(request) -> str | None:
    """The same trusted-proxy rule as the public forms (bantin.interaction.spam)."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def lockout_response(request, credentials=None, *args, **kwargs):
    """One page for every locked attempt: it names no account and reads the same whether
    the account exists or not."""
    return render(request, "accounts/lockout.html", {"message": LOCKOUT_MESSAGE}, status=429)

"""django-otp-webauthn for a portal served under many host names (the hub and each unit):
a passkey belongs to the host name the admin was opened on."""

from django.http.request import split_domain_port
from django_otp_webauthn.helpers import WebAuthnHelper


def relying_party_id(request) -> str:
    # get_host() is checked against ALLOWED_HOSTS; the browser checks the rest.
    return split_domain_port(request.get_host())[0]


class SiteWebAuthnHelper(WebAuthnHelper):
    def get_allowed_origins(self) -> list[str]:
        origin = f"{self.request.scheme}://{self.request.get_host()}"
        return [*super().get_allowed_origins(), origin]

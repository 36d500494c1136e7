"""django-otp-webauthn for a portal served under many host names (the hub and each unit):
a passkey belongs to the host name the admin was opened on."""

from django_otp_webauthn.helpers import WebAuthnHelper


def relying_party_id(request) -> str:
    # get_host() is checked against ALLOWED_HOSTS; the browser checks the rest.
    return request.get_host().rsplit(":", 1)[0] if "]" not in request.get_host() \
        else request.get_host()


class SiteWebAuthnHelper(WebAuthnHelper):
    def get_allowed_origins(self) -> list[str]:
        origin = f"{self.request.scheme}://{self.request.get_host()}"
        return [*super().get_allowed_origins(), origin]

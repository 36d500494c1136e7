"""Who is voting (or answering a survey): one vote per visitor, not by cookie alone.

Each vote keeps three salted hashes (`interaction.spam.salted_hash`): of the address, of
the visitor cookie and of the address together with the browser's User-Agent. A second
vote in the same poll is refused when the visitor cookie *or* the address+browser pair
has voted already: clearing cookies changes the first but not the second, switching to
another browser on a phone changes the second but not the first (unless cookies are also
cleared -- the limit of what can be told without asking who people are).

The bare address alone is not enough to refuse: many citizens share one address (a
mobile carrier's NAT, a commune office's connection). A bounded number of votes per
address and poll (`BANTIN_POLL_VOTES_PER_ADDRESS`, 30) lets a household or an office
vote while keeping a single machine that rotates User-Agents and cookies from stuffing
the poll beyond that bound.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from bantin.audience.bots import is_bot
from bantin.audience.visitors import visitor_id
from bantin.interaction import spam

ALREADY_VOTED = "Bạn đã bình chọn trong cuộc thăm dò này rồi. Mỗi người chỉ được bình chọn một lần."
ALREADY_ANSWERED = "Bạn đã trả lời khảo sát này rồi. Mỗi người chỉ được gửi một phiếu."
ADDRESS_FULL = ("Địa chỉ mạng bạn đang dùng đã đạt số phiếu tối đa cho cuộc thăm dò này. "
                "Vui lòng thử lại từ một kết nối khác.")
TOO_MANY = "Bạn gửi quá nhiều trong thời gian ngắn. Vui lòng đợi vài phút rồi thử lại."
CROSS_SITE = "Yêu cầu không hợp lệ: biểu mẫu phải được gửi từ chính trang này."


@dataclass(frozen=True)
class Sender:
    ip_hash: str
    visitor_hash: str
    agent_hash: str
    visitor: str  # the cookie's value, to set it when it was just made
    new_visitor: bool
    bot: bool

    @classmethod
    def of(cls, request) -> Sender:
        vid, is_new = visitor_id(request)
        agent = request.headers.get("User-Agent", "")[:300]
        address = spam.client_address(request)
        return cls(
            ip_hash=spam.ip_hash(request),
            # A cookie made just now identifies nobody yet: nothing to compare.
            visitor_hash="" if is_new else spam.visitor_hash(vid),
            agent_hash=spam.salted_hash(f"agent:{address}\n{agent}"),
            visitor=vid, new_visitor=is_new, bot=is_bot(agent),
        )

    def hashes(self) -> dict:
        # A vote made with a fresh cookie is stored with that cookie's hash: the cookie
        # is set by the answer, so the next vote from this browser carries it.
        return {"ip_hash": self.ip_hash, "visitor_hash": spam.visitor_hash(self.visitor),
                "agent_hash": self.agent_hash}

    def seen_in(self, records) -> bool:
        """Whether `records` (votes of one poll, responses of one survey) hold one from
        this visitor or from this address and browser."""
        match = Q(agent_hash=self.agent_hash)
        if self.visitor_hash:
            match |= Q(visitor_hash=self.visitor_hash)
        return records.filter(match).exists()

    def address_full(self, records) -> bool:
        return records.filter(ip_hash=self.ip_hash).count() >= \
            settings.BANTIN_POLL_VOTES_PER_ADDRESS

    def refusal(self, records, already: str) -> str:
        """Why this sender may not add to `records`; "" when they may."""
        if self.seen_in(records):
            return already
        if self.address_full(records):
            return ADDRESS_FULL
        return ""

    def over_limit(self) -> bool:
        limits = settings.BANTIN_POLL_RATE_LIMITS
        limited = spam.over_limit("poll-ip", self.ip_hash, limits["ip"])
        if not self.new_visitor:
            limited |= spam.over_limit("poll-visitor", spam.visitor_hash(self.visitor),
                                       limits["visitor"])
        return limited


def remember(response, request, sender: Sender) -> None:
    """Set the visitor cookie when this request made it."""
    from bantin.audience.visitors import remember as set_cookies

    if sender.new_visitor:
        set_cookies(response, request, sender.visitor, True)

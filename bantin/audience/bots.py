"""Known crawlers and link previewers, which are not visitors."""

import re

_BOT_RE = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|bingpreview|facebookexternalhit|zalo.*preview|"
    r"python-requests|curl/|wget/|httpclient|go-http-client|"
    r"ahrefs|semrush|mj12|yandex|baidu|coccoc.?bot|petalbot|bytespider|gptbot|applebot|"
    r"lighthouse|pingdom|uptime|monitor",
    re.IGNORECASE,
)


def is_bot(user_agent: str | None) -> bool:
    """An empty user agent is a script, not a person."""
    if not user_agent:
        return True
    return bool(_BOT_RE.search(user_agent))

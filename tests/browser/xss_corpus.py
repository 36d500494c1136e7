"""Cross-site scripting payloads for the attack tests: vectors that run script in a
browser when a page puts them into its HTML unescaped, each behind the prefixes that
break out of the usual contexts (an attribute, a textarea, a title, a comment, a script).

Every payload, if it ever runs, calls `__xss()` (a marker the test page defines), opens a
dialog (`alert`), or fetches `/xss-beacon`: the test watches all three.
"""

from __future__ import annotations

ACTIONS = ("__xss(1)", "alert(1)", "fetch('/xss-beacon')")

# `{a}` is the action. Each vector runs without a click when the markup is live.
VECTORS = (
    "<script>{a}</script>",
    "<ScRiPt>{a}</sCrIpT>",
    "<script>{a}//",
    "<img src=x onerror={a}>",
    "<img/src/onerror={a}>",
    '<img src="x" onerror="{a}">',
    "<svg onload={a}>",
    "<svg/onload={a}>",
    "<svg><script>{a}</script></svg>",
    "<svg><animate onbegin={a} attributeName=x dur=1s>",
    "<svg><set onbegin={a} attributeName=x to=1>",
    "<body onload={a}>",
    '<iframe srcdoc="<script>parent.{a}</script>"></iframe>',
    "<iframe onload={a}></iframe>",
    '<iframe src="javascript:parent.{a}"></iframe>',
    "<details open ontoggle={a}>",
    "<input autofocus onfocus={a}>",
    "<select autofocus onfocus={a}></select>",
    "<textarea autofocus onfocus={a}></textarea>",
    "<video><source onerror={a}></video>",
    "<audio src=x onerror={a}>",
    "<image src=x onerror={a}>",
    "<object data=x onerror={a}></object>",
    '<object data="data:text/html,<script>parent.{a}</script>"></object>',
    '<script src="data:text/javascript,{a}"></script>',
    '<meta http-equiv="refresh" content="0;url=javascript:{a}">',
    "<marquee onstart={a}>x</marquee>",
    "<math><mtext><table><mglyph><style><img src=x onerror={a}>",
    '<noscript><p title="</noscript><img src=x onerror={a}>">',
    "<scr<script>ipt>{a}</scr</script>ipt>",
    "<img src=x onerror=&#x5f;&#x5f;xss(1)>",
)
PREFIXES = ("", '">', "'>", "</textarea>", "</title>", "-->", "</script>", "</noscript>")
# Payloads for script, URL and template contexts, where no tag is needed.
PLAIN = (
    "javascript:__xss(1)", "JaVaScRiPt:alert(1)", "';__xss(1);//", '";__xss(1);//',
    '\\";__xss(1);//', "</script><script>__xss(1)</script>", "${__xss(1)}",
    "{{constructor.constructor('__xss(1)')()}}", '" autofocus onfocus="__xss(1)" x="',
    "' autofocus onfocus='__xss(1)' x='", '" onmouseover=__xss(1) x="',
    "%3Cscript%3E__xss(1)%3C/script%3E", "&lt;script&gt;__xss(1)&lt;/script&gt;",
)


def payloads() -> list[str]:
    found: list[str] = []
    for i, vector in enumerate(VECTORS):
        for j, prefix in enumerate(PREFIXES):
            payload = prefix + vector.format(a=ACTIONS[(i + j) % len(ACTIONS)])
            if payload not in found:
                found.append(payload)
    found += [p for p in PLAIN if p not in found]
    return found

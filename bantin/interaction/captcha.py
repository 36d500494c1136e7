"""A self-hosted captcha: a small sum written in Vietnamese words, its answer carried in a
signed, expiring, single-use token. No external service, no image library, no state
until it is used (a used token is remembered in the cache until it expires)."""

from __future__ import annotations

import secrets

from django.core import signing
from django.core.cache import cache

SALT = "bantin.interaction.captcha"
MAX_AGE = 30 * 60
WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]


def challenge() -> dict:
    """{'question': 'Bảy cộng hai bằng mấy?', 'token': '…'}"""
    a = secrets.randbelow(10) + 1
    b = secrets.randbelow(9) + 1
    if secrets.randbelow(2) and a > b:
        question, answer = f"{WORDS[a]} trừ {WORDS[b]}", a - b
    else:
        question, answer = f"{WORDS[a]} cộng {WORDS[b]}", a + b
    token = signing.dumps({"a": answer, "n": secrets.token_urlsafe(12)}, salt=SALT,
                          compress=True)
    return {"question": f"{question[0].upper()}{question[1:]} bằng mấy? (viết bằng số)",
            "token": token}


def check(token: str, answer: str) -> str:
    """"" when `answer` solves `token`'s challenge, otherwise the reason, in Vietnamese.
    A token is used once, right or wrong."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return "Câu hỏi kiểm tra đã hết hạn, vui lòng trả lời câu hỏi mới."
    except signing.BadSignature:
        return "Vui lòng trả lời câu hỏi kiểm tra."
    if not cache.add(f"interaction:captcha:{data['n']}", 1, timeout=MAX_AGE + 60):
        return "Câu hỏi kiểm tra đã được dùng, vui lòng trả lời câu hỏi mới."
    try:
        given = int(str(answer).strip())
    except ValueError:
        return "Câu trả lời kiểm tra phải là một số."
    if given != data["a"]:
        return "Câu trả lời kiểm tra chưa đúng, vui lòng thử lại với câu hỏi mới."
    return ""

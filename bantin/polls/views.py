"""A poll's own page, the vote, and the live results.

The poll box on a unit's home page is stored by the page cache, so it holds the question
and the choices only -- never a count. Its form posts to `vote` (exempt from Django's CSRF
token, like the comment form, and refusing cross-site posts instead); the script then
reads `results_json`, which is never cached, and draws the bars. Without JavaScript the
vote redirects to the poll's own page (`poll_page`, never cached), which shows the
message and the current results rendered on the server.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from bantin.core.ids import parse_ids
from bantin.interaction import personal_data, spam

from . import results, voters
from .models import Poll, PollChoice, PollVote

VOTED = "Cảm ơn bạn đã bình chọn!"
CLOSED = "Cuộc thăm dò này đã kết thúc."
NOT_YET = "Cuộc thăm dò này chưa bắt đầu."
NO_CHOICE = "Vui lòng chọn một phương án."
BAD_CHOICE = "Phương án bạn chọn không thuộc cuộc thăm dò này."
ONE_ONLY = "Chỉ được chọn một phương án."
NO_CONSENT = "Vui lòng đánh dấu đồng ý để bình chọn."
HIDDEN = "Kết quả sẽ được công bố sau."
CONSENT = (
    "Tôi đồng ý để trang lưu phiếu bình chọn này kèm mã băm địa chỉ mạng và trình duyệt "
    "(không lưu địa chỉ) để mỗi người chỉ bình chọn một lần, theo Nghị định "
    "13/2023/NĐ-CP; các mã này được xóa sau {days} ngày."
)


def consent_line() -> str:
    return CONSENT.format(days=personal_data.retention_days("poll_votes"))


def _poll(poll_id: int) -> Poll:
    poll = Poll.objects.select_related("site").filter(pk=poll_id).first()
    if poll is None:
        raise Http404("Không tìm thấy cuộc thăm dò.")
    return poll


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def results_visible(poll: Poll, request, sender: voters.Sender | None = None) -> bool:
    if poll.results_visibility == Poll.ALWAYS:
        return True
    if poll.results_visibility == Poll.AFTER_CLOSE:
        return poll.state() == "closed"
    if poll.results_visibility == Poll.AFTER_VOTE:
        sender = sender or voters.Sender.of(request)
        return poll.state() == "closed" or sender.seen_in(PollVote.objects.filter(poll=poll))
    return False


def _page_url(poll: Poll) -> str:
    return reverse("polls:poll", args=[poll.pk]) + f"#tham-do-{poll.pk}"


def _answer(request, poll, message: str, status: int, sender=None):
    if _wants_json(request):
        payload = {"message": message} if status < 400 else {"error": message}
        if status < 400:
            payload["results"] = (results.poll_results(poll).as_json()
                                  if results_visible(poll, request, sender) else None)
        response = JsonResponse(payload, status=status)
    else:
        (messages.success if status < 400 else messages.error)(request, message)
        response = redirect(_page_url(poll))
    response["Cache-Control"] = "no-store"
    if sender is not None and status < 400:
        voters.remember(response, request, sender)
    return response


def _chosen(poll: Poll, raw: list[str]) -> tuple[list[PollChoice], str]:
    """The choices a vote names, or why it is refused."""
    raw = [value.strip() for value in raw if value.strip()]
    if not raw:
        return [], NO_CHOICE
    parsed = parse_ids(raw)
    if parsed is None:
        return [], BAD_CHOICE
    ids = set(parsed)
    allowed = poll.allowed_choices
    if allowed == 1 and len(ids) > 1:
        return [], ONE_ONLY
    if allowed and len(ids) > allowed:
        return [], f"Chỉ được chọn tối đa {allowed} phương án."
    chosen = list(PollChoice.objects.filter(poll=poll, pk__in=ids))
    if len(chosen) != len(ids):
        return [], BAD_CHOICE
    return chosen, ""


@never_cache
@csrf_exempt
def vote(request, poll_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    poll = _poll(poll_id)
    if spam.cross_site(request):
        return _answer(request, poll, voters.CROSS_SITE, 403)
    sender = voters.Sender.of(request)
    if sender.over_limit():
        return _answer(request, poll, voters.TOO_MANY, 429)
    if request.POST.get("website", "").strip() or sender.bot:
        # Answer as if it worked: a bot learns nothing; nothing is stored.
        return _answer(request, poll, VOTED, 200)
    state = poll.state()
    if state != "open":
        return _answer(request, poll, CLOSED if state == "closed" else NOT_YET, 403)
    chosen, problem = _chosen(poll, request.POST.getlist("lua-chon"))
    if not problem and not request.POST.get("consent"):
        problem = NO_CONSENT
    if problem:
        return _answer(request, poll, problem, 400)
    with transaction.atomic():
        # One vote at a time per poll, so two quick posts cannot both pass the check.
        Poll.objects.select_for_update().filter(pk=poll.pk).first()
        refusal = sender.refusal(PollVote.objects.filter(poll=poll), voters.ALREADY_VOTED)
        if refusal:
            return _answer(request, poll, refusal, 409)
        ballot = PollVote.objects.create(poll=poll, **sender.hashes())
        ballot.choices.set(chosen)
    return _answer(request, poll, VOTED, 201 if _wants_json(request) else 200, sender)


@never_cache
def results_json(request, poll_id: int):
    poll = _poll(poll_id)
    payload = {"poll": poll.pk, "state": poll.state(), "visible": False, "results": None}
    if results_visible(poll, request):
        payload.update(visible=True, results=results.poll_results(poll).as_json())
    else:
        payload["message"] = HIDDEN
    return JsonResponse(payload)


@never_cache
def poll_page(request, poll_id: int):
    poll = _poll(poll_id)
    sender = voters.Sender.of(request)
    visible = results_visible(poll, request, sender)
    context = {
        "poll": poll, "choices": list(poll.choices.all()), "state": poll.state(),
        "voted": sender.seen_in(PollVote.objects.filter(poll=poll)),
        "results": results.poll_results(poll) if visible else None,
        "consent": consent_line(), "page_title": poll.question,
    }
    return render(request, "polls/poll_page.html", context)

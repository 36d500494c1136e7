"""What happens to a citizen's question, recorded in the history
(bantin.questions.handling). Kept out of wagtail_hooks, which imports the admin, for the
public pool (bantin.core.pools)."""

from wagtail import hooks

RECEIVE = "questions.question.receive"
ASSIGN = "questions.question.assign"
ANSWER = "questions.question.answer"
PUBLISH = "questions.question.publish"
UNPUBLISH = "questions.question.unpublish"
REJECT = "questions.question.reject"


@hooks.register("register_log_actions")
def register_question_actions(actions):
    actions.register_action(RECEIVE, "Tiếp nhận câu hỏi", "Đã tiếp nhận câu hỏi")
    actions.register_action(ASSIGN, "Phân công xử lý", "Đã phân công xử lý")
    actions.register_action(ANSWER, "Trả lời câu hỏi", "Đã trả lời câu hỏi")
    actions.register_action(PUBLISH, "Công khai câu hỏi", "Đã công khai câu hỏi")
    actions.register_action(UNPUBLISH, "Thôi công khai câu hỏi", "Đã thôi công khai câu hỏi")
    actions.register_action(REJECT, "Không tiếp nhận câu hỏi", "Đã không tiếp nhận câu hỏi")

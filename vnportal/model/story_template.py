"""The sample text of a new story, shared by ``invoke new`` and the checker."""

# The body of a new story: what to write where. `invoke check` warns while any
# of these lines is still in a story, so the template is never published as is.
PLACEHOLDERS = {
    "vi": (
        "Đoạn mở đầu: việc gì, ở đâu, khi nào, ai tham dự.",
        "Nội dung chính, mỗi ý một đoạn.",
    ),
    "en": (
        "Opening paragraph: what happened, where, when, who took part.",
        "The main text, one idea per paragraph.",
    ),
}
PLACEHOLDER_LINES = frozenset(line for lines in PLACEHOLDERS.values() for line in lines)

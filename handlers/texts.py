"""Every user-facing Chinese string of the handlers, in one place."""

HELP = (
    "您好，我是专班助手。您可以这样问我：\n"
    "· 谁牵头获得电力？\n"
    "· 工信局牵头哪些指标？\n"
    "· 纳税有哪些二级指标？\n"
    "· 专班多长时间开一次会商会议？"
)
NOTHING_TO_CANCEL = "当前没有进行中的操作。需要帮助请回复“帮助”。"
INTERNAL_ERROR = "抱歉，处理您的消息时出错了，请稍后再试一次。如仍有问题，请联系区营商环境办公室。"

# WeCom transport: card titles and the answer to messages it cannot read.
CARD_TITLE = "请选择"
CARD_CHOSEN = "已选择：{label}"
TEXT_ONLY = "目前我只能读懂文字消息。请直接输入文字提问，或回复“帮助”查看我能做什么。"

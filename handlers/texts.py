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

# Roster questions (handlers/roster.py)
ROSTER_TASK_FORCE_PEOPLE = "{task_force}的{role}："
ROSTER_TASK_FORCE_LINE = "· {unit}：{name}（{userid}）"
ROSTER_UNIT_PEOPLE = "{unit}的{role}："
ROSTER_UNIT_LINE = "· {name}（{userid}）：{task_forces}"
ROSTER_NOBODY = "{subject}在名单中还没有{role}。如需补充，请联系区营商环境办公室。"
ROSTER_UNKNOWN_TASK_FORCE = "没有找到专班“{text}”。"
ROSTER_SUGGESTION = "您是不是要问“{name}”？"
ROSTER_MINE = "{name}，您在以下专班："
ROSTER_MINE_LINE = "· {task_force}：{role}（{unit}）"
ROSTER_MINE_OFFICE = "{name}，您是区营商环境办公室成员。"
ROSTER_MINE_NONE = "{name}，您目前不在任何专班中。如有变化，请联系区营商环境办公室更新名单。"
ROSTER_NOT_LISTED = "名单信息仅向专班工作人员和区营商环境办公室提供，您的企业微信账号不在名单中。"
ROSTER_ASK_OFFICE = "如需查询或加入名单，请联系区营商环境办公室：{people}。"
ROSTER_ASK_OFFICE_GENERIC = "如需查询或加入名单，请联系区营商环境办公室（政务服务办）。"

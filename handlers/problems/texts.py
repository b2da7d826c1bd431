"""Every Chinese sentence of the problem list."""

from __future__ import annotations

from core.lights import ItemKind, Light
from core.problems import ProblemAction, ProblemSource, ProblemStatus

STATUS_LABELS = {
    ProblemStatus.ASSIGNED: "已交办待签收",
    ProblemStatus.IN_PROGRESS: "办理中",
    ProblemStatus.CLOSE_REQUESTED: "申请销号",
    ProblemStatus.CLOSED: "已销号",
}
ACTION_LABELS = {
    ProblemAction.ASSIGN: "交办",
    ProblemAction.ACKNOWLEDGE: "签收",
    ProblemAction.PROGRESS: "报告进展",
    ProblemAction.REQUEST_CLOSE: "申请销号",
    ProblemAction.APPROVE: "销号",
    ProblemAction.RETURN: "退回",
}
SOURCE_LABELS = {
    ProblemSource.CHECKIN: "季度填报",
    ProblemSource.OFFICE: "办公室交办",
    ProblemSource.MEETING: "会商会议",
}
LIGHT_LABELS = {Light.RED: "红灯", Light.YELLOW: "黄灯", Light.GREEN: "绿灯"}
LIGHT_MARKS = {Light.RED: "🔴", Light.YELLOW: "🟡", Light.GREEN: "🟢", None: "✅"}

CHECKIN_WORD = "季报"
"""In 交办: take the problem from this quarter's check-in answer (存在的问题和困难)."""
MEETING_WORD = "会商"
"""In 交办: the problem comes from this quarter's 会商 meeting record."""
CANDIDATES_WORD = "候选"
ACKNOWLEDGE_WORD = "签收"
PROGRESS_WORD = "进展"
REQUEST_CLOSE_WORD = "申请销号"

# -- 交办 ---------------------------------------------------------------------------------
ASSIGN_NEEDS = (
    "请写明专班、责任单位和完成时限，例如：交办 获得电力 工信局 2027-01-15 排名下降，原因分析"
)
ASSIGN_UNKNOWN_UNIT = "没有找到单位“{text}”。{task_force}的牵头和责任单位是：{units}。"
ASSIGN_NOT_OWNER = "“{unit}”不是{task_force}的牵头或责任单位；可交办给：{units}。"
ASSIGN_PAST_DUE = "完成时限{day}已经过去，请写今天或以后的日期。"
ASSIGN_NO_TITLE = (
    "请在日期后写上问题标题，例如：交办 获得电力 工信局 2027-01-15 排名下降，原因分析"
)
ASSIGN_NO_CHECKIN = (
    "{task_force}{quarter}没有已提交的季报，或季报中“存在的问题和困难”为“无”，"
    "无法从季报交办；请直接写问题标题。"
)
ASSIGN_NO_MEETING = "{task_force}{quarter}的季报中没有已召开的会商会议记录；请去掉“会商”直接交办。"
ASSIGN_TITLE_TOO_LONG = "问题标题最多{limit}个字，请精简后再发；详细情况可在标题后换行写。"
ASSIGNED = "已交办问题{no}：{task_force} {unit}，完成时限{due}（{source}）。{sent}"
ASSIGNED_NOBODY = "注意：{unit}在{task_force}名单中没有人员，无人收到通知；请先补充名单。"

NOTICE_ASSIGNED = (
    "【问题交办】问题{no}：{title}\n专班：{task_force}　责任单位：{unit}\n完成时限：{due}\n"
    "请点击“签收”或回复“签收 {no}”；办理中可回复“进展 {no} 情况”，"
    "办结后回复“申请销号 {no} 办结情况”（可先发送佐证材料文件）。"
)
NOTICE_TITLE = "问题交办，请签收"

HELP_PROBLEMS = (
    "\n· 交办给您单位的问题：点“签收”或回复“签收 编号”，“进展 编号 情况”报告进展，"
    "“申请销号 编号 办结情况”申请销号（可先发佐证文件）；问“我的问题”“待签收”"
)

# -- the owner's words -----------------------------------------------------------------
NOT_FOUND = "没有找到问题{no}。回复“我的问题”可查看您单位的问题清单。"
NOT_YOURS = "问题{no}由{unit}办理，您不是该单位在{task_force}的人员，不能操作。"
WHICH = "您单位有多项问题，请写明编号，例如：{word} {no}。待处理：{numbers}"
NOTHING_TO_ACKNOWLEDGE = "您单位目前没有待签收的问题。"
ILLEGAL = "问题{no}当前状态为“{status}”，不能{action}。"
PROGRESS_NEEDS_TEXT = "请在编号后写上进展情况，例如：进展 {no} 已完成现场踏勘。"
CLOSE_NEEDS_EVIDENCE = (
    "申请销号需要办结情况说明，例如：申请销号 {no} 已完成整改，附整改报告。"
    "可先发送佐证文件再申请。"
)
ACKNOWLEDGED = "已签收问题{no}：{title}，完成时限{due}。"
PROGRESS_RECORDED = "已记录问题{no}的进展。"
CLOSE_REQUESTED = "已提交问题{no}的销号申请，等待区营商环境办公室审核。{evidence}"
EVIDENCE_LINKED = "已附佐证材料：{name}。"

NOTICE_CHANGE = "【问题{no}】{title}\n{name}{action}：{remark}\n当前状态：{status}"
NOTICE_CHANGE_PLAIN = "【问题{no}】{title}\n{name}{action}。当前状态：{status}"

# -- the office's 销号 / 退回销号 ------------------------------------------------------------
OFFICE_NEEDS_NUMBER = "请写问题编号，例如：{word} 3"
RETURN_NEEDS_REASON = "退回需要写明原因，例如：退回销号 3 佐证材料不全，请补充验收报告。"
APPROVED = "已销号问题{no}：{title}（{timing}）。"
RETURNED = "已退回问题{no}的销号申请，{unit}已收到原因。"
ON_TIME = "按期"
LATE = "逾期销号"

# -- 问题清单 --------------------------------------------------------------------------------
LIST_EMPTY = "目前没有问题。"
LIST_HEADER = "问题清单（{scope}）：共{total}项，未销号{open}项，其中红灯{red}、黄灯{yellow}"
LIST_ALL = "全部专班"
LIST_LINE = "{mark} {no}. {task_force} {unit}：{title}，时限{due}，{status}"
HISTORY_HEADER = "问题{no}：{title}\n{task_force} {unit}，时限{due}，{status}，来源：{source}{ref}"
HISTORY_LINE = "{at} {name}{action}{remark}"
CANDIDATES_NONE = (
    "{quarter}暂无待交办的季报问题（已提交季报中，联系人标明需列入问题清单的“存在的问题和困难”）。"
)
CANDIDATES_HEADER = "{quarter}季报中的问题（可用“交办 专班 单位 日期 季报”交办）："
CANDIDATE_LINE = "{task_force} 第{version}版：{text}"
RATE_LINE = "按期销号率：{rate}（到期{due}项，按期销号{on_time}项）"
RATE_NONE = "按期销号率：本期无到期问题"

# -- reminders ----------------------------------------------------------------------------
ESCALATION = "【待签收提醒】以下问题交办已超过一个工作日仍未签收，请督促责任单位签收：\n{items}"
ESCALATION_ITEM = "问题{no}：{task_force} {unit}，{title}（{assigned}交办）"
LIGHTS_REMINDER = (
    "【督办提醒】您负责或分管的事项亮灯了：\n{items}\n"
    "请抓紧办理；问题办结后回复“申请销号 编号 办结情况”。"
)
LIGHT_ITEM = "{mark}{light} {kind}{no}：{task_force} {unit}，{title}，时限{due}"
ITEM_KINDS = {ItemKind.PROBLEM: "问题", ItemKind.TARGET: "目标"}
DIGEST = "【每周红灯事项】共{count}项：\n{groups}"
DIGEST_GROUP = "{task_force}：\n{items}"

# -- questions by chat -----------------------------------------------------------------
ASK_REFUSED = (
    "问题清单只对区营商环境办公室和各专班的人员开放。"
    "全区目前未销号问题{open}项，其中红灯{red}项；红灯目标{red_targets}项。"
)
ASK_OPEN = "{scope}未销号的问题{count}项：\n{items}"
ASK_OPEN_NONE = "{scope}目前没有未销号的问题。"
ASK_OVERDUE_ITEMS = "{scope}超期未销号的问题{count}项：\n{items}"
ASK_OVERDUE_ITEMS_NONE = "{scope}目前没有超期未销号的问题。"
ASK_RED = "{scope}红灯{count}项（问题{problems}项、目标{targets}项）{items}"
ASK_OVERDUE = "有超期问题的专班{count}个：{items}"
ASK_OVERDUE_NONE = "目前没有超期未销号的问题。"
ASK_MINE = "您单位的问题{count}项：\n{items}"
ASK_MINE_NONE = "您单位目前没有交办的问题。"
ASK_PENDING = "待签收{count}项：\n{items}\n回复“签收 编号”签收。"
ASK_PENDING_NONE = "您单位目前没有待签收的问题。"
ASK_OTHER_TASK_FORCE = "您只能查看本专班的问题；{task_force}未销号问题{count}项。"
OVERDUE_ITEM = "{task_force}（{count}项）"
HISTORY_ATTACHMENT = "（附件{id}）"
EVIDENCE_UNNAMED = "附件{id}"
ASK_SCOPE_MINE = "您所在专班"
ASK_SCOPE_UNIT = "您单位"
RATES_TITLE = "问题清单 {quarter}{line}"
RATES_TASK_FORCES = "· 按专班：{rows}"
RATES_UNITS = "· 按责任单位：{rows}"
EXPORT_SHEET = "问题清单"
EXPORT_TITLE = "问题清单（{quarter}导出）"
EXPORT_HEADERS = (
    "编号",
    "专班",
    "责任单位",
    "问题",
    "来源",
    "交办日期",
    "完成时限",
    "签收时间",
    "状态",
    "亮灯",
    "销号日期",
    "是否按期",
)
EXPORT_RATE = "本季度按期销号率"
DOC_RATE_NONE = "本季度无到期问题。"

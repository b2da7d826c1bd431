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


# Quarterly check-in (handlers/checkin) ----------------------------------------------------

CHECKIN_TITLES = {
    "meeting": "调度会商会议",
    "progress": "工作推进情况",
    "lagging": "二级指标进展",
    "problems": "存在的问题和困难",
    "next_plan": "下季度工作计划",
    "case": "典型案例",
    "benchmark": "对标学习先进地区经验",
}
CHECKIN_QUESTION_HEADER = "【第{number}/{total}题 · {title}】"
CHECKIN_PROMPTS = {
    "meeting": "本季度是否召开了调度会商会议？请回复“是”或“否”（召开了也可以直接回复会议日期）。",
    "meeting.date": "会议是哪天召开的？例如：2026-11-20、11月20日、11.20、上周五、昨天。",
    "meeting.reason": "本季度未召开调度会商会议的原因是什么？",
    "meeting.planned": "计划哪天召开？例如：12月10日、下周三。",
    "progress": "请说明本季度的工作推进情况（至少20字）。",
    "lagging": (
        "{task_force}的二级指标：\n{items}\n"
        "哪些指标进展滞后？请回复编号，多个用逗号分隔（如“2,5”）；都没有滞后请回复“无”。"
    ),
    "lagging.reason": "二级指标“{no}. {name}”滞后的原因是什么？",
    "lagging.measure": "针对“{no}. {name}”，下一步的整改措施是什么？",
    "problems": "目前存在哪些问题和困难？没有请回复“无”。",
    "next_plan": "下季度的工作计划是什么？",
    "case": "本季度是否形成了典型案例？请回复“是”或“否”。",
    "case.title": "请回复典型案例的标题。",
    "case.file": "如有案例材料，请直接发送文件；没有请回复“跳过”。",
    "benchmark": "本季度对标学习了哪些先进地区的经验做法？（选填，不填请回复“跳过”）",
}
CHECKIN_LAST_PLAN = "上季度报送的“下季度工作计划”：\n{plan}\n\n请对照这份计划，"
CHECKIN_HELP = {
    "meeting": (
        "专班每季度至少召开一次调度会商会议。"
        "召开了回复“是”（或直接回复日期），没有召开回复“否”。"
    ),
    "meeting.date": "请回复会议召开的日期：须在本季度内，且不晚于今天。",
    "meeting.reason": "请简要说明本季度没有召开会商会议的原因。",
    "meeting.planned": "请回复计划召开会议的日期（今天或以后）。",
    "progress": "请写本季度围绕指标做了哪些工作、进展和成效，至少20字。",
    "lagging": (
        "对照专班的二级指标，回复进展滞后的编号；都按计划推进请回复“无”。"
        "之后会逐个询问滞后原因和整改措施。"
    ),
    "lagging.reason": "请说明该二级指标进展滞后的原因。",
    "lagging.measure": "请说明准备采取的整改措施和时间安排。",
    "problems": "请写工作中遇到的问题和需要协调解决的困难；没有请回复“无”。",
    "next_plan": "请写下季度准备推进的主要工作。下季度填报时会显示这份计划供对照。",
    "case": "典型案例指可复制推广的经验做法。形成了回复“是”，之后填写标题；没有回复“否”。",
    "case.title": "请回复典型案例的标题，例如“‘一窗通办’压缩开办时间至1个工作日”。",
    "case.file": "可以发送案例的Word或PDF文件；没有材料回复“跳过”。",
    "benchmark": "可写学习借鉴了哪些先进地区的哪些做法；这一题选填，不填回复“跳过”。",
    "preview": "请核对报告内容：无误请回复“确认提交”；要修改第N项请回复“修改N”。",
}
CHECKIN_COMMANDS = (
    "可用指令：上一步｜跳过（仅选填题）｜预览｜修改N（如“修改2”）｜取消（暂存退出）｜继续｜帮助"
)
CHECKIN_CURRENT = "当前答案：{value}\n回复新的答案即可修改，回复“继续”保留不变。"
CHECKIN_START = (
    "开始填报{task_force}{quarter}报告（截止日期：{due}）。共{total}题，每个回答都会立即保存；"
    "随时可回复“帮助”查看说明，“预览”查看已填内容，“取消”暂存退出。"
)
CHECKIN_RESUME = "继续填报{task_force}{quarter}报告（已完成{done}/{total}题，截止日期：{due}）。"
CHECKIN_RECORDED = "已记录。"
CHECKIN_RECORDED_DATE = "已记录会议日期：{day}。"
CHECKIN_RECORDED_PLANNED = "已记录计划召开日期：{day}。"
CHECKIN_RECORDED_LAGGING = "已记录滞后指标：{items}。接下来逐个说明原因和整改措施。"
CHECKIN_RECORDED_NO_LAGGING = "已记录：二级指标均按计划推进。"
CHECKIN_RECORDED_FILE = "已收到案例材料。"
CHECKIN_SKIPPED = "已跳过。"
CHECKIN_KEPT = "已保留原答案。"
CHECKIN_YES_NO_HINT = "请回复“是”或“否”。"
CHECKIN_DATE_HINT = (
    "没有看懂这个日期。请按 2026-11-20、11月20日、11.20、上周五、昨天 这样的格式回复。"
)
CHECKIN_DATE_IMPOSSIBLE = "没有这一天（{text}），请检查月份和日期。"
CHECKIN_DATE_FUTURE = "{day}晚于今天（{today}）：会议日期不能是将来的日期。"
CHECKIN_DATE_OUTSIDE = "{day}不在{quarter}（{first}至{last}）内：请回复本季度内召开会议的日期。"
CHECKIN_PLANNED_PAST = "{day}早于今天（{today}）：计划日期请回复今天或以后的日期。"
CHECKIN_PLANNED_FAR = "{day}距今超过一年，请确认计划日期。"
CHECKIN_TOO_SHORT = "{title}至少需要{minimum}个字（现在{count}个字），请补充具体内容。"
CHECKIN_LAGGING_HINT = (
    "请回复滞后指标的编号（1–{count}），多个用逗号分隔，例如“2,5”；都没有滞后请回复“无”。"
)
CHECKIN_LAGGING_BAD = "没有编号或名称为“{bad}”的二级指标，编号范围是1–{count}。"
CHECKIN_CANNOT_SKIP = "这一题必须填写，不能跳过（只有选填题可以跳过）。"
CHECKIN_FILE_NOT_EXPECTED = "这一步不需要文件。"
CHECKIN_FILE_HINT = "请直接发送案例材料文件，或回复“跳过”。"
CHECKIN_FIRST_STEP = "已经是第一题了。"
CHECKIN_EDIT_RANGE = "没有第{number}项：请回复“修改1”到“修改{total}”。"
CHECKIN_PREVIEW_HINT = (
    "请回复“确认提交”提交报告，“修改N”修改第N项（如“修改2”），或“取消”暂存退出。"
)
CHECKIN_NOT_YET_COMPLETE = "还有{count}题没有填完，填完后会显示全文预览，再回复“确认提交”。"
CHECKIN_MISSING_AT_SUBMIT = "报告还不完整：第{numbers}题没有填完，请先补充。"
CHECKIN_CANCELLED = (
    "已暂存{task_force}{quarter}报告的草稿（已完成{done}/{total}题），填写的内容不会丢失。"
    "需要继续时回复“继续”或“填报”，会从刚才的问题接着填写。截止日期：{due}。"
)
CHECKIN_PREVIEW_HEADER = "{task_force}{quarter}报告（{status}）"
CHECKIN_STATUS_DRAFT = "草稿，尚未提交"
CHECKIN_STATUS_SUBMITTED = "已提交第{version}版"
CHECKIN_STATUS_EDITING = "已提交第{version}版，有未提交的修改"
CHECKIN_UNANSWERED = "（未填）"
CHECKIN_SKIPPED_VALUE = "（未填，已跳过）"
CHECKIN_MEETING_HELD = "已召开，{day}"
CHECKIN_MEETING_NOT_HELD = "未召开。原因：{reason}；计划召开日期：{planned}"
CHECKIN_NO_LAGGING = "均按计划推进，无滞后指标"
CHECKIN_LAGGING_SUMMARY = "滞后{count}项："
CHECKIN_LAGGING_ITEM = "  {no}. {name}——原因：{reason}；整改措施：{measure}"
CHECKIN_CASE_FORMED = "已形成：《{title}》{file}"
CHECKIN_CASE_WITH_FILE = "（附材料）"
CHECKIN_CASE_NOT_FORMED = "未形成"
CHECKIN_PREVIEW_FOOTER = (
    "核对无误请回复“确认提交”；修改第N项回复“修改N”（如“修改2”）；暂不提交回复“取消”。"
)
CHECKIN_ALREADY_SUBMITTED = (
    "{task_force}{quarter}报告已于{time}由{name}提交（第{version}版）。"
    "{lock}前仍可修改：回复“修改N”修改第N项，再回复“确认提交”生成第{next_version}版。"
)
CHECKIN_RETURNED = (
    "{task_force}{quarter}报告（第{version}版）已被区营商环境办公室退回修改。意见：{comment}\n"
    "请回复“修改N”按意见修改，再回复“确认提交”重新提交。"
)
CHECKIN_SUBMITTED_MEANWHILE = "{name}已于{time}提交了{task_force}{quarter}报告（第{version}版）。"
CHECKIN_EDITING_BY_OTHER = (
    "{name}正在填报{task_force}{quarter}报告（自{since}起，最近一次填写：{last}）。"
    "报告由专班共用一份，同一时间只由一人填写，以免互相覆盖。\n"
    "回复“接管”由您接着填写（已填写的内容都会保留），回复“预览”查看已填内容，或回复“取消”。"
)
CHECKIN_TAKEN_OVER = "已由您接管填写，{name}已填写的内容都已保留。"
CHECKIN_TAKEN_OVER_NOTICE = (
    "{name}已于{time}接管{task_force}{quarter}报告的填写。您已填写的内容都已保存；"
    "如需继续由您填写，回复“接管”。"
)
CHECKIN_LOCKED = (
    "{quarter}报告已于{lock}锁定，不能再填写或修改。如需更正，请联系区营商环境办公室：{office}。"
)
CHECKIN_EXEMPTED = "{task_force}{quarter}已免报（{reason}），无需填报。"
CHECKIN_NO_PERIOD = "{quarter}还没有设置填报期。如有疑问，请联系区营商环境办公室：{office}。"
CHECKIN_NOT_ALLOWED = (
    "您不能填报{task_force}的季度报告：报告由牵头单位（{leads}）的联系人或分管领导填报。"
    "可以填报的是：{people}。"
)
CHECKIN_NOBODY_ALLOWED = (
    "{task_force}的牵头单位（{leads}）还没有登记联系人或分管领导，"
    "请联系区营商环境办公室：{office}。"
)
CHECKIN_NOT_ON_ROSTER = (
    "没有在专班名单中找到您，无法填报季度报告。如有疑问，请联系区营商环境办公室：{office}。"
)
CHECKIN_UNKNOWN_TASK_FORCE = "没有找到“{text}”对应的专班，请回复“填报”后从列表中选择。"
CHECKIN_CHOOSE = "您可以填报以下专班的季度报告，请回复编号：\n{items}"
CHECKIN_CHOICE_CANCELLED = "已取消。需要填报时回复“填报”。"
CHECKIN_CHOOSE_HINT = "请回复1–{count}之间的编号。"
CHECKIN_RECEIPT = (
    "已提交：{task_force}{quarter}报告，第{version}版，提交时间{time}（北京时间）。{late}\n"
    "{lock}前如需修改，回复“填报”即可，修改后再次提交会生成新版本。"
)
CHECKIN_LATE = "提交晚于截止日期{due}，已记为逾期。"
CHECKIN_LEADER_NOTICE = "{task_force}{quarter}报告已由{name}提交（第{version}版，{time}）。{late}"
CHECKIN_OFFICE_NOTICE = (
    "季度报告：{task_force} {quarter} 第{version}版已提交（{name}，{time}{late}）"
)
CHECKIN_OFFICE_LATE = "，逾期"
CHECKIN_OFFICE_FALLBACK = "（办公室人员未登记）"
CHECKIN_PERSON = "{name}（{unit}{role}）"
CHECKIN_ROLES = {"leader": "分管领导", "contact": "联系人", "member": "成员"}
CHECKIN_DAY = "{year}年{month}月{day}日（周{weekday}）"
CHECKIN_TIME = "{year}年{month}月{day}日 {hour:02d}:{minute:02d}"
CHECKIN_LIST_SEPARATOR = "、"


# Reporting periods (bot/commands/period.py) -----------------------------------------------

PERIOD_BAD_QUARTER = "“{text}”不是季度。请写成 2026Q4 或 2026年第四季度。"
PERIOD_DUE_MOVED = "{asked}不是工作日，截止日期提前到前一个工作日：{due}。"
PERIOD_BAD_ORDER = (
    "日期顺序不对：需要 开放日 {opens} ≤ 截止日 {due} ≤ 锁定日 {lock}，请调整后再设置。"
)
PERIOD_SET = "已设置{quarter}：开放 {opens}，截止 {due}，锁定 {lock}。"
PERIOD_LINE = "{id}  开放 {opens}  截止 {due}  锁定 {lock}  {status}  已提交 {submitted}/{total}"
PERIOD_NONE = "还没有设置任何填报期。设置方法：zhuanban period set 2026Q4 --due 2026-12-25"
PERIOD_STATUS_NOT_OPEN = "未开放"
PERIOD_STATUS_OPEN = "填报中"
PERIOD_STATUS_PAST_DUE = "已过截止日"
PERIOD_STATUS_LOCKED = "已锁定"

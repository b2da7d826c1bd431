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

# Reminders (bot/reminders): one combined message per person per tick, and the office group
REMINDER_HEADER = "【专班助手提醒】"
REMINDER_ITEM = "{n}. {task_force} · {subject}：{what}"
REMINDER_SUBJECT_REPORT = "{quarter}工作情况"
REMINDER_SUBJECT_CASE = "{year}年度典型案例"
REMINDER_OPEN = "报送已开始，截止日期为{due}。"
REMINDER_MEETING = "草稿中尚未记录本季度调度会商会议，请在截止日期{due}前召开，并在报送中填写。"
REMINDER_BEFORE = "距截止还有 {days} 天，截止日期为{due}。"
REMINDER_DUE = "今天截止，请尽快报送。截止日期为{due}。"
REMINDER_OVERDUE = "已逾期 {days} 天，请尽快报送（已抄送分管领导）。截止日期为{due}。"
REMINDER_WEEKLY = "已逾期 {days} 天，请尽快报送。截止日期为{due}。"
REMINDER_LEADER_COPY = (
    "【抄送分管领导】尚未报送，已逾期 {days} 天。截止日期为{due}，联系人：{contacts}。"
)
REMINDER_CASE = "本年度尚未形成典型案例（每年度至少一篇），请在{due}前形成，并在季度报送中填写。"
REMINDER_PROGRESS = "{quarter}已有 {done}/{total} 个专班提交。"
REMINDER_CASE_PROGRESS = "{year}年度已有 {done}/{total} 个专班形成典型案例。"
REMINDER_HOW_TO = "回复“填报”即可开始或继续填报。"
REMINDER_DAY = "{month}月{day}日（周{weekday}）"
REMINDER_DAY_EXTENDED = "{month}月{day}日（周{weekday}，已延期）"
SHORT_DAY = "{month}月{day}日"
WEEKDAYS = "一二三四五六日"
OFFICE_OVERDUE_HEADER = "【专班助手】以下专班{quarter}工作情况逾期未报送（截止日期{due}）："
OFFICE_OVERDUE_LINE = "{n}. {task_force}，联系人：{contacts}"
OFFICE_OVERDUE_LINE_EXTENDED = "{n}. {task_force}（延期至{due}），联系人：{contacts}"
OFFICE_NO_CONTACT = "未登记"
OFFICE_OVERDUE_FOOTER = "请以上专班联系人回复专班助手“填报”尽快报送。"
NAME_SEPARATOR = "、"

# Office controls (bot/reminders/control.py): extensions (延期) and exemptions (免报)
CONTROL_UNKNOWN_TASK_FORCE = "未找到专班“{text}”。"
CONTROL_DID_YOU_MEAN = "您是不是要找“{name}”？请用这个名称重试。"
CONTROL_NAME_HINT = "请使用专班名称或简称，例如“纳税”或“获得电力”。"
CONTROL_BAD_PERIOD = "无法识别季度“{text}”，请写成 2026Q4 或 2026年第四季度。"
CONTROL_BAD_DAY = "无法识别日期“{text}”，请写成 2026-12-31 或 12月31日。"
CONTROL_REASON_REQUIRED = "请写明原因，便于日后查阅。"
CONTROL_NOT_LATER = "延期后的截止日期应晚于本期原截止日期{due}，请重新选择日期。"
CONTROL_AFTER_LOCK = (
    "延期后的截止日期不能晚于本期锁定日期{locks}（锁定后不能再修改报送），请重新选择日期。"
)
CONTROL_IN_PAST = "{day}已经过去，请选择今天或以后的日期。"
CONTROL_NOT_WORKING_DAY = "{day}不是工作日，请改为工作日，例如{before}或{after}。"
CONTROL_EXTENDED = (
    "已将{task_force}{quarter}的截止日期延至{due}（原因：{reason}）。提醒将按新的截止日期发送。"
)
CONTROL_EXEMPTED = (
    "已免除{task_force}{quarter}的报送（原因：{reason}），本季度不再向该专班发送报送提醒。"
)

# Reminder schedule (`zhuanban remind list`)
SCHEDULE_PERIOD = (
    "{period}（{quarter}）开始 {opens} · 截止 {due} · 锁定 {locks} · 已提交 {done}/{total}"
)
SCHEDULE_EXEMPT_COUNT = "（免报 {count} 个）"
SCHEDULE_LAST_TICK = "提醒程序上次运行：{at}（{owner}）"
SCHEDULE_NEVER_TICKED = "提醒程序尚未运行过。"
SCHEDULE_TASK_FORCE = "{name} — {status}"
SCHEDULE_EXTENDED = "，延期至 {due}"
SCHEDULE_PEOPLE = "，联系人 {contacts} 人，分管领导 {leaders} 人"
SCHEDULE_NO_CONTACT = "，⚠ 牵头单位未登记联系人，无法发送个人提醒"
SCHEDULE_STATUS = {
    None: "未开始",
    "draft": "草稿",
    "returned": "已退回修改",
    "submitted": "已提交，提醒已停止",
    "accepted": "已通过，提醒已停止",
}
SCHEDULE_EXEMPT = "免报（{reason}），提醒已停止"
SCHEDULE_LINE = "  {day}  {label}  {state}"
SCHEDULE_SENT = "已发送 {at} → {recipients}"
SCHEDULE_NEXT = "待发送（下一个发送时刻）"
SCHEDULE_PLANNED = "计划"
SCHEDULE_SUPERSEDED = "未发送（已由后续提醒取代）"
STAGE_LABELS = {
    "open": "开始通知",
    "meeting": "会商会议提醒",
    "t-7": "截止前7天",
    "t-3": "截止前3天",
    "due": "截止当天",
    "t+1": "逾期1个工作日（抄送分管领导）",
    "t+3": "逾期3个工作日（办公室群）",
    "weekly": "每周催报",
    "case": "典型案例提醒",
}
OFFICE_GROUP_NAME = "办公室群"

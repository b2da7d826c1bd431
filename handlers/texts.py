"""Every user-facing Chinese string of the handlers, in one place."""

from core.lifecycle import Phase
from core.lights import Light, Progress
from core.office_commands import OfficeCommand
from core.reports import ProgressState, ReportStatus
from core.stages import StageName

HELP = (
    "您好，我是专班助手。您可以这样问我：\n"
    "· 谁牵头获得电力？\n"
    "· 工信局牵头哪些指标？\n"
    "· 纳税有哪些二级指标？\n"
    "· 专班多长时间开一次会商会议？"
)
HELP_REPORTER = (
    "\n您是{task_forces}的{roles}，还可以：\n"
    "· 回复“填报”填写本专班的季度报告\n"
    "· 问“截止日期是哪天”“我们还差什么”“我的报告通过了吗”“上季度报的什么”"
    "“我们专班今年的典型案例”“我的待办”"
)
HELP_LEADER_CONFIRM = "\n· 联系人提交后，回复“确认”即报送区营商环境办公室"
NOTHING_TO_CANCEL = "当前没有进行中的操作。需要帮助请回复“帮助”。"
RESTARTED = "已重新开始，之前未完成的操作已退出。"
FLOW_PENDING = "您有一项操作正在等待回复；回复“取消”可退出，回复“重新开始”可回到开始。"
ONE_SHOT_NO_FLOW = (
    "（单次提问不保留对话，无法继续下一步。逐步填报或确认请在企业微信中进行，"
    "或在终端使用 zhuanban chat。）"
)
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

# Office console (handlers/office): 进度, 未报, 催报, 查看, 版本, 退回, 通过, 导出, 截止, 延期,
# 免报, 案例, 成绩, 晾晒 — and the 晾晒 confirmation.

OFFICE_USAGE = {
    OfficeCommand.PROGRESS: "进度 [季度]　例：进度 2026Q4",
    OfficeCommand.MISSING: "未报 [季度]　例：未报",
    OfficeCommand.CHASE: "催报 <专班|全部> [季度]　例：催报 全部",
    OfficeCommand.SHOW: "查看 <专班> [季度]　例：查看 纳税 2026Q4",
    OfficeCommand.VERSIONS: "版本 <专班> [季度]　例：版本 纳税",
    OfficeCommand.RETURN: "退回 <专班> [季度] <意见>　例：退回 纳税 请补充滞后指标的整改措施",
    OfficeCommand.ACCEPT: "通过 <专班> [季度]　例：通过 纳税",
    OfficeCommand.EXPORT: "导出 [季度]　例：导出 2026Q4",
    OfficeCommand.DEADLINE: "截止 <季度> <日期>　例：截止 2026Q4 12月25日",
    OfficeCommand.PERIOD: (
        "周期 [季度] [开放 <日期>] [截止 <日期>] [锁定 <日期>]"
        "　例：周期 2027Q1 开放 3月1日 锁定 4月15日"
    ),
    OfficeCommand.EXTEND: "延期 <专班> [季度] <日期> <原因>　例：延期 纳税 12月30日 负责同志出差",
    OfficeCommand.EXEMPT: "免报 <专班> <季度> <原因>　例：免报 纳税 2026Q4 本季度无新增工作",
    OfficeCommand.CASES: "案例 [年]　例：案例 2026",
    OfficeCommand.SCORE: "成绩 <年> <指标> <得分> [排名]　例：成绩 2026 纳税 92.5 3",
    OfficeCommand.RANKING: "晾晒 <年>　例：晾晒 2026",
    OfficeCommand.ROSTER: "名单 （发送当前工作人员名单表格）　例：名单",
    OfficeCommand.REMINDERS: "提醒 [季度]　例：提醒 2026Q4（各专班已发送和计划发送的提醒）",
    OfficeCommand.QUARTER_REPORT: "生成季度汇报 [季度]　例：生成季度汇报 2026Q4（Word 文件）",
    OfficeCommand.RANKING_REPORT: "生成晾晒通报 [年]　例：生成晾晒通报 2026（Word 文件）",
    OfficeCommand.DELIVERY: "发送情况 [重发]　例：发送情况",
    OfficeCommand.HOLIDAYS: (
        "节假日 <年> [每行一个日期 休/班 节日]，或 节假日 上班 <日期>　例：节假日 2027"
    ),
    OfficeCommand.ATTACHMENTS: "附件 [编号|专班|待下载] [季度]　例：附件 12、附件 纳税",
    OfficeCommand.ASSIGN: (
        "交办 <专班> <单位> <完成时限> [季报|会商] [标题]　"
        "例：交办 获得电力 工信局 2027-01-15 排名下降，原因分析"
    ),
    OfficeCommand.PROBLEMS: "问题清单 [专班|编号|候选]　例：问题清单、问题清单 3、问题清单 候选",
    OfficeCommand.CLOSE: "销号 <编号> [意见]　例：销号 3",
    OfficeCommand.RETURN_CLOSE: "退回销号 <编号> <原因>　例：退回销号 3 佐证材料不全",
    OfficeCommand.TARGETS: "目标 <专班> [年]　例：目标 获得电力 2027（年度目标表发给我即可导入）",
}
OFFICE_HELP = (
    "区营商环境办公室命令（[ ]内可省略，不写季度即当前季度；专班可用简称）：\n"
    + "\n".join(f"· {usage}" for usage in OFFICE_USAGE.values())
    + "\n· 把人员名单表格（.xlsx 或 .csv）发给我，预览变更后回复“确认”即导入"
    + "\n给他人的通知只在工作日工作时间发出；命令末尾加“立即发送”可马上发出。"
    + "\n也可以直接提问，如“谁牵头获得电力？”"
)
OFFICE_CONTACT = "区营商环境办公室（区政务服务办）"
OFFICE_CONTACT_NAMED = "区营商环境办公室的{names}"
OFFICE_REFUSAL = (
    "抱歉，“{word}”是区营商环境办公室的管理命令，您暂无使用权限。"
    "如需了解填报进度或办理相关事项，请联系{contact}。回复“帮助”可查看您能使用的功能。"
)
OFFICE_MISSING_ARGUMENT = "命令缺少内容。用法：{usage}"
OFFICE_BAD_QUARTER = "“{text}”不是有效的季度，请写成 2026Q4 或 2026年第四季度。"
OFFICE_BAD_DATE = "“{text}”不是有效的日期，请写成 2026-12-25、12月25日 或 2026年12月25日。"
OFFICE_BAD_YEAR = "“{text}”不是有效的年份，请写四位年份，如 {year}。"
OFFICE_BAD_SCORE = "得分“{text}”无效，请写 0 到 100 之间的数字，如 92.5。"
OFFICE_BAD_RANK = "排名“{text}”无效，请写 1 到 100 之间的整数，如 3。"
OFFICE_TASK_FORCE_SUGGEST = "没有找到专班“{text}”。您是不是要找“{name}”？请用准确名称再发一次。"
OFFICE_TASK_FORCE_WHICH = "“{text}”下有多个专班，请写具体专班：{names}。"
OFFICE_TASK_FORCE_UNKNOWN = "没有找到专班“{text}”。请写专班名称或简称，如“纳税”“获得电力”。"
OFFICE_INDICATOR_SUGGEST = "没有找到指标“{text}”。您是不是要找“{name}”？请用准确名称再发一次。"
OFFICE_INDICATOR_UNKNOWN = "没有找到指标“{text}”。请写一级指标名称，如“纳税”“获得电力”。"

OFFICE_STATE_LABELS = {
    ProgressState.SUBMITTED: "已提交",
    ProgressState.ACCEPTED: "已通过",
    ProgressState.RETURNED: "已退回",
    ProgressState.DRAFT: "草稿",
    ProgressState.NOT_STARTED: "未开始",
    ProgressState.OVERDUE: "逾期",
    ProgressState.EXEMPT: "免报",
    ProgressState.AWAITING_LEADER: "待分管领导确认",
}
OFFICE_VERSION = "第{version}版"
OFFICE_LATE = "迟交"
OFFICE_LAGGING_COUNT = "滞后{count}项"
OFFICE_EXTENDED_TO = "延期至{day}"
OFFICE_PROGRESS_TITLE = "{quarter}填报进度（截止{due}，今天{today}）"
OFFICE_PROGRESS_TOTALS = "共{count}个专班：{totals}"
OFFICE_NO_CONTACTS = "名单中暂无联系人"
OFFICE_NONE_MISSING = "{quarter}所有专班均已提交或免报。"
OFFICE_MISSING_TITLE = "{quarter}未报专班{count}个（截止{due}）："
OFFICE_MISSING_HINT = "回复“催报 全部”可立即提醒以上专班的联系人。"

OFFICE_CHASE_MESSAGE = (
    "【催报】区营商环境办公室提醒：{task_force}{quarter}工作情况{note}。"
    "请回复“填报”完成填写并提交。"
)
OFFICE_CHASE_PENDING = "尚未提交，截止日期为{due}"
OFFICE_CHASE_OVERDUE = "尚未提交，已超过截止日期{due}"
OFFICE_CHASE_RETURNED = "已被退回，请按意见修改后重新提交"
OFFICE_CHASE_NOT_NEEDED = "{task_force}当前状态为“{state}”，无需催报。"
OFFICE_CHASE_SENT = "已向{count}个专班发送催报："
OFFICE_CHASE_REPEATED = "今天已催报过、未重复发送：{names}"
OFFICE_CHASE_UNREACHABLE = "名单中没有联系人、无法催报：{names}（请先导入人员名单）"

OFFICE_NOT_SUBMITTED = "{task_force}{quarter}尚未提交（{state}，截止{due}）。"
OFFICE_SHOW_TITLE = "{task_force} · {quarter}"
OFFICE_SHOW_STATUS = "状态：{state}（第{version}版，{who} {when}提交{late}）"
OFFICE_REVIEW_LINE = "审核：{outcome}（{who} {when}）：{comment}"
OFFICE_VERSIONS_TITLE = "{task_force} · {quarter}：共{count}版，当前{state}"
OFFICE_VERSION_LINE = "第{version}版 {when} {who} {late}"
OFFICE_FIRST_VERSION = "首次提交"
OFFICE_CHANGED = "改动：{fields}"
OFFICE_UNCHANGED = "内容未改动"
OFFICE_RETURN_NEEDS_COMMENT = (
    "退回时请写明意见，方便专班修改。例：退回 纳税 请补充滞后指标的整改措施"
)
OFFICE_REVIEW_STATES = {
    None: "尚未提交",  # no version submitted yet
    ReportStatus.SUBMITTED: "已提交",
    ReportStatus.RETURNED: "已退回、等待重新提交",
    ReportStatus.ACCEPTED: "已通过",
    ProgressState.AWAITING_LEADER: "正等待分管领导确认",
}
OFFICE_CANNOT_REVIEW = "{task_force}{quarter}的工作情况{state}，不能{action}。"
OFFICE_REVIEWED = "已{action}{task_force}{quarter}工作情况（第{version}版）。"
OFFICE_NOTIFIED = "通知对象：{names}"
OFFICE_NOBODY_NOTIFIED = "名单中没有该专班的联系人，未能通知，请电话告知。"
OFFICE_RETURNED_NOTICE = (
    "【退回】区营商环境办公室退回了{task_force}{quarter}工作情况（第{version}版）。\n"
    "意见：{comment}\n请于{due}前回复“填报”修改后重新提交。"
)
OFFICE_ACCEPTED_NOTICE = (
    "【通过】{task_force}{quarter}工作情况（第{version}版）已通过区营商环境办公室审核。"
)

OFFICE_NOT_WORKING_DAY = "（注意：该日不是工作日）"
OFFICE_DEADLINE_OUT_OF_RANGE = (
    "{quarter}的截止日期应在{first}到{last}之间。例：截止 2026Q4 12月25日"
)
OFFICE_DEADLINE_SET = "已将{quarter}的截止日期设为{due}{note}。"
OFFICE_PERIOD_LINE = (
    "· {quarter}：{opens}开放，{due}截止，{locks}锁定；{status}，已提交{submitted}/{total}{exempt}"
)
OFFICE_PERIOD_NONE = (
    "还没有设置任何填报期（各季度按默认日期）。设置：周期 2027Q1 开放 3月1日 锁定 4月15日"
)
OFFICE_PERIOD_SHOW = "{quarter}：{opens}开放，{due}截止，{locks}锁定。"
OFFICE_PERIOD_UNCHANGED = "{quarter}的填报期没有变化：{opens}开放，{due}截止，{locks}锁定。"
OFFICE_PERIOD_SET = "已设置{quarter}：{opens}开放，{due}截止{note}，{locks}锁定。"
OFFICE_PERIOD_NOTICE = (
    "【填报期调整】{task_force}{quarter}工作情况：{opens}开放填报，{due}截止，{locks}锁定。"
)
OFFICE_PERIOD_REOPEN_CONFIRM = (
    "{quarter}已于{lock}锁定。新的填报期（{opens}开放，{due}截止，{locks}锁定）将重新开放本季度"
    "填报，并通知尚未提交的专班。回复“确认”重新开放，回复“取消”放弃。"
)
OFFICE_EXTENDED = "已同意{task_force}{quarter}延期至{due}。"
OFFICE_EXTENDED_NOTICE = (
    "【延期】{task_force}{quarter}工作情况的提交截止日期已延至{due}。原因：{reason}"
)
OFFICE_EXEMPTED = "已免除{task_force}{quarter}的填报。"
OFFICE_EXEMPTED_NOTICE = "【免报】{task_force}{quarter}工作情况无需填报。原因：{reason}"

OFFICE_YES = "是"
OFFICE_NO = "否"
OFFICE_EXPORT_FILENAME = "专班季度工作情况_{quarter}.xlsx"
OFFICE_EXPORT_SHEET_REPORTS = "季度工作情况"
OFFICE_EXPORT_SHEET_LAGGING = "滞后二级指标"
OFFICE_EXPORT_NUMBER = "序号"
OFFICE_EXPORT_HEADERS = {
    "task_force": "专班",
    "indicator": "一级指标",
    "lead_units": "牵头单位",
    "state": "状态",
    "version": "版本",
    "submitted_at": "提交时间",
    "submitted_by": "提交人",
    "late": "逾期提交",
    "due_on": "截止日期",
    "review_comment": "审核意见",
    "reviewed_by": "审核人",
    "reviewed_at": "审核时间",
    "note": "免报/延期说明",
}
OFFICE_EXPORT_LAGGING_HEADERS = ["专班", "序号", "二级指标"]
"""Then the item fields of the check-in spec (滞后原因, 整改措施)."""
OFFICE_EXPORT_EXEMPT = "免报：{reason}"
OFFICE_EXPORT_EXTENDED = "延期至{due}：{reason}"
OFFICE_EXPORTED = "已生成{quarter}工作情况表（{filename}），稍后以文件形式发给您。"

OFFICE_CASES_TITLE = "{year}年典型案例：{count}个专班已形成，{missing}个专班尚无"
OFFICE_CASE_ENTRY = "《{title}》（{quarter}）"
OFFICE_CASES_MISSING = "尚无典型案例：{names}"

OFFICE_SCORE = "{score}分"
OFFICE_RANK = " 第{rank}名"
OFFICE_SCORE_RECORDED = "已记录{year}年“{indicator}”成绩：{score}。"
OFFICE_SCORE_REPLACED = "（原为{score}）"
OFFICE_NO_SCORES = "{year}年还没有录入成绩，无法晾晒。请先录入，例：成绩 {year} 纳税 92.5 3"
OFFICE_RANKING_TITLE = "{year}年度天津市营商环境第三方评价 东丽区指标成绩晾晒"
OFFICE_RANKING_MD_TITLE = "**{year}年度天津市营商环境第三方评价 东丽区指标成绩晾晒**"
OFFICE_RANKING_LINE = "{no}. {name}（{leads}）{score}，{change}"
OFFICE_RANKING_BEST = "{line}【最好】"
OFFICE_RANKING_WORST = "{line}【最差】"
OFFICE_RANKING_MD_BEST = '<font color="info">{line}【最好】</font>'
OFFICE_RANKING_MD_WORST = '<font color="warning">{line}【最差】</font>'
OFFICE_RANKING_NO_PREVIOUS = "上年无成绩"
OFFICE_RANKING_SCORE_CHANGE = "较上年{delta}分"
OFFICE_RANKING_SCORE_SAME = "得分与上年持平"
OFFICE_RANKING_UP = "名次升{places}位"
OFFICE_RANKING_DOWN = "名次降{places}位"
OFFICE_RANKING_RANK_SAME = "名次持平"
OFFICE_RANKING_UNSCORED = "未录入成绩：{names}"
OFFICE_PUBLISH_PREVIEW_TITLE = "晾晒预览"
OFFICE_CONFIRM = "确认"
OFFICE_PUBLISH_CONFIRM = "以上为预览。回复“确认”发布到办公室群，回复“取消”放弃。"
OFFICE_PUBLISH_WAITING = "正在等待您确认晾晒：回复“确认”发布到办公室群，回复“取消”放弃。"
OFFICE_PUBLISH_CANCELLED = "已取消，晾晒未发布。"
OFFICE_PUBLISHED = "{year}年成绩晾晒已发送到办公室群。"
OFFICE_PUBLISH_QUEUED = "{year}年成绩晾晒已确认发布，将发送到办公室群。"
OFFICE_EXPORT_WRITTEN = "已写入{quarter}工作情况表：{path}"
OFFICE_IMPORT_FORMAT = "不支持的文件“{name}”：请用 .csv 或 .xlsx 格式。"
OFFICE_IMPORT_ENCODING = "无法读取该 CSV 文件的编码，请另存为 UTF-8 编码的 CSV 或 .xlsx。"
OFFICE_IMPORT_EMPTY = "表格中没有成绩数据。第一行应为表头：年度、指标、得分、排名。"
OFFICE_IMPORT_COLUMNS = "表头缺少列：{names}。第一行应为：年度、指标、得分、排名。"
OFFICE_IMPORT_ROW = "第{line}行：{error}"
OFFICE_IMPORT_DUPLICATE = "第{line}行：与第{first}行的年度和指标重复。"
OFFICE_IMPORT_FAILED = "成绩表有{count}处错误，未导入任何成绩，请改正后重新导入："
OFFICE_IMPORT_DONE = "已导入{count}条成绩（新增{added}条，更新{updated}条）。"
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
REMINDER_MISSING = "草稿还差：{items}。"
REMINDER_DAY = "{month}月{day}日（周{weekday}）"
REMINDER_DAY_EXTENDED = "{month}月{day}日（周{weekday}，已延期）"
OFFICE_OVERDUE_HEADER = "【专班助手】以下专班{quarter}工作情况逾期未报送（截止日期{due}）："
OFFICE_OVERDUE_LINE = "{n}. {task_force}，联系人：{contacts}"
OFFICE_OVERDUE_LINE_EXTENDED = "{n}. {task_force}（延期至{due}），联系人：{contacts}"
OFFICE_NO_CONTACT = "未登记"
OFFICE_OVERDUE_FOOTER = "请以上专班联系人回复专班助手“填报”尽快报送。"
NAME_SEPARATOR = "、"

# Office controls (handlers/office/grants.py): extensions (延期) and exemptions (免报)
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
    ReportStatus.DRAFT: "草稿",
    ReportStatus.RETURNED: "已退回修改",
    ReportStatus.SUBMITTED: "已提交，提醒已停止",
    ReportStatus.ACCEPTED: "已通过，提醒已停止",
}
SCHEDULE_EXEMPT = "免报（{reason}），提醒已停止"
SCHEDULE_LINE = "  {day}  {label}  {state}"
SCHEDULE_SENT = "已发送 {at} → {recipients}"
SCHEDULE_NEXT = "待发送（下一个发送时刻）"
SCHEDULE_PLANNED = "计划"
SCHEDULE_SUPERSEDED = "未发送（已由后续提醒取代）"
STAGE_LABELS = {
    StageName.OPEN: "开始通知",
    StageName.MEETING: "会商会议提醒",
    StageName.T_MINUS_7: "截止前7天",
    StageName.T_MINUS_3: "截止前3天",
    StageName.DUE: "截止当天",
    StageName.T_PLUS_1: "逾期1个工作日（抄送分管领导）",
    StageName.T_PLUS_3: "逾期3个工作日（办公室群）",
    StageName.WEEKLY: "每周催报",
    StageName.CASE: "典型案例提醒",
    StageName.CONFIRM: "提醒分管领导确认",
    StageName.CONFIRM_OFFICE: "分管领导未确认（办公室群）",
}
STAGE_COUNTS = {StageName.WEEKLY: "（第{count}次）", StageName.CASE: "（{count}月）"}
"""After the label of a repeating stage: which week, which month."""
OFFICE_GROUP_NAME = "办公室群"


# Quarterly check-in (handlers/checkin) ----------------------------------------------------

CHECKIN_QUESTION_HEADER = "【第{number}/{total}题 · {title}】"
CHECKIN_LAST_PLAN = "上季度报送的“下季度工作计划”：\n{plan}\n\n请对照这份计划，"
CHECKIN_COMMANDS = (
    "可用指令：上一步｜跳过（仅选填题）｜预览｜修改N（如“修改2”）｜取消（暂存退出）｜继续｜"
    "重新开始｜帮助"
)
CHECKIN_CURRENT = "当前答案：{value}\n回复新的答案即可修改，回复“继续”保留不变。"
CHECKIN_START = (
    "开始填报{task_force}{quarter}报告（截止日期：{due}）。共{total}题，每个回答都会立即保存；"
    "随时可回复“帮助”查看说明，“预览”查看已填内容，“取消”暂存退出。"
)
CHECKIN_RESUME = "继续填报{task_force}{quarter}报告（已完成{done}/{total}题，截止日期：{due}）。"
CHECKIN_RECORDED = "已记录。"
CHECKIN_RECORDED_VALUE = "已记录{label}：{value}。"
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
CHECKIN_DATE_FUTURE = "{day}晚于今天（{today}）：{label}不能是将来的日期。"
CHECKIN_DATE_OUTSIDE = "{day}不在{quarter}（{first}至{last}）内：{label}须在本季度内，请重新回复。"
CHECKIN_PLANNED_PAST = "{day}早于今天（{today}）：计划日期请回复今天或以后的日期。"
CHECKIN_PLANNED_FAR = "提示：{day}距今超过一年，请确认无误；如有误，回复“修改{number}”重新填写。"
CHECKIN_DAY_NOT_WORKING = (
    "提示：这一天不是工作日，请确认日期无误；如有误，回复“修改{number}”重新填写。"
)
CHECKIN_COUNT_HINT = "请回复{label}的数字，例如“3”。"
CHECKIN_COUNT_ODD = "提示：{count}比通常多，请确认无误；如有误，回复“修改{number}”重新填写。"
CHECKIN_SAME_AS = (
    "提示：这一题的回答与“{title}”完全相同，请确认不是误粘贴；如需修改，回复“修改{number}”。"
)
CHECKIN_NO_SUBSTANCE = (
    "“{text}”没有说明具体内容。{label}请写清楚具体的工作、原因或安排（至少{minimum}个字），"
    "例如做了什么、进展到哪一步、下一步怎么做。"
)
CHECKIN_TOO_LONG = (
    "这条回答有{count}个字，{title}最多{maximum}个字，发送给办公室时会被拆成好几条消息。"
    "请精简到{maximum}字以内再发送（原文仍在聊天记录里，可复制后删减；详细材料可作为文件发送）。"
)
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
CHECKIN_NO_LAGGING = "均按计划推进，无滞后指标"
CHECKIN_LAGGING_SUMMARY = "滞后{count}项："
CHECKIN_LAGGING_ITEM = "  {no}. {name}——{said}"
CHECKIN_TARGETS_SUMMARY = "本季度目标{count}条，已完成{done}条："
CHECKIN_RECORDED_EVIDENCE = "已收到佐证材料。"
CHECKIN_PROGRESS_HINT = "请回复“完成”“部分完成”或“未完成”（也可回复 1、2、3）。"
PROGRESS_LABELS = {
    Progress.DONE: "完成",
    Progress.PARTLY: "部分完成",
    Progress.NOT_DONE: "未完成",
}
PROGRESS_WORDS = {
    "完成": Progress.DONE,
    "已完成": Progress.DONE,
    "全部完成": Progress.DONE,
    "1": Progress.DONE,
    "部分完成": Progress.PARTLY,
    "部分": Progress.PARTLY,
    "基本完成": Progress.PARTLY,
    "推进中": Progress.PARTLY,
    "进行中": Progress.PARTLY,
    "2": Progress.PARTLY,
    "未完成": Progress.NOT_DONE,
    "没完成": Progress.NOT_DONE,
    "没有完成": Progress.NOT_DONE,
    "未": Progress.NOT_DONE,
    "3": Progress.NOT_DONE,
}
"""What a contact may reply to a target's 完成情况 (after the usual cleaning)."""
CHECKIN_PARTS_SEPARATOR = "；"
CHECKIN_YES = "是"
CHECKIN_NO = "否"
CHECKIN_NONE = "无"
CHECKIN_PREVIEW_HELP = "请核对报告内容：无误请回复“确认提交”；要修改第N项请回复“修改N”。"
CHECKIN_CASE_WITH_FILE = "（附材料）"
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
CHECKIN_DAY = "{year}年{month}月{day}日（周{weekday}）"
CHECKIN_TIME = "{year}年{month}月{day}日 {hour:02d}:{minute:02d}"
CHECKIN_LIST_SEPARATOR = "、"
FLOW_FAILED = (
    "抱歉，处理这条消息时出了问题，已退出当前操作，刚才这条消息没有保存；之前填写的内容都已保存"
    "（填报可回复“继续”接着填写）。如仍有问题，请联系区营商环境办公室。"
)
CHECKIN_STALE_REPORT = (
    "刚才填写的报告已不存在（专班或报送期可能已被调整），已退出填报。"
    "请回复“填报”重新选择；如有疑问，请联系区营商环境办公室。"
)
CHECKIN_NO_LONGER_ALLOWED = (
    "专班名单已调整，您已不在可填报人员中，已退出填报（已填写的内容仍保留在草稿中）。"
)
CHECKIN_EXPIRED = (
    "您上次填报是在{since}，已超过{hours}小时没有继续，填报已自动暂停；已填写的内容都已保存。"
)
CHECKIN_EXPIRED_NOT_SAVED = (
    "刚才这条消息没有作为答案保存。回复“继续”从上次的问题接着填写，或回复“帮助”。"
)
CHECKIN_RESTARTED = "已重新开始。已填写的内容都保留在草稿中；要改某一题，回复“修改N”。"
CHECKIN_CHOOSE_HELP = "请回复编号选择要填报的专班；回复“取消”退出。"
CHECKIN_BUSY_HELP = "同一时间只能由一人填写。" + CHECKIN_COMMANDS
CHECKIN_NOT_SAVED_BUSY = "您刚才发送的“{text}”没有保存。"
CHECKIN_A_FILE = "文件"
CHECKIN_CHANGED_SINCE_PREVIEW = (
    "报告内容在您上次预览后有改动（可能是另一位联系人修改的），请再核对一遍。"
)
CHECKIN_EXCERPT_CHARS = 30
"""How much of an unsaved message the notice quotes."""


# Reporting periods (bot/commands/period.py) -----------------------------------------------

PERIOD_DUE_MOVED = "{asked}不是工作日，截止日期提前到前一个工作日：{due}。"
PERIOD_BAD_ORDER = (
    "日期顺序不对：需要 开放日 {opens} ≤ 截止日 {due} ≤ 锁定日 {lock}，请调整后再设置。"
)
PERIOD_SET = "已设置{quarter}：开放 {opens}，截止 {due}，锁定 {lock}。"
PERIOD_LINE = "{id}  开放 {opens}  截止 {due}  锁定 {lock}  {status}  已提交 {submitted}/{total}"
PERIOD_NONE = "还没有设置任何填报期。设置方法：zhuanban period set 2026Q4 --due 2026-12-25"
PERIOD_PHASES = {
    Phase.EARLY: "未开放",
    Phase.OPEN: "填报中",
    Phase.OVERDUE: "已过截止日",
    Phase.LOCKED: "已锁定",
}

# WeCom transport: card titles and the answer to messages it cannot read.
CARD_TITLE = "请选择"
CARD_CHOSEN = "已选择：{label}"
TEXT_ONLY = "目前我只能读懂文字消息。请直接输入文字提问，或回复“帮助”查看我能做什么。"

# Outbound messages as people read them (handlers/outbound.py: the terminal, 发送情况).
OUTBOUND_TO_USERS = "{userids}"
OUTBOUND_TO_OFFICE_ROBOT = "办公室群（@{mentioned}）"
OUTBOUND_TO_ROBOT = "群机器人 {robot}（@{mentioned}）"
OUTBOUND_TO_CHAT = "群聊 {chat_id}"
OUTBOUND_TO_TAG = "标签 {tag_id} 的成员"
OUTBOUND_NOBODY_MENTIONED = "无"
OUTBOUND_FILE = "［文件］{filename}"
OUTBOUND_CARD_UPDATE = "［卡片已更新：{label}］"
OUTBOUND_BUTTONS = "可选：{choices}"
TERMINAL_HEADING = "—— 发给 {to} ——"
TERMINAL_HEADING_GROUP = "—— 发到{to}——"
TERMINAL_QUEUED = "（已排入发送队列，由 zhuanban serve 发出）"
DELIVERY_ROUTES = {"app": "应用消息", "appchat": "群聊消息", "robot": "群机器人消息"}
DELIVERY_BLOCKED = (
    "【发送受阻】企业微信拒绝了本助手的{route}（错误码 {errcode}）：{fix}"
    "期间的消息都已保留，修复后自动补发。发送“发送情况”可查看。"
)
DELIVERY_FIX_IP = "请管理员在企业微信管理后台把服务器 IP {ip} 加入本应用的“企业可信IP”。"
DELIVERY_FIX_PERMISSION = "本应用没有这项接口权限，请管理员检查应用的可见范围和接口权限。"
DELIVERY_FIX_SECRET = (
    "应用 Secret 或企业 ID 配置不对，"
    "请运维人员核对 ZHUANBAN_WECOM_SECRET 和 ZHUANBAN_WECOM_CORP_ID。"
)
DELIVERY_FIX_OTHER = "请运维人员查看日志中的 delivery blocked 记录。"
DELIVERY_RESUMED = "【发送已恢复】{route}又能正常发出了，积压的消息正在补发。"
DELIVERY_CHANNELS = {
    "users": "发给成员的消息",
    "tag": "发给标签成员的消息",
    "chat": "群聊消息",
    "robot": "群机器人消息",
}
DELIVERY_STATUS_TITLE = "发送情况（{time}）"
DELIVERY_STATUS_COUNTS = (
    "待发送 {queued} 条，发送中 {sending} 条，已发出 {sent} 条，发送失败 {failed} 条"
)
DELIVERY_STATUS_OLDEST = "最早一条待发送的消息排队于 {time}"
DELIVERY_STATUS_OK = "发送通道正常。"
DELIVERY_STATUS_BLOCKED = "⚠ {channel}暂停发送（自 {since}，错误码 {errcode}）：{reason}"
DELIVERY_STATUS_FAILED_TITLE = "发送失败的消息（最近 {count} 条）："
DELIVERY_STATUS_FAILED_LINE = "#{id} {time} → {to}：{summary}（{error}）"
DELIVERY_STATUS_RETRY_HINT = (
    "回复“发送情况 重发”把失败的消息重新排队发送；暂停的通道也会立即再试一次。"
)
DELIVERY_RETRIED = "已把 {count} 条发送失败的消息重新排队发送{blocks}。"
DELIVERY_RETRIED_BLOCKS = "，暂停的通道将立即再试一次"
DELIVERY_RETRY_WORDS = ("重发", "重试")

# Word documents (handlers/office/word) and their office chat commands -----------------------
DOC_QUARTER_TITLE = "东丽区营商环境指标专班{quarter}工作情况汇报"
DOC_QUARTER_FILENAME = "{quarter}工作情况汇报.docx"
DOC_QUARTER_SUMMARY = (
    "截至{day}，{total}个专班中已报送{reported}个，尚未报送{pending}个，"
    "未按时报送{late}个，形成典型案例{cases}个。"
)
DOC_RANKING_TITLE = "{year}年度营商环境评价指标晾晒通报"
DOC_RANKING_FILENAME = "{year}年度晾晒通报.docx"
DOC_RANKING_SUMMARY = "{year}年度第三方评价已录入{scored}项指标得分，未录入{unscored}项。"
DOC_RANKING_UNSCORED = "尚未录入得分的指标：{names}。"
DOC_SIGNATURE = "东丽区营商环境办公室\n{day}"
DOC_NONE = "无"
DOC_NOT_REPORTED = "（未报送）"
DOC_SENT = "已生成《{filename}》，将以文件发送给您。"
DOC_RANKING_NO_SCORES = "{year}年度还没有录入任何得分，无法生成晾晒通报。请先用“成绩”录入。"
CONSOLE_LINK = "在工作台查看：{url}"
CONSOLE_LINK_MARKDOWN = "[在工作台查看]({url})"
REMINDER_FORM_LINK = "{task_force}网页填报：{url}"
REMINDER_PAGE_LINK = "{task_force}在工作台查看：{url}"
CHECKIN_WEB_FORM = "内容较多时，也可以在网页上填写（草稿自动保存，可上传附件）：{url}"

# The holiday calendar (handlers/office/calendar.py, bot/commands/calendar.py) ------------

DAY_UNCONFIRMED = "（待确认）"
"""After a due day in a year whose holidays the office has not entered yet."""
OFFICE_DAY_UNCONFIRMED = "（注意：该年节假日安排尚未录入，是否工作日待确认）"
CALENDAR_STATUS = {"working": "上班", "off": "休息", "unknown": "待确认"}
CALENDAR_SOURCE = {"packaged": "程序内置", "office": "办公室录入"}
CALENDAR_SHOW_HEADER = "{year}年节假日安排（{source}）："
CALENDAR_SHOW_MISSING = (
    "日历里还没有{year}年的节假日安排：该年的工作日都按“待确认”处理，不发提醒和逾期通知。\n"
    "请按国务院办公厅的放假通知录入，例如发送：\n"
    "节假日 {year}\n{year}-01-01 休 元旦\n{year}-10-01~{year}-10-07 休 国庆节\n"
    "{year}-10-09 班 国庆节调休"
)
CALENDAR_HOLIDAY_LINE = "放假 {first}{last}{name}"
CALENDAR_WORKDAY_LINE = "调休上班 {day}{name}"
CALENDAR_CHANGE_LINE = "{day}（周{weekday}）{before} → {after}{name}"
CALENDAR_DIFF_HEADER = "{year}年将有以下变化（共{count}天）："
CALENDAR_NO_CHANGE = "与现有日历相同，无需更改。"
CALENDAR_CONFIRM_PROMPT = "确认无误请回复“确认”，放弃请回复“取消”。"
CALENDAR_APPLIED = "已录入{years}年的节假日安排，提醒和截止日期从现在起按新日历计算。"
CALENDAR_CANCELLED = "已放弃这次录入，日历没有改动。"
CALENDAR_BAD_LINE = (
    "这一行看不懂：{line}\n每行写一个日期或日期范围、“休”或“班”、节日名，例如："
    "2027-10-01~2027-10-07 休 国庆节。请改正后把全部行重新发送。"
)
CALENDAR_BAD_YEAR = "节假日后面请写年份，例如：节假日 2027"
CALENDAR_MISSING_REMINDER = (
    "日历里还没有{year}年的节假日安排。国务院办公厅的放假通知发布后，请在这里发送"
    "“节假日 {year}”并附上各行日期录入；录入前，{year}年的工作日都按“待确认”处理，不发提醒。"
)
CALENDAR_OTHER_YEAR = "录入的是{year}年，但有日期在{other}年。请只写{year}年的日期后重新发送。"
CALENDAR_CONFIRM_WORD = "上班"
CALENDAR_CONFIRM_KNOWN = "{day}所在年份的节假日安排已录入，无需单独确认；如有变化请重新录入该年。"
CALENDAR_CONFIRMED_DAYS = "已确认{days}为工作日，这些天会照常发送提醒。"
# Attachments (handlers/attachments.py, handlers/office/attachments.py) --------------------

ATTACHMENT_KINDS = {"image": "图片", "voice": "语音", "video": "视频", "file": "文件"}
ATTACHMENT_RECEIVED = "已收到您的{kind}，正在保存（附件编号 {id}）。"
ATTACHMENT_TEXT_ONLY = "我只能读懂文字消息；如需填报，请回复“填报”，或回复“帮助”查看我能做什么。"
ATTACHMENT_KEPT_IN_CHECKIN = "（这一{kind}已作为本专班报告的附件保存，编号 {id}。）"
ATTACHMENT_TOO_BIG = (
    "您发送的{kind}（附件编号 {id}）超过 {limit} MB，未能保存。请压缩或拆分后重新发送。"
)
ATTACHMENT_BAD_TYPE = (
    "您发送的{kind}“{name}”（附件编号 {id}）不是可保存的文件类型。"
    "可保存：PDF、Word、Excel、PPT、WPS、图片、语音、视频、压缩包、CSV、文本。请转换格式后重新发送。"
)
ATTACHMENT_EMPTY = "您发送的{kind}（附件编号 {id}）是空文件，未能保存。请检查后重新发送。"
ATTACHMENT_LOST = (
    "您{time}发送的{kind}（附件编号 {id}）未能从企业微信取回（企业微信只保留 3 天），"
    "请重新发送一次。"
)
ATTACHMENT_STATUS = {
    "pending": "待下载",
    "stored": "已保存",
    "rejected": "未保存",
    "lost": "已失效，需重新发送",
}
ATTACHMENT_LINE = "#{id} {name}　{size}　{status}　{uploader} {time}"
ATTACHMENT_LINE_PLACE = "　{task_force} {quarter}"
ATTACHMENT_UNNAMED = "（{kind}，尚未取回）"
ATTACHMENTS_OF_REPORT = "附件（{count}个，回复“附件 编号”可取回）："
ATTACHMENTS_TITLE = "附件（最新{count}个；回复“附件 编号”取回文件）："
ATTACHMENTS_PENDING_TITLE = "待下载的附件（{count}个，正在自动重试）："
ATTACHMENTS_NONE = "没有找到附件。"
ATTACHMENT_NOT_FOUND = "没有编号为 {id} 的附件。回复“附件”查看附件列表。"
ATTACHMENT_NOT_READY = (
    "附件 #{id} {status}，暂时无法发回。待下载的附件会自动重试；已失效的请联系发送人重新发送。"
)
ATTACHMENT_MISSING_ON_DISK = (
    "附件 #{id} 的文件在服务器上找不到了，请联系系统管理员从备份恢复附件目录。"
)
ATTACHMENT_SENDING = "正在把附件 #{id}“{name}”发给您。"
ATTACHMENT_EXPORT_SHEET = "附件"
ATTACHMENT_EXPORT_HEADER = (
    "编号",
    "专班",
    "季度",
    "文件名",
    "大小",
    "状态",
    "发送人",
    "时间",
    "SHA-256",
)

# Roster import from a file sent in chat (handlers/roster_import.py) ------------------------

ROSTER_FILE_PREVIEW = "名册文件“{name}”（附件 #{id}）将做以下变更：{summary}"
ROSTER_FILE_CONFIRM = "回复“确认”导入，回复“取消”放弃。"
ROSTER_FILE_MORE = "……另有 {count} 处变更未列出。"
ROSTER_FILE_PROBLEMS = "名册文件“{name}”（附件 #{id}）有 {count} 处问题，未导入："
ROSTER_FILE_PROBLEMS_HINT = "请修改后重新发送文件。"
ROSTER_FILE_NO_CHANGE = "名册文件“{name}”（附件 #{id}）与现有名册一致，无需导入。"
ROSTER_FILE_APPLIED = "已导入名册文件“{name}”：{summary}"
ROSTER_FILE_DROPPED = "已放弃导入名册文件“{name}”，名册未作改动（文件仍保存为附件 #{id}）。"
ROSTER_FILE_NOT_OFFICE = (
    "您发送的“{name}”看起来是工作人员名册。名册只能由区营商环境办公室导入，"
    "如需调整请联系{contact}。文件已保存为附件 #{id}。"
)
ROSTER_FILE_CONFIRM_BUTTONS = (("确认导入", "确认"), ("取消", "取消"))
SHEET_NEITHER = (
    "“{name}”已保存为附件 #{id}。它不是工作人员名册"
    "（表头：专班,单位,姓名,企业微信账号,角色,手机），也不是年度目标表（表头：年度,专班,重点任务,季度,季度目标,责任单位,完成时限），所以没有导入。"
    "如要导入，请按其中一种表头修改后重新发送。"
)

# The year's targets from a file sent in chat (handlers/targets_import.py) --------------------

TARGETS_FILE_PREVIEW = "年度目标表“{name}”（附件 #{id}）将录入以下目标："
TARGETS_FILE_CONFIRM = "同一专班同一年度原有的目标将被替换。回复“确认”导入，回复“取消”放弃。"
TARGETS_FILE_PROBLEMS = "年度目标表“{name}”（附件 #{id}）有 {count} 处问题，未导入："
TARGETS_FILE_PROBLEMS_HINT = "请修改后重新发送文件（表头与填写说明见 examples/targets.csv）。"
TARGETS_FILE_NO_CHANGE = "年度目标表“{name}”（附件 #{id}）与已录入的目标一致，无需导入。"
TARGETS_FILE_APPLIED = "已导入年度目标表“{name}”："
TARGETS_FILE_DROPPED = "已放弃导入年度目标表“{name}”，目标未作改动（文件仍保存为附件 #{id}）。"
TARGETS_FILE_NOT_OFFICE = (
    "您发送的“{name}”看起来是年度目标表。年度目标由区营商环境办公室录入；文件已保存为附件 #{id}。"
)

# The year's targets, their colours and rates (handlers/targets.py) ---------------------------

TARGETS_LIGHTS = {Light.GREEN: "绿灯", Light.YELLOW: "黄灯", Light.RED: "红灯"}
TARGETS_LIGHT_SUFFIX = "（{light}）"
TARGETS_NOT_REPORTED = "未报告"
TARGETS_WHOLE_TASK_FORCE = "专班"
TARGETS_LINE = "· Q{quarter} {task}：{target}（{owner}，{due}前）—— {state}"
TARGETS_TASK_FORCE_HEAD = "{task_force}：目标{count}条，按期完成率 {rate}"
TARGETS_RATE = "{on_time}/{due}（{percent}%）"
TARGETS_RATE_NONE = "—（尚无到期目标）"
TARGETS_LIST_HEAD = "{year}年度目标（按期完成率 = 按期完成数 / 已到期或已完成数）："
TARGETS_LIST_NONE = (
    "{task_force}尚未录入{year}年度目标。请把年度目标表"
    "（表头：年度,专班,重点任务,季度,季度目标,责任单位,完成时限）发给我导入。"
)
TARGETS_QUARTER_HEAD = "{quarter}目标完成情况：共{count}条，按期完成率 {rate}"
TARGETS_QUARTER_TASK_FORCE = "【{task_force}】{count}条：{counts}；按期完成率 {rate}"
TARGETS_QUARTER_COUNTS = "完成{done}、部分完成{partly}、未完成{not_done}、未报告{unreported}"
TARGETS_QUARTER_WITHOUT = "本季度未录入目标：{names}"
TARGETS_PROGRESS_HEAD = "季度目标{count}条：按期完成率 {rate}，红灯{red}、黄灯{yellow}"
TARGETS_RATE_ITEM = "{name} {rate}"
TARGETS_BY_TASK_FORCE = "按专班：{items}"
TARGETS_BY_UNIT = "按责任单位：{items}"
DOC_TARGETS_RATE = "本季度目标按期完成率 {rate}。"
TARGETS_EXPORT_SHEET = "季度目标"
TARGETS_EXPORT_TITLE = "{quarter}季度目标完成情况（计划与实际）"
TARGETS_EXPORT_HEADER = (
    "专班",
    "重点任务",
    "季度目标",
    "责任单位",
    "完成时限",
    "完成情况",
    "完成情况说明",
    "报告时间",
    "按期完成",
    "灯色",
)
TARGETS_EXPORT_NOT_DUE = "未到期"

# A quarter's life (core/lifecycle.py), office sends and leaders in the loop ----------------

LIFECYCLE_REFUSALS = {
    "in_past": "{day}已经过去，请选择今天或以后的日期。",
    "not_working_day": "{day}不是工作日，请改为工作日。",
    "locked": "本季度已于{day}锁定，不能再延期；如需重新开放，请用“截止 季度 日期”。",
    "already_submitted": "该专班本季度已提交，不能免报；如确需免报，请先退回。",
}
OFFICE_RETURN_DUE = "请于{due}前重新提交。"
NOTICES_HEADER = "专班助手通知（共{count}项）："
OFFICE_SENT_NOW = "已发送{count}人。"
OFFICE_SENT_LATER = (
    "现在不是工作时间，{count}人的消息将于{day} {time}发出（命令末尾加“{word}”可马上发出）。"
)
OFFICE_CHASE_AFTER_LOCK = (
    "{quarter}将于{lock}锁定，现在不是工作时间，催报要到{day}才能发出，那时已锁定，因此未催报。"
    "如需马上发出，请在命令末尾加“{word}”。"
)
OFFICE_CHASE_LOCKED = "{quarter}已于{lock}锁定，不再催报。如需重新开放，请用“截止 季度 日期”。"
OFFICE_REOPEN_HINT = "（{quarter}已锁定，重新开放时截止日期须为今天或以后）"
OFFICE_REOPEN_CONFIRM = (
    "{quarter}已于{lock}锁定。设置新的截止日期{due}将重新开放本季度填报（{locks}再次锁定），"
    "并通知尚未提交的专班。回复“确认”重新开放，回复“取消”放弃。"
)
OFFICE_REOPEN_WAITING = "正在等待您确认重新开放：回复“确认”重新开放，回复“取消”放弃。"
OFFICE_REOPEN_CANCELLED = "已取消，季度仍保持锁定。"
OFFICE_REOPENED = "已重新开放{quarter}：截止日期{due}，{locks}锁定{note}。"
OFFICE_REOPENED_NOTICE = (
    "【重新开放】{task_force}{quarter}工作情况填报已重新开放，请于{due}前回复“填报”完成提交。"
)
OFFICE_REOPENED_GROUP = "【通知】{quarter}填报已重新开放：截止日期{due}，{locks}锁定。"
OFFICE_DEADLINE_NOTICE = (
    "【截止日期调整】{task_force}{quarter}工作情况的提交截止日期调整为{due}。"
    "请回复“填报”按时提交。"
)
REMINDER_YEAR = "{year}年"

# Self-service questions of contacts and 分管领导 (handlers/selfservice.py)
SELF_LINE = "{task_force}{quarter}：{text}"
SELF_STATE_NOT_STARTED = "尚未开始填报"
SELF_STATE_DRAFT = "草稿，已填{done}/{total}项，尚未提交"
SELF_STATE_OVERDUE = "（已逾期）"
SELF_STATE_SUBMITTED = "已提交（第{version}版，{time}），等待办公室审核"
SELF_STATE_ACCEPTED = "已通过审核（第{version}版，{time}提交）"
SELF_STATE_RETURNED = "已退回，意见：{comment}。请于{due}前修改后重新提交"
SELF_STATE_EXEMPT = "本季度免报（{reason}）"
SELF_STATE_AWAITING_LEADER = "已提交（第{version}版，{time}），等待分管领导确认后报送办公室"
SELF_DUE = "截止日期{due}{extended}，{left}"
SELF_EXTENDED = "（已延期）"
SELF_DAYS_LEFT = "还有{days}天"
SELF_DUE_TODAY = "今天截止"
SELF_DAYS_OVERDUE = "已逾期{days}天"
SELF_DONE_ALREADY = "已完成报送"
SELF_MISSING = "还差：{items}。回复“填报”继续填写"
SELF_NOTHING_MISSING = "各项都已填写，回复“填报”预览并确认提交"
SELF_CASES = "{task_force}{year}年典型案例：{cases}"
SELF_NO_CASES = "{task_force}{year}年尚未形成典型案例（每年度至少一篇，在季度报送中填写）"
SELF_TODO_TITLE = "您的待办（共{count}项）："
SELF_TODO_ITEM = "{task_force}{quarter}：{what}，截止{due}，{left}"
SELF_TODO_FILL = "填报并提交"
SELF_TODO_CONTINUE = "继续填写（已填{done}/{total}项）并提交"
SELF_TODO_RESUBMIT = "按退回意见修改后重新提交"
SELF_TODO_NONE = "您目前没有待办事项。"
SELF_TODO_CONFIRM = "{task_force}{quarter}：联系人已提交，请审阅后回复“确认”"
SELF_HOW = "回复“填报”即可开始或继续。"
SELF_OTHERS = "{quarter}应报{total}个专班，已提交{done}个，还有{pending}个专班未报。"

# 分管领导 confirmation (handlers/leaders.py, ZHUANBAN_LEADER_CONFIRMATION)
LEADER_CONFIRM_REQUEST = (
    "【请确认】{task_force}{quarter}报告已由{name}提交（第{version}版，{time}）。{late}\n"
    "请审阅后回复“确认”，确认后报送区营商环境办公室。"
)
CHECKIN_AWAITING_LEADER = "报告将在分管领导（{names}）确认后报送区营商环境办公室，已请其确认。"
LEADER_CONFIRMED_ITEM = "{task_force}{quarter}（第{version}版）"
LEADER_CONFIRMED = "已确认：{reports}。已报送区营商环境办公室。"
REMINDER_CONFIRM = "联系人已于{since}提交，等待您审阅确认，请回复“确认”。"
OFFICE_UNCONFIRMED_HEADER = "【专班助手】以下报告已提交，分管领导超过3个工作日未确认："
OFFICE_UNCONFIRMED_LINE = "{n}. {task_force}{quarter}（{since}提交），分管领导：{leaders}"
OFFICE_PUBLISH_ANYWAY = "确认发布"
OFFICE_PUBLISH_INCOMPLETE = (
    "注意：{total}项指标中有{missing}项尚未录入成绩（见上）。"
    "如仍要发布到办公室群，请回复“{word}”；回复“取消”放弃，可先用“成绩”补录。"
)
OFFICE_PUBLISH_WAITING_INCOMPLETE = "成绩尚未录全，发布需回复“{word}”；回复“取消”放弃。"

# The printable workbook (handlers/office/workbook.py)
OFFICE_EXPORT_TITLE = "东丽区营商环境指标专班{quarter}工作情况汇总表"
OFFICE_EXPORT_LAGGING_TITLE = "{quarter}滞后二级指标及整改措施"
OFFICE_EXPORT_TASK_FORCE_TITLE = "{task_force}{quarter}工作情况"
OFFICE_EXPORT_GENERATED = "生成时间：{at}（北京时间）"
OFFICE_EXPORT_FIELD_HEADERS = ["项目", "内容"]
OFFICE_EXPORT_LAGGING_ITEM = "滞后二级指标{no}"
OFFICE_ROSTER_FILENAME = "专班工作人员名单_{day}.xlsx"
OFFICE_ROSTER_SENT = "已生成工作人员名单（{count}行，{filename}），稍后以文件形式发给您。"
LEADER_CONFIRM_TITLE = "请分管领导确认季度报告"
LEADER_CONFIRM_WORD = "确认"

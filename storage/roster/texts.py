"""Every Chinese message of the roster import, export and check (the office reads them)."""

from core.roles import Role

# Reading the file
FILE_NOT_FOUND = "找不到文件：{path}。请检查路径后重试。"
UNSUPPORTED_TYPE = "不支持的文件类型（{suffix}）。请在 Excel 中另存为 .xlsx 或 .csv 后再导入。"
UNKNOWN_ENCODING = (
    "无法识别文件编码。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入。"
)
BAD_CSV = "CSV 文件格式有误（{error}）。请在 Excel 中重新另存为 CSV 后再导入。"
BAD_XLSX = (
    "无法打开这个 .xlsx 文件，它可能已损坏或不是 Excel 文件。请在 Excel 中重新保存后再导入。"
)
EMPTY_FILE = "文件是空的。请按表头 专班,单位,姓名,企业微信账号,角色,手机 填写人员后再导入。"

# Problems, one per line; the caller puts “第N行：” in front
ROW = "第{row}行：{message}"
NO_DATA = "只有表头，没有人员。请在表头下方逐行填写人员后再导入。"
MISSING_COLUMNS = "表头缺少必需的列：{columns}。表头应为：专班,单位,姓名,企业微信账号,角色,手机。"
DUPLICATE_COLUMNS = "表头中这些列出现了不止一次：{columns}。请只保留一列。"
BLANK_CELL = "“{column}”为空，请填写。"
UNKNOWN_ROLE = "角色“{value}”无法识别。角色只能填：分管领导、联系人、成员、办公室。"
OFFICE_WITH_TASK_FORCE = (
    "角色为“办公室”时专班应留空。如此人同时在专班任职，请另起一行填写专班和角色。"
)
TASK_FORCE_REQUIRED = "专班为空。只有角色为“办公室”的行可以不填专班。"
UNKNOWN_TASK_FORCE = "找不到专班“{value}”。"
UNKNOWN_UNIT = "找不到单位“{value}”。"
SUGGESTION = "您是不是要填“{name}”？"
NO_SUGGESTION = "请使用《东丽区营商环境指标专班工作机制》中的名称。"
GROUP_UNIT = "“{value}”是成员单位的统称，不是具体单位。请填写此人所在的具体单位。"
UNIT_NOT_IN_TASK_FORCE = (
    "单位“{unit}”不是{task_force}的牵头单位或责任单位。请核对专班和单位是否填反或填错。"
)
BAD_USERID = (
    "企业微信账号“{value}”格式不对：只能包含字母、数字和 _ - @ .，不超过64个字符。"
    "请从企业微信管理后台“通讯录”中复制此人的账号。"
)
BAD_MOBILE = "手机“{value}”格式不对。请填写11位手机号，或留空。"
TOO_LONG = "“{column}”过长（最多{limit}个字符）。"
USERID_TWO_NAMES = (
    "企业微信账号“{userid}”在第{first}行是“{first_name}”，这里是“{name}”。"
    "同一账号只能对应一个人（账号不区分大小写）。"
)
USERID_TWO_UNITS = (
    "“{name}”（{userid}）在第{first}行属于“{first_unit}”，这里属于“{unit}”。"
    "一个人只能属于一个单位。"
)
USERID_TWO_MOBILES = (
    "“{name}”（{userid}）在第{first}行的手机是“{first_mobile}”，这里是“{mobile}”。"
)
DUPLICATE_ROW = "与第{first}行重复（同一人、同一专班、同一角色）。请删除其中一行。"
TWO_ROLES = (
    "“{name}”（{userid}）在{task_force}已于第{first}行填为“{first_role}”，这里又填为“{role}”。"
    "同一人在一个专班只能有一个角色。"
)
DUPLICATE_OFFICE = "与第{first}行重复：“{name}”（{userid}）已是办公室成员。请删除其中一行。"
NO_OFFICE = (
    "名单中没有角色为“办公室”的人员。导入后将无人能收到名单变更通知、使用办公室命令。"
    "请至少保留一名营商环境办公室成员（专班留空、角色填“办公室”）。"
)

# Import outcome
READING = "正在读取并核对 {name} ……"
REFUSED = "名单未导入，共发现 {count} 处问题（数据库未做任何修改）："
REFUSED_HINT = "请修改文件后重新导入。可先加 --dry-run 检查，不会写入数据库。"
NO_CHANGE = "名单与数据库一致，没有变化，未做任何修改。"
SUMMARY = "新增 {added} 人，移除 {removed} 人，变更 {changed} 人。"
DRY_RUN = "（试运行，未写入数据库）以下为导入后将发生的变化：\n"
APPLIED = "名单已导入：\n"
ADDED_LINE = "+ {person}"
REMOVED_LINE = "- {person}"
CHANGED_LINE = "* {person}：{details}"
PERSON = "{name}（{userid}，{unit}）"
CHANGE_FIELD = "{field} {before} → {after}"
EMPTY_VALUE = "（空）"
FIELD_NAMES = {
    "userid": "账号写法",
    "name": "姓名",
    "unit": "单位",
    "mobile": "手机",
    "office": "办公室",
}
OFFICE_YES = "是"
OFFICE_NO = "否"
JOINED_TASK_FORCE = "加入{task_force}（{role}）"
LEFT_TASK_FORCE = "退出{task_force}（{role}）"
CHANGED_ROLE = "{task_force} {before} → {after}"
ROLE_NAMES = {
    Role.LEADER: "分管领导",
    Role.CONTACT: "联系人",
    Role.MEMBER: "成员",
    Role.OFFICE: "办公室",
}
NOTICE = "【名单变更】《东丽区营商环境指标专班工作人员名单》已更新（{source}）：{summary}"
NOTICE_MORE = "……另有 {count} 项变化，可用 zhuanban roster export 导出完整名单查看。"

# Export
TITLE = "《东丽区营商环境指标专班工作人员名单》"
DATE_LINE = "日期：{date:%Y年%m月%d日}"
SHEET = "工作人员名单"
EXPORT_HEADER = ("序号", "专班", "单位", "分工", "姓名", "企业微信账号", "角色", "手机")
LEAD = "牵头单位"
RESPONSIBLE = "责任单位"
OTHER = "其他"
OFFICE_GROUP = "营商环境办公室"
EXPORTED = "已导出 {count} 行到 {path}。"

# Check
CHECK_OK = "名单检查通过：{rules} 条规则均满足。"
CHECK_FAILED = "名单检查发现 {count} 个问题："
LEAD_WITHOUT_CONTACT = "{task_force}：牵头单位“{unit}”没有联系人。"
TOO_FEW_PEOPLE = "{task_force}：没有责任单位的专班至少需要 2 人，现有 {count} 人。"
UNIT_WITHOUT_PEOPLE = "单位“{unit}”在名单中没有任何人员。"
PERSON_WITHOUT_TASK_FORCE = "“{name}”（{userid}，{unit}）不在任何专班中。"

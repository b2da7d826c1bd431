"""Chinese strings the console's Python code shows (page labels live in the templates)."""

from __future__ import annotations

TITLE = "专班助手 · 工作台"
UNAUTHORIZED = "请从企业微信工作台打开本页面，或向营商环境办公室索取登录链接。"
LOGIN_QR_HELP = (
    "点击后打开企业微信登录页，用手机企业微信扫描二维码并确认即可登录；"
    "在企业微信里打开工作台会自动登录。"
)
LOGIN_LINK_HELP = (
    "也可以向营商环境办公室索取一次性登录链接（办公室在服务器上运行"
    " zhuanban console link --as 您的企业微信账号），链接只能用一次，默认 30 分钟内有效。"
)
LINK_INVALID = "登录链接无效或已过期，请重新索取（zhuanban console link）。"
LINK_USED = "登录链接已使用过，每个链接只能用一次，请重新索取。"
OAUTH_STATE_MISMATCH = {
    "oauth": "登录校验未通过（state 不一致），请从企业微信工作台重新打开。",
    "qr": "登录校验未通过（state 不一致），请回到登录页重新扫码。",
}
OAUTH_CODE_EXPIRED = {
    "oauth": "登录已过期，请从企业微信工作台重新打开。",
    "qr": "扫码登录已过期（二维码确认后 5 分钟内有效，且只能用一次），请回到登录页重新扫码。",
}
OAUTH_NOT_MEMBER = "只有本单位企业微信成员才能登录工作台。"
OAUTH_UNAVAILABLE = "未配置企业微信，无法用企业微信登录；请向办公室索取登录链接。"
NOT_ON_ROSTER = "您不在专班名册中，无法查看工作台。如需开通，请联系营商环境办公室。"
FORBIDDEN = "您没有查看该页面的权限：分管领导和联系人只能查看本人所在专班。"
OFFICE_ONLY = "该页面仅限营商环境办公室使用。"
CSRF_FAILED = "表单已过期，请刷新页面后重新提交。"
NOT_FOUND = "没有找到该页面。"
BAD_QUARTER = "季度格式不对或超出范围，应如 2026Q4（2000—2099 年），请改正地址栏中的 q= 后重试。"
DOCUMENT_SENT = "已生成《{filename}》，稍后将以文件发送到您的企业微信。"
FORM_SAVED = "已保存草稿（{time}）。"
FORM_SUBMITTED = "已提交第{version}版。"
FORM_LOCKED = "{quarter}已于{lock}锁定，不能再修改。"
FORM_NOT_ALLOWED = "您不能填报该专班的报告。"
FORM_INCOMPLETE = "还有{count}项没有填写完整，请补全后再提交。"
FORM_EDITED_BY_OTHER = "{name}正在填报该报告（自{since}起），保存将接管填报。"
ROSTER_PREVIEW_EMPTY = "名册没有变化。"
ROSTER_APPLIED = "名册已更新：{summary}"
ROSTER_NO_FILE = "请选择 xlsx 或 csv 名册文件。"
ROSTER_EXPIRED = "预览已过期，请重新上传名册文件。"
SEARCH_HINT = "输入关键词，搜索各专班已提交报告和典型案例中的文字。"
LOGGED_OUT = "已退出登录。"
ATTACHMENT_NOT_READY = (
    "该附件尚未保存到服务器（待下载、未保存或已失效），暂时不能下载；"
    "请稍后刷新，或请发送人重新发送。"
)
ATTACHMENT_MISSING = "该附件的文件在服务器上找不到了，请联系系统管理员从备份恢复附件目录。"
UPLOAD_TOO_LARGE = (
    "一次上传的文件太大（每个文件不超过 {limit} MB，一次最多 5 个），本次提交未保存。"
    "已自动保存的草稿还在：请返回后分几次上传。"
)
UPLOAD_REFUSED = {
    "too_big": "“{name}”超过 {limit} MB，未能保存，请压缩或拆分后重新上传。",
    "type": "“{name}”的文件类型不受支持，请上传 Word、PDF、Excel、图片或压缩包。",
    "empty": "“{name}”是空文件，未能保存，请检查后重新上传。",
}
ATTACHMENT_PURPOSES = {"report": "报告附件", "case": "案例材料", "chat": "聊天中发送"}
PROBLEM_LIGHT_CHART = "未销号问题亮灯"
PROBLEM_RATE_CHART = "按季度按期销号率"
TARGETS_NO_FILE = "请选择 xlsx 或 csv 年度目标表。"
TARGETS_PREVIEW_EMPTY = "与已录入的目标一致，无需导入。"
TARGETS_EXPIRED = "预览已过期，请重新上传年度目标表。"
TARGETS_APPLIED = "年度目标已导入：{lines}"
TARGETS_RATE_CHART = "各季度目标按期完成率（%）"
TARGETS_LIGHT_CHART = "未完成目标的灯色"

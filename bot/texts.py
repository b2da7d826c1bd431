"""What the operator reads from `zhuanban config check`, `serve`'s refusal, `db` and the
health endpoints (Chinese, as the rest of the command line)."""

from __future__ import annotations

CHECK_OK = "✓ {name}：{detail}"
CHECK_FAILED = "✗ {name}：{detail}"
CHECK_SUMMARY_OK = "全部 {count} 项检查通过，可以运行 zhuanban serve。"
CHECK_SUMMARY_FAILED = "{failed} 项检查未通过（共 {count} 项），请按上面 ✗ 的说明修改。"
SERVE_REFUSED = "无法启动服务：{name}：{detail}"

CHECK_SETTINGS = "设置"
CHECK_DATABASE = "数据库连接"
CHECK_SCHEMA = "数据库结构"
CHECK_KNOWLEDGE = "知识库"
CHECK_CALENDAR = "节假日日历"
CHECK_PORT = "监听端口"
CHECK_TOKEN = "企业微信令牌"

SETTINGS_OK = "{count} 项设置格式正确"
SETTINGS_UNREADABLE = "以下设置的格式不对：{names}。请检查环境变量或 .env 文件"
LOG_LEVEL_BAD = "ZHUANBAN_LOG_LEVEL 应为 DEBUG、INFO、WARNING、ERROR 或 CRITICAL，现在是 {value!r}"
DATA_DIR_NOT_DIR = "ZHUANBAN_DATA_DIR 应为一个目录，现在 {path} 是文件"
DATABASE_OK = "{url} 可以连接"
DATABASE_FAILED = "无法连接 {url}（{error}）。请检查 ZHUANBAN_DATABASE_URL、数据库是否已启动及网络"
SCHEMA_OK = "已是最新版本 {revision}"
SCHEMA_SQLITE_BEHIND = "版本 {current}，启动时自动升级到 {head}"
SCHEMA_BEHIND = "版本为 {current}，程序需要 {head}。请先运行：zhuanban db upgrade"
SCHEMA_AHEAD = "版本 {current} 比程序认识的 {head} 新：请运行与数据库相同或更新版本的程序"
SCHEMA_UNCHECKED = "未检查（数据库无法连接）"
KNOWLEDGE_OK = "{task_forces} 个专班、{rules} 条规则（版本 {version}）"
CALENDAR_OK = "已知 {years} 年（版本 {version}）"
CALENDAR_NEXT_MISSING = (
    "；尚未录入 {year} 年，请运行 zhuanban calendar import 或在企业微信发送“节假日 {year}”"
)
PORT_OK = "{host}:{port} 可用"
PORT_BUSY = "{host}:{port} 已被占用（{error}）。请停止占用它的程序，或修改 ZHUANBAN_PORT"
TOKEN_OK = "已取得 access_token（{api}）"
TOKEN_FAILED = "获取失败：{explain}"
TOKEN_UNREACHABLE = (
    "无法连接 {api}（{error}）。需要代理时请设置 HTTPS_PROXY，并把出口 IP 加入应用的“企业可信IP”"
)
TOKEN_SKIPPED = "未检查（企业微信设置不完整）"

READY_OK = "ok"

PRUNE_DONE = "已删除 {total} 行过期记录：{tables}。审计日志和报告不受影响。"
PRUNE_WOULD = "将删除 {total} 行过期记录：{tables}（演练，未做改动）。"
BACKUP_DONE = "已备份到 {file}（数据库结构版本 {revision}）。"
POSTGRES_USE_TOOL = (
    "PostgreSQL 数据库请用 PostgreSQL 自带的工具（密码放在 PGPASSWORD 或 ~/.pgpass）："
)
RESTORE_UNKNOWN = (
    "{file} 的数据库结构版本 {revision} 不是本程序认识的版本，不能恢复。请用同一版本程序做的备份。"
)
RESTORE_CONFIRM = "将用备份替换 {database} 的全部内容（请先停止 zhuanban serve）。继续？"
RESTORE_CANCELLED = "已取消，数据库没有改动。"
RESTORE_DONE = "已从 {file} 恢复 {database}（数据库结构版本 {revision}）。"
RESTORE_UPGRADE = (
    "备份的结构版本 {revision} 早于程序的 {head}："
    "请运行 zhuanban db upgrade（SQLite 启动时也会自动升级）。"
)

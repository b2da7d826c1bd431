"""Write the default Word templates (templates/*.docx) with python-docx.

The office may replace either file with its own Word document that keeps the docxtpl tags
({{ … }}, {%tr for … %}); `python -m handlers.office.word.make_templates` restores the defaults.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

TEMPLATES = Path(__file__).parent / "templates"


def _loop_table(document, headers: list[str], loop: str, cells: list[str]) -> None:
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for cell, value in zip(table.rows[2].cells, cells, strict=True):
        cell.text = value
    table.rows[3].cells[0].text = "{%tr endfor %}"


def _title(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(18)


def quarter_template() -> WordDocument:
    document = Document()
    _title(document, "{{ title }}")
    document.add_paragraph("{{ summary }}")
    document.add_heading("一、报送情况", level=2)
    _loop_table(document, ["状态", "专班数"], "s in states", ["{{ s.label }}", "{{ s.count }}"])
    document.add_heading("二、各专班工作推进情况", level=2)
    _loop_table(
        document,
        ["序号", "专班", "状态", "工作推进情况", "滞后二级指标"],
        "r in task_forces",
        ["{{ r.no }}", "{{ r.name }}", "{{ r.state }}", "{{ r.progress }}", "{{ r.lagging }}"],
    )
    document.add_heading("三、未按时报送", level=2)
    _loop_table(
        document,
        ["序号", "专班", "状态", "逾期天数"],
        "r in late",
        ["{{ r.no }}", "{{ r.name }}", "{{ r.state }}", "{{ r.days }}"],
    )
    document.add_paragraph("{{ late_note }}")
    document.add_heading("四、典型案例", level=2)
    _loop_table(
        document,
        ["序号", "专班", "案例"],
        "c in cases",
        ["{{ c.no }}", "{{ c.name }}", "{{ c.title }}"],
    )
    document.add_paragraph("{{ cases_note }}")
    document.add_heading("五、季度目标完成情况", level=2)
    _loop_table(
        document,
        ["序号", "专班", "目标数", "完成", "部分完成", "未完成", "未报告", "按期完成率"],
        "t in targets",
        [
            "{{ t.no }}",
            "{{ t.name }}",
            "{{ t.count }}",
            "{{ t.done }}",
            "{{ t.partly }}",
            "{{ t.not_done }}",
            "{{ t.unreported }}",
            "{{ t.rate }}",
        ],
    )
    document.add_paragraph("{{ targets_note }}")
    document.add_heading("六、问题清单按期销号率", level=2)
    document.add_paragraph("{{ problem_rate }}")
    _loop_table(
        document,
        ["专班", "到期问题", "按期销号", "按期销号率"],
        "p in problem_rates",
        ["{{ p.name }}", "{{ p.due }}", "{{ p.on_time }}", "{{ p.rate }}"],
    )
    signature = document.add_paragraph("{{ signature }}")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return document


def ranking_template() -> WordDocument:
    document = Document()
    _title(document, "{{ title }}")
    document.add_paragraph("{{ summary }}")
    _loop_table(
        document,
        ["名次", "指标", "牵头单位", "得分", "评价排名", "同比变化"],
        "s in standings",
        [
            "{{ s.no }}",
            "{{ s.name }}",
            "{{ s.leads }}",
            "{{ s.score }}",
            "{{ s.rank }}",
            "{{ s.change }}",
        ],
    )
    document.add_paragraph("{{ unscored }}")
    signature = document.add_paragraph("{{ signature }}")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return document


def main() -> None:
    quarter_template().save(str(TEMPLATES / "quarter_report.docx"))
    ranking_template().save(str(TEMPLATES / "ranking_report.docx"))


if __name__ == "__main__":
    main()

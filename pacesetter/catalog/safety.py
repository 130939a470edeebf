"""Words of the pre-parse gate (``safety.py``): what a file really is, and why it is unsafe.

These fill the {kind} and {detail} of the file.* findings, so a person reads the reason
in the campaign's language.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # {kind} of file.not_spreadsheet
    "safety.kind.html": ("a web page saved under a spreadsheet's name", "以表格扩展名保存的网页"),
    "safety.kind.xml_spreadsheet": ("an Excel 2003 XML file; open it in Excel or WPS and save it as .xlsx",
                                    "Excel 2003 XML 文件，请用 Excel 或 WPS 打开后另存为 .xlsx"),
    "safety.kind.pdf": ("a PDF document", "PDF 文档"),
    "safety.kind.picture": ("a picture", "图片"),
    "safety.kind.text": ("plain text", "纯文本"),
    "safety.kind.data": ("unrecognised data, perhaps a damaged download", "无法识别的数据，可能是下载损坏"),
    "safety.kind.archive": ("a compressed archive such as zip or rar, not a workbook",
                            "zip 或 rar 等压缩包，而不是工作簿"),
    "safety.kind.powerpoint": ("a PowerPoint presentation", "PowerPoint 演示文稿"),
    "safety.kind.text_document": ("a text document from Writer", "Writer 文字处理文档"),
    "safety.kind.other_office": ("another kind of Office document", "其他类型的 Office 文档"),
    # {detail} of file.zip_bomb
    "safety.parts": ("{count} parts inside; a workbook has a few dozen",
                     "内含 {count} 个部件，正常工作簿只有几十个"),
    "safety.inflates": ("{part} unpacks to {size} from {packed}, {ratio}:1",
                        "{part} 由 {packed} 解压为 {size}，压缩比 {ratio}:1"),
    "safety.inflates_more": ("{part} unpacks to more than {size}", "{part} 解压后超过 {size}"),
    "safety.lies": ("{part} unpacks to more than its header states ({stated})",
                    "{part} 实际解压大小超过文件头声明的 {stated}"),
    "safety.total": ("all parts together unpack to {size}", "全部部件解压后共 {size}"),
    # {detail} of file.huge_sheet
    "safety.extent": ("it reaches cell {last}: row {rows}, column {col}",
                      "延伸到单元格 {last}：第 {rows} 行，第 {col} 列"),
}

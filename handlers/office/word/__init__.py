"""Word documents the office sends upward: the 季度汇报 and the annual 晾晒通报.

Pure functions from loaded data to .docx bytes (docxtpl over a template in templates/, or
the office's own in ZHUANBAN_DOCUMENT_TEMPLATES_DIR); sending and downloading are the
callers' business.
"""

"""Reading and writing annual reports (pure Python, no Django).

read/: a published report (text, HTML, DOCX, PDF) → a token stream → `interpret` → AnnualReport.
write/: AnnualReport → the official table layout (layout.py) → text, HTML, DOCX, PDF.
"""

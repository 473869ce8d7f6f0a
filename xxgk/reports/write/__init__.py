"""Writers: AnnualReport → text, HTML, DOCX, PDF in the official layout."""

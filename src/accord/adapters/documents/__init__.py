"""Document renderers (DOCX, PDF) and the organisation's document templates."""

__all__: list[str] = []

"""Chapter package: amn (filled in by the chapter)."""
__all__: list[str] = []

"""Chapter package: gan (filled in by the chapter)."""
__all__: list[str] = []

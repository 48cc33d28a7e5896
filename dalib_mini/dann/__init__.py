"""Chapter package: dann (filled in by the chapter)."""
__all__: list[str] = []

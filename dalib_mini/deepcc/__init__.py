"""Chapter package: deepcc (filled in by the chapter)."""
__all__: list[str] = []

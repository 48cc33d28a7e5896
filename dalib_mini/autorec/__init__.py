"""Chapter package: autorec (filled in by the chapter)."""
__all__: list[str] = []

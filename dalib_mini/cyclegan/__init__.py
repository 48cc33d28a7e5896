"""Chapter package: cyclegan (filled in by the chapter)."""
__all__: list[str] = []

"""Chapter package: srdc (filled in by the chapter)."""
__all__: list[str] = []

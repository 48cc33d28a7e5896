"""Chapter package: auggan (filled in by the chapter)."""
__all__: list[str] = []

"""Case commands (being built)."""


def register(sub: object) -> None:
    return None

"""Errors the domain raises; each area hangs from one base."""


class OvercapError(Exception):
    """Base of every error overcap raises on purpose."""

    message_zh = "请求被拒绝"

    def __init__(self, message: str, **ids: object) -> None:
        super().__init__(message)
        self.message = message
        self.ids = ids
        for name, value in ids.items():
            setattr(self, name, value)


class InvalidInputError(OvercapError):
    """Raised when a value given to a command is malformed or out of range."""

    message_zh = "输入无效"

    def __init__(self, field: str, message: str, **ids: object) -> None:
        super().__init__(f"{field}: {message}", field=field, **ids)


class LedgerError(OvercapError):
    """Base of errors about a mine's registry, capacity and output records."""


class MineNotFoundError(LedgerError):
    """Raised when no mine is registered under the given key."""

    message_zh = "未找到该煤矿"

    def __init__(self, key: str) -> None:
        super().__init__(f"no mine is registered under key {key!r}", key=key)


class OutputAlreadyReportedError(LedgerError):
    """Raised when a month already has a different figure: it needs a correction."""

    message_zh = "该月产量已上报，数字不同时须以更正方式提交"

    def __init__(self, key: str, period: str, reported: int, given: int) -> None:
        super().__init__(
            f"mine {key} already reported {reported} t for {period}; "
            f"{given} t must be filed as a correction",
            key=key,
            period=period,
            reported=reported,
            given=given,
        )


class RuleRefusedError(OvercapError):
    """Raised when a rule of DOMAIN.md forbids the command; names the rule."""

    message_zh = "规则不允许该操作"

    def __init__(self, rule: str, message: str, **ids: object) -> None:
        super().__init__(f"{rule}: {message}", rule=rule, **ids)


class ConcurrencyConflictError(OvercapError):
    """Raised when another writer saved the same aggregate first; retry on a reload."""

    message_zh = "数据已被他人修改，请重新读取后重试"

    def __init__(self, subject: str, version: int | None, current: int | None) -> None:
        super().__init__(
            f"{subject} changed while you worked: you had version {version}, "
            f"it is now at {current}; reload and retry",
            subject=subject,
            version=version,
            current=current,
        )


class ImportRejectedError(OvercapError):
    """Raised when an import has bad lines; nothing of it was saved."""

    message_zh = "导入被拒绝，未保存任何数据"

    def __init__(self, source: str, problems: list[tuple[int, str, str]]) -> None:
        lines = "; ".join(
            f"line {n}, {field}: {why}" for n, field, why in problems[:20]
        )
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(
            f"{source}: {len(problems)} bad line(s), nothing imported: {lines}{more}",
            source=source,
            problems=problems,
        )

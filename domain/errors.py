"""Errors the domain raises; each area hangs from one base."""


class OvercapError(Exception):
    """Base of every error overcap raises on purpose."""

    # Ids given as keyword arguments become attributes; typed here for readers.
    key: str
    period: str
    subject: str
    version: int | None
    current: int | None
    rule: str

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

    field: str

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


class SharingError(OvercapError):
    """Base of errors about monthly sharing, bulletins and joint meetings (R19)."""


class UnknownAgencyError(SharingError):
    """Raised when an agency id is not one of the three member agencies."""

    message_zh = "不是联合工作组成员单位"

    def __init__(self, agency: str, known: tuple[str, ...]) -> None:
        super().__init__(
            f"agency: {agency!r} is not one of {known}", field="agency", agency=agency
        )


class RoundNotFoundError(SharingError):
    """Raised when no agency has filed anything for the month."""

    message_zh = "该月尚无信息报送"

    def __init__(self, period: str) -> None:
        super().__init__(f"nothing has been filed for {period}", period=period)


class SharedItemNotFoundError(SharingError):
    """Raised when a month's round has no item with the given number."""

    message_zh = "未找到该报送事项"

    def __init__(self, period: str, item: str) -> None:
        super().__init__(f"{period} has no item {item!r}", period=period, item=item)


class BulletinStateError(SharingError):
    """Raised when a bulletin is compiled twice or used before it is compiled."""

    message_zh = "通报状态不允许该操作"

    def __init__(self, period: str, message: str) -> None:
        super().__init__(f"bulletin {period}: {message}", period=period)


class ItemAlreadyActedOnError(SharingError):
    """Raised when an item is referred or escalated a second time."""

    message_zh = "该事项已移交或已上报"

    def __init__(self, period: str, item: str, action: str) -> None:
        super().__init__(
            f"item {item} of {period} is already {action}",
            period=period,
            item=item,
            action=action,
        )


class MeetingNotFoundError(SharingError):
    """Raised when no joint meeting was recorded on the given day."""

    message_zh = "未找到该联席会议"

    def __init__(self, held_on: str) -> None:
        super().__init__(f"no joint meeting recorded on {held_on}", held_on=held_on)


class CaseError(OvercapError):
    """Base of errors about cases, tip-offs and their life cycle."""


class CaseNotFoundError(CaseError):
    """Raised when no case exists under the given case id."""

    message_zh = "未找到该案件"

    def __init__(self, case_id: str) -> None:
        super().__init__(f"no case {case_id!r}", case_id=case_id)


class TransitionRefusedError(CaseError):
    """Raised when a case's state does not allow a step, or a guard refuses it."""

    message_zh = "案件当前状态不允许该操作"

    def __init__(
        self,
        case_id: str,
        state: str,
        trigger: str,
        guard: str | None = None,
        reason: str = "",
    ) -> None:
        why = f"guard {guard!r} refused: {reason}" if guard else reason
        super().__init__(
            f"case {case_id}: {trigger!r} is not allowed in state {state!r}"
            + (f"; {why}" if why else ""),
            case_id=case_id,
            state=state,
            trigger=trigger,
            guard=guard,
            reason=reason,
        )


class TipOffNotFoundError(CaseError):
    """Raised when no tip-off was received under the given receipt number."""

    message_zh = "未找到该举报"

    def __init__(self, receipt: str) -> None:
        super().__init__(f"no tip-off with receipt {receipt!r}", receipt=receipt)


class TipOffAlreadyAttachedError(CaseError):
    """Raised when a tip-off already belongs to a case."""

    message_zh = "该举报已关联案件"

    def __init__(self, receipt: str, case_id: str) -> None:
        super().__init__(
            f"tip-off {receipt} is already attached to case {case_id}",
            receipt=receipt,
            case_id=case_id,
        )

"""Who may call a route: bearer tokens mapped to a person, an agency and roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.http.errors import ApiError
from api.http.store import ROLES, Principal

PUBLIC = "public"
STAFF = frozenset(ROLES)
OFFICERS = frozenset({"case_officer", "admin"})
READERS = STAFF - {"reward_officer"}
bearer = HTTPBearer(auto_error=False, description="overcap users add 打印的令牌")


class Allow:
    """A route's access rule; the role-matrix test finds it on every route."""

    def __init__(self, *roles: str, public: bool = False) -> None:
        self.roles = frozenset(roles)
        self.public = public

    def __repr__(self) -> str:
        return f"Allow({sorted(self.roles)}, public={self.public})"

    def admits(self, role: str) -> bool:
        return self.public or role in self.roles

    def __call__(
        self,
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal | None:
        if credentials is None:
            if self.public:
                return None
            raise ApiError(
                401, "unauthenticated", "需要登录", "a bearer token is needed"
            )
        principal = request.app.state.store.principal(credentials.credentials)
        if principal is None:
            raise ApiError(401, "unauthenticated", "令牌无效", "unknown bearer token")
        if self.public or principal.roles & self.roles:
            return principal
        raise ApiError(
            403,
            "forbidden",
            "无权执行该操作",
            f"{principal.name} ({', '.join(sorted(principal.roles))}) may not do "
            f"this; it needs one of {sorted(self.roles)}",
        )


def allow(*roles: str, public: bool = False) -> Allow:
    return Allow(*roles, public=public)


def rule_of(route: object) -> Allow | None:
    """The access rule a route declares, searched through its dependencies."""
    pending = list(getattr(getattr(route, "dependant", None), "dependencies", []))
    while pending:
        dependant = pending.pop()
        if isinstance(dependant.call, Allow):
            return dependant.call
        pending.extend(dependant.dependencies)
    return None


def acting(principal: Principal) -> dict[str, str]:
    """The officer and agency a step is recorded under: the token's own."""
    return {"officer": principal.name, "agency": principal.agency}


Officer = Annotated[Principal, Depends(allow(*OFFICERS))]
Reader = Annotated[Principal, Depends(allow(*READERS))]
Auditor = Annotated[Principal, Depends(allow("auditor", "admin", "case_officer"))]
Anyone = Annotated[Principal | None, Depends(allow(public=True))]
# Only the municipal government records its decisions (审定决策) on a case.
Government = Annotated[Principal, Depends(allow("government"))]
# Only the reward officer sees who an informant is (R20); not even an admin.
RewardOfficer = Annotated[Principal, Depends(allow("reward_officer"))]

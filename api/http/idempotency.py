"""Idempotency-Key on POST: a retry gets the first answer and writes nothing new.

A key is claimed before the command runs, in its own transaction, and its answer
stored after a 2xx, in another. Callers without a token share no key space: their
keys are scoped to the request itself, and secrets shown once (an anonymous
informant's follow-up code) are never stored, so a replay says the code was shown.
A concurrent duplicate finds the claim and gets 409 (retry later) rather than
waiting. A failed command frees the key. A claim left by a
process that died mid-request is taken over after a minute.
"""

from __future__ import annotations

import hashlib
import json
import logging

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from api.http.errors import body
from api.http.store import token_hash

log = logging.getLogger(__name__)
HEADER = "Idempotency-Key"
KEPT_HEADERS = ("etag", "location")
SHOWN_ONCE = ("follow_up_code",)


def _refusal(status: int, code: str, zh: str, en: str) -> JSONResponse:
    return JSONResponse(body(code, zh, en, field=HEADER), status_code=status)


class IdempotencyMiddleware(BaseHTTPMiddleware):
    """Replays the stored answer to a POST whose Idempotency-Key was seen before."""

    async def dispatch(
        self, request: Request, call_next: RequestResponseEndpoint
    ) -> Response:
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return await call_next(request)
        if not 1 <= len(key) <= 200:
            return _refusal(422, "invalid_input", "输入无效", "1 to 200 characters")
        store = request.app.state.store
        auth = request.headers.get("authorization", "")
        payload = await request.body()
        fingerprint = hashlib.sha256(
            request.url.path.encode() + b"\n" + payload
        ).hexdigest()
        owner = token_hash(auth) if auth else f"public:{fingerprint}"
        stored = await run_in_threadpool(store.reserve, owner, key, fingerprint)
        if stored is not None:
            if stored.fingerprint != fingerprint:
                return _refusal(
                    422,
                    "idempotency_key_reused",
                    "幂等键已用于其他请求",
                    "this key was used for a different request",
                )
            if stored.status is None:
                return _refusal(
                    409,
                    "idempotency_key_in_progress",
                    "相同请求正在处理",
                    "a request with this key is still running; retry shortly",
                )
            headers = {**stored.headers, "Idempotency-Replayed": "true"}
            return JSONResponse(stored.body, stored.status, headers=headers)
        try:
            response = await call_next(request)
        except BaseException:
            await run_in_threadpool(store.release, owner, key)
            raise
        if not 200 <= response.status_code < 300:
            await run_in_threadpool(store.release, owner, key)
            return response
        content = b"".join([chunk async for chunk in response.body_iterator])
        kept = {h: response.headers[h] for h in KEPT_HEADERS if h in response.headers}
        await run_in_threadpool(
            store.complete,
            owner,
            key,
            response.status_code,
            _without_secrets(json.loads(content)),
            kept,
        )
        return Response(
            content,
            response.status_code,
            headers=dict(response.headers),
            media_type=response.media_type,
        )


def _without_secrets(answer: object) -> object:
    """The stored copy of an answer, with what may be shown only once replaced."""
    if not isinstance(answer, dict):
        return answer
    return {
        name: "已在首次答复中显示 / shown once in the first answer"
        if name in SHOWN_ONCE and value
        else value
        for name, value in answer.items()
    }

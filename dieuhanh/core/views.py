"""Views that know no domain."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and monitoring: answers without touching the database."""
    return JsonResponse({"status": "ok"})

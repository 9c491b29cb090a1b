from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.permissions import programme_reader
from dieuhanh.core.forms import UnitTreeForm
from dieuhanh.units import selectors


@programme_reader
def unit_tree(request: AuthedRequest) -> HttpResponse:
    """The province's units as they stood on a chosen date, with where each one went."""
    form = UnitTreeForm(request.GET)
    valid = form.is_valid()
    on = (form.cleaned_data.get("ngay") if valid else None) or timezone.localdate()
    query = form.cleaned_data.get("q", "") if valid else ""
    page = selectors.unit_tree_page(user=request.user, on=on, query=query)
    return render(
        request,
        "units/unit_tree.html",
        {
            "form": form,
            "on": on,
            "query": query,
            "tree": page.tree,
            "successions": page.successions,
            "found": page.found,
        },
    )

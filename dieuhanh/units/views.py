from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.permissions import programme_reader
from dieuhanh.core.forms import AsOfForm
from dieuhanh.units import selectors


@programme_reader
def unit_tree(request: AuthedRequest) -> HttpResponse:
    """The province's units as they stood on a chosen date, with where each one went."""
    form = AsOfForm(request.GET)
    on = (form.cleaned_data.get("ngay") if form.is_valid() else None) or timezone.localdate()
    province = selectors.province_root_on(on=on)
    tree = selectors.unit_tree_as_of(root=province, on=on) if province else None
    successions = selectors.unit_successions_from(unit_ids=selectors.unit_tree_ids(tree)) if tree else {}
    return render(
        request,
        "units/unit_tree.html",
        {
            "form": form,
            "on": on,
            "tree": tree,
            "successions": successions,
        },
    )

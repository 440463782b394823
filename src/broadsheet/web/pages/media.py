"""The image proxy's route: ``/img/<signature>/<url>`` (see ``web/images.py``)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.errors import FetchError
from broadsheet.web.images import decode, fetch_image, image_response
from broadsheet.web.site import site_of

router = APIRouter()


@router.get("/img/{sig}/{encoded}", include_in_schema=False)
async def proxied_image(request: Request, sig: str, encoded: str) -> Response:
    site = site_of(request)
    url = decode(site.secret, sig, encoded)
    if url is None:
        raise HTTPException(status_code=404, detail="There is no such image.")
    image = site.images.get(url)
    if image is None:
        failure = site.images.failure(url)
        if failure is not None:
            raise HTTPException(status_code=502, detail=failure)
        try:
            image = await fetch_image(site.settings, url)
        except FetchError as exc:
            site.images.failed(url, f"The outlet's image is not available: {exc}")
            raise HTTPException(status_code=502, detail=str(site.images.failure(url))) from exc
        site.images.put(url, image)
    return image_response(request, image)

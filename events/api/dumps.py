"""`/dumps`: the latest data dump of the whole archive, with links to its files."""

from ninja import Router

from ..dumps.latest import latest_dump
from ..http_cache import keys
from ..http_cache.headers import tell
from . import schemas
from .params import NoParameters, only
from .present import json_response

router = Router(tags=["dumps"])


@router.get("/dumps", response={200: schemas.Dumps, 400: schemas.Error}, url_name="dumps")
@only(NoParameters)
def list_dumps(request):
    """The latest dump (`export_dump`): every public event as JSON Lines and CSV, gzipped,
    with counts and each file's size and SHA-256. The files are served as they are stored."""
    tell(request, [keys.DUMPS])
    latest = latest_dump()
    if latest is not None:
        for file in latest["files"]:
            file["url"] = request.build_absolute_uri(file["url"])
    return json_response({"latest": latest})

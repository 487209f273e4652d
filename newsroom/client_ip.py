"""Which address a request comes from, for sign-in lockouts (django-axes)."""


def behind_load_balancer(request) -> str | None:
    """The reader's address as the load balancer saw it: the last X-Forwarded-For entry.

    The balancer appends the address it was connected from; anything before that came from
    the client and may be forged. Without the header the request came straight in.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-1] if hops else request.META.get("REMOTE_ADDR")

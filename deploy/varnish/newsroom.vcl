# Newsroom's cache: Django renders and says for how long (Cache-Control s-maxage) and under which
# surrogate keys (the `xkey` header); Varnish keeps the pages and serves them. After a write,
# Django sends `PURGE /` with `xkey-purge: <keys>` and every page carrying one of them goes.
#
#   varnishd -F -a 127.0.0.1:8000 -f deploy/varnish/newsroom.vcl -n /tmp/newsroom-varnish
#
# Compile check: varnishd -C -f deploy/varnish/newsroom.vcl > /dev/null
vcl 4.1;

import std;
import var;
import xkey;

# gunicorn. The tests and `make serve` rewrite the host and port in a copy of this file.
backend default {
    .host = "127.0.0.1";
    .port = "8001";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    # Sick only after most of the last eight probes failed (about 20 s): a backend that is
    # merely busy (a probe queued behind slow renders during an import) must not be taken for
    # down, which would answer every purged page with a 503 instead of rendering it. The
    # timeout leaves room for /healthz's own 2.5 s deadline (NEWSROOM_HEALTH_DEADLINE).
    .probe = {
        .url = "/healthz";
        .timeout = 5s;
        .interval = 3s;
        .window = 8;
        .threshold = 3;
        # Taken for healthy at start-up, until the probe says otherwise.
        .initial = 3;
    }
}

# Who may purge: the Django servers (NEWSROOM_PURGE_URLS points them here).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        # A hard purge: an edit shows at once, never a stale copy in grace.
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        # Renders under way may have read the rows this write replaced: see vcl_backend_response.
        # Each purge leaves its own request id, so any purge since a fetch began is seen.
        var.global_set("last_purge", req.xid);
        return (synth(200, "Purged"));
    }

    # What Django takes for HTTPS is exactly a first value of "https"; anything else is HTTP.
    # Written back the same way so the hash and Django agree on it (see vcl_hash).
    if (req.http.X-Forwarded-Proto ~ "^\s*https\s*(,|$)") {
        set req.http.X-Forwarded-Proto = "https";
    } else {
        set req.http.X-Forwarded-Proto = "http";
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin(/|$|\?)" || req.url ~ "^/healthz") {
        return (pass);
    }
    # Signed in (Django's session cookie): staff may see drafts; nothing of theirs is shared.
    if (req.http.Cookie ~ "(^|;)\s*sessionid=" || req.http.Authorization) {
        return (pass);
    }
    # Anything else is the same page for everyone: csrftoken or analytics cookies must not
    # split the cache (and Django must not answer them with a Set-Cookie).
    unset req.http.Cookie;

    call normalise_query;

    # A few seconds stale at most while the backend is healthy (refreshed in the background);
    # up to the objects' grace (24 h, vcl_backend_response) while its probe fails.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

# Each public page keeps only the parameters it takes (newsroom/query_parameters.py's table,
# which Django reads too), sorted so their order makes no new object either; any other query is
# dropped whole. So tracking parameters and random ones never split the cache, and a page
# never costs a render per made-up parameter. The read API's query reaches Django as sent: an
# unknown parameter there is a 400 naming it.
sub normalise_query {
    if (req.url !~ "\?" || req.url ~ "^/api/") {
        return;
    }
    # BEGIN parameters: written by `python manage.py vcl_parameters` from
    # newsroom/query_parameters.py; edit the table, not this.
    if (req.url ~ "^/news/[0-9]{4}/[0-9]{2}/\?") {
        # events:month
        set req.url = regsuball(
            req.url, "(?<=[?&])(?!(page)(=|&|$))[^&]*(&|$)", "");
    } elsif (req.url ~ "^/news/[0-9]{4}/[0-9]{2}/[0-9]{1,2}/\?") {
        # events:day
        set req.url = regsuball(
            req.url, "(?<=[?&])(?!(page|view)(=|&|$))[^&]*(&|$)", "");
    } elsif (req.url ~ "^/on-this-day/\?") {
        # events:on_this_day_today
        set req.url = regsuball(
            req.url, "(?<=[?&])(?!(page)(=|&|$))[^&]*(&|$)", "");
    } elsif (req.url ~ "^/on-this-day/[0-9]{2}-[0-9]{2}/\?") {
        # events:on_this_day
        set req.url = regsuball(
            req.url, "(?<=[?&])(?!(page)(=|&|$))[^&]*(&|$)", "");
    } elsif (req.url ~ "^/topics/\?") {
        # events:topics
        set req.url = regsuball(
            req.url, "(?<=[?&])(?!(letter|page|q|sort)(=|&|$))[^&]*(&|$)", "");
    } elsif (req.url ~ "^/topics/[^/?]+/\?") {
        # events:topic
        set req.url = regsuball(
            req.url, "(?<=[?&])(?!(page)(=|&|$))[^&]*(&|$)", "");
    } elsif (req.url ~ "^/search/\?") {
        # events:search
        set req.url = regsuball(
            req.url, "(?<=[?&])(?!(date|date_from|date_to|outlet|page|q|sort|topic)(=|&|$))[^&]*(&|$)", "");
    } elsif (req.url ~ "^/date/\?") {
        # events:go_to_date
        set req.url = regsuball(
            req.url, "(?<=[?&])(?!(date)(=|&|$))[^&]*(&|$)", "");
    } elsif (req.url ~ "^/outlets/\?") {
        # sources:outlets
        set req.url = regsuball(
            req.url, "(?<=[?&])(?!(page)(=|&|$))[^&]*(&|$)", "");
    } elsif (req.url ~ "^/outlets/[^/?]+/\?") {
        # sources:outlet
        set req.url = regsuball(
            req.url, "(?<=[?&])(?!(page)(=|&|$))[^&]*(&|$)", "");
    } elsif (req.url ~ "^/sitemap-[^/?]+\.xml\?") {
        # sitemap_section
        set req.url = regsuball(
            req.url, "(?<=[?&])(?!(p)(=|&|$))[^&]*(&|$)", "");
    } else {
        set req.url = regsub(req.url, "\?.*$", "");
    }
    # END parameters
    set req.url = std.querysort(req.url);
    set req.url = regsub(req.url, "[?&]+$", "");
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    # Django redirects plain HTTP to HTTPS: that redirect must never answer an HTTPS request.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_fetch {
    # The last purge before this render began (vcl_backend_response compares).
    var.set("purge_before_fetch", "" + var.global_get("last_purge"));
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # A failed refresh in the background keeps the stale page (the reader got it already).
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # A render that began before the latest purge may have read rows from before that write's
    # commit (Django purges once it commits), and the purge found nothing of it to remove: kept,
    # it would serve the old rows for its whole lifetime. Its reader gets it; the next reader
    # gets a fresh render. A purge of any key counts, so only renders under way while something
    # was purged are affected. Remembered as uncacheable for a second, so the readers waiting
    # for it go to the backend side by side rather than queue again one by one; a refresh in
    # the background keeps the copy it was refreshing (a purge of that page removed it already).
    if (var.get("purge_before_fetch") != "" + var.global_get("last_purge")) {
        if (bereq.is_bgfetch) {
            return (abandon);
        }
        set beresp.ttl = 1s;
        set beresp.grace = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Never kept: errors, a response setting a cookie (it belongs to one reader), private or
    # no-store ones (signed-in pages, draft previews), and no lifetime at all. Remembered as
    # uncacheable for a short while so such requests don't queue for each other.
    if (beresp.status >= 500
        || beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
        || beresp.ttl <= 0s
        || beresp.http.Vary == "*") {
        set beresp.ttl = 10s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # The lifetime is Django's s-maxage; past it a page may still be served while the backend
    # is down (req.grace in vcl_recv keeps it to seconds while the backend is healthy).
    set beresp.grace = 24h;
    return (deliver);
}

sub vcl_backend_error {
    # The backend is unreachable while refreshing a page in grace: keep the stale page.
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    if (!obj.uncacheable) {
        unset resp.http.Set-Cookie;
    }
    # The surrogate keys stay with the stored object (xkey indexes them); readers don't need
    # them, nor Varnish's own bookkeeping.
    unset resp.http.xkey;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    return (deliver);
}

sub vcl_synth {
    if (req.method == "PURGE" && resp.status == 200) {
        set resp.http.X-Purged = req.http.X-Purged;
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = "Purged " + req.http.X-Purged + " objects" + {"
"};
        return (deliver);
    }
}

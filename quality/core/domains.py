"""Domain normalisation: one outlet, one key (``https://www.cnn.com/x`` -> ``cnn.com``)."""

from __future__ import annotations

import re

# Link shorteners seen in the labelled data, mapped to the outlet they stand for.
SHORTENERS = {
    "politi.co": "politico.com",
    "cnn.it": "cnn.com",
    "abcn.ws": "abcnews.go.com",
    "nyti.ms": "nytimes.com",
    "wapo.st": "washingtonpost.com",
    "reut.rs": "reuters.com",
    "bbc.in": "bbc.co.uk",
    "fxn.ws": "foxnews.com",
    "nbcnews.to": "nbcnews.com",
    "on.wsj.com": "wsj.com",
    "usat.ly": "usatoday.com",
    "huff.to": "huffingtonpost.com",
}
_PREFIX = re.compile(r"^(?:www\d?|m|mobile|amp|edition)\.")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")


_MAX_URL = 2048  # the host is at the start; a longer value is read only this far
_MAX_HOST = 253  # DNS: a longer host name is not a domain


def normalise_domain(value: str) -> str:
    """Lower-case host without scheme, port, path, ``www.``/``m.``; shorteners resolved.
    ``""`` when the value holds no valid host name (bounded work on any input)."""
    host = _SCHEME.sub("", value[:_MAX_URL].strip().lower())
    host = host.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].split("@")[-1].split(":", 1)[0]
    host = host.strip(".")
    if len(host) > _MAX_HOST:
        return ""
    while _PREFIX.match(host) and host.count(".") > 1:
        host = _PREFIX.sub("", host, count=1)
    return SHORTENERS.get(host, host)


def same_site(host: str, other: str) -> bool:
    """Whether two normalised hosts are one site: equal, or one a subdomain of the other
    (``video.foxnews.com`` and ``foxnews.com``; not ``alice.blogspot.com`` and ``bob.blogspot.com``)."""
    return bool(host) and (host == other or host.endswith("." + other) or other.endswith("." + host))

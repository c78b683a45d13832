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


# Platforms whose users are each their own outlet, where the Public Suffix List does not say so:
# the first path segment (medium.com/@user, sites.google.com/view/x) or the subdomain names one.
PATH_PLATFORMS = {"medium.com": "@", "sites.google.com": "", "substack.com": "@"}
SUBDOMAIN_PLATFORMS = frozenset({"wordpress.com", "substack.com", "tumblr.com", "medium.com", "wixsite.com"})


def outlet(value: str) -> str:
    """The outlet a URL or domain belongs to: its registrable domain by the Public Suffix List
    (``news.bbc.co.uk`` -> ``bbc.co.uk``; ``alice.blogspot.com`` stays itself, because
    ``blogspot.com`` is a public suffix), a platform user's own subdomain or path
    (``alice.wordpress.com``, ``medium.com/@alice``), or ``""`` when there is no host."""
    host = normalise_domain(value)
    if not host:
        return ""
    registrable = _psl().privatesuffix(host) or host
    if registrable in SUBDOMAIN_PLATFORMS and host != registrable:
        return ".".join(host.split(".")[-(registrable.count(".") + 2) :])
    if host in PATH_PLATFORMS:
        segment = _first_path_segment(value)
        if segment and segment.startswith(PATH_PLATFORMS[host]):
            return f"{host}/{segment}"
    return registrable


def _first_path_segment(value: str) -> str:
    rest = _SCHEME.sub("", value[:_MAX_URL].strip())
    path = rest.split("/", 1)[1] if "/" in rest else ""
    segments = [s for s in path.split("?", 1)[0].split("#", 1)[0].split("/") if s]
    if segments and segments[0] in ("site", "view") and len(segments) > 1:  # sites.google.com/view/<name>
        return f"{segments[0]}/{segments[1]}"
    return segments[0] if segments else ""


def _psl():
    """The Public Suffix List shipped inside the ``publicsuffixlist`` package (never fetched)."""
    global _PSL
    if _PSL is None:
        from publicsuffixlist import PublicSuffixList

        _PSL = PublicSuffixList()
    return _PSL


_PSL = None


def same_site(host: str, other: str) -> bool:
    """Whether two normalised hosts are one site: equal, or one a subdomain of the other
    (``video.foxnews.com`` and ``foxnews.com``; not ``alice.blogspot.com`` and ``bob.blogspot.com``)."""
    return bool(host) and (host == other or host.endswith("." + other) or other.endswith("." + host))

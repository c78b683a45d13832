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


def normalise_domain(value: str) -> str:
    """Lower-case host without scheme, port, path, ``www.``/``m.``; shorteners resolved."""
    host = _SCHEME.sub("", value.strip().lower())
    host = host.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].split("@")[-1].split(":", 1)[0]
    host = host.strip(".")
    while _PREFIX.match(host) and host.count(".") > 1:
        host = _PREFIX.sub("", host, count=1)
    return SHORTENERS.get(host, host)

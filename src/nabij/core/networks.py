"""IP addresses against configured networks (settings given as lists of CIDR strings)."""

import ipaddress
from functools import cache


@cache
def _networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec if item.strip())


def in_networks(ip: str | None, spec) -> bool:
    """Whether `ip` lies in one of the networks of `spec` (e.g. ["10.0.0.0/8", "192.0.2.7"]); False for an
    empty or malformed address."""
    if not ip:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in network for network in _networks(tuple(spec)))


def per_client(ip: str | None) -> str:
    """What a per-address limit counts: an IPv4 address itself, but an IPv6 address's /64 network, since one
    home connection is given a whole /64 and can use any address in it; "-" when there is no address."""
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return "-"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)

"""Local news sites for the sources benchmark: one HTTP server on each of many loopback addresses.

    python bench/source_hosts.py --hosts 50 --delay-ms 20

Listens on 127.0.0.1 to 127.0.0.N (Linux routes all of 127/8 to loopback), one port for all,
and answers every GET after the delay with a small article page. Prints `port <P>` once
listening; on end of input (its parent closes stdin) it prints, per run, how politely it was
asked: the most requests any one host had at the same time, and the pauses hosts had between
the end of one answer and the next request (shortest, 1st percentile, median). Its clock is
read by its own event loop: on a busy machine a stamp can come a few milliseconds late, so
the shortest pause can read a little under the fetcher's.
"""

import argparse
import asyncio
import json
import socket
import sys
import time
from collections import defaultdict

PAGE = (
    b"<!DOCTYPE html><html><head><title>Local news</title></head><body><article>"
    b"<h1>Local news</h1><p>Nothing much happened today.</p></article></body></html>"
)
RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
    b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(PAGE)
) + PAGE


class Politeness:
    """What each host saw: requests at once, and the pause before each request."""

    def __init__(self):
        self.at_once = defaultdict(int)
        self.most_at_once = 0
        self.answered_at = {}
        self.pauses = []
        self.requests = 0

    def arrived(self, host):
        now = time.monotonic()
        self.requests += 1
        self.at_once[host] += 1
        self.most_at_once = max(self.most_at_once, self.at_once[host])
        if host in self.answered_at:
            self.pauses.append(now - self.answered_at[host])

    def answered(self, host):
        self.at_once[host] -= 1
        self.answered_at[host] = time.monotonic()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def serve(hosts: int, delay: float, port: int, politeness: Politeness):
    async def answer(reader, writer):
        host = writer.get_extra_info("sockname")[0]
        try:
            await reader.readuntil(b"\r\n\r\n")
            politeness.arrived(host)
            await asyncio.sleep(delay)
            writer.write(RESPONSE)
            await writer.drain()
            politeness.answered(host)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    servers = [
        await asyncio.start_server(answer, f"127.0.0.{number}", port, backlog=256)
        for number in range(1, hosts + 1)
    ]
    print(f"port {port}", flush=True)
    # Run until the parent closes our stdin.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    for server in servers:
        server.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--delay-ms", type=float, default=20)
    args = parser.parse_args()
    politeness = Politeness()
    asyncio.run(serve(args.hosts, args.delay_ms / 1000, free_port(), politeness))
    pauses = sorted(politeness.pauses) or [0.0]
    report = {
        "requests": politeness.requests,
        "most_at_once_per_host": politeness.most_at_once,
        "shortest_pause_ms": round(pauses[0] * 1000, 1),
        "pause_1st_percentile_ms": round(pauses[len(pauses) // 100] * 1000, 1),
        "median_pause_ms": round(pauses[len(pauses) // 2] * 1000, 1),
    }
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()

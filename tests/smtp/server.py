#!/usr/bin/env python3
"""A real SMTP server on loopback for the end-to-end tests, built on aiosmtpd.

It accepts mail for any recipient and writes every accepted message to DIR as NNNNNN.eml, with
one JSON line per message in DIR/index.jsonl (envelope sender, recipients, file). Faults can be
switched on to exercise the sender:

  --defer N          answer 451 to the first N attempts for each recipient, then accept
  --reject TEXT      answer 550 5.1.1 to recipients containing TEXT (repeatable)
  --block TEXT       answer 554 5.7.1 (a block list refusing the sender's IP) to recipients
                     containing TEXT (repeatable)
  --delay SECONDS    wait this long before answering DATA (a slow server)
  --auth USER:PASS   require AUTH PLAIN/LOGIN with these credentials

It prints "listening PORT" on stdout once it accepts connections, and runs until killed.
"""

import argparse
import asyncio
import collections
import json
import os
import sys

from aiosmtpd.smtp import SMTP, AuthResult


class Handler:
    def __init__(self, args):
        self.dir = args.dir
        self.defer = args.defer
        self.reject = args.reject or []
        self.block = args.block or []
        self.delay = args.delay
        self.attempts = collections.Counter()
        self.sequence = 0
        os.makedirs(self.dir, exist_ok=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if any(text in address for text in self.reject):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if any(text in address for text in self.block):
            return "554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org"
        self.attempts[address] += 1
        if self.attempts[address] <= self.defer:
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.sequence += 1
        name = f"{self.sequence:06d}.eml"
        path = os.path.join(self.dir, name)
        with open(path + ".tmp", "wb") as out:
            out.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path)
        entry = {"from": envelope.mail_from, "to": envelope.rcpt_tos, "file": name}
        with open(os.path.join(self.dir, "index.jsonl"), "a") as index:
            index.write(json.dumps(entry) + "\n")
        return f"250 2.0.0 Ok: queued as {self.sequence:06d}"


def authenticator(expected):
    user, _, password = expected.partition(":")

    def check(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False)

    return check


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--defer", type=int, default=0)
    parser.add_argument("--reject", action="append")
    parser.add_argument("--block", action="append")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--auth")
    args = parser.parse_args()

    handler = Handler(args)
    options = {"hostname": "sink.test", "data_size_limit": 50 * 1024 * 1024}
    if args.auth:
        options.update(authenticator=authenticator(args.auth), auth_require_tls=False)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, **options), "127.0.0.1", args.port)
    port = server.sockets[0].getsockname()[1]
    print(f"listening {port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)

"""PSP's command line: the operations and state of psp.yang as tables, over the controller's RESTCONF.

Run through `./psp <command>`; `./psp help` lists the commands. The controller is reached at
PSP_RESTCONF (default http://127.0.0.1:8181/rests) as PSP_USER / PSP_PASSWORD (default admin / admin).
"""
import base64
import inspect
import json
import os
import re
import sys
import threading
import urllib.error
import urllib.request

RESTCONF = os.environ.get("PSP_RESTCONF", "http://127.0.0.1:8181/rests").rstrip("/")
CREDENTIALS = base64.b64encode(
    f"{os.environ.get('PSP_USER', 'admin')}:{os.environ.get('PSP_PASSWORD', 'admin')}".encode()).decode()

USAGE = """usage: ./psp <command> [arguments]

  nodes                        the access nodes: status, sessions, chunks held for others, store progress
  sessions AN-ID [--port P] [--mac M] [--address A]
                               an access node's subscriber sessions, from its memory
  lookup AN-ID [--restore] [--segments]
                               read an access node's sessions back from the overlay (and into its memory);
                               --segments lists its segments' content hashes instead of its sessions
  store AN-ID                  store its changes now
  delete AN-ID                 delete its copy in the overlay (undo with undelete within the grace period)
  undelete AN-ID               bring the deleted copy back
  delete-memory AN-ID          forget its sessions in memory; the overlay keeps them
  configure AN-ID M K          encode its data again with M data and K coding chunks
  extend AN-ID SECONDS         extend the storing time of its chunks
  find VALUE [--type T] [--at TIME]
                               which access node serves an IPv4 or IPv6 address, an IPv6 /64, a MAC or a
                               circuit-id (the type is guessed; --type ipv4|ipv6|ipv6-prefix|mac|circuit-id),
                               now or at an instant such as 2026-12-01T10:00:00Z
  holders CONTENT-HASH         where the chunks of a stored segment are ('lookup AN-ID --segments' lists them)
  coordination AN-ID           the data an access node coordinates, its stripes short of chunks, its repairs,
                               heartbeats and elections, the room it reserved for others' placements and its
                               usefulness coefficient
  availability PN [M K] [--target T] [--nodes N]
                               plan: data availability of M + K coding at node availability PN,
                               each chunk on a node of its own or spread over N nodes
"""


class CliError(Exception):
    """Something to tell the operator, without a traceback."""


class RestconfError(CliError):
    """The controller answered with an error status."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


def request(method, path, body=None):
    """Sends one RESTCONF request and returns the decoded JSON answer (None when empty)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{RESTCONF}/{path}", data=data, method=method, headers={
        "Authorization": f"Basic {CREDENTIALS}", "Accept": "application/yang-data+json",
        "Content-Type": "application/yang-data+json"})
    try:
        with urllib.request.urlopen(req, timeout=600) as response:
            payload = response.read()
    except urllib.error.HTTPError as error:
        raise RestconfError(error_message(error.read()) or f"HTTP {error.code} from {path}", error.code) from None
    except (urllib.error.URLError, OSError) as error:
        raise CliError(f"the controller does not answer at {RESTCONF} ({getattr(error, 'reason', error)}); "
                       "is it running? ('./psp status')") from None
    return json.loads(payload) if payload else None


def error_message(payload):
    try:
        return "; ".join(e.get("error-message", e.get("error-tag", "")) for e in json.loads(payload)["errors"]["error"])
    except (ValueError, KeyError, TypeError):
        return None


def rpc(name, **leaves):
    answer = request("POST", f"operations/psp:{name}", {"input": {k: v for k, v in leaves.items() if v is not None}})
    return (answer or {}).get("psp:output", {})


def access_nodes():
    answer = request("GET", "data/psp:access-network?content=nonconfig")
    return [] if answer is None else answer.get("psp:access-network", {}).get("access-node", [])


def access_node(an_id):
    try:
        return request("GET", f"data/psp:access-network/access-node={an_id}?content=nonconfig")["psp:access-node"][0]
    except RestconfError as error:
        if error.status not in (404, 409):
            raise
        raise CliError(f"access node {an_id} is neither hosted nor watched by this controller") from None


def table(header, rows):
    """Prints rows under a header, each column as wide as its widest cell."""
    rows = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(str(h)), *(len(row[i]) for row in rows)) if rows else len(str(h))
              for i, h in enumerate(header)]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())


def with_progress(an_id, operation):
    """Runs a long operation, showing the node's store progress on the terminal meanwhile."""
    if not sys.stderr.isatty():
        return operation()
    done = threading.Event()

    def show():
        while not done.wait(0.5):
            try:
                progress = access_node(an_id).get("store-progress", {})
            except CliError:
                continue
            sys.stderr.write(f"\r{an_id}: {progress.get('storing-segments', 0)} segments being stored, "
                             f"{progress.get('pending-segments', 0)} waiting   ")
            sys.stderr.flush()

    watcher = threading.Thread(target=show, daemon=True)
    watcher.start()
    try:
        return operation()
    finally:
        done.set()
        watcher.join()
        sys.stderr.write("\r\033[K")


def cmd_nodes():
    nodes = sorted(access_nodes(), key=lambda node: node["an-id"])
    if not nodes:
        print("no access nodes")
        return
    table(["AN-ID", "WHERE", "STATUS", "SESSIONS", "CONTACTS", "CODING", "CHUNKS-HELD", "BYTES-HELD", "PENDING",
           "LAST-RECOVERY"],
          [[node["an-id"], "hosted" if node.get("hosted", True) else "remote",
            node.get("status", "?") + (f" ({node['error']})" if node.get("error") else ""),
            node.get("session-count", "-"), node.get("routing-table-size", "-"),
            f"{node['data-chunks']}+{node['coding-chunks']}" if "data-chunks" in node else "-",
            node.get("stored-chunks", "-"), node.get("stored-bytes", "-"),
            node.get("store-progress", {}).get("pending-segments", "-"),
            recovery(node.get("last-recovery"))] for node in nodes])


def recovery(report):
    if not report:
        return "-"
    return f"{report['outcome']}, {report.get('session-count', 0)} sessions in {report.get('duration-ms', '?')} ms"


def session_rows(sessions):
    return [[s["port"], s["mac"], s.get("ipv4", "-"), s.get("ipv6", "-"), s.get("lease-expiry", "-"),
             f"{s.get('outer-vlan', 0)}/{s.get('inner-vlan', 0)}", s.get("circuit-id", "")]
            for s in sorted(sessions, key=lambda s: (s["port"], s["mac"]))]


SESSION_HEADER = ["PORT", "MAC", "IPV4", "IPV6", "LEASE-EXPIRY", "S/C-VLAN", "CIRCUIT-ID"]


SESSION_FILTERS = {"--port": "port", "--mac": "mac", "--address": "address"}
SESSION_PAGE = 1000


def cmd_sessions(an_id, *filters):
    if len(filters) % 2 or any(flag not in SESSION_FILTERS for flag in filters[::2]):
        raise CliError(f"sessions takes {', '.join(f'{flag} VALUE' for flag in SESSION_FILTERS)}; got "
                       f"'{' '.join(filters)}'")
    leaves = {SESSION_FILTERS[flag]: value for flag, value in zip(filters[::2], filters[1::2])}
    sessions, offset = [], 0
    while True:
        page = rpc("sessions", **{"an-id": an_id, "offset": offset, "limit": SESSION_PAGE}, **leaves)
        sessions += page.get("session", [])
        offset += SESSION_PAGE
        if offset >= page.get("matching", 0):
            break
    table(SESSION_HEADER, session_rows(sessions))
    print(f"{len(sessions)} session{'' if len(sessions) == 1 else 's'}")


def cmd_lookup(an_id, *flags):
    unknown = [flag for flag in flags if flag not in ("--restore", "--segments")]
    if unknown:
        raise CliError(f"unknown option {unknown[0]}; lookup takes --restore and --segments")
    restore = "--restore" in flags
    output = rpc("lookup", **{"an-id": an_id, "restore": True if restore else None})
    if "--segments" in flags:
        table(["SEGMENT", "GENERATION", "CONTENT-HASH"],
              [[s["segment"], s["generation"], s["content-hash"]]
               for s in sorted(output.get("stored-segment", []), key=lambda s: s["segment"])])
    elif output.get("session"):
        table(SESSION_HEADER, session_rows(output["session"]))
    print(f"{output.get('outcome')}: {output.get('session-count', 0)} sessions in {output.get('segments', 0)} "
          f"segments, {output.get('duration-ms', '?')} ms" + (", restored into memory" if restore else ""))
    for lost in output.get("unrecoverable-segment", []):
        print(f"  lost {lost}")
    if output.get("outcome") == "partial":
        sys.exit(1)


KEY_TYPES = ("ipv4", "ipv6", "ipv6-prefix", "mac", "circuit-id")


def key_type(value):
    """What an operator most likely means by a value: an address, a /64, a MAC, else a circuit-id."""
    if re.fullmatch(r"\d{1,3}(\.\d{1,3}){3}", value):
        return "ipv4"
    if re.fullmatch(r"[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}", value):
        return "mac"
    if re.fullmatch(r"[0-9A-Fa-f:.]+/\d{1,3}", value) and ":" in value:
        return "ipv6-prefix"
    if re.fullmatch(r"[0-9A-Fa-f:.]+", value) and value.count(":") >= 2:
        return "ipv6"
    return "circuit-id"


def cmd_find(value, *options):
    args = list(options)
    kind = option(args, "--type", "mac")
    at = option(args, "--at", "2026-12-01T10:00:00Z")
    if args:
        raise CliError(f"unknown option {args[0]}; find takes --type and --at")
    kind = kind or key_type(value)
    if kind not in KEY_TYPES:
        raise CliError(f"unknown key type {kind}; one of {', '.join(KEY_TYPES)}")
    output = rpc("find-session", **{kind: value, "at": at})
    sessions = output.get("session", [])
    when = f" at {at}" if at else " now"
    answered = f"({output.get('index-nodes-answered', 0)} index nodes answered)"
    if not sessions:
        print(f"no session with {kind} {value}{when} {answered}")
        sys.exit(1)
    table(["AN-ID", "PORT", "MAC", "IPV4", "IPV6", "LEASE-START", "LEASE-END", "CIRCUIT-ID"],
          [[s["an-id"], s["port"], s["mac"], s.get("ipv4", "-"), s.get("ipv6", "-"), s.get("lease-start", "-"),
            s.get("lease-end", "-"), s.get("circuit-id", "")] for s in sessions])
    print(f"{len(sessions)} session{'' if len(sessions) == 1 else 's'} with {kind} {value}{when} {answered}")


def cmd_holders(content_hash):
    objects = rpc("find-holders", **{"content-hash": content_hash}).get("stored-object", [])
    for stored in objects:
        print(f"{stored['owner']} segment {stored['segment']} generation {stored['generation']}, "
              f"{stored['data-chunks']}+{stored['coding-chunks']} chunks:")
        table(["CHUNK", "HOLDER", "NODE-ID"], [[h["chunk"], h.get("an-id", "?"), h["node-id"]]
                                                for h in sorted(stored.get("holder", []), key=lambda h: h["chunk"])])
    if not objects:
        print(f"no stored object with content hash {content_hash}")
        sys.exit(1)


def cmd_coordination(an_id):
    node = access_node(an_id)
    coordination = node.get("coordination", {})
    owners = coordination.get("coordinated-data", [])
    if owners:
        table(["OWNER", "STRIPES", "WHOLE", "FEWEST-LIVE", "HOLDERS-REPORTING", "COUNTED"],
              [[data["owner"], data["stripes"], data["whole-stripes"], data["fewest-live-chunks"],
                data["reporting-holders"], "yes" if data["counted"] else "not yet"] for data in owners])
    else:
        print(f"{an_id} coordinates no data")
    stripes = coordination.get("stripe", [])
    if stripes:
        print()
        table(["OWNER", "SEGMENT", "GENERATION", "LIVE", "NEEDED", "TOTAL"],
              [[s["owner"], s["segment"], s["generation"], s["live-chunks"], s["needed-chunks"], s["total-chunks"]]
               for s in stripes])
    print()
    print(f"heartbeats: {coordination.get('heartbeats-sent', 0)} sent, "
          f"{coordination.get('heartbeats-received', 0)} received, {coordination.get('refused', 0)} refused; "
          f"elections: {coordination.get('elections', 0)}; hand-overs: {coordination.get('hand-overs', 0)}")
    print(f"repairs: {coordination.get('stripes-repaired', 0)} stripes, {coordination.get('chunks-repaired', 0)} "
          f"chunks, {coordination.get('repair-reads', 0)} chunk reads, {coordination.get('repair-writes', 0)} "
          f"chunk writes")
    reservations = node.get("reservations", {})
    print(f"reservations: {reservations.get('held', 0)} held ({reservations.get('held-bytes', 0)} bytes), "
          f"{reservations.get('granted', 0)} granted, {reservations.get('used', 0)} used, "
          f"{reservations.get('lapsed', 0)} lapsed, {reservations.get('refused', 0)} refused")
    usefulness = node.get("usefulness", {})
    print(f"usefulness: {usefulness.get('coefficient', 'none yet')} (given {usefulness.get('given-bytes', 0)} bytes "
          f"+ {usefulness.get('special-given-bytes', 0)} repairing others' data, taken "
          f"{usefulness.get('taken-bytes', 0)} + {usefulness.get('special-taken-bytes', 0)} repaired for it); "
          f"{usefulness.get('refused-placements', 0)} own stripes held back, "
          f"{usefulness.get('refused-others', 0)} others' reservations refused")


def cmd_store(an_id):
    output = with_progress(an_id, lambda: rpc("store", **{"an-id": an_id}))
    print(f"{output['segments-stored']} segments stored, {output['pending-segments']} waiting")


def cmd_delete(an_id):
    print(f"{rpc('delete', **{'an-id': an_id})['chunks-deleted']} chunks deleted; "
          f"'./psp undelete {an_id}' brings them back within the grace period")


def cmd_undelete(an_id):
    print(f"{rpc('undelete', **{'an-id': an_id})['chunks-restored']} chunks brought back")


def cmd_delete_memory(an_id):
    print(f"{rpc('delete-memory', **{'an-id': an_id})['sessions-forgotten']} sessions forgotten; "
          f"'./psp lookup {an_id} --restore' brings them back")


def cmd_configure(an_id, data_chunks, coding_chunks):
    output = with_progress(an_id, lambda: rpc("configure", **{
        "an-id": an_id, "data-chunks": number(data_chunks, "M"), "coding-chunks": number(coding_chunks, "K")}))
    print(f"{output['segments-encoded']} segments encoded as {data_chunks}+{coding_chunks}")


def cmd_extend(an_id, seconds):
    output = rpc("extend", **{"an-id": an_id, "storing-time-seconds": number(seconds, "SECONDS")})
    print(f"{output['chunks-extended']} chunks kept for {seconds} s more")


def cmd_availability(*args):
    args = list(args)
    target = option(args, "--target", "0.99999")
    nodes = option(args, "--nodes", "7")
    if len(args) not in (1, 3):
        raise CliError("availability takes PN, or PN M K, and optionally --target T and --nodes N")
    coding = {} if len(args) == 1 else {"data-chunks": number(args[1], "M"), "coding-chunks": number(args[2], "K")}
    holders = {} if nodes is None else {"holder-nodes": number(nodes, "N")}
    output = rpc("availability", **{"node-availability": args[0], "target-availability": target, **coding, **holders})
    table(["M+K", "NODES", "AVAILABILITY", "UNAVAILABILITY", "NINES", "OVERHEAD", "REPLICATION-COPIES"],
          [[f"{output['data-chunks']}+{output['coding-chunks']}", output["holder-nodes"], output["availability"],
            output["unavailability"], output["nines"], output["storage-overhead"], output["replication-copies"]]])
    if target is not None:
        fewest = output.get("coding-chunks-for-target")
        print(f"target {target}: " + (f"{fewest} coding chunks" if fewest is not None
                                      else "no coding reaches it with these data chunks"))


def option(args, name, example):
    """Removes `name VALUE` from args and returns VALUE, or None when the option is absent."""
    if name not in args:
        return None
    at = args.index(name)
    if at + 1 >= len(args):
        raise CliError(f"{name} needs a value, e.g. {name} {example}")
    value = args[at + 1]
    del args[at:at + 2]
    return value


def number(text, name):
    try:
        return int(text)
    except ValueError:
        raise CliError(f"{name} must be a whole number, not '{text}'") from None


COMMANDS = {
    "nodes": cmd_nodes, "sessions": cmd_sessions, "lookup": cmd_lookup, "store": cmd_store, "delete": cmd_delete,
    "undelete": cmd_undelete, "delete-memory": cmd_delete_memory, "configure": cmd_configure,
    "extend": cmd_extend, "availability": cmd_availability, "find": cmd_find, "holders": cmd_holders,
    "coordination": cmd_coordination,
}


def main(argv):
    if not argv or argv[0] not in COMMANDS:
        sys.stderr.write(USAGE)
        return 2
    command = COMMANDS[argv[0]]
    try:
        inspect.signature(command).bind(*argv[1:])
    except TypeError:
        sys.stderr.write(f"psp: wrong arguments for {argv[0]}\n{USAGE}")
        return 2
    try:
        command(*argv[1:])
    except CliError as error:
        sys.stderr.write(f"psp: error: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:
        # The reader (say, head) has what it wanted.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)

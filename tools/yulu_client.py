"""A client for the Yulu line-protocol server (`yulu serve`), standard library only.

    from yulu_client import YuluClient
    with YuluClient() as yulu:                      # 127.0.0.1:7878
        hits = yulu.search("项目为王", limit=5)["hits"]
        table = yulu.batch([{"cmd": "count", "q": q, "facets": ["province"]} for q in terms])

Every method returns the server's JSON object as a dict (the same object
`yulu search --json` prints) and raises YuluError when the server answers
{"ok": false, ...}. `batch` pipelines: it keeps up to `window` requests in flight on
one connection and returns the responses in request order.
"""
import json
import socket

__all__ = ["YuluClient", "YuluError"]


class YuluError(Exception):
    """An error response: `code` (e.g. "bad_query") and `message` from the server."""

    def __init__(self, code, message, response=None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.response = response


class YuluClient:
    def __init__(self, host="127.0.0.1", port=7878, timeout=60.0):
        self._socket = socket.create_connection((host, port), timeout=timeout)
        self._reader = self._socket.makefile("rb")
        self._next_id = 0

    def close(self):
        self._reader.close()
        self._socket.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()

    # One request at a time.

    def request(self, cmd, **fields):
        """Sends {"cmd": cmd, **fields} and returns the response (raising YuluError on an error)."""
        return self.batch([dict(fields, cmd=cmd)])[0]

    def search(self, q, limit=10, offset=0, by=None, facets=None, kwic=None, sort=None):
        fields = {"q": q, "limit": limit, "offset": offset}
        if by:
            fields["by"] = by
        if facets:
            fields["facets"] = list(facets)
        if kwic:
            fields["kwic"] = kwic
        if sort:
            fields["sort"] = sort
        return self.request("search", **fields)

    def count(self, q, facets=None):
        return self.request("count", q=q, facets=list(facets or []))

    def similar(self, doc, para, limit=10):
        return self.request("similar", doc=doc, para=para, limit=limit)

    def show(self, doc, para=None):
        return self.request("show", doc=doc, para=para) if para else self.request("show", doc=doc)

    def stats(self):
        return self.request("stats")

    # Many at once.

    def batch(self, requests, window=256, raise_errors=True):
        """Pipelines `requests` (dicts with a "cmd") and returns the responses in order.

        With raise_errors=False, error responses are returned as they are instead of raised.
        """
        requests = list(requests)
        responses = []
        sent = 0
        first_id = self._next_id
        self._next_id += len(requests)
        while len(responses) < len(requests):
            chunk = []
            while sent < len(requests) and sent - len(responses) < window:
                request = dict(requests[sent], id=first_id + sent)
                chunk.append(json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n")
                sent += 1
            if chunk:
                self._socket.sendall(b"".join(chunk))
            line = self._reader.readline()
            if not line:
                raise ConnectionError("the server closed the connection")
            response = json.loads(line)
            expected = first_id + len(responses)
            if response.get("id") != expected:
                raise YuluError("protocol", f"expected the response to request {expected}, got {response.get('id')}", response)
            responses.append(response)
        if raise_errors:
            for response in responses:
                if not response.get("ok"):
                    error = response.get("error", {})
                    raise YuluError(error.get("code", "unknown"), error.get("message", ""), response)
        return responses

"""A WSGI app that answers with the request's path and headers as JSON: the stand-in behind nginx in
test_nginx_example.py, which checks what the example configuration hands to gunicorn."""

import json


def app(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    environ["wsgi.input"].read(length)
    seen = {
        "path": environ["PATH_INFO"],
        "body_bytes": length,
        "headers": {key[5:]: value for key, value in environ.items() if key.startswith("HTTP_")},
    }
    body = json.dumps(seen).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]

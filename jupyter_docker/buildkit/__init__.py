"""BuildKit through the Engine API: the status decoder, the build record, the progress views.

`POST /build?version=2` builds with BuildKit; its progress arrives as base64 `StatusResponse`
protobufs (`protowire` reads the wire format, `status` the messages).
"""

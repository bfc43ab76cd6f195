"""BuildKit's own Control API over the engine's `POST /grpc` (what buildx's docker driver
uses): `Solve` with the Dockerfile frontend's attributes, which `/build` cannot carry
(`no-cache` with stage names: `--no-cache-filter`), and `Status` for the progress."""

#!/bin/sh
# Starts the app named by $APP (default baked in at build time with --build-arg APP=...).
# With arguments, runs them instead, e.g. the one-shot topic creation:
#   docker run resilient-commerce node -r tsconfig-paths/register dist/tools/fleet/create-topics.js
set -eu
if [ "$#" -gt 0 ]; then
  exec "$@"
fi
main="dist/apps/${APP}/src/main.js"
if [ ! -f "$main" ]; then
  echo "entrypoint: unknown APP '${APP}' (no ${main}); one of: $(ls dist/apps | tr '\n' ' ')" >&2
  exit 64
fi
# exec: node becomes PID 1 and receives SIGTERM directly for a graceful shutdown.
exec node -r tsconfig-paths/register "$main"

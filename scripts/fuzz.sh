#!/usr/bin/env bash
# Fuzzes keyfob-core with AFL++ through afl.rs, on stable Rust.
#
#   scripts/fuzz.sh [TARGET|all] [SECONDS]
#
# TARGET is one of: vin password email geofence_shape schedule json_bodies (default: all).
# SECONDS is the fuzzing time per target (default 600). Environment:
#   FUZZ_EXECS=N   stop each target after about N executions instead of after SECONDS
#   FUZZ_JOBS=N    targets fuzzed at the same time (default 1; one core each)
#   FUZZ_FRESH=1   forget earlier runs' queue, crashes and hangs (default: resume them)
#
# Installs what is missing (build tools, cargo-afl and its AFL++ build), builds the harnesses
# in fuzz/target, fuzzes under `nice -n 19`, then prints the executions, crashes and hangs of
# each target. Exits 1 when a target has a saved crash or hang. Output: fuzz/out/<target>/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fuzz="$root/fuzz"
out="$fuzz/out"
# Builds stay in fuzz/target (AFL's flags would rebuild everything elsewhere).
export CARGO_TARGET_DIR="$fuzz/target"
all_targets=(vin password email geofence_shape schedule json_bodies)
target="${1:-all}"
seconds="${2:-600}"
jobs="${FUZZ_JOBS:-1}"
# Must match the afl crate pinned in fuzz/Cargo.toml: the harness links the runtime cargo-afl builds.
cargo_afl_version="0.18.2"

if [[ "$target" == all ]]; then
    targets=("${all_targets[@]}")
elif [[ " ${all_targets[*]} " == *" $target "* ]]; then
    targets=("$target")
else
    echo "Unknown target '$target'; choose one of: ${all_targets[*]} or all." >&2
    exit 2
fi

if ! command -v cargo >/dev/null; then
    echo "cargo not found: install Rust with rustup first." >&2
    exit 1
fi

# `cargo afl config --build` compiles AFL++ from the sources cargo-afl ships: it needs make and cc.
if ! command -v make >/dev/null || ! command -v cc >/dev/null; then
    echo "Installing build-essential (make, cc) for AFL++..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential
fi

if [[ "$(cargo afl --version 2>/dev/null || true)" != *"$cargo_afl_version"* ]]; then
    echo "Installing cargo-afl $cargo_afl_version..."
    nice -n 19 cargo install cargo-afl --version "$cargo_afl_version" --locked --force
fi

# AFL++ and its runtime, built once per Rust version; without LLVM plugins, which need nightly.
config_log="$(mktemp)"
if ! nice -n 19 cargo afl config --build >"$config_log" 2>&1; then
    if ! grep -q "already built" "$config_log"; then
        cat "$config_log" >&2
        exit 1
    fi
fi
rm -f "$config_log"

echo "Building the harnesses..."
(cd "$fuzz" && nice -n 19 cargo afl build --release --bins)

# AFL++ on a shared, unprepared machine: no CPU governor or core_pattern changes (often not
# possible in containers), no pinning to a core, plain log lines instead of the screen.
export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_AFFINITY=1
export AFL_NO_UI=1
export AFL_AUTORESUME=1

stat_of() { # stat_of FILE NAME: one value of a fuzzer_stats file, 0 when absent
    if [[ -f "$1" ]]; then
        awk -F' *: *' -v k="$2" '$1 == k { print $2 }' "$1"
    else
        echo 0
    fi
}

fuzz_one() {
    local name="$1" dir="$out/$1"
    local stats="$dir/default/fuzzer_stats"
    if [[ "${FUZZ_FRESH:-0}" == 1 ]]; then
        rm -rf "$dir"
    fi
    mkdir -p "$dir"
    stat_of "$stats" execs_done >"$dir/execs_before"
    stat_of "$stats" run_time >"$dir/time_before"
    local limit=(-V "$seconds")
    if [[ -n "${FUZZ_EXECS:-}" ]]; then
        # -E counts this run's executions on top of a resumed run's.
        limit=(-E "$(($(cat "$dir/execs_before") + FUZZ_EXECS))")
    fi
    local dict=()
    if [[ -f "$fuzz/dict/$name.dict" ]]; then
        dict=(-x "$fuzz/dict/$name.dict")
    fi
    echo "Fuzzing $name (log: $dir/afl.log)..."
    nice -n 19 cargo afl fuzz -i "$fuzz/corpus/$name" -o "$dir" "${dict[@]}" "${limit[@]}" \
        -- "$fuzz/target/release/$name" >"$dir/afl.log" 2>&1 || {
        echo "afl-fuzz failed for $name; the end of its log:" >&2
        tail -n 20 "$dir/afl.log" >&2
        return 1
    }
}

failed=0
running=0
for name in "${targets[@]}"; do
    fuzz_one "$name" &
    running=$((running + 1))
    if ((running >= jobs)); then
        wait -n || failed=1
        running=$((running - 1))
    fi
done
while ((running > 0)); do
    wait -n || failed=1
    running=$((running - 1))
done

found=0
printf '\n%-15s %14s %14s %9s %8s %7s %6s\n' target "execs (run)" "execs (total)" "exec/s" "time s" crashes hangs
for name in "${targets[@]}"; do
    dir="$out/$name"
    stats="$dir/default/fuzzer_stats"
    total="$(stat_of "$stats" execs_done)"
    time_total="$(stat_of "$stats" run_time)"
    run=$((total - $(cat "$dir/execs_before" 2>/dev/null || echo 0)))
    time_run=$((time_total - $(cat "$dir/time_before" 2>/dev/null || echo 0)))
    crashes="$(find "$dir/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)"
    hangs="$(find "$dir/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)"
    rate=$((run / (time_run > 0 ? time_run : 1)))
    printf '%-15s %14s %14s %9s %8s %7s %6s\n' "$name" "$run" "$total" "$rate" "$time_run" "$crashes" "$hangs"
    if ((crashes + hangs > 0)); then
        found=1
    fi
done
if ((found)); then
    echo
    echo "Saved crashes and hangs (replay one: fuzz/target/release/<target> < FILE):"
    for name in "${targets[@]}"; do
        find "$out/$name/default/crashes" "$out/$name/default/hangs" -type f -name 'id:*' 2>/dev/null || true
    done
fi
if ((failed || found)); then
    exit 1
fi

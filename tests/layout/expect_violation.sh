# Sourced by the layout checks' self-tests: expect_violation FILE LINE WHAT writes LINE into
# $tree/FILE, runs $check on $tree and fails unless it rejects the tree naming FILE:1.
# expect_violations does the same for each "FILE | LINE | WHAT" line of its standard input.
expect_violation() {
    printf '%s\n' "$2" > "$tree/$1"
    if out=$("$check" "$tree"); then echo "FAIL: $3 was not caught"; exit 1; fi
    grep -q "^$1:1:" <<<"$out" || { echo "FAIL: $3 reported without file:line: $out"; exit 1; }
    rm "$tree/$1"
}
expect_violations() {
    local record file line what
    while IFS= read -r record; do
        file=${record%% | *} && record=${record#* | }
        line=${record%% | *} && what=${record#* | }
        expect_violation "$file" "$line" "$what"
    done
}

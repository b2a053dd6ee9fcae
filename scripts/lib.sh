# SPDX-License-Identifier: GPL-2.0
# Shell plumbing shared by the scripts (sourced, bash):
#   - the stage contract that scripts/check reads: one "PASS STAGE:NAME" or
#     "FAIL STAGE:NAME ..." line per result, then the closing line
#     "STAGE: N passed, N failed", and a non-zero exit on any failure.
# shellcheck shell=bash

# res_begin STAGE: start counting the results of STAGE.
res_begin() {
	res_stage=$1
	res_passed=0
	res_failed=0
}

# res_pass NAME
res_pass() {
	echo "PASS $res_stage:$1"
	res_passed=$((res_passed + 1))
}

# res_fail NAME [WHY]: the caller prints any detail after it.
res_fail() {
	echo "FAIL $res_stage:$1${2:+: $2}"
	res_failed=$((res_failed + 1))
}

# res_status NAME STATUS [FILE]: pass on status 0, else fail and show FILE
# indented.
res_status() {
	if [ "$2" = 0 ]; then
		res_pass "$1"
	else
		res_fail "$1"
		[ -z "${3:-}" ] || sed 's/^/    /' "$3"
	fi
}

# res_end: the closing line; returns non-zero if anything failed.
res_end() {
	echo "$res_stage: $res_passed passed, $res_failed failed"
	[ "$res_failed" = 0 ]
}

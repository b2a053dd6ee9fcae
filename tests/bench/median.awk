# SPDX-License-Identifier: GPL-2.0
# median(LIST): the median of the numbers in the space-separated LIST, for
# the benchmark scripts' awk programs (awk -f tests/bench/median.awk -f ...).
function median(list,   a, k, i, j, t) {
	k = split(list, a, " ")
	for (i = 1; i <= k; i++)
		for (j = i + 1; j <= k; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
}

package diag

import (
	"fmt"
	"strings"
)

// Suggest returns the candidate closest to word when it is close enough to
// be a plausible typo, or "" when none is. Closeness is the edit distance,
// allowed to grow with the length of the word; a candidate that contains
// the word (or the reverse) also counts, so "boundry" finds "boundary" and
// "cloud" finds "vendor-cloud".
func Suggest(word string, candidates []string) string {
	w := strings.ToLower(word)
	work := 0
	for _, c := range candidates {
		if work += (len(c) + 1) * (len(w) + 1); work > MaxSuggestWork {
			return ""
		}
	}
	best, bestDist := "", 1<<30
	for _, c := range candidates {
		d := distance(w, strings.ToLower(c))
		if d < bestDist || (d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	limit := 1 + len(w)/3
	if best != "" && (bestDist <= limit || containsEither(w, strings.ToLower(best))) {
		return best
	}
	return ""
}

// MaxSuggestWork bounds the cells of the edit-distance tables one Suggest
// fills (word length × candidate lengths): a hint is a courtesy, and a
// long word against a vocabulary or model of many long ids would make
// reporting one typo cost seconds. Past it, Suggest suggests nothing.
const MaxSuggestWork = 1 << 24

// DidYouMean formats Suggest's answer as a hint, falling back to listing
// the allowed values when there are few enough to read at a glance.
func DidYouMean(word string, candidates []string) string {
	if s := Suggest(word, candidates); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return OneOf(candidates)
}

// OneOf lists allowed values as a hint, or says how many there are when
// the list is too long to print.
func OneOf(candidates []string) string {
	switch {
	case len(candidates) == 0:
		return ""
	case len(candidates) <= 16:
		return "expected one of: " + strings.Join(candidates, ", ")
	}
	return fmt.Sprintf("expected one of %d known values: %s, …", len(candidates), strings.Join(candidates[:12], ", "))
}

func containsEither(a, b string) bool {
	if len(a) < 3 || len(b) < 3 {
		return false
	}
	return strings.Contains(a, b) || strings.Contains(b, a)
}

// distance is the Levenshtein edit distance between a and b, by bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

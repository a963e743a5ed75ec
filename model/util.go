package model

import (
	"sort"
	"strings"
)

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func joinComma(list []string) string { return strings.Join(list, ", ") }

func sortStrings(s []string) { sort.Strings(s) }

package model

import (
	"strings"
)

func joinComma(list []string) string { return strings.Join(list, ", ") }

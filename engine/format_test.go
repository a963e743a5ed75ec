package engine

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Facts quoted in a finding's reasons read as text, not as Go values.
func TestFormatValue(t *testing.T) {
	services := []Service{
		{Name: "Local setup API", Protocol: "https", Medium: "ip", Port: 8443, Authentication: "pairing", Encryption: "tls"},
		{Name: "Console", Protocol: "uart", Medium: "wired", Authentication: "none", Encryption: "none"},
	}
	for _, tc := range []struct {
		in   any
		want string
	}{
		{"", `""`},
		{[]string{"a", "b"}, "[a, b]"},
		{services, "[Local setup API (https 8443, authentication pairing, encryption tls); Console (uart, authentication none, encryption none)]"},
		{[]Service{}, "[]"},
		{map[string]string{"pairing": "just-works", "bonding": "true"}, "{bonding: true, pairing: just-works}"},
		{int64(3), "3"},
	} {
		if got := formatValue(tc.in); got != tc.want {
			t.Errorf("formatValue(%#v) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Long values are cut by characters, never inside one.
	got := formatValue(map[string]string{"label": strings.Repeat("Türschloss ", 20)})
	if !utf8.ValidString(got) || utf8.RuneCountInString(got) != 80 || !strings.HasSuffix(got, "...") {
		t.Errorf("cut %q (%d characters)", got, utf8.RuneCountInString(got))
	}
}

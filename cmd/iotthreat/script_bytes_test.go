package main

import (
	"os"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"
)

// unescape FILE... rewrites each FILE with every \xHH replaced by the
// byte it names and \\ by one backslash, for inputs a txtar archive
// cannot hold as text: invalid UTF-8, NUL and other control bytes,
// UTF-16. The archive then shows exactly which bytes are hostile.
func unescape(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: unescape FILE...")
	}
	for _, name := range args {
		data, err := os.ReadFile(ts.MkAbs(name))
		ts.Check(err)
		out := make([]byte, 0, len(data))
		for i := 0; i < len(data); i++ {
			switch {
			case data[i] == '\\' && i+1 < len(data) && data[i+1] == '\\':
				out = append(out, '\\')
				i++
			case data[i] == '\\' && i+3 < len(data) && data[i+1] == 'x':
				b, err := strconv.ParseUint(string(data[i+2:i+4]), 16, 8)
				if err != nil {
					ts.Fatalf("unescape %s: bad escape %q", name, data[i:i+4])
				}
				out = append(out, byte(b))
				i += 3
			default:
				out = append(out, data[i])
			}
		}
		ts.Check(os.WriteFile(ts.MkAbs(name), out, 0o644))
	}
}

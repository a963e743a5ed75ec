package render

import (
	"fmt"
	"math"
	"strings"
)

// matrix is an affine transform [a c e; b d f; 0 0 1], as SVG writes it.
type matrix struct{ a, b, c, d, e, f float64 }

var identity = matrix{a: 1, d: 1}

// mul returns m·n: n is applied first, then m.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

func (m matrix) apply(p point) point {
	return point{m.a*p.x + m.c*p.y + m.e, m.b*p.x + m.d*p.y + m.f}
}

// scale is the factor by which m scales lengths (exact for similarity
// transforms, which is all Graphviz writes).
func (m matrix) scale() float64 {
	return math.Sqrt(math.Abs(m.a*m.d - m.b*m.c))
}

// parseTransform reads a transform list: matrix, translate, scale and
// rotate. Unknown functions are ignored.
func parseTransform(s string) matrix {
	m := identity
	for {
		open := strings.IndexByte(s, '(')
		end := strings.IndexByte(s, ')')
		if open < 0 || end < open {
			return m
		}
		name := strings.TrimSpace(strings.Trim(strings.TrimSpace(s[:open]), ","))
		args := numbers(s[open+1 : end])
		s = s[end+1:]
		var t matrix
		switch {
		case name == "matrix" && len(args) == 6:
			t = matrix{args[0], args[1], args[2], args[3], args[4], args[5]}
		case name == "translate" && len(args) >= 1:
			t = identity
			t.e = args[0]
			if len(args) > 1 {
				t.f = args[1]
			}
		case name == "scale" && len(args) >= 1:
			t = matrix{a: args[0], d: args[0]}
			if len(args) > 1 {
				t.d = args[1]
			}
		case name == "rotate" && len(args) >= 1:
			r := args[0] * math.Pi / 180
			t = matrix{a: math.Cos(r), b: math.Sin(r), c: -math.Sin(r), d: math.Cos(r)}
			if len(args) == 3 {
				t = matrix{a: 1, d: 1, e: args[1], f: args[2]}.mul(t).mul(matrix{a: 1, d: 1, e: -args[1], f: -args[2]})
			}
		default:
			continue
		}
		m = m.mul(t)
	}
}

// parsePathData reads path data with the commands M, L, H, V, C and Z in
// absolute and relative forms, the ones Graphviz writes and a few more.
func parsePathData(d string) ([]pathOp, error) {
	var out []pathOp
	var cur, start point
	cmd := byte(0)
	toks := pathTokens(d)
	for i := 0; i < len(toks); {
		if t := toks[i]; len(t) == 1 && strings.Contains("MmLlHhVvCcZz", t) {
			cmd = t[0]
			i++
			if cmd == 'Z' || cmd == 'z' {
				out = append(out, pathOp{op: 'Z'})
				cur = start
				continue
			}
		}
		if c := toks[i][0]; (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') {
			return nil, fmt.Errorf("read SVG: unsupported path command %q in %q", toks[i], truncate(d, 60))
		}
		n := map[byte]int{'M': 2, 'L': 2, 'H': 1, 'V': 1, 'C': 6}[upper(cmd)]
		if n == 0 || i+n > len(toks) {
			return nil, fmt.Errorf("read SVG: bad path data %q", truncate(d, 60))
		}
		v := make([]float64, n)
		for j := range v {
			v[j] = num(toks[i+j])
		}
		i += n
		rel := cmd >= 'a'
		abs := func(x, y float64) point {
			if rel {
				return point{cur.x + x, cur.y + y}
			}
			return point{x, y}
		}
		switch upper(cmd) {
		case 'M':
			cur = abs(v[0], v[1])
			start = cur
			out = append(out, pathOp{op: 'M', p: [3]point{cur}})
			// Further pairs after a moveto are linetos.
			cmd = map[bool]byte{true: 'l', false: 'L'}[rel]
		case 'L':
			cur = abs(v[0], v[1])
			out = append(out, pathOp{op: 'L', p: [3]point{cur}})
		case 'H':
			if rel {
				cur.x += v[0]
			} else {
				cur.x = v[0]
			}
			out = append(out, pathOp{op: 'L', p: [3]point{cur}})
		case 'V':
			if rel {
				cur.y += v[0]
			} else {
				cur.y = v[0]
			}
			out = append(out, pathOp{op: 'L', p: [3]point{cur}})
		case 'C':
			p1, p2, p3 := abs(v[0], v[1]), abs(v[2], v[3]), abs(v[4], v[5])
			out = append(out, pathOp{op: 'C', p: [3]point{p1, p2, p3}})
			cur = p3
		}
	}
	return out, nil
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// pathTokens splits path data into commands and numbers.
func pathTokens(d string) []string {
	var toks []string
	i := 0
	for i < len(d) {
		c := d[i]
		switch {
		case c == ' ' || c == ',' || c == '\n' || c == '\t' || c == '\r':
			i++
		case (c >= 'A' && c <= 'Z' && c != 'E') || (c >= 'a' && c <= 'z' && c != 'e'):
			toks = append(toks, string(c))
			i++
		default:
			j := i + 1
			for j < len(d) {
				cj := d[j]
				isNum := (cj >= '0' && cj <= '9') || cj == '.' || cj == 'e' || cj == 'E' ||
					((cj == '-' || cj == '+') && (d[j-1] == 'e' || d[j-1] == 'E'))
				if !isNum {
					break
				}
				j++
			}
			toks = append(toks, d[i:j])
			i = j
		}
	}
	return toks
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

package paths

import (
	"fmt"
	"io"
	"strings"
)

// Table writes the paths for a terminal: each path with its risk, entry,
// target and numbered steps, then the choke points and what the limits
// cut.
func Table(w io.Writer, r *Result) error {
	ew := &errWriter{w: w}
	if len(r.Paths) == 0 {
		ew.printf("no attack paths found (%d entry points, %d targets)\n", len(r.Entries), len(r.Targets))
	}
	for _, p := range r.Paths {
		ew.printf("%-8s  %s  %s -> %s  (likelihood %s, impact %s%s)\n", p.Risk, p.ID, p.Entry, p.Target, p.Likelihood, p.Impact, unknownNote(p.Unknown))
		for i, s := range p.Steps {
			ew.printf("  %d. %s -> %s\n     %s: %s\n     at %s\n", i+1, s.From, s.To, justifier(s), s.Reason, s.Location)
			if len(s.Alternatives) > 0 {
				ew.printf("     also allowed by %s\n", strings.Join(s.Alternatives, ", "))
			}
		}
	}
	if len(r.ChokePoints) > 0 {
		ew.printf("\nchoke points:\n")
		for _, c := range r.ChokePoints {
			ew.printf("  %s\n", c.Summary())
		}
	}
	if len(r.Excluded) > 0 {
		ew.printf("\nleft out by the model:\n")
		for _, x := range r.Excluded {
			ew.printf("  %s\n", x)
		}
	}
	if len(r.Truncated) > 0 {
		ew.printf("\nlimits reached:\n")
		for _, t := range r.Truncated {
			ew.printf("  %s\n", t)
		}
	}
	return ew.err
}

// Markdown writes the paths for a pull request or a wiki page.
func Markdown(w io.Writer, r *Result) error {
	ew := &errWriter{w: w}
	ew.printf("# Attack paths: %s\n\n", md(r.System))
	if len(r.Paths) == 0 {
		ew.printf("No attack paths found (%d entry points, %d targets).\n", len(r.Entries), len(r.Targets))
	} else {
		ew.printf("| Risk | Path | Entry | Target | Steps |\n|---|---|---|---|---|\n")
		for _, p := range r.Paths {
			ew.printf("| %s | %s | %s | %s | %d%s |\n", p.Risk, p.ID, md(p.Entry), md(p.Target), len(p.Steps), unknownNote(p.Unknown))
		}
	}
	if len(r.ChokePoints) > 0 {
		ew.printf("\n## Choke points\n\n")
		for _, c := range r.ChokePoints {
			ew.printf("- %s\n", md(c.Summary()))
		}
	}
	for _, p := range r.Paths {
		ew.printf("\n## %s: %s → %s (%s)\n\n", p.ID, md(p.Entry), md(p.Target), p.Risk)
		for i, s := range p.Steps {
			ew.printf("%d. `%s` → `%s`: **%s**: %s (%s)\n", i+1, s.From, s.To, md(justifier(s)), md(s.Reason), md(s.Location))
		}
	}
	if len(r.Excluded) > 0 {
		ew.printf("\n## Left out by the model\n\n")
		for _, x := range r.Excluded {
			ew.printf("- %s\n", md(x.String()))
		}
	}
	if len(r.Truncated) > 0 {
		ew.printf("\n## Limits reached\n\n")
		for _, t := range r.Truncated {
			ew.printf("- %s\n", md(t))
		}
	}
	return ew.err
}

// justifier names what justifies a step: the finding with its status and
// likelihood, or the fact.
func justifier(s Step) string {
	if s.Finding == "" {
		return "fact " + s.Fact
	}
	j := fmt.Sprintf("%s (%s, likelihood %s)", s.Finding, s.Status, s.Likelihood)
	if s.Unknown {
		j += " [unknown: the model leaves this unstated]"
	}
	return j
}

func unknownNote(u bool) string {
	if u {
		return ", unknown"
	}
	return ""
}

// md escapes text for a Markdown table cell or list item: model text is
// untrusted and must not open links, HTML or new cells.
func md(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r':
			b.WriteRune(' ')
		case strings.ContainsRune("\\`*_{}[]()<>#+!|~", r):
			b.WriteRune('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// errWriter keeps the first write error, so formatting code stays linear.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

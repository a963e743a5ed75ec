package engine

import "fmt"

// Severity combines likelihood and impact (each low, medium, high,
// critical) on a 4×4 matrix: the sum of their ranks 0–1 is low, 2–3
// medium, 4 high and 5–6 critical. So high × high is high, and a threat
// that is both likely and critical in impact (high × critical) is critical.
func Severity(likelihood, impact string) string {
	sum := LevelRank(likelihood) + LevelRank(impact)
	switch {
	case sum >= 5:
		return "critical"
	case sum >= 4:
		return "high"
	case sum >= 2:
		return "medium"
	}
	return "low"
}

// LevelRank is the position of a level in Levels (low 0 … critical 3), or
// 0 for an unknown word.
func LevelRank(l string) int {
	for i, x := range Levels {
		if x == l {
			return i
		}
	}
	return 0
}

func raise(l string) string {
	return Levels[min(LevelRank(l)+1, len(Levels)-1)]
}

// exposure describes what raises a finding's likelihood and impact: the
// target is reachable from the internet (likelihood), or it touches
// sensitive or secret data or can cause physical harm (impact).
type exposure struct {
	internet    string // reason, or "" when not exposed
	sensitivity string // reason, or "" when not sensitive
}

// scoreKey is what a finding's score depends on; scored is the result.
// Workers remember them: the same few combinations recur across tens of
// thousands of findings, and formatting their reasons each time was a
// large share of building a finding.
type scoreKey struct {
	likelihood, impact string
	ex                 exposure
}

type scored struct {
	l, i, sev string
	why       []string // shared by findings: never modified, only copied
}

func (w *worker) score(likelihood, impact string, ex exposure) *scored {
	k := scoreKey{likelihood, impact, ex}
	if s, ok := w.scores[k]; ok {
		return s
	}
	s := &scored{}
	s.l, s.i, s.sev, s.why = score(likelihood, impact, ex)
	w.scores[k] = s
	return s
}

// score applies exposure to the rule's likelihood and impact and returns
// the final values and the reasons, for the finding's why.
func score(likelihood, impact string, ex exposure) (l, i, sev string, why []string) {
	l, i = likelihood, impact
	why = append(why, fmt.Sprintf("likelihood %s and impact %s by the rule", likelihood, impact))
	if ex.internet != "" && l != "critical" {
		l = raise(l)
		why = append(why, fmt.Sprintf("likelihood raised to %s: %s", l, ex.internet))
	}
	if ex.sensitivity != "" && i != "critical" {
		i = raise(i)
		why = append(why, fmt.Sprintf("impact raised to %s: %s", i, ex.sensitivity))
	}
	sev = Severity(l, i)
	why = append(why, fmt.Sprintf("severity %s: likelihood %s × impact %s", sev, l, i))
	return l, i, sev, why
}

package share

import "encoding/binary"

// Memo is one worker's memory of the outcomes, of type O, of the shared
// rules: by rule and the numbers of the facts it reads, and by list and
// all of a target's numbers (most flows repeat another flow entirely,
// and then one lookup finds the outcomes of all its rules). Each worker
// has its own: a Memo is not safe for concurrent use.
type Memo[O any] struct {
	plan     *Plan
	outcomes map[string]*O   // by rule and the numbers it reads
	rows     map[string][]*O // by list and all of a target's numbers
	key      []byte
}

// NewMemo returns an empty memory for plan; nil for a nil plan, whose
// rows are all nil.
func NewMemo[O any](plan *Plan) *Memo[O] {
	if plan == nil {
		return nil
	}
	return &Memo[O]{plan: plan, outcomes: map[string]*O{}, rows: map[string][]*O{}}
}

// Row returns the outcomes of target t's rules, in the order of its list.
// A shared rule's outcome is the one remembered for the numbers it reads,
// or the one eval(i) gives for the list's i'th rule on t the first time;
// eval may return nil, and nothing is remembered then. The outcomes of
// rules that are not shared are nil, and so is the whole row of a target
// whose facts could not be numbered: the caller evaluates those.
func (m *Memo[O]) Row(t int, eval func(i int) *O) []*O {
	if m == nil {
		return nil
	}
	target := &m.plan.targets[t]
	if target.vals == nil {
		return nil
	}
	m.key = binary.AppendUvarint(m.key[:0], uint64(target.list))
	for _, v := range target.vals {
		m.key = binary.AppendUvarint(m.key, v)
	}
	if row, ok := m.rows[string(m.key)]; ok {
		return row
	}
	key := string(m.key)
	list := m.plan.lists[target.list]
	row := make([]*O, len(list))
	for i := range list {
		if list[i].cols != nil {
			row[i] = m.remembered(&list[i], target.vals, i, eval)
		}
	}
	m.rows[key] = row
	return row
}

// remembered returns the outcome of the i'th rule of a list on the
// numbers vals, evaluating it the first time.
func (m *Memo[O]) remembered(r *sharedRule, vals []uint64, i int, eval func(i int) *O) *O {
	m.key = binary.AppendUvarint(m.key[:0], uint64(r.no))
	for _, c := range r.cols {
		m.key = binary.AppendUvarint(m.key, vals[c])
	}
	if o, ok := m.outcomes[string(m.key)]; ok {
		return o
	}
	key := string(m.key)
	o := eval(i)
	if o != nil {
		m.outcomes[key] = o
	}
	return o
}

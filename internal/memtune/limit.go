package memtune

import (
	"sync"

	"github.com/KimMachineGun/automemlimit/memlimit"
)

// groupLimit is the memory limit of the control group the process runs in
// (a container's, a CI job's, a systemd unit's), in bytes, or 0 where
// there is none or it cannot be read. Go does not read it itself: a
// process past it is killed by the kernel without an error of its own,
// so both settings here stay under it (regionFor, gcFor). Read once.
var groupLimit = sync.OnceValue(func() uint64 {
	n, err := memlimit.FromCgroup()
	if err != nil {
		return 0
	}
	return n
})

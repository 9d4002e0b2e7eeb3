#!/usr/bin/env python3
"""Off-CPU waits of qbt-rules' threads from a system-wide sched_switch recording.

    perf record -a -e sched:sched_switch -g -o offcpu.data -- sleep 8   # during a bench run (Debian: linux-perf)
    perf script -i offcpu.data -F comm,tid,time,event,trace,ip,sym > offcpu.txt
    python3 bench/offcpu_waits.py offcpu.txt [MIN_MS=3] [--list]

A thread is off the CPU from the sched_switch that takes it off until the one that puts it
back (next_pid), so the recording must be system-wide (-a): the switch back in happens in
another process's context. Prints, for the server's named threads (qbt-*), the waits of at
least MIN_MS grouped by thread, state (S sleeping, D uninterruptible I/O, R preempted) and
the call that waited; --list prints each such wait with its start time and stack.
"""
import collections
import re
import sys

EVENT = re.compile(r'^(\S.*?)\s+(\d+)\s+([\d.]+):\s+(sched:\S+):\s+(.*)$')
SWITCH = re.compile(r'prev_comm=(.*?) prev_pid=(\d+) .*prev_state=(\S+) ==> next_comm=.*? next_pid=(\d+)')
CALLS = ('blkdev_issue_flush', 'ext4_block_write_begin', 'folio_wait_writeback', 'epoll_wait', '__poll',
         'futex_wait', '__libc_write', '__send', 'asm_sysvec', 'pread', 'pwrite', 'fdatasync', 'fsync')


def waits(path):
    """Yields (seconds off CPU, start time, thread name, state, stack) for every switch out and back."""
    out = {}
    event = None

    def finish(event):
        if not event or event[0] != 'sched:sched_switch':
            return None
        match = SWITCH.search(event[2])
        if not match:
            return None
        prev_comm, prev_pid, state, next_pid = match.group(1), int(match.group(2)), match.group(3), int(match.group(4))
        out[prev_pid] = (event[1], prev_comm, state, event[3])
        if next_pid in out:
            start, comm, was, stack = out.pop(next_pid)
            return (event[1] - start, start, comm, was, stack)
        return None

    with open(path) as lines:
        for line in lines:
            line = line.rstrip('\n')
            match = EVENT.match(line)
            if match:
                done = finish(event)
                if done:
                    yield done
                event = [match.group(4), float(match.group(3)), match.group(5), []]
            elif line.strip() and event is not None:
                frame = line.split(None, 1)
                if len(frame) == 2 and frame[1] != '[unknown]':
                    event[3].append(frame[1])
    done = finish(event)
    if done:
        yield done


def call_of(stack):
    for frame in stack:
        for call in CALLS:
            if call in frame:
                return call
    return '?'


def main():
    args = [a for a in sys.argv[1:] if a != '--list']
    if not args:
        sys.exit(__doc__)
    minimum = (float(args[1]) if len(args) > 1 else 3.0) / 1000
    ours = [w for w in waits(args[0]) if w[0] >= minimum and w[2].startswith('qbt-') and w[2] != 'qbt-lab']
    groups = collections.defaultdict(lambda: [0, 0.0])
    for seconds, _, comm, state, stack in ours:
        key = (comm, state[0], call_of(stack))
        groups[key][0] += 1
        groups[key][1] += seconds * 1000
    for (comm, state, call), (count, total) in sorted(groups.items(), key=lambda kv: -kv[1][1]):
        print('%-14s %s %-24s %5d waits %9.1f ms' % (comm, state, call, count, total))
    if '--list' in sys.argv:
        for seconds, start, comm, state, stack in sorted(ours, key=lambda w: w[1]):
            print('%.3f %-14s %6.1f ms %-2s %s' % (start, comm, seconds * 1000, state, ' < '.join(stack[2:10])[:240]))


if __name__ == '__main__':
    main()

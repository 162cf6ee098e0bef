#!/usr/bin/python3
"""tests/arch/check.py OBJDIR: the architecture's rules, checked on the
objects of a build and on the sources (prints "ok - " / "not ok - " lines):
- the store's files call each other without a cycle (a layered store);
- no library module calls into the CLI (cmd_*, cli_*), and the server and
  the report are clients of the library, not of the CLI;
- nothing outside cli/ prints to stdout (printf, puts, putchar, stdout);
- no getopt anywhere (the option parser keeps its state in a struct);
- no function in src/cli/ is longer than 60 lines.
"""
import collections
import glob
import os
import re
import subprocess
import sys

objdir = sys.argv[1]
srcs = sorted(glob.glob('src/*/*.c'))
objs = {s: os.path.join(objdir, s[len('src/'):-2] + '.o') for s in srcs}
defs, undef = {}, collections.defaultdict(set)
for s, o in objs.items():
    if not os.path.exists(o):
        print('not ok - object of %s built' % s)
        continue
    for line in subprocess.run(['nm', o], capture_output=True, text=True).stdout.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in 'TDRB':
            defs[p[2]] = s
        elif len(p) == 2 and p[0] == 'U':
            undef[s].add(p[1])


def report(title, bad):
    if bad:
        print('not ok - ' + title)
        for b in bad[:20]:
            print('#   ' + b)
    else:
        print('ok - ' + title)


# the store: a graph of files, acyclic
graph = collections.defaultdict(set)
for s, us in undef.items():
    if s.startswith('src/store/'):
        for u in us:
            d = defs.get(u)
            if d and d != s and d.startswith('src/store/'):
                graph[s].add(d)
cycles = []


def visit(n, path, done):
    for m in sorted(graph.get(n, ())):
        if m in path:
            cycles.append(' -> '.join(path[path.index(m):] + [m]))
        elif m not in done:
            done.add(m)
            visit(m, path + [m], done)


for n in sorted(graph):
    visit(n, [n], {n})
report('the store\'s files call each other without a cycle', sorted(set(cycles)))

bad = ['%s calls %s' % (s, u) for s, us in undef.items() if not s.startswith('src/cli/')
       for u in sorted(us) if re.match(r'(cmd|cli)_', u)]
report('no library module, the server or the report calls the CLI', bad)

bad = ['%s uses %s' % (s, u) for s, us in undef.items() if not s.startswith('src/cli/')
       for u in sorted(us) if u in ('printf', 'puts', 'putchar', 'stdout')]
report('nothing outside src/cli/ prints to stdout', bad)

bad = ['%s uses %s' % (s, u) for s, us in undef.items() for u in sorted(us)
       if u in ('getopt', 'getopt_long', 'optind', 'optarg', 'opterr')]
report('no getopt in src/ (options are parsed by core/opt)', bad)

long_fns = []
for f in sorted(glob.glob('src/cli/*.c')):
    lines = open(f, encoding='utf-8').read().split('\n')
    i = 0
    while i < len(lines):
        if re.match(r'^[a-zA-Z].*\)\s*$', lines[i]) and i + 1 < len(lines) and lines[i + 1].startswith('{'):
            depth, j = 0, i + 1
            while j < len(lines):
                depth += lines[j].count('{') - lines[j].count('}')
                if depth == 0:
                    break
                j += 1
            if j - i + 1 > 60:
                long_fns.append('%s:%d: %s (%d lines)' % (f, i + 1, lines[i].strip(), j - i + 1))
            i = j
        i += 1
report('no function in src/cli/ is over 60 lines', long_fns)

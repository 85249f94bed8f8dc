#!/usr/bin/env python3
"""fuzz_inputs.py — mutation fuzzing of clusterfreight's inputs, best run on
the sanitizer build. Each run mutates generated CSV or JSON data (or a test
game) and runs a random command on it; every run must exit 0, 65 or 74 with
no sanitizer report within 120 s, a failure must be one stderr line starting
"clusterfreight: ", and a success with --format json must print valid JSON. Offending inputs are kept under OUT/problems/.

  make build BUILD=build-asan SANITIZE=ON
  scripts/fuzz_inputs.py build-asan/clusterfreight RUNS [SEED] [OUT]
"""
import csv, json, os, random, shutil, subprocess, sys

if len(sys.argv) < 3:
    sys.exit(__doc__)
CF = os.path.abspath(sys.argv[1])
N = int(sys.argv[2])
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 1
OUT = os.path.abspath(sys.argv[4]) if len(sys.argv) > 4 else '/tmp/cf-fuzz'
rnd = random.Random(SEED)
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
games = os.path.join(repo, 'tests', 'data', 'games')
base = os.path.join(OUT, 'base')
out = os.path.join(OUT, f'run{SEED}')
problems = os.path.join(OUT, 'problems')
for d in (out, problems):
    os.makedirs(d, exist_ok=True)
if not os.path.exists(os.path.join(base, 'shipments.csv')):
    subprocess.run([CF, 'generate', '--firms', '3', '--weeks', '3', '--seed', '2', '--out', base, '-q'],
                   check=True, capture_output=True)
    for k in ('shipments', 'quotes', 'cluster_rates'):
        with open(os.path.join(base, f'{k}.csv'), newline='') as f:
            rows = [{key: (v if v != '' else None) for key, v in r.items()} for r in csv.DictReader(f)]
        with open(os.path.join(base, f'{k}.json'), 'w') as f:
            json.dump({k if k != 'cluster_rates' else 'rates': rows}, f)

WEIRD = ['', '-1', '0', '1e308', '-1e308', 'nan', 'inf', '1e-320', '99999999999999999999',
         '2027-02-30', '2027-13-01', '0000-00-00', '9999-12-31', '"', '""', '\x00', '\xff\xfe',
         ';', ',', '\n', '\r', 'é', 'ZADUR', '20GP', 'LCL', 'AIR', 'sea', 'air|road', 'x' * 5000,
         '1,5', '1.5.5', ' 12 ', '+3', '0x10', '1e3', '2027-1-1', 'USD', 'EUR', '-0', '4294967297',
         '{', '[]', 'null', 'true']


def mutate_text(t):
    lines = t.split('\n')
    k = rnd.randrange(12)
    if k == 0 and len(lines) > 1:  # drop a line
        del lines[rnd.randrange(len(lines))]
    elif k == 1:  # duplicate a line
        i = rnd.randrange(len(lines))
        lines.insert(i, lines[i])
    elif k in (2, 3, 4, 5):  # replace a field
        i = rnd.randrange(len(lines))
        sep = ';' if ';' in lines[i] else ','
        f = lines[i].split(sep)
        f[rnd.randrange(len(f))] = rnd.choice(WEIRD)
        lines[i] = sep.join(f)
    elif k == 6:  # truncate
        s = '\n'.join(lines)
        return s[:rnd.randrange(len(s) + 1)]
    elif k == 7:  # random bytes
        s = bytearray('\n'.join(lines), 'utf-8', 'surrogateescape')
        for _ in range(rnd.randrange(1, 6)):
            if s:
                s[rnd.randrange(len(s))] = rnd.randrange(256)
        return s.decode('latin-1')
    elif k == 8:  # drop a field
        i = rnd.randrange(len(lines))
        f = lines[i].split(',')
        if len(f) > 1:
            del f[rnd.randrange(len(f))]
        lines[i] = ','.join(f)
    elif k == 9:  # semicolons
        return '\n'.join(lines).replace(',', ';')
    elif k == 10:  # quote a field with embedded stuff
        i = rnd.randrange(len(lines))
        f = lines[i].split(',')
        j = rnd.randrange(len(f))
        f[j] = '"' + f[j] + rnd.choice(['""', '\n', ',', '"x']) + '"'
        lines[i] = ','.join(f)
    else:  # swap two columns in the header
        f = lines[0].split(',')
        if len(f) > 1:
            a, b = rnd.randrange(len(f)), rnd.randrange(len(f))
            f[a], f[b] = f[b], f[a]
        lines[0] = ','.join(f)
    return '\n'.join(lines)


def mutate_json(t):
    try:
        v = json.loads(t)
    except Exception:
        return mutate_text(t)
    def walk(x, depth=0):
        if isinstance(x, dict) and x:
            key = rnd.choice(list(x))
            r = rnd.randrange(5)
            if r == 0:
                del x[key]
            elif r == 1 or depth > 3:
                x[key] = rnd.choice([None, -1, 0, 1e308, 'x', [], {}, 'nan', 1.5, True, 'A'])
            else:
                x[key] = walk(x[key], depth + 1)
        elif isinstance(x, list) and x:
            i = rnd.randrange(len(x))
            r = rnd.randrange(4)
            if r == 0:
                del x[i]
            elif r == 1:
                x.append(x[i])
            else:
                x[i] = walk(x[i], depth + 1)
        else:
            return rnd.choice([None, -1, 0, 1e308, 'x', [], {}, 1.5, True, 'A', 'B', 'C'])
        return x
    for _ in range(rnd.randrange(1, 4)):
        v = walk(v)
    return json.dumps(v)


def read(p):
    with open(p, encoding='utf-8', errors='surrogateescape') as f:
        return f.read()


def write(p, s):
    with open(p, 'w', encoding='latin-1', errors='replace', newline='') as f:
        f.write(s)


bad = 0
for t in range(N):
    files = {k: read(os.path.join(base, f'{k}.csv')) for k in ('shipments', 'quotes', 'cluster_rates')}
    g = rnd.choice(sorted(os.listdir(games)))
    game = read(os.path.join(games, g))
    cmd = rnd.choice(['plan', 'savings', 'propose', 'benchmark', 'allocate', 'report'])
    if cmd == 'allocate':
        write(f'{out}/game.json', mutate_json(game))
        args = ['allocate', '--game', f'{out}/game.json', '--rule',
                rnd.choice(['shapley', 'nucleolus', 'epm', 'standalone'])]
    else:
        use_json = rnd.random() < 0.35
        ext = 'json' if use_json else 'csv'
        if use_json:
            files = {k: read(os.path.join(base, f'{k}.json')) for k in files}
        victim = rnd.choice(list(files))
        for _ in range(rnd.randrange(1, 3)):
            files[victim] = mutate_json(files[victim]) if use_json else mutate_text(files[victim])
        for k, s in files.items():
            write(f'{out}/{k}.{ext}', s)
        a = {'shipments': ['--shipments', f'{out}/shipments.{ext}'],
             'quotes': ['--quotes', f'{out}/quotes.{ext}'],
             'cluster': ['--cluster-rates', f'{out}/cluster_rates.{ext}']}
        need = {'plan': ['shipments', 'cluster', 'quotes'], 'savings': ['shipments', 'quotes', 'cluster'],
                'propose': ['shipments', 'quotes', 'cluster'], 'benchmark': ['quotes'],
                'report': ['shipments', 'quotes', 'cluster']}[cmd]
        args = [cmd]
        for n in need:
            args += a[n]
        if cmd == 'report':
            args += ['-o', f'{out}/r.html']
        if cmd == 'savings':
            args += ['--rule', rnd.choice(['shapley', 'nucleolus', 'epm', 'usage', 'standalone'])]
    args += ['--format', rnd.choice(['json', 'csv', 'table']), '--time-limit', '0.3']
    if cmd != 'allocate' and rnd.random() < 0.5:
        args += ['--clock', 'work']
    if cmd != 'allocate' and rnd.random() < 0.2:
        write(f'{out}/fx.csv', mutate_text('currency,rate\nEUR,1.08\nZAR,0.055\n'))
        args += ['--fx', f'{out}/fx.csv', '--currency', rnd.choice(['USD', 'ZAR', 'EUR'])]
    if cmd != 'allocate' and rnd.random() < 0.1:
        write(f'{out}/eq.csv', mutate_text('code,mode,teu,volume_m3,payload_kg\n20GP,sea,1,33.2,28000\n45R1,sea,2,60,29000\n'))
        args += ['--equipment', f'{out}/eq.csv']
    try:
        p = subprocess.run([CF] + args, capture_output=True, timeout=120)
        err = p.stderr.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        p, err = None, ''
    problem = None
    if p is None:
        problem = 'timeout (120 s)'
    elif 'Sanitizer' in err or 'runtime error' in err:
        problem = 'sanitizer'
    elif p.returncode not in (0, 65, 74):
        problem = f'rc {p.returncode}'
    elif p.returncode != 0:
        lines = [l for l in err.strip().split('\n') if l]
        if len(lines) != 1 or not lines[0].startswith('clusterfreight: '):
            problem = 'message shape'
    elif cmd != 'report' and args[args.index('--format') + 1] == 'json':
        try:
            json.loads(p.stdout)
        except ValueError:
            problem = 'stdout is not JSON'
    if problem:
        bad += 1
        d = os.path.join(problems, f'{SEED}_{t}')
        shutil.copytree(out, d, dirs_exist_ok=True)
        with open(f'{d}/info.txt', 'w') as f:
            f.write(f'{problem}\n{args}\n{err[-3000:]}\n')
        print(problem, d, err.strip().split('\n')[0][:200], flush=True)
print(f'{N} runs, {bad} problems', flush=True)
sys.exit(1 if bad else 0)

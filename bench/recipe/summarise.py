#!/usr/bin/env python3
"""Summarise a recipe sweep (bench/recipe/*.yaml) from its home's embedded store as JSON.

Reads every evaluation manifest under HOME/s3/BUCKET/manifests, its summary.json (flattened config), the trained
model's manifest (epochs, wall time) and the dataset's (the simulator's noise ceiling), groups the points by their
config without the seed and prints, per group, the per-seed values and their mean and sample sd: validation and test
rho_st (and the best validation rho_st within the first --budget epochs, read from the training history: what a run
capped there gets, as the schedule does not depend on the cap), test rho_st over the oracle, epochs, training seconds and seconds per epoch, and (apart, simulated types only)
ARI against the planted types of k-means and the GMM at each k. The oracle is the data's noise ceiling over the test
trials (over all trials for data made before tier ceilings: bench/recipe/ceilings.sh gives the tier values of such
data). Training seconds are the sum of the history's per-epoch seconds (every attempt's epochs, so a resumed training
counts in full; the restart itself is not counted), seconds per epoch their median (robust to a loaded machine's slow
epochs). Standard library only.

Usage: summarise.py HOME [--bucket cortexclust] [--markdown]
"""
import argparse
import glob
import json
import os
import platform
import statistics
import sys
from collections import Counter, defaultdict
from datetime import datetime


def load(path):
    with open(path) as f:
        return json.load(f)


def seconds(m):
    t = [datetime.fromisoformat(m[k][:26].rstrip('Z')) for k in ('startedAt', 'finishedAt')]
    return (t[1] - t[0]).total_seconds()


def stats(values):
    v = [x for x in values if x is not None]
    out = {'n': len(v), 'values': v}
    if v:
        out['mean'] = statistics.fmean(v)
        out['sd'] = statistics.stdev(v) if len(v) > 1 else None
    return out


def cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('home')
    ap.add_argument('--bucket', default='cortexclust')
    ap.add_argument('--markdown', action='store_true', help='print a markdown table instead of JSON')
    ap.add_argument('--ari', default='gmm_8,kmeans_8', help='METHOD_K columns of the markdown table')
    ap.add_argument('--budget', type=int, default=24,
                    help='epochs of a budget: the best validation rho_st within the first BUDGET epochs of each '
                         'training (the same trajectory as a run capped there; default 24, the quickstart cap)')
    a = ap.parse_args()
    root = os.path.join(a.home, 's3', a.bucket)
    manifests = os.path.join(root, 'manifests')
    if not os.path.isdir(manifests):
        sys.exit(f'{manifests}: no such folder (is {a.home} the home the sweep ran in?)')

    def blob(sha):
        with open(os.path.join(root, 'blobs', 'sha256', sha[:2], sha)) as f:
            return json.load(f)

    points = []
    for f in sorted(glob.glob(os.path.join(manifests, 'evaluation-*.json'))):
        e = load(f)
        summary = blob(e['outputs']['summary.json']['sha256'])
        config = summary['config']
        t = load(os.path.join(manifests, e['inputs']['model'] + '.json'))
        d = load(os.path.join(manifests, e['inputs']['dataset'] + '.json'))
        ari = {k[:-4]: v for k, v in e['metrics'].items() if k.endswith('.ari')}
        history = []
        epoch_seconds = []
        if 'history.csv' in t['outputs']:
            sha = t['outputs']['history.csv']['sha256']
            with open(os.path.join(root, 'blobs', 'sha256', sha[:2], sha)) as hf:
                rows = [line.split(',') for line in hf.read().splitlines()]
            col = rows[0].index('rho_st_val')
            history = [float(r[col]) for r in rows[1:] if len(r) > col and r[col]]
            if 'seconds' in rows[0]:
                sc = rows[0].index('seconds')
                epoch_seconds = [float(r[sc]) for r in rows[1:] if len(r) > sc and r[sc]]
        points.append(dict(config=config, run=e['runId'], seed=int(config.get('seed', 0)),
                           rho_st_val=e['metrics'].get('rho_st_val'), rho_st_test=e['metrics'].get('rho_st_test'),
                           oracle=d['metrics'].get('noise_ceiling_rho_st_test', d['metrics'].get('noise_ceiling_rho_st')),
                           oracle_tier='test' if 'noise_ceiling_rho_st_test' in d['metrics'] else 'all',
                           epochs=t['metrics'].get('epochs'),
                           training_seconds=sum(epoch_seconds) if epoch_seconds else seconds(t),
                           median_epoch_seconds=statistics.median(epoch_seconds) if epoch_seconds else None, ari=ari,
                           structure=(summary.get('structure') or {}).get('estimate'),
                           within_budget=max(history[:a.budget]) if history else None, commit=t['code']['commit']))
    if not points:
        sys.exit(f'{manifests}: no evaluation manifests yet')
    keys = sorted({k for p in points for k in p['config']} - {'seed', 'name'})
    varied = [k for k in keys if len({p['config'].get(k) for p in points}) > 1]
    reference = {k: Counter(p['config'].get(k) for p in points).most_common(1)[0][0] for k in varied}
    groups = defaultdict(list)
    for p in points:
        change = tuple((k, p['config'].get(k)) for k in varied if p['config'].get(k) != reference[k])
        groups[change].append(p)
    rows = []
    for change, ps in groups.items():
        ps.sort(key=lambda p: p['seed'])
        ratio = [p['rho_st_test'] / p['oracle'] if p['oracle'] else None for p in ps]
        per_epoch = [p['median_epoch_seconds'] if p['median_epoch_seconds'] is not None
                     else p['training_seconds'] / p['epochs'] if p['epochs'] else None for p in ps]
        ari = {}
        for k in sorted({k for p in ps for k in p['ari']}):
            ari[k] = stats([p['ari'].get(k) for p in ps])
        rows.append(dict(change=dict(change), seeds=[p['seed'] for p in ps], runs=[p['run'] for p in ps],
                         rho_st_val=stats([p['rho_st_val'] for p in ps]),
                         rho_st_test=stats([p['rho_st_test'] for p in ps]),
                         rho_st_test_over_oracle=stats(ratio), oracle_rho_st=ps[0]['oracle'],
                         oracle_trials=ps[0]['oracle_tier'],
                         epochs=stats([p['epochs'] for p in ps]),
                         training_seconds=stats([p['training_seconds'] for p in ps]),
                         seconds_per_epoch=stats(per_epoch), structure_index=stats([p['structure'] for p in ps]),
                         rho_st_val_within_budget=stats([p['within_budget'] for p in ps]),
                         truth_ari=ari))
    rows.sort(key=lambda r: (len(r['change']), sorted(r['change'].items())))
    out = dict(home=os.path.abspath(a.home), reference=reference, varied=varied, budget_epochs=a.budget,
               commits=sorted({p['commit'] for p in points}), cpu=cpu_model(), cpus=os.cpu_count(),
               points=len(points), groups=rows)
    if not a.markdown:
        print(json.dumps(out, indent=1))
        return

    def ms(s, d=3):
        if not s['n']:
            return 'n/a'
        return f"{s['mean']:.{d}f}" + (f" ± {s['sd']:.{d}f}" if s['sd'] is not None else '') + f" (n={s['n']})"
    print(f"reference (most common value of each varied key): {reference}")
    cols = [c for c in a.ari.split(',') if c]
    print(f'| change | seeds | val ρ_st (best in {a.budget} epochs) | val ρ_st | test ρ_st | test ρ_st / oracle | epochs | '
          'training s | s/epoch | structure | ' + ' | '.join(f'ARI {c}' for c in cols) + ' |')
    print('|---' * (10 + len(cols)) + '|')
    for r in rows:
        name = ', '.join(f'{k}={v}' for k, v in r['change'].items()) or \
            '(reference: ' + (', '.join(f'{k}={v}' for k, v in reference.items()) or 'the base') + ')'
        na = {'n': 0}
        print(f"| {name} | {r['seeds']} | {ms(r['rho_st_val_within_budget'])} | {ms(r['rho_st_val'])} | {ms(r['rho_st_test'])} | "
              f"{ms(r['rho_st_test_over_oracle'], 2)} | {ms(r['epochs'], 0)} | {ms(r['training_seconds'], 0)} | "
              f"{ms(r['seconds_per_epoch'], 1)} | {ms(r['structure_index'])} | "
              + ' | '.join(ms(r['truth_ari'].get(c, na)) for c in cols) + ' |')


if __name__ == '__main__':
    main()

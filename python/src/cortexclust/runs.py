"""Read a cortexclust run into numpy and pandas: from an export folder or from the embedded store's files.

An export folder (``cortexclust export RUN --out DIR``) holds ``DIR/<stage>/manifest.json`` and the stage's files.
The embedded store keeps its objects as plain files under ``<home>/s3/cortexclust/<key>``: ``runs/<run>.json``
(the run record: stages and their artifact ids), ``manifests/<artifact>.json`` (a stage's outputs by logical name,
with SHA-256 and size) and ``blobs/sha256/<2>/<hex>`` (the content). docs/artifacts.md lists every stage's files.
"""

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

BUCKET = "cortexclust"
#: Stage names in pipeline order; ``aligned`` is accepted for ``alignment``.
STAGES = ("data", "training", "embeddings", "alignment", "clustering", "dec", "evaluation")
_ALIASES = {"aligned": "alignment", "model": "training", "dataset": "data"}


def _read_json(path, what):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise FileNotFoundError(f"{what}: cannot read {path} ({e.strerror})") from e
    except ValueError as e:
        raise ValueError(f"{what}: {path} is not valid JSON ({e})") from e


class Run:
    """One run's artifacts. Build it with :func:`open_export` or :meth:`Store.run`."""

    def __init__(self, run_id, name, status, manifests, locate, record=None, where=""):
        self.id = run_id
        self.name = name
        self.status = status
        self.record = record  # the store's run record (None for an export folder)
        self._manifests = manifests  # stage -> manifest dict
        self._locate = locate  # (stage, manifest, file name) -> local path
        self._where = where

    def __repr__(self):
        return f"Run({self.id!r}, name={self.name!r}, status={self.status!r}, stages={self.stages})"

    @property
    def stages(self):
        """Stages with a published artifact, in pipeline order."""
        return [s for s in STAGES if s in self._manifests] + [s for s in self._manifests if s not in STAGES]

    def _stage(self, stage):
        stage = _ALIASES.get(stage, stage)
        if stage not in self._manifests:
            raise KeyError(f"run {self.id} ({self._where}) has no {stage} artifact; it has {self.stages}")
        return stage

    def manifest(self, stage):
        """The stage's manifest: id, key, inputs, config slice, code version, metrics, outputs."""
        return self._manifests[self._stage(stage)]

    def files(self, stage):
        """Logical names of the stage's output files."""
        return sorted(self.manifest(stage)["outputs"])

    def path(self, stage, name):
        """Local path of one output file (from the store: the blob, its digest checked once)."""
        stage = self._stage(stage)
        m = self._manifests[stage]
        if name not in m.get("outputs", {}):
            raise KeyError(f"run {self.id}: the {stage} artifact has no file '{name}'; it has {self.files(stage)}")
        return self._locate(stage, m, name)

    def has(self, stage, name):
        stage = _ALIASES.get(stage, stage)
        return stage in self._manifests and name in self._manifests[stage].get("outputs", {})

    def array(self, stage, name):
        return np.load(self.path(stage, name), allow_pickle=False)

    def table(self, stage, name, **read_csv):
        return pd.read_csv(self.path(stage, name), **read_csv)

    def json(self, stage, name):
        return _read_json(self.path(stage, name), f"run {self.id} {stage}/{name}")

    @property
    def config(self):
        """The run's configuration: the store's full config, or (export folder) the union of the stages' slices."""
        if self.record and self.record.get("configJson"):
            return json.loads(self.record["configJson"])
        merged = {}
        for m in self._manifests.values():
            if m.get("configSlice"):
                merged.update(json.loads(m["configSlice"]))
        return merged

    # --- the arrays and tables a user asks for first ---

    def embeddings(self, which="embeddings"):
        """Readout embeddings float32 (N, features, rotations): ``embeddings`` (the trained model's), ``aligned``
        (after rotation alignment) or ``dec`` (after DEC fine-tuning)."""
        stage = self._stage(which)
        name = {"alignment": "aligned.npy"}.get(stage, "embeddings.npy")
        return self.array(stage, name)

    def neurons(self):
        """One row per neuron: the evaluation's table (ids, readout location, rho, ground truth, labels, t-SNE)
        when the run has one, else the embeddings stage's; indexed by ``index``."""
        stage = "evaluation" if self.has("evaluation", "neurons.csv") else "embeddings"
        return self.table(stage, "neurons.csv", index_col="index")

    def labels(self):
        """Cluster labels, one ``METHOD_K`` column per result (clustering, then DEC), indexed by neuron."""
        parts = [self.table(s, "labels.csv", index_col="index") for s in ("clustering", "dec")
                 if self.has(s, "labels.csv")]
        if not parts:
            raise KeyError(f"run {self.id} has no labels (stages {self.stages})")
        return pd.concat(parts, axis=1)

    def training_history(self):
        """Per epoch: loss, rho_st_val, lr, seconds."""
        return self.table("training", "history.csv")

    def dec_history(self):
        """DEC's history (joint mode: per epoch KL, Poisson objective, label change, rho_st_val; row 0 = start)."""
        return self.table("dec", "history.csv")

    def kselection(self):
        """Long table method, k, metric, value of every clustering result."""
        return self.table("clustering", "kselection.csv")

    def tsne(self):
        return self.array("clustering", "tsne.npy")

    def shifts(self):
        """Rotation shift (in steps of 360/n degrees) chosen for each neuron by the alignment."""
        return self.array("alignment", "shifts.npy")

    def summary(self):
        """The evaluation's ``summary.json`` (the report's numbers)."""
        return self.json("evaluation", "summary.json")

    def metrics(self):
        """Every stage's headline metrics as a long table: stage, metric, value."""
        rows = [(s, k, v) for s in self.stages for k, v in sorted(self._manifests[s].get("metrics", {}).items())]
        return pd.DataFrame(rows, columns=["stage", "metric", "value"])

    def dataset(self):
        """The data stage's ``dataset.json``: mice in order (key, file, neurons, trials, tiers), image size."""
        return self.json("data", "dataset.json")

    def mice(self):
        """The prepared mice of the data stage by mouse id (:class:`cortexclust.data.Mouse`, memory-mapped)."""
        from .data import read_mouse

        out = {}
        for m in self.dataset().get("mice", []):
            mouse = read_mouse(self.path("data", m["file"]))
            out[mouse.mouse_id] = mouse
        return out

    def groundtruth(self):
        """Known neuron types of simulated data (index, mouse, unit_id, gt_type, gt_orientation, ...)."""
        return self.table("data", "groundtruth.csv", index_col="index")

    def model(self, stage="training", dtype=None, device="cpu"):
        """The trained model (``training``) or the DEC fine-tuned one (``dec``) rebuilt in PyTorch."""
        from .model import load_model  # PyTorch is optional: imported only here

        kwargs = {} if dtype is None else {"dtype": dtype}
        return load_model(self.path(stage, "model.json"), self.path(stage, "params.npz"), device=device, **kwargs)


def open_export(folder):
    """A run exported with ``cortexclust export RUN --out FOLDER``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such export folder (write one with: cortexclust export RUN --out DIR)")
    manifests, dirs = {}, {}
    for mf in sorted(folder.glob("*/manifest.json")):
        m = _read_json(mf, "export")
        stage = m.get("stage", mf.parent.name)
        manifests[stage], dirs[stage] = m, mf.parent
    if not manifests:
        raise FileNotFoundError(f"{folder}: not an export folder (no <stage>/manifest.json inside)")

    def locate(stage, manifest, name):
        p = dirs[stage] / name
        if not p.exists():
            raise FileNotFoundError(f"{p}: listed in {dirs[stage] / 'manifest.json'} but not exported "
                                    "(exported with --format csv?)")
        return p

    # a stage reused from an earlier run (a cache hit) keeps that run's id: the run is its last stage's
    run_id = manifests[[s for s in STAGES if s in manifests][-1] if set(STAGES) & set(manifests) else stage]["runId"]
    return Run(run_id, None, None, manifests, locate, where=str(folder))


class Store:
    """The embedded store's files: ``<home>/s3/cortexclust/`` (``home`` defaults to $CORTEXCLUST_HOME or
    ./.cortexclust). ``root`` may also be the bucket folder itself."""

    def __init__(self, home=None, verify=True):
        home = Path(home if home is not None else os.environ.get("CORTEXCLUST_HOME", ".cortexclust")).expanduser()
        bucket = home / "s3" / BUCKET
        self.root = bucket if bucket.is_dir() else home
        if not (self.root / "manifests").is_dir():
            raise FileNotFoundError(f"{home}: no cortexclust store here (expected {bucket}/manifests; "
                                    "pass the --home of the runs, or set CORTEXCLUST_HOME)")
        self.verify = verify
        self._verified = set()

    def __repr__(self):
        return f"Store({str(self.root)!r})"

    def runs(self):
        """Every run record: run_id, name, status, started_at, finished_at, stages done; latest first."""
        rows = []
        for f in sorted((self.root / "runs").glob("*.json")):
            r = _read_json(f, "run record")
            rows.append({"run_id": r.get("runId"), "name": r.get("name"), "status": r.get("status"),
                         "started_at": r.get("startedAt"), "finished_at": r.get("finishedAt"),
                         "stages_done": len(r.get("results") or [])})
        df = pd.DataFrame(rows, columns=["run_id", "name", "status", "started_at", "finished_at", "stages_done"])
        return df.sort_values("started_at", ascending=False, ignore_index=True)

    def run(self, run=None):
        """A run by id, or the latest run of that name, or (None) the latest run of all."""
        f = self.root / "runs" / f"{run}.json"
        if run is None or not f.exists():
            runs = self.runs()
            match = runs if run is None else runs[runs["name"] == run]
            if match.empty:
                known = ", ".join(f"{i} ({n})" for i, n in zip(runs["run_id"], runs["name"])) or "none"
                raise KeyError(f"no run '{run}' in {self.root}; runs: {known}")
            f = self.root / "runs" / f"{match.iloc[0]['run_id']}.json"
        record = _read_json(f, "run record")
        manifests = {r["stage"]: self.manifest(r["artifactId"]) for r in record.get("results") or []}
        return Run(record.get("runId"), record.get("name"), record.get("status"), manifests,
                   lambda stage, m, name: self.blob(m["outputs"][name], f"{m.get('id')}/{name}"), record,
                   str(self.root))

    def manifest(self, artifact_id):
        return _read_json(self.root / "manifests" / f"{artifact_id}.json", f"artifact {artifact_id}")

    def artifacts(self):
        """Every published manifest: id, stage, run_id, started_at, finished_at."""
        rows = []
        for f in sorted((self.root / "manifests").glob("*.json")):
            m = _read_json(f, "manifest")
            rows.append({"id": m.get("id"), "stage": m.get("stage"), "run_id": m.get("runId"),
                         "started_at": m.get("startedAt"), "finished_at": m.get("finishedAt")})
        return pd.DataFrame(rows, columns=["id", "stage", "run_id", "started_at", "finished_at"])

    def blob(self, ref, what):
        """Local path of a blob ``{"sha256", "size"}``, its size and digest checked (once per store object)."""
        sha = ref["sha256"]
        p = self.root / "blobs" / "sha256" / sha[:2] / sha
        if not p.exists():
            raise FileNotFoundError(f"{what}: blob {sha} is missing from {self.root}")
        if self.verify and sha not in self._verified:
            size = p.stat().st_size
            if size != ref.get("size", size):
                raise ValueError(f"{what}: blob {p} has {size} bytes, its manifest says {ref['size']}")
            h = hashlib.sha256()
            with open(p, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            if h.hexdigest() != sha:
                raise ValueError(f"{what}: blob {p} is damaged (its SHA-256 is {h.hexdigest()})")
            self._verified.add(sha)
        return p


def open_run(path, run=None):
    """An export folder, or a run (id, name, or the latest when None) of the store in a home folder."""
    path = Path(path).expanduser()
    if any(path.glob("*/manifest.json")):
        return open_export(path)
    return Store(path).run(run)

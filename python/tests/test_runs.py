import json
import shutil
import tempfile
import unittest
from pathlib import Path

import numpy as np
import pandas as pd

import cortexclust as cx
from cortexclust.data import single_trial_correlation
from tests.fixtures import RUN, require

try:
    import torch
except ImportError:
    torch = None


class RunReaderTest(unittest.TestCase):
    """A real tiny run (PythonRunFixtureTest: 40 neurons, 4 features x 8 rotations, k = 3) read from the embedded
    store's files and from its export folder."""

    @classmethod
    def setUpClass(cls):
        folder = require(RUN)
        cls.summary = json.loads((folder / "run.json").read_text())
        cls.store = cx.Store(folder / "home")
        cls.stored = cls.store.run(cls.summary["run_id"])
        cls.export = cx.open_export(folder / "export")

    def test_the_run_is_found_by_id_name_and_as_the_latest(self):
        self.assertEqual(self.stored.id, self.summary["run_id"])
        self.assertEqual(self.store.run("python-fixture").id, self.stored.id)
        self.assertEqual(self.store.run().id, self.stored.id)
        self.assertEqual(cx.open_run(RUN / "home").id, self.stored.id)
        self.assertEqual(cx.open_run(RUN / "export").id, self.stored.id)
        self.assertEqual(self.export.id, self.stored.id)
        runs = self.store.runs()
        self.assertEqual(list(runs["run_id"]), [self.stored.id])
        self.assertEqual(runs["status"][0], "success")
        self.assertEqual(self.stored.stages, list(cx.runs.STAGES))
        self.assertEqual(self.export.stages, list(cx.runs.STAGES))

    def test_arrays_and_tables(self):
        for r in (self.stored, self.export):
            for which in ("embeddings", "aligned", "dec"):
                e = r.embeddings(which)
                self.assertEqual((e.shape, e.dtype), ((40, 4, 8), np.float32), which)
            self.assertFalse(np.array_equal(r.embeddings(), r.embeddings("aligned")))
            neurons = r.neurons()
            self.assertEqual(len(neurons), 40)
            for c in ("mouse", "unit_id", "readout_x", "readout_y", "rho_st_test", "gt_type", "kmeans_3", "gmm_3",
                      "dec_3", "tsne_x", "tsne_y"):
                self.assertIn(c, neurons.columns)
            labels = r.labels()
            self.assertEqual(list(labels.columns), ["kmeans_3", "gmm_3", "dec_3"])
            self.assertTrue(labels.isin([0, 1, 2]).all().all())
            pd.testing.assert_series_equal(labels["dec_3"], neurons["dec_3"])
            h = r.training_history()
            self.assertEqual(list(h.columns), ["epoch", "loss", "rho_st_val", "lr", "seconds"])
            self.assertEqual(list(h["epoch"]), [1, 2])
            d = r.dec_history()
            self.assertEqual(list(d["epoch"]), [0, 1])
            self.assertIn("kl_per_neuron", d.columns)
            self.assertEqual(r.tsne().shape, (40, 2))
            self.assertEqual(r.shifts().shape, (40,))
            self.assertTrue(((r.shifts() >= 0) & (r.shifts() < 8)).all())
            self.assertEqual(set(r.kselection()["method"]), {"kmeans", "gmm"})
            self.assertEqual(r.summary()["run_id"], self.stored.id)
            self.assertEqual(len(r.groundtruth()), 40)
            m = r.metrics()
            self.assertEqual(list(m.columns), ["stage", "metric", "value"])
            stage_metrics = {s["stage"]: s["metrics"] for s in self.summary["stages"]}
            got = m[(m.stage == "training") & (m.metric == "rho_st_test")]["value"].item()
            self.assertEqual(got, stage_metrics["training"]["rho_st_test"])
            self.assertEqual(r.config["training"]["epochs"], 2)

    def test_store_and_export_hold_the_same_files(self):
        for stage in self.stored.stages:
            self.assertEqual(self.stored.files(stage), self.export.files(stage))
            for name in self.stored.files(stage):
                self.assertEqual(self.stored.path(stage, name).read_bytes(), self.export.path(stage, name).read_bytes(),
                                 f"{stage}/{name}")

    def test_prepared_mice(self):
        mice = self.stored.mice()
        self.assertEqual(list(mice), [m["key"] for m in self.stored.dataset()["mice"]])
        m = next(iter(mice.values()))
        self.assertEqual(m.images.shape, (200, 4, 18, 32))
        self.assertEqual(m.responses.shape, (200, 40))
        self.assertEqual(set(m.tiers), {"train", "validation", "test", "final_test"})
        tiers = self.stored.dataset()["mice"][0]["tiers"]
        self.assertEqual(len(m.trials("train")), tiers["train"])

    @unittest.skipIf(torch is None, "PyTorch is not installed")  # CI installs it: there this never skips
    def test_the_rebuilt_models_reproduce_the_java_test_correlations(self):
        """The run's trained and DEC fine-tuned models, rebuilt in PyTorch, on the run's own test images: the mean
        and per-neuron single-trial correlations the Java stages reported."""
        mouse = next(iter(self.stored.mice().values()))
        test = mouse.trials("test")
        for stage in ("training", "dec"):
            rates = self.stored.model(stage).predict(mouse.images[test], mouse.mouse_id)
            rho = single_trial_correlation(mouse.responses[test], rates)
            java = self.stored.manifest(stage)["metrics"]["rho_st_test"]
            self.assertAlmostEqual(rho.mean(), java, delta=1e-6, msg=stage)
            print(f"{stage}: rho_st_test python {rho.mean():.7f}, java {java:.7f}")
            if stage == "training":  # neurons.csv holds 6 significant digits
                np.testing.assert_allclose(rho, self.stored.neurons()["rho_st_test"], rtol=0, atol=5e-6)


class BadStoreTest(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir)

    def test_a_damaged_blob_is_refused(self):
        shutil.copytree(require(RUN) / "home" / "s3", self.dir / "s3")
        store = cx.Store(self.dir)
        run = store.run()
        blob = run.path("training", "history.csv")
        blob.chmod(0o644)
        blob.write_bytes(blob.read_bytes().replace(b"epoch", b"EPOCH"))
        with self.assertRaisesRegex(ValueError, r"training-.*/history.csv: blob .* is damaged"):
            cx.Store(self.dir).run().training_history()
        self.assertEqual(len(cx.Store(self.dir, verify=False).run().training_history()), 2)

    def test_missing_things_are_named(self):
        with self.assertRaisesRegex(FileNotFoundError, "no cortexclust store here"):
            cx.Store(self.dir)
        with self.assertRaisesRegex(FileNotFoundError, "no such export folder"):
            cx.open_export(self.dir / "nothing")
        with self.assertRaisesRegex(FileNotFoundError, "not an export folder"):
            cx.open_export(self.dir)
        store = cx.Store(require(RUN) / "home")
        with self.assertRaisesRegex(KeyError, r"no run 'nope' in .*; runs: exp-"):
            store.run("nope")
        with self.assertRaisesRegex(KeyError, "has no file 'model.pt'; it has"):
            store.run().path("training", "model.pt")


if __name__ == "__main__":
    unittest.main()

import json
import shutil
import tempfile
import unittest
from pathlib import Path

import numpy as np

try:
    import torch
except ImportError:  # PyTorch is optional for the package, not for these tests
    torch = None

from tests.fixtures import REFERENCE_MODELS, require

CASES = {"gaussian-two-mice", "factorised-padded", "plain-gaussian", "grid-predictor"}


@unittest.skipIf(torch is None, "PyTorch is not installed")  # CI installs it (.ci/run): there this never skips
class JavaAgreementTest(unittest.TestCase):
    """Models trained by the Java LibTorch engine, rebuilt from their files: the same rates on the same images."""

    @classmethod
    def setUpClass(cls):
        from cortexclust.model import load_model

        cls.load = staticmethod(load_model)
        cls.cases = {p.name: p for p in sorted(require(REFERENCE_MODELS).iterdir()) if p.is_dir()}

    def test_every_kind_of_model_is_there(self):
        self.assertTrue(CASES <= set(self.cases), f"expected cases {sorted(CASES)}, found {sorted(self.cases)}")

    def test_predictions_equal_the_java_engine_in_float32(self):
        for name, folder in self.cases.items():
            model = self.load(folder)
            refs = sorted(folder.glob("reference-*.npz"))
            self.assertEqual(len(refs), len(model.mice), name)
            for ref in refs:
                mouse = ref.stem[len("reference-"):]
                with self.subTest(model=name, mouse=mouse), np.load(ref) as z:
                    rates = model.predict(z["inputs"], mouse)
                    self.assertEqual(rates.dtype, np.float32)
                    np.testing.assert_allclose(rates, z["rates"], rtol=1e-5, atol=1e-5)
                    print(f"{name}/{mouse}: {len(rates)} images, max |python - java| "
                          f"{np.abs(rates - z['rates']).max():.2e} (rates {z['rates'].min():.2f}..{z['rates'].max():.2f})")

    def test_state_dict_keys_are_the_tensor_names_of_params_npz(self):
        folder = self.cases["grid-predictor"]
        with np.load(folder / "params.npz") as z:
            names = set(z.files)
        self.assertEqual(set(self.load(folder).state_dict()), names)

    def test_training_mode_updates_batch_norm_and_back_propagates(self):
        model = self.load(self.cases["gaussian-two-mice"])
        with np.load(self.cases["gaussian-two-mice"] / "reference-m1.npz") as z:
            x = torch.from_numpy(z["inputs"])
        before = model.core.layer0.bn.running_mean.clone()
        model.train()
        torch.manual_seed(0)
        rates = model(x, "m1")
        rates.sum().backward()
        self.assertFalse(torch.equal(before, model.core.layer0.bn.running_mean))
        self.assertGreater(model.core.layer0.coeffs.grad.abs().sum().item(), 0)
        self.assertGreater(model.readout["m1"].sigma.grad.abs().sum().item(), 0)

    def test_bad_input_is_named(self):
        model = self.load(self.cases["gaussian-two-mice"])
        with self.assertRaisesRegex(ValueError, r"images must be \(batch, 4, 24, 24\).*got \(2, 4, 20, 24\)"):
            model.predict(np.zeros((2, 4, 20, 24), np.float32), "m1")
        with self.assertRaisesRegex(ValueError, "has 2 mice"):
            model.predict(np.zeros((2, 4, 24, 24), np.float32))
        with self.assertRaisesRegex(KeyError, "no readout for mouse 'm3'"):
            model.predict(np.zeros((2, 4, 24, 24), np.float32), "m3")


@unittest.skipIf(torch is None, "PyTorch is not installed")
class BadFilesTest(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir)
        shutil.copytree(require(REFERENCE_MODELS) / "plain-gaussian", self.dir / "m")
        self.model = self.dir / "m"

    def load(self):
        from cortexclust.model import load_model

        return load_model(self.model)

    def edit_json(self, change):
        doc = json.loads((self.model / "model.json").read_text())
        change(doc)
        (self.model / "model.json").write_text(json.dumps(doc))

    def test_a_missing_or_misshapen_tensor_is_named(self):
        with np.load(self.model / "params.npz") as z:
            arrays = {k: z[k] for k in z.files}
        del arrays["readout.p1.mu"]
        arrays["readout.p1.bias"] = np.zeros(3, np.float32)
        np.savez(self.model / "params.npz", **arrays)
        with self.assertRaisesRegex(ValueError, r"params.npz does not fit .*missing \['readout.p1.mu'\].*"
                                                r"readout.p1.bias has shape \(3,\), expected \(12,\)"):
            self.load()

    def test_a_spec_that_does_not_match_its_hash_is_refused(self):
        self.edit_json(lambda d: d["spec"].update(features=7))
        with self.assertRaisesRegex(ValueError, "architecture hash .* does not match its spec"):
            self.load()

    def test_a_video_model_is_refused_with_the_reason(self):
        self.edit_json(lambda d: d.update(format="cortexclust-video-model/1"))
        with self.assertRaisesRegex(ValueError, "dynamic video model; the Python loader takes static models only"):
            self.load()

    def test_an_unknown_readout_is_named(self):
        self.edit_json(lambda d: d["spec"].update(readout_type="poisson"))
        with self.assertRaisesRegex(ValueError, r"model.json: spec.readout_type must be one of .*'poisson'"):
            self.load()


if __name__ == "__main__":
    unittest.main()

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from tests.fixtures import ROOT


@unittest.skipIf(importlib.util.find_spec("pip") is None or importlib.util.find_spec("setuptools") is None,
                 "pip or setuptools is not installed for this Python")
class PackagingTest(unittest.TestCase):
    def test_pip_installs_a_package_that_imports_with_numpy_and_pandas_only(self):
        """``pip install ./python`` (offline, from a copy, so the checkout stays clean) gives an importable package
        whose only requirements are numpy and pandas."""
        tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, tmp)
        src = tmp / "python"
        shutil.copytree(ROOT / "python", src, ignore=shutil.ignore_patterns("tests", "build", "*.egg-info",
                                                                              "__pycache__"))
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                        "--no-index", "--disable-pip-version-check", "--target", str(tmp / "site"), str(src)],
                       check=True, capture_output=True, text=True)
        env = dict(os.environ, PYTHONPATH=str(tmp / "site"))
        out = subprocess.run([sys.executable, "-c", "import cortexclust, cortexclust.runs, cortexclust.data, "
                              "importlib.metadata as m; print(cortexclust.__file__); "
                              "import re; r = m.requires('cortexclust'); "
                              "print(sorted(re.match(r'[A-Za-z0-9_.-]+', x).group() for x in r if 'extra' not in x)); "
                              "print(sorted(re.match(r'[A-Za-z0-9_.-]+', x).group() for x in r if 'extra' in x))"],
                             check=True, capture_output=True, text=True, cwd=tmp, env=env).stdout.splitlines()
        self.assertTrue(out[0].startswith(str(tmp / "site")), out)
        self.assertEqual(out[1:], ["['numpy', 'pandas']", "['torch']"])  # PyTorch only as the extra [torch]


if __name__ == "__main__":
    unittest.main()

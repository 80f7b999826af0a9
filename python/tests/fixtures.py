"""Where the Java side's test outputs lie: the Maven build writes them (mvn -B verify, or the commands below)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Tiny models trained by the LibTorch engine, with its predictions on fixed images (PythonReferenceModelsTest).
REFERENCE_MODELS = Path(os.environ.get("CORTEXCLUST_PY_REFERENCE_MODELS",
                                       ROOT / "activities" / "training" / "target" / "python-reference"))
#: A tiny whole run: its home (embedded store), an export of it, and the run summary (PythonRunFixtureTest).
RUN = Path(os.environ.get("CORTEXCLUST_PY_RUN", ROOT / "worker" / "target" / "python-run"))

_HOW = {
    REFERENCE_MODELS: "mvn -B -pl activities/training -am test -Dtest=PythonReferenceModelsTest "
                      "-Dsurefire.failIfNoSpecifiedTests=false",
    RUN: "mvn -B -pl worker -am test -Dtest=PythonRunFixtureTest -Dsurefire.failIfNoSpecifiedTests=false",
}


def require(folder):
    """The fixture folder; a missing one fails the test (these tests compare with Java outputs, never without)."""
    if not folder.is_dir():
        raise AssertionError(f"{folder} is missing: the Java side writes it; run `{_HOW[folder]}` (or mvn -B verify)")
    return folder

package org.cortexclust.evaluation.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Oracles: closed forms and values printed by scipy.special 1.17.1 (gammainc, gammaincc, gammaln, chi2.sf). */
class SpecialFunctionsTest {
  private static void assertRel(double expected, double actual, double rel) {
    assertEquals(expected, actual, Math.abs(expected) * rel, () -> "expected " + expected + " got " + actual);
  }

  @Test
  void logGammaMatchesFactorialsAndKnownValues() {
    assertEquals(0, SpecialFunctions.logGamma(1), 1e-15);
    assertEquals(0, SpecialFunctions.logGamma(2), 1e-15);
    assertRel(Math.log(3628800), SpecialFunctions.logGamma(11), 1e-14); // 10!
    assertRel(0.5 * Math.log(Math.PI), SpecialFunctions.logGamma(0.5), 1e-14);
    assertRel(1.0957979948180756, SpecialFunctions.logGamma(0.3), 1e-13);
    assertRel(13.940625219403763, SpecialFunctions.logGamma(10.5), 1e-14);
    assertRel(5906.9472682711175, SpecialFunctions.logGamma(1000.25), 1e-14);
  }

  @Test
  void incompleteGammaClosedForms() {
    for (double x : new double[] {0.01, 0.5, 1, 3, 10, 40}) {
      // a = 1: P = 1 − e^{−x};  a = 1/2: P = erf(√x) — check via Q(1,x) = e^{−x} in the tail.
      assertRel(Math.exp(-x), SpecialFunctions.regularizedGammaQ(1, x), 1e-13);
      assertRel(-Math.expm1(-x), SpecialFunctions.regularizedGammaP(1, x), 1e-13);
      // a = 3: Q = e^{−x}(1 + x + x²/2)
      assertRel(Math.exp(-x) * (1 + x + x * x / 2), SpecialFunctions.regularizedGammaQ(3, x), 1e-13);
    }
  }

  @Test
  void incompleteGammaMatchesScipy() {
    double[][] cases = {
      {0.5, 0.1, 0.34527915398142317, 0.6547208460185768},
      {0.5, 30, 0.9999999999999906, 9.485737571073857e-15},
      {3, 2.5, 0.45618688411667035, 0.5438131158833297},
      {10, 3, 0.0011024881301154815, 0.9988975118698845},
      {10, 25, 0.9997785233617512, 0.0002214766382487835},
      {100, 90, 0.15822098918643007, 0.84177901081357},
      {100, 130, 0.9972495916326934, 0.002750408367306518},
      {2.5, 200, 1.0, 2.9666446590828377e-84},
      {0.001, 0.01, 0.9959694030335132, 0.004030596966486843},
    };
    for (double[] c : cases) {
      assertRel(c[2], SpecialFunctions.regularizedGammaP(c[0], c[1]), 1e-12);
      assertRel(c[3], SpecialFunctions.regularizedGammaQ(c[0], c[1]), 1e-11);
    }
  }

  @Test
  void chiSquareSurvivalKnownQuantilesAndDeepTail() {
    assertRel(0.05, SpecialFunctions.chiSquareSurvival(3.841458820694124, 1), 1e-12);
    assertRel(6.899345870085439e-06, SpecialFunctions.chiSquareSurvival(29.267, 4), 1e-11);
    assertRel(3.5315042954357915e-05, SpecialFunctions.chiSquareSurvival(50.5, 17), 1e-11);
    assertRel(1.7994208765314067e-216, SpecialFunctions.chiSquareSurvival(1000, 3), 1e-10);
    // df = 2: sf = e^{−x/2} exactly.
    assertRel(Math.exp(-50), SpecialFunctions.chiSquareSurvival(100, 2), 1e-13);
    assertEquals(1, SpecialFunctions.chiSquareSurvival(0, 5));
    assertThrows(IllegalArgumentException.class, () -> SpecialFunctions.chiSquareSurvival(1, 0));
  }
}

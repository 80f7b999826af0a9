package org.cortexclust.evaluation.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KruskalWallisTest {
  /**
   * Hollander &amp; Wolfe example (no ties), hand-computed: rank sums 36, 36, 33 for n = 5, 4, 5 (N = 14):
   * H = 12/(14·15)·(36²/5 + 36²/4 + 33²/5) − 45 = 0.771428…; df = 2 so p = e^{−H/2} = 0.67996….
   */
  @Test
  void textbookExampleWithoutTies() {
    double[] v = {2.9, 3.0, 2.5, 2.6, 3.2, 3.8, 2.7, 4.0, 2.4, 2.8, 3.4, 3.7, 2.2, 2.0};
    int[] g = {0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2};
    KruskalWallis.Result r = KruskalWallis.test(v, g);
    assertEquals(12.0 / 210 * (36 * 36 / 5.0 + 36 * 36 / 4.0 + 33 * 33 / 5.0) - 45, r.statistic(), 1e-12);
    assertEquals(0.7714285714285722, r.statistic(), 1e-12);
    assertEquals(Math.exp(-r.statistic() / 2), r.pValue(), 1e-14);
    assertEquals(1.0, r.tieCorrection(), 0);
    assertEquals(2, r.df());
    assertEquals(0.771428571428 / 13, r.epsilonSquared(), 1e-9);
    assertEquals((0.771428571428 - 2) / 11, r.etaSquared(), 1e-9);
    assertEquals(36 / 5.0, r.meanRanks().get(0), 1e-12);
  }

  /**
   * With ties; hand-computed. Values 1,2,2,3,3,3 | 2,3,4,4,5 | 5,5,6,7,1 (N = 16). Ties: 1×2, 2×3, 3×4, 4×2,
   * 5×3 → Σ(t³−t) = 6+24+60+6+24 = 120, C = 1 − 120/4080. Ranks: 1→1.5, 2→4, 3→7.5, 4→10.5, 5→13, 6→15, 7→16; rank sums 32, 45.5, 58.5 (n = 6, 5, 5).
   * Oracle also matches scipy.stats.kruskal: H = 5.143939393939401, p = 0.07638494196229806.
   */
  @Test
  void tieCorrectionHandComputedAndScipy() {
    double[] v = {1, 2, 2, 3, 3, 3, 2, 3, 4, 4, 5, 5, 5, 6, 7, 1};
    int[] g = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2};
    KruskalWallis.Result r = KruskalWallis.test(v, g);
    double h0 = 12.0 / (16 * 17) * (32 * 32 / 6.0 + 45.5 * 45.5 / 5 + 58.5 * 58.5 / 5) - 3 * 17;
    assertEquals(1 - 120.0 / 4080, r.tieCorrection(), 1e-15);
    assertEquals(h0, r.uncorrected(), 1e-12);
    assertEquals(h0 / (1 - 120.0 / 4080), r.statistic(), 1e-12);
    assertEquals(5.143939393939401, r.statistic(), 1e-12);
    assertEquals(0.07638494196229806, r.pValue(), 1e-14);
  }

  @Test
  void labelsAreInvariantAndNegativeOrNanSkipped() {
    double[] v = {2.9, 3.0, 2.5, 2.6, 3.2, 3.8, 2.7, 4.0, 2.4, 2.8, 3.4, 3.7, 2.2, 2.0, Double.NaN, 99};
    int[] g = {7, 7, 7, 7, 7, 3, 3, 3, 3, 11, 11, 11, 11, 11, 3, -1};
    assertEquals(0.7714285714285722, KruskalWallis.test(v, g).statistic(), 1e-12);
  }

  @Test
  void plantedShiftIsDetectedAndNullIsNot() {
    SplittableRandom rnd = new SplittableRandom(5);
    int n = 600;
    double[] shifted = new double[n];
    double[] nul = new double[n];
    int[] g = new int[n];
    for (int i = 0; i < n; i++) {
      g[i] = i % 3;
      double e = rnd.nextGaussian();
      nul[i] = e;
      shifted[i] = e + 0.5 * g[i];
    }
    KruskalWallis.Result s = KruskalWallis.test(shifted, g);
    assertTrue(s.pValue() < 1e-10, "p=" + s.pValue());
    assertTrue(s.epsilonSquared() > 0.1, "eps2=" + s.epsilonSquared());
    assertTrue(KruskalWallis.test(nul, g).pValue() > 0.01);
  }

  @Test
  void rejectsSingleGroupAndLengthMismatch() {
    assertThrows(IllegalArgumentException.class, () -> KruskalWallis.test(new double[] {1, 2, 3}, new int[] {0, 0, 0}));
    assertThrows(IllegalArgumentException.class, () -> KruskalWallis.test(new double[] {1, 2}, new int[] {0}));
  }
}

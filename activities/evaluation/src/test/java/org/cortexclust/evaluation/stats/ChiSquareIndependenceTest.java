package org.cortexclust.evaluation.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Oracle: scipy.stats.chi2_contingency(correction=False) and contingency.association(method='cramer'). */
class ChiSquareIndependenceTest {
  @Test
  void knownTables() {
    ChiSquareIndependence.Result r = ChiSquareIndependence.test(new long[][] {{10, 20, 30}, {20, 20, 10}});
    assertEquals(12.52777777777778, r.statistic(), 1e-12);
    assertEquals(2, r.df());
    assertEquals(0.0019038276076954943, r.pValue(), 1e-15);
    assertEquals(0.3374742788552765, r.cramersV(), 1e-14);
    ChiSquareIndependence.Result s = ChiSquareIndependence.test(new long[][] {{12, 0}, {3, 9}, {5, 5}});
    assertEquals(14.389285714285714, s.statistic(), 1e-12);
    assertEquals(0.0007505961074889375, s.pValue(), 1e-15);
    assertEquals(0.6505492185179271, s.cramersV(), 1e-14);
  }

  @Test
  void labelVectorsAndDegenerateTables() {
    // Perfect association of two binary labelings: V = 1, χ² = N.
    ChiSquareIndependence.Result r = ChiSquareIndependence.test(new int[] {0, 0, 1, 1}, new int[] {7, 7, 3, 3});
    assertEquals(4, r.statistic(), 1e-12);
    assertEquals(1, r.cramersV(), 1e-12);
    assertEquals(0, ChiSquareIndependence.test(new int[] {0, 0, 0}, new int[] {1, 2, 3}).cramersV());
  }
}

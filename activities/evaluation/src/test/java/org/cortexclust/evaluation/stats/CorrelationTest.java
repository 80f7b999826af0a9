package org.cortexclust.evaluation.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorrelationTest {
  @Test
  void averageRanksWithTies() {
    double[] t = new double[1];
    assertArrayEquals(new double[] {1, 2.5, 2.5, 4, 5, 6}, Ranks.average(new double[] {1, 2, 2, 4, 5, 7}, t));
    assertEquals(6, t[0]);
  }

  /** Oracle: scipy.stats.spearmanr / pearsonr on the same data (0.8088235294117647, 0.694135570584232). */
  @Test
  void spearmanAndPearsonKnownValues() {
    double[] x = {1, 2, 2, 4, 5, 7};
    double[] y = {3, 1, 4, 4, 6, 5};
    assertEquals(0.8088235294117647, Correlation.spearman(x, y), 1e-14);
    assertEquals(0.694135570584232, Correlation.pearson(x, y), 1e-14);
    assertEquals(1, Correlation.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-15);
    assertEquals(-1, Correlation.spearman(new double[] {1, 2, 3}, new double[] {9, 4, 1}), 1e-15);
    assertTrue(Double.isNaN(Correlation.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
  }

  /** Type-7 quartiles of 1,3,4,7,8,9,12,40 (NumPy: 3.75, 7.5, 9.75); Tukey fence q3 + 1.5·6 = 18.75 → 40 outlier. */
  @Test
  void summaryQuartilesAndWhiskers() {
    Summary s = Summary.of(new double[] {40, 1, 3, 4, 7, 8, 9, 12, Double.NaN});
    assertEquals(8, s.n());
    assertEquals(3.75, s.q1(), 1e-12);
    assertEquals(7.5, s.median(), 1e-12);
    assertEquals(9.75, s.q3(), 1e-12);
    assertEquals(6, s.iqr(), 1e-12);
    assertEquals(1, s.whiskerLow());
    assertEquals(12, s.whiskerHigh());
    assertArrayEquals(new double[] {40}, s.outliers());
  }
}

package org.cortexclust.evaluation.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MutualInformationTest {
  @Test
  void handComputedContingencies() {
    // Identical binary labels: I = H = log 2.
    assertEquals(Math.log(2), MutualInformation.plugIn(new int[] {0, 0, 1, 1}, new int[] {5, 5, 9, 9}), 1e-15);
    // Independent: every cell 1/4 = product of margins.
    assertEquals(0, MutualInformation.plugIn(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}), 1e-15);
    // Table [[2,0],[1,1]] (n = 4): I = ½log(4·2/(2·3)) + ¼log(4/(2·3)) + ¼log(4/(2·1)).
    double expected = 0.5 * Math.log(8.0 / 6) + 0.25 * Math.log(4.0 / 6) + 0.25 * Math.log(2);
    assertEquals(expected, MutualInformation.plugIn(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1}), 1e-15);
  }

  @Test
  void quantileBinsAreEqualFrequencyAndKeepTiesTogether() {
    assertArrayEquals(
        new int[] {0, 0, 1, 1, 2, 2, 3, 3},
        MutualInformation.quantileBins(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 4));
    int[] b = MutualInformation.quantileBins(new double[] {1, 1, 1, 1, 5, 6, 7, 8}, 4);
    assertEquals(b[0], b[3]);
  }

  @Test
  void plantedDependenceVersusNull() {
    SplittableRandom rnd = new SplittableRandom(11);
    int n = 400;
    int[] labels = new int[n];
    double[] dep = new double[n];
    double[] ind = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 4;
      dep[i] = labels[i] + 0.3 * rnd.nextGaussian();
      ind[i] = rnd.nextGaussian();
    }
    MutualInformation.Result d = MutualInformation.clustersVsQuantiles(labels, dep, 4, 200, 1);
    MutualInformation.Result z = MutualInformation.clustersVsQuantiles(labels, ind, 4, 200, 1);
    assertTrue(d.normalized() > 0.6, "normalized " + d.normalized());
    assertTrue(d.pValue() <= 1.0 / 201 + 1e-12);
    assertTrue(z.pValue() > 0.01, "null p " + z.pValue());
    // Under independence the permutation mean agrees with the analytic bias 9/800 within a few sd/√B.
    assertEquals(9 / 800.0, z.analyticBias(), 1e-15);
    assertEquals(z.analyticBias(), z.nullMean(), 0.004);
    // Same seed, same answer.
    assertEquals(z.nullMean(), MutualInformation.clustersVsQuantiles(labels, ind, 4, 200, 1).nullMean(), 0);
  }
}

package org.cortexclust.evaluation.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  /** Acceptance (d): on a problem with a known difference the 95 % interval covers it in ≥ 90 of 100 repetitions. */
  @Test
  void pairedIntervalCoversTheKnownDifference() {
    SplittableRandom rng = new SplittableRandom(2022);
    int covered = 0;
    for (int rep = 0; rep < 100; rep++) {
      double[] d = new double[80];
      for (int i = 0; i < d.length; i++) {
        d[i] = 0.3 + StructureIndex.gaussian(rng) * (1 + 0.5 * rng.nextDouble());
      }
      Bootstrap.Interval iv = Bootstrap.mean(d, 0.95, rep, "neurons");
      if (iv.lo() <= 0.3 && 0.3 <= iv.hi()) {
        covered++;
      }
    }
    System.out.println("paired bootstrap coverage: " + covered + " of 100");
    assertTrue(covered >= 90, covered + " of 100");
    assertTrue(covered < 100, "an interval that always covers is too wide to be a 95 % interval: " + covered);
  }

  @Test
  void twoSampleIntervalCoversTheKnownDifference() {
    SplittableRandom rng = new SplittableRandom(7);
    int covered = 0;
    for (int rep = 0; rep < 100; rep++) {
      double[] a = new double[40];
      double[] b = new double[50];
      for (int i = 0; i < a.length; i++) {
        a[i] = 1.0 + 2 * StructureIndex.gaussian(rng);
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = 0.2 + StructureIndex.gaussian(rng);
      }
      Bootstrap.Interval iv = Bootstrap.difference(a, b, 0.95, rep, "seeds");
      if (iv.lo() <= 0.8 && 0.8 <= iv.hi()) {
        covered++;
      }
    }
    System.out.println("two-sample bootstrap coverage: " + covered + " of 100");
    assertTrue(covered >= 90, covered + " of 100");
  }

  @Test
  void verdictNeedsTheIntervalToExcludeZero() {
    double[] zero = new double[50];
    Bootstrap.Interval z = Bootstrap.mean(zero, 0.95, 1, "neurons");
    assertEquals(Bootstrap.Verdict.NO_CLEAR_CHANGE, Bootstrap.Verdict.of(z), "identical before/after");
    double[] up = new double[50];
    java.util.Arrays.fill(up, 0.1);
    up[3] = 0.2;
    assertEquals(Bootstrap.Verdict.BETTER, Bootstrap.Verdict.of(Bootstrap.mean(up, 0.95, 1, "neurons")));
    Bootstrap.Interval one = Bootstrap.mean(new double[] {0.5}, 0.95, 1, "seeds");
    assertFalse(one.hasInterval());
    assertEquals(Bootstrap.Verdict.NO_CLEAR_CHANGE, Bootstrap.Verdict.of(one), "n = 1: no interval, no verdict");
    assertEquals(Bootstrap.Verdict.NO_CLEAR_CHANGE, Bootstrap.Verdict.all(java.util.List.of(
        Bootstrap.mean(up, 0.95, 1, "n"), z)), "spaces that disagree give no verdict");
    // seeded: the same call gives the same interval
    assertEquals(Bootstrap.mean(up, 0.95, 9, "n"), Bootstrap.mean(up, 0.95, 9, "n"));
    assertEquals(0.975, Bootstrap.bonferroni(0.05, 2), 1e-12);
  }

  @Test
  void perPointSilhouettesAverageToTheClusteringStagesSilhouette() {
    SplittableRandom rng = new SplittableRandom(3);
    double[][] x = new double[120][4];
    int[] l = new int[120];
    for (int i = 0; i < x.length; i++) {
      l[i] = i % 3;
      for (int j = 0; j < 4; j++) {
        x[i][j] = l[i] * (j == 0 ? 2 : 0) + StructureIndex.gaussian(rng);
      }
    }
    int[] idx = ClusterMetrics.sampleIndices(120, 80, 5);
    double mean = java.util.Arrays.stream(Silhouettes.perPoint(x, l, idx)).average().orElseThrow();
    assertEquals(ClusterMetrics.silhouette(x, l, 80, 5), mean, 1e-12);
  }

  /** Four separated modes score above a Gaussian of the same covariance; one Gaussian does not. */
  @Test
  void structureIndexSeparatesModesFromOneGaussian() {
    SplittableRandom rng = new SplittableRandom(11);
    double[][] modes = new double[300][5];
    double[][] blob = new double[300][5];
    for (int i = 0; i < 300; i++) {
      for (int j = 0; j < 5; j++) {
        modes[i][j] = (j < 2 ? 4 * ((i % 4) >> j & 1) : 0) + StructureIndex.gaussian(rng);
        blob[i][j] = (j == 0 ? 3 : 1) * StructureIndex.gaussian(rng);
      }
    }
    StructureIndex m = StructureIndex.of(modes, 1);
    StructureIndex b = StructureIndex.of(blob, 1);
    assertTrue(m.lo() > 0, "modes: " + m);
    assertTrue(b.lo() <= 0 && b.hi() >= 0 || Math.abs(b.index()) < 0.05, "one Gaussian: " + b);
    assertTrue(m.index() > b.index() + 0.03, m.index() + " vs " + b.index());
    assertEquals(m.index(), StructureIndex.of(modes, 1).index(), 0.0, "seeded");
  }

  /** A few seeds get Student's t interval: the textbook quantiles, and coverage at n = 3. */
  @Test
  void fewSeedsGetStudentsT() {
    assertEquals(12.706, StudentT.quantile(0.975, 1), 1e-3);
    assertEquals(4.303, StudentT.quantile(0.975, 2), 1e-3);
    assertEquals(2.093, StudentT.quantile(0.975, 19), 1e-3);
    assertEquals(0.5, StudentT.cdf(0, 3), 1e-12);
    SplittableRandom rng = new SplittableRandom(5);
    int covered = 0;
    for (int rep = 0; rep < 200; rep++) {
      double[] x = {StructureIndex.gaussian(rng), StructureIndex.gaussian(rng), StructureIndex.gaussian(rng)};
      Bootstrap.Interval iv = Bootstrap.mean(x, 0.95, rep, "seeds");
      if (iv.lo() <= 0 && 0 <= iv.hi()) {
        covered++;
      }
    }
    System.out.println("Student t coverage at n = 3: " + covered + " of 200");
    assertTrue(covered >= 180, covered + " of 200 at n = 3");
    assertTrue(Bootstrap.mean(new double[] {0.1, 0.5}, 0.95, 1, "seeds").lo() < -2, "two seeds: a wide interval");
  }
}

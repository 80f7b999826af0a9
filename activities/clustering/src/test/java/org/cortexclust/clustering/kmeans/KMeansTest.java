package org.cortexclust.clustering.kmeans;

import static org.junit.jupiter.api.Assertions.*;

import org.cortexclust.clustering.linalg.DotKernel;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.clustering.synthetic.PlantedData;
import org.junit.jupiter.api.Test;

class KMeansTest {
  @Test
  void handCheckableOneDimensionalCase() {
    double[][] x = {{0}, {1}, {2}, {10}, {11}, {12}};
    KMeans.Result r = KMeans.fit(x, KMeans.Options.of(2, 1));
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(r.labels(), new int[] {0, 0, 0, 1, 1, 1}));
    assertEquals(4.0, r.objective(), 1e-12); // (1 + 0 + 1) per cluster
    double lo = Math.min(r.centres()[0][0], r.centres()[1][0]), hi = Math.max(r.centres()[0][0], r.centres()[1][0]);
    assertEquals(1.0, lo, 1e-12);
    assertEquals(11.0, hi, 1e-12);
  }

  @Test
  void recoversSeparatedBlobs() {
    PlantedData.Labelled d = PlantedData.blobs(1500, 16, 6, 6.0, 2);
    KMeans.Result r = KMeans.fit(d.x(), KMeans.Options.of(6, 3));
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(d.labels(), r.labels()), 1e-12);
    assertTrue(r.converged());
  }

  @Test
  void sameSeedSameLabelsAndRestartsNeverHurt() {
    PlantedData.Labelled d = PlantedData.blobs(800, 5, 12, 2.0, 4);
    KMeans.Result a = KMeans.fit(d.x(), KMeans.Options.of(12, 9));
    KMeans.Result b = KMeans.fit(d.x(), KMeans.Options.of(12, 9));
    assertArrayEquals(a.labels(), b.labels());
    KMeans.Result one = KMeans.fit(d.x(), KMeans.Options.of(12, 9).withRestarts(1));
    assertTrue(a.objective() <= one.objective() + 1e-9);
  }

  @Test
  void twoRingsDefeatKMeans() {
    PlantedData.Labelled d = PlantedData.rings(600, 0.1, 5);
    KMeans.Result r = KMeans.fit(d.x(), KMeans.Options.of(2, 1));
    assertTrue(ClusterMetrics.adjustedRandIndex(d.labels(), r.labels()) < 0.2);
  }

  @Test
  void hamerlyBoundsGiveTheLabelsOfPlainLloyd() {
    for (long seed = 1; seed <= 3; seed++) {
      PlantedData.Labelled d = PlantedData.blobs(1200, 9, 8, 0.7, seed); // overlapping: many reassignments
      double[][] init = KMeans.plusPlus(d.x(), 8, new java.util.SplittableRandom(seed));
      KMeans.Options o = new KMeans.Options(8, 1, 300, 0, seed); // run until the labels stop changing
      KMeans.Result bounded = KMeans.lloyd(d.x(), init, o, true), plain = KMeans.lloyd(d.x(), init, o, false);
      assertTrue(plain.iterations() > 3, "the case exercises several iterations");
      assertArrayEquals(plain.labels(), bounded.labels());
      assertEquals(plain.iterations(), bounded.iterations());
      assertEquals(plain.objective(), bounded.objective(), 0.0);
      for (int j = 0; j < 8; j++) assertArrayEquals(plain.centres()[j], bounded.centres()[j], 0.0);
    }
  }

  @Test
  void hamerlyBoundsMatchPlainLloydWhenStoppingOnTheCentreShift() {
    for (long seed = 1; seed <= 3; seed++) {
      PlantedData.Labelled d = PlantedData.blobs(1200, 9, 8, 0.7, seed);
      double[][] init = KMeans.plusPlus(d.x(), 8, new java.util.SplittableRandom(seed));
      KMeans.Options o = new KMeans.Options(8, 1, 300, 2e-2, seed); // stops before the labels settle
      KMeans.Result bounded = KMeans.lloyd(d.x(), init, o, true), plain = KMeans.lloyd(d.x(), init, o, false);
      KMeans.Result settled = KMeans.lloyd(d.x(), init, new KMeans.Options(8, 1, 300, 0, seed), false);
      assertTrue(plain.iterations() < settled.iterations(), "the shift rule stops earlier than label stability");
      assertArrayEquals(plain.labels(), bounded.labels());
      assertEquals(plain.iterations(), bounded.iterations());
      assertEquals(plain.objective(), bounded.objective(), 0.0);
    }
  }

  @Test
  void centreShiftRuleScalesWithTheDataVarianceAndReturnsTheFinalAssignment() {
    PlantedData.Labelled d = PlantedData.blobs(900, 6, 5, 0.8, 8);
    double[][] init = KMeans.plusPlus(d.x(), 5, new java.util.SplittableRandom(2));
    // a tolerance far above any shift: one update, then the labels of the updated centres
    KMeans.Result once = KMeans.lloyd(d.x(), init, new KMeans.Options(5, 1, 300, 1e9, 2));
    assertEquals(1, once.iterations());
    assertTrue(once.converged());
    int[] lab = new int[d.x().length];
    double[] dist = new double[lab.length];
    KMeans.assign(d.x(), once.centres(), lab, dist);
    assertArrayEquals(lab, once.labels());
    double obj = 0;
    for (double v : dist) obj += v;
    assertEquals(obj, once.objective(), 1e-9 * obj);
    // the rule is relative to the data's spread: scaling the data by 10 leaves the iterations unchanged
    double[][] big = new double[d.x().length][];
    for (int i = 0; i < big.length; i++) {
      big[i] = d.x()[i].clone();
      for (int f = 0; f < big[i].length; f++) big[i][f] *= 10;
    }
    double[][] bigInit = new double[init.length][];
    for (int j = 0; j < init.length; j++) {
      bigInit[j] = init[j].clone();
      for (int f = 0; f < bigInit[j].length; f++) bigInit[j][f] *= 10;
    }
    KMeans.Options o = KMeans.Options.of(5, 2).withRestarts(1);
    assertEquals(KMeans.lloyd(d.x(), init, o).iterations(), KMeans.lloyd(big, bigInit, o).iterations());
    double var = KMeans.meanVariance(new double[][] {{0, 1}, {2, 3}});
    assertEquals(1.0, var, 1e-15); // each feature: values a, a+2 → population variance 1
  }

  @Test
  void sameResultWhateverTheNumberOfThreads() throws Exception {
    PlantedData.Labelled d = PlantedData.blobs(5000, 12, 10, 0.8, 6); // several parallel tasks of points
    KMeans.Options o = KMeans.Options.of(10, 3).withRestarts(2);
    java.util.List<KMeans.Result> results = new java.util.ArrayList<>();
    for (int threads : new int[] {1, 3}) {
      java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
      try {
        results.add(pool.submit(() -> KMeans.fit(d.x(), o)).get()); // parallel streams run in the calling pool
      } finally {
        pool.shutdown();
      }
    }
    assertArrayEquals(results.get(0).labels(), results.get(1).labels());
    assertEquals(results.get(0).objective(), results.get(1).objective(), 0.0);
  }

  @Test
  void seedingNeverDrawsAPointTwiceEvenWithDuplicates() {
    double[][] x = new double[60][];
    for (int i = 0; i < 60; i++) x[i] = new double[] {i % 6, 10.0 * (i % 6)}; // 6 distinct points, 10 copies each
    double[][] c = KMeans.plusPlus(x, 6, new java.util.SplittableRandom(5));
    java.util.Set<String> distinct = new java.util.HashSet<>();
    for (double[] ci : c) distinct.add(java.util.Arrays.toString(ci));
    assertEquals(6, distinct.size());
  }

  @Test
  void openBlasKernelGivesTheJavaKernelsClustering() {
    DotKernel blas = DotKernel.openBlas();
    // separated blobs: both recover them, with the same labels
    PlantedData.Labelled sep = PlantedData.blobs(3000, 64, 12, 4.0, 3);
    KMeans.Result j = KMeans.fit(sep.x(), KMeans.Options.of(12, 5), Progress.NONE, DotKernel.JAVA);
    KMeans.Result b = KMeans.fit(sep.x(), KMeans.Options.of(12, 5), Progress.NONE, blas);
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(sep.labels(), b.labels()), 1e-12);
    assertArrayEquals(j.labels(), b.labels());
    assertEquals(j.objective(), b.objective(), 1e-9 * j.objective());
    // overlapping blobs from the same start: the summation order differs, so only near-ties may differ
    PlantedData.Labelled d = PlantedData.blobs(4000, 128, 30, 1.0, 5);
    double[][] init = KMeans.plusPlus(d.x(), 30, new java.util.SplittableRandom(7));
    KMeans.Options o = KMeans.Options.of(30, 7).withRestarts(1);
    KMeans.Result lj = KMeans.lloyd(d.x(), init, o, true, DotKernel.JAVA), lb = KMeans.lloyd(d.x(), init, o, true, blas);
    assertTrue(lj.iterations() > 2, "several Lloyd iterations");
    assertTrue(ClusterMetrics.adjustedRandIndex(lj.labels(), lb.labels()) > 0.99);
    assertEquals(lj.objective(), lb.objective(), 1e-6 * lj.objective());
  }

  @Test
  void openBlasKernelIsDeterministicWhateverTheNumberOfThreadsAndKeepsHamerlysLabels() throws Exception {
    DotKernel blas = DotKernel.openBlas();
    PlantedData.Labelled d = PlantedData.blobs(5000, 40, 10, 0.8, 6);
    KMeans.Options o = KMeans.Options.of(10, 3).withRestarts(2);
    java.util.List<KMeans.Result> results = new java.util.ArrayList<>();
    for (int threads : new int[] {1, 3, 3}) {
      java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
      try {
        results.add(pool.submit(() -> KMeans.fit(d.x(), o, Progress.NONE, blas)).get());
      } finally {
        pool.shutdown();
      }
    }
    for (int t = 1; t < 3; t++) {
      assertArrayEquals(results.get(0).labels(), results.get(t).labels());
      assertEquals(results.get(0).objective(), results.get(t).objective(), 0.0);
    }
    for (long seed = 1; seed <= 2; seed++) {
      PlantedData.Labelled e = PlantedData.blobs(1200, 9, 8, 0.7, seed);
      double[][] init = KMeans.plusPlus(e.x(), 8, new java.util.SplittableRandom(seed));
      KMeans.Options lo = new KMeans.Options(8, 1, 300, 0, seed);
      KMeans.Result bounded = KMeans.lloyd(e.x(), init, lo, true, blas), plain = KMeans.lloyd(e.x(), init, lo, false, blas);
      assertArrayEquals(plain.labels(), bounded.labels());
      assertEquals(plain.objective(), bounded.objective(), 0.0);
    }
  }
}

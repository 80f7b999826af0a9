package org.cortexclust.dec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cortexclust.alignment.RotationAlignment;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.dec.synthetic.PlantedTypes;
import org.junit.jupiter.api.Test;

/**
 * Embeddings-only DEC on planted rotated types, through the real alignment and k-means stages (the setting of
 * bench/dec/RotationModeBench.java, smaller).
 */
class EmbeddedDecTest {
  static final int F = 8;
  static final int N_ROT = 8;
  static final double[] WEIGHTS = {0.4, 0.25, 0.15, 0.12, 0.08};

  record Setup(double[][] x, int[] truth, KMeans.Result km) {}

  static Setup setup(double noise, long seed) {
    PlantedTypes.Data d = PlantedTypes.generate(500, F, N_ROT, WEIGHTS, 1, noise, seed);
    double[][] x = RotationAlignment.fit(d.embeddings(), RotationAlignment.Options.of(F, N_ROT)).aligned();
    double c = Math.sqrt(F * N_ROT); // ‖z‖²/d = 1 as in the DEC paper
    for (double[] row : x) {
      for (int t = 0; t < row.length; t++) row[t] *= c;
    }
    return new Setup(x, d.types(), KMeans.fit(x, KMeans.Options.of(WEIGHTS.length, seed).withRestarts(10)));
  }

  @Test
  void rotationInvariantDecRaisesAriAboveKMeansOnOverlappingRotatedTypes() {
    Setup s = setup(0.9, 2);
    double ariKm = ClusterMetrics.adjustedRandIndex(s.truth(), s.km().labels());
    EmbeddedDec.Result r = EmbeddedDec.fit(s.x(), s.km().centres(),
        EmbeddedDec.Options.defaults(1, N_ROT, RotationMode.INVARIANT));
    double ari = ClusterMetrics.adjustedRandIndex(s.truth(), r.labels());
    assertTrue(ariKm < 0.97, "setting must leave room for improvement, k-means ARI " + ariKm);
    assertTrue(ari > ariKm + 0.02, "DEC ARI " + ari + " vs k-means " + ariKm);
  }

  @Test
  void fixedAlignmentDecDoesNotReduceAriAtTheRecommendedSettings() {
    for (long seed = 1; seed <= 2; seed++) {
      Setup s = setup(1.2, seed);
      double ariKm = ClusterMetrics.adjustedRandIndex(s.truth(), s.km().labels());
      EmbeddedDec.Result r = EmbeddedDec.fit(s.x(), s.km().centres(),
          EmbeddedDec.Options.defaults(1, N_ROT, RotationMode.FIXED));
      double ari = ClusterMetrics.adjustedRandIndex(s.truth(), r.labels());
      assertTrue(ari >= ariKm - 0.005, "seed " + seed + ": DEC ARI " + ari + " vs k-means " + ariKm);
    }
  }

  @Test
  void lambdaZeroKeepsTheEmbeddingsAndTheKMeansPartition() {
    Setup s = setup(0.9, 3);
    EmbeddedDec.Result r = EmbeddedDec.fit(s.x(), s.km().centres(),
        EmbeddedDec.Options.defaults(0, N_ROT, RotationMode.FIXED));
    assertArrayEquals(s.km().labels(), r.labels());
    for (int i = 0; i < s.x().length; i++) assertArrayEquals(s.x()[i], r.embeddings()[i], 0);
    assertEquals(0, r.history().get(r.history().size() - 1).changed(), 0);
  }

  @Test
  void stopsOnLabelChangeAndRecordsEveryRefresh() {
    Setup s = setup(0.6, 4);
    EmbeddedDec.Options o = EmbeddedDec.Options.defaults(1, N_ROT, RotationMode.INVARIANT);
    EmbeddedDec.Result r = EmbeddedDec.fit(s.x(), s.km().centres(), o);
    assertTrue(r.stopReason().startsWith("label change"), r.stopReason());
    assertEquals(r.steps() / o.updateInterval() + 1, r.history().size());
    assertTrue(r.history().get(r.history().size() - 1).changed() < o.tol());
  }

  @Test
  void decemberDoesNotReduceAriAndKeepsDistinctCentres() {
    Setup s = setup(0.9, 2);
    double ariKm = ClusterMetrics.adjustedRandIndex(s.truth(), s.km().labels());
    EmbeddedDec.Result r = EmbeddedDec.fit(s.x(), s.km().centres(),
        EmbeddedDec.Options.defaults(1, N_ROT, RotationMode.INVARIANT).withDecember(2.1));
    assertTrue(ClusterMetrics.adjustedRandIndex(s.truth(), r.labels()) >= ariKm, "DECEMber must not lose ARI");
    assertTrue(r.variances() != null);
    assertEquals(WEIGHTS.length, java.util.Arrays.stream(r.labels()).distinct().count(), "no cluster collapsed");
  }

  @Test
  void sgdWithMomentumAlsoRuns() {
    Setup s = setup(0.9, 2);
    double ariKm = ClusterMetrics.adjustedRandIndex(s.truth(), s.km().labels());
    EmbeddedDec.Result r = EmbeddedDec.fit(s.x(), s.km().centres(), EmbeddedDec.Options
        .defaults(1, N_ROT, RotationMode.INVARIANT).withOptimiser(Optimiser.Kind.SGD, 0.01));
    assertTrue(ClusterMetrics.adjustedRandIndex(s.truth(), r.labels()) >= ariKm, "SGD DEC must not lose ARI");
  }
}

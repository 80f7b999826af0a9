package org.cortexclust.clustering;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.cortexclust.alignment.RotationAlignment;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.junit.jupiter.api.Test;

/** docs/science.md §5.4 oracles through clustering: alignment makes rotated prototypes clusterable. */
class AlignmentThenClusteringTest {
  @Test
  void clusteringRecoversPrototypesAfterAlignmentButNotBefore() {
    RotatedPrototypes d = RotatedPrototypes.make(240, 4, 8, 4, 0.1, 2);
    RotationAlignment.Result a = RotationAlignment.fit(d.rows(), RotationAlignment.Options.of(4, 8));
    double after = ClusterMetrics.adjustedRandIndex(d.proto(), KMeans.fit(a.aligned(), KMeans.Options.of(4, 1)).labels());
    double before = ClusterMetrics.adjustedRandIndex(d.proto(), KMeans.fit(d.rows(), KMeans.Options.of(4, 1)).labels());
    assertEquals(1.0, after, 1e-12);
    assertTrue(before < 0.5, "ARI before alignment " + before);
  }

  @Test
  void labelsAreIdenticalForInputsThatDifferOnlyByPerNeuronRolls() {
    RotatedPrototypes d = RotatedPrototypes.make(120, 4, 8, 3, 0.3, 3);
    SplittableRandom rng = new SplittableRandom(4);
    double[][] rolled = new double[120][];
    for (int i = 0; i < 120; i++) rolled[i] = RotationAlignment.roll(d.rows()[i], 4, 8, rng.nextInt(8));
    RotationAlignment.Options o = RotationAlignment.Options.of(4, 8);
    int[] a = KMeans.fit(RotationAlignment.fit(d.rows(), o).aligned(), KMeans.Options.of(3, 5)).labels();
    int[] b = KMeans.fit(RotationAlignment.fit(rolled, o).aligned(), KMeans.Options.of(3, 5)).labels();
    assertArrayEquals(a, b);
  }
}

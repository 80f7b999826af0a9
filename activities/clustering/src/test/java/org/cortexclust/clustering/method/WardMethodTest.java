package org.cortexclust.clustering.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cortexclust.clustering.ClusteringSuite;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.clustering.synthetic.PlantedData;
import org.cortexclust.common.config.ClusteringConfig;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.progress.Progress;
import org.junit.jupiter.api.Test;

class WardMethodTest {
  @Test
  void recoversBlobsAndIsDeterministic() {
    PlantedData.Labelled d = PlantedData.blobs(300, 4, 5, 8, 3);
    Clusterer w = new WardMethod().bind(new DataSet(d.x(), 0), WardMethod.Options.DEFAULT);
    Clustering c = w.fit(5, 1);
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(d.labels(), c.labels()), 1e-12);
    assertArrayEquals(c.labels(), w.fit(5, 2).labels()); // no randomness
    assertEquals(5, c.centres().length);
    // on separated blobs Ward's partition is k-means' optimum: same within-cluster sum of squares
    KMeans.Result km = KMeans.fit(d.x(), KMeans.Options.of(5, 1));
    assertEquals(km.objective(), c.objective(), 1e-9 * km.objective());
  }

  @Test
  void runsInTheSuiteFromTheConfig() {
    ClusteringConfig c = ConfigLoader.parse("test", "clustering: {methods: [ward], ks: [2, 3, 4]}", List.of()).config().clustering();
    PlantedData.Labelled d = PlantedData.blobs(150, 3, 3, 8, 9);
    ClusteringSuite.Report rep = ClusteringSuite.run(d.x(), d.labels(), c, 1, Progress.NONE);
    assertEquals(3, rep.recommended().get("ward"));
    assertEquals(1.0, rep.metrics().get("ward_ari_gt"), 1e-12);
  }

  @Test
  void refusesAMatrixLargerThanTheHeapAllows() {
    double[][] x = new double[2000][1];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new WardMethod().bind(new DataSet(x, 0), new WardMethod.Options(1e-9)));
    assertTrue(e.getMessage().contains("ward needs the 2000 x 2000 distance matrix"), e.getMessage());
  }
}

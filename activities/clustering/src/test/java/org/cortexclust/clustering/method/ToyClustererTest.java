package org.cortexclust.clustering.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cortexclust.clustering.ClusteringSuite;
import org.cortexclust.clustering.kselection.KSelection;
import org.cortexclust.clustering.synthetic.PlantedData;
import org.cortexclust.common.config.ClusteringConfig;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.progress.Progress;
import org.junit.jupiter.api.Test;

/** A new method is one class plus one registration: a toy clusterer runs through the whole suite beside k-means. */
class ToyClustererTest {
  /** The toy: cut the first coordinate into k equal-count slices (rank order). One class. */
  static final class FirstCoordinateSlices implements ClusteringMethod<FirstCoordinateSlices.Options> {
    record Options() {}

    @Override
    public String name() {
      return "slices";
    }

    @Override
    public Options options(ClusteringConfig config) {
      return new Options();
    }

    @Override
    public Clusterer bind(DataSet data, Options o) {
      double[][] x = data.x();
      Integer[] order = new Integer[x.length];
      for (int i = 0; i < order.length; i++) order[i] = i;
      java.util.Arrays.sort(order, (a, b) -> Double.compare(x[a][0], x[b][0]));
      return (k, seed) -> {
        int[] lab = new int[x.length];
        for (int r = 0; r < order.length; r++) lab[order[r]] = (int) ((long) r * k / order.length);
        return new Clustering(name(), k, lab, null, null, 0, "none", 0, true, null);
      };
    }
  }

  @Test
  void toyRunsThroughTheSuiteBesideKMeans() {
    ClusteringMethods registry = ClusteringMethods.builtIn().with(new FirstCoordinateSlices()); // the one registration
    ClusteringConfig c = ConfigLoader.parse("test", "{}", List.of()).config().clustering();
    PlantedData.Labelled d = PlantedData.blobs(120, 3, 3, 8, 5);
    ClusteringSuite.Options o = new ClusteringSuite.Options(List.of("kmeans", "slices"), new int[] {2, 3, 4}, 1, 1000, 7);
    ClusteringSuite.Report rep = ClusteringSuite.run(d.x(), d.labels(), o, ClusteringSuite.Binder.of(registry, c), Progress.NONE);
    assertEquals(List.of("kmeans_2", "kmeans_3", "kmeans_4", "slices_2", "slices_3", "slices_4"),
        rep.fits().stream().map(ClusteringSuite.Fit::column).toList());
    ClusteringSuite.Fit s3 = rep.fits().get(4);
    assertArrayEquals(new int[] {40, 40, 40}, s3.clustering().sizes());
    assertTrue(rep.recommended().containsKey("slices"));
    assertEquals("silhouette", rep.rules().get("slices"));
    assertTrue(rep.kselection().stream().anyMatch(r -> r.method().equals("slices") && r.metric().equals("ari_gt")));
    // the toy is deterministic: its stability is 1
    KSelection.Row st = rep.kselection().stream().filter(r -> r.method().equals("slices") && r.k() == 3
        && r.metric().equals("stability_ari_mean")).findFirst().orElseThrow();
    assertEquals(1.0, st.value(), 1e-12);
    assertFalse(s3.clustering().canPredict());
    assertThrows(UnsupportedOperationException.class, () -> s3.clustering().predict(d.x()));
    // the built-in registry is unchanged, and an unknown name is refused with the list
    assertFalse(ClusteringMethods.builtIn().has("slices"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusteringMethods.builtIn().get("slices"));
    assertTrue(e.getMessage().contains("known: [kmeans, gmm, spectral, sec, ldmgi, ward]"), e.getMessage());
  }

  @Test
  void configNamesAreCheckedAgainstTheRegistry() {
    org.cortexclust.common.config.ConfigException e = assertThrows(org.cortexclust.common.config.ConfigException.class,
        () -> ConfigLoader.parse("test", "clustering: {methods: [kmeans, kmedoids]}", List.of()));
    assertTrue(e.getMessage().contains("clustering.methods") && e.getMessage().contains("kmedoids")
        && e.getMessage().contains("ward"), e.getMessage());
  }

  @Test
  void resultIsImmutableAndChecked() {
    int[] lab = {0, 1, 1};
    double[][] centres = {{0}, {1}};
    Clustering c = new Clustering("m", 2, lab, centres, null, 1, "x", 1, true, null);
    lab[0] = 1;
    centres[0][0] = 9;
    c.labels()[1] = 0;
    c.centres()[1][0] = 7;
    assertArrayEquals(new int[] {0, 1, 1}, c.labels());
    assertEquals(0, c.centres()[0][0]);
    assertEquals(1, c.centres()[1][0]);
    assertThrows(IllegalArgumentException.class, () -> new Clustering("m", 2, new int[] {0, 2}, null, null, 0, "x", 0, true, null));
    assertThrows(IllegalArgumentException.class, () -> new Clustering("m", 3, lab, centres, null, 0, "x", 0, true, null));
  }
}

package org.cortexclust.clustering.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Comparator;
import org.cortexclust.clustering.synthetic.PlantedData;
import org.junit.jupiter.api.Test;

class NearestNeighboursTest {
  @Test
  void matchesNaiveSearchAcrossTiles() {
    double[][] x = PlantedData.blobs(2100, 7, 4, 2.0, 1).x(); // > one 1024-column tile
    int k = 5;
    NearestNeighbours nn = NearestNeighbours.of(x, k);
    for (int i : new int[] {0, 1, 1023, 1024, 2099}) {
      final int ii = i;
      Integer[] order = new Integer[x.length];
      for (int j = 0; j < x.length; j++) order[j] = j;
      Arrays.sort(order, Comparator.comparingDouble((Integer j) -> j == ii ? Double.MAX_VALUE : dist(x[ii], x[j])));
      for (int t = 0; t < k; t++) {
        assertEquals(order[t], nn.index()[i][t], "row " + i + " neighbour " + t);
        assertEquals(dist(x[i], x[order[t]]), nn.distance()[i][t], 1e-9);
      }
    }
  }

  @Test
  void everyRowMatchesNaiveSearchWithTiesBrokenByIndex() {
    // 4 (even) and 5 (odd, one bye per round) blocks of 256; integer grid points, so many exact ties
    for (int n : new int[] {777, 1100}) {
      double[][] x = new double[n][3];
      for (int i = 0; i < n; i++) x[i] = new double[] {i % 7, (i / 7) % 5, (i * 3) % 4};
      int k = 6;
      NearestNeighbours nn = NearestNeighbours.of(x, k);
      for (int i = 0; i < n; i += 3) { // every third row: all blocks and block pairs, a fast test
        final int ii = i;
        Integer[] order = new Integer[n - 1];
        for (int j = 0, t = 0; j < n; j++) if (j != i) order[t++] = j;
        Arrays.sort(order, Comparator.comparingDouble((Integer j) -> dist(x[ii], x[j])).thenComparingInt(j -> j));
        for (int t = 0; t < k; t++) {
          assertEquals(order[t], nn.index()[i][t], "n " + n + " row " + i + " neighbour " + t);
          assertEquals(dist(x[i], x[order[t]]), nn.distance()[i][t], 0.0);
        }
      }
    }
  }

  @Test
  void graphIsSymmetricWithUnitSelfTuningScale() {
    double[][] x = {{0}, {1}, {3}, {7}};
    var w = KnnGraph.affinity(NearestNeighbours.of(x, 1), 1);
    // neighbours: 0↔1 mutual (d=1), 2→1 (d=2), 3→2 (d=4); σ = (1, 1, 2, 4)
    assertEquals(Math.exp(-1.0 / 1), w.get(0, 1), 1e-15);
    assertEquals(w.get(0, 1), w.get(1, 0), 0);
    assertEquals(Math.exp(-4.0 / 2), w.get(2, 1), 1e-15);
    assertEquals(Math.exp(-16.0 / 8), w.get(3, 2), 1e-15);
    assertEquals(w.get(3, 2), w.get(2, 3), 0);
    assertEquals(0.0, w.get(0, 3), 0);
  }

  static double dist(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
    return Math.sqrt(s);
  }
}

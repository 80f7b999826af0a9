package org.cortexclust.clustering.linalg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlockedDotsTest {
  /** n × d uniform in [−3, 3) from the seed (also used by DotKernelTest). */
  static double[][] random(int n, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][d];
    for (double[] row : x) for (int f = 0; f < d; f++) row[f] = r.nextDouble(-3, 3);
    return x;
  }

  @Test
  void blockedInnerProductsEqualNaiveOnesWhateverTheGrouping() {
    double[][] x = random(11, 7, 1), y = random(9, 7, 2);
    int[] rows = {10, 3, 3, 0, 5, 7, 1}; // 7 rows: one group of four and three single rows, a repeated row
    double[][] acc = new double[rows.length][12];
    BlockedDots.rowsTimesColumns(x, rows, rows.length, BlockedDots.columns(y, 0, 9), 9, acc);
    for (int r = 0; r < rows.length; r++) {
      for (int j = 0; j < 9; j++) {
        double naive = 0;
        for (int f = 0; f < 7; f++) naive += x[rows[r]][f] * y[j][f];
        assertEquals(naive, acc[r][j], 0.0, "same summation order as the naive loop");
        double dist = BlockedDots.squaredDistance(x[rows[r]], y[j]);
        double trick = BlockedDots.squaredNorms(new double[][] {x[rows[r]]})[0] - 2 * acc[r][j] + BlockedDots.squaredNorms(new double[][] {y[j]})[0];
        assertEquals(dist, trick, 1e-12 * (1 + dist));
      }
      assertEquals(0.0, acc[r][9] + acc[r][10] + acc[r][11], "entries past w untouched");
      double[][] alone = new double[1][9];
      BlockedDots.rowsTimesColumns(x, new int[] {rows[r]}, 1, BlockedDots.columns(y, 0, 9), 9, alone);
      assertArrayEquals(java.util.Arrays.copyOf(acc[r], 9), alone[0], 0.0, "a row's products do not depend on its group");
    }
    assertEquals(0.0, BlockedDots.squaredDistance(x[4], x[4]));
    assertArrayEquals(new int[] {2, 3, 4}, BlockedDots.range(2, 5));
  }
}

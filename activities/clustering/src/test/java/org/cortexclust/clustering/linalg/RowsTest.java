package org.cortexclust.clustering.linalg;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class RowsTest {
  @Test
  void rowMajorCopyGivesTheSameBitsAsTheRowArrays() {
    double[][] x = BlockedDotsTest.random(13, 10, 4), y = BlockedDotsTest.random(6, 10, 5);
    Rows r = Rows.copyOf(x);
    assertEquals(13, r.rows());
    assertEquals(10, r.cols());
    assertEquals(x[7][3], r.get(7, 3));
    assertEquals(x[7][3], r.data()[r.offset(7) + 3]);
    assertArrayEquals(x[12], r.row(12), 0.0);
    assertArrayEquals(BlockedDots.squaredNorms(x), r.squaredNorms(), 0.0);
    for (int i = 0; i < 13; i++) assertEquals(BlockedDots.squaredDistance(x[i], y[i % 6]), r.squaredDistance(i, y[i % 6]), 0.0);
    double[][] want = BlockedDots.columns(x, 2, 11), got = r.columns(2, 11);
    for (int f = 0; f < 10; f++) assertArrayEquals(want[f], got[f], 0.0);
    // the kernel over the flat rows: every grouping (four rows, single rows, repeats) and an inner range, same bits
    int[] rows = {12, 0, 5, 5, 9, 1, 3, 8, 2};
    for (int[] range : new int[][] {{0, 10}, {3, 7}, {4, 4}}) {
      double[][] a = new double[rows.length][6], b = new double[rows.length][6];
      double[][] cols = BlockedDots.columns(y, 0, 6);
      BlockedDots.rowsTimesColumns(x, rows, rows.length, cols, range[0], range[1], 6, a);
      BlockedDots.rowsTimesColumns(r, rows, rows.length, cols, range[0], range[1], 6, b);
      for (int i = 0; i < rows.length; i++) assertArrayEquals(a[i], b[i], 0.0);
    }
    // a copy: later changes to the rows do not reach it
    x[0][0] += 1;
    assertNotEquals(x[0][0], r.get(0, 0));
  }

  @Test
  void raggedOrOversizedInputIsRefusedSayingWhere() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Rows.copyOf(new double[][] {{1, 2}, {3, 4}, {5}}));
    assertTrue(e.getMessage().contains("row 2 has 1 values, row 0 has 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Rows.zeros(100_000, 100_000));
    assertTrue(e.getMessage().contains("100000 × 100000"), e.getMessage());
    assertEquals(0, Rows.copyOf(new double[0][]).rows());
    Rows z = Rows.zeros(3, 2);
    assertArrayEquals(new double[6], z.data(), 0.0);
  }
}

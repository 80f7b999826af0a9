package org.cortexclust.clustering.linalg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DotKernelTest {
  private static double[][] random(int n, int d, long seed) {
    return BlockedDotsTest.random(n, d, seed);
  }

  @Test
  void openBlasProductsEqualTheJavaKernelsUpToRoundOff() {
    DotKernel blas = DotKernel.openBlas(); // the natives ship with the build: failing to load them is a failure here
    assertEquals("native", blas.name());
    int n = 300, d = 128, w = 30;
    double[][] x = random(n, d, 1), cols = random(d, w, 2);
    int[] rows = new int[n];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < n; i++) rows[i] = r.nextInt(n); // several dgemm groups, repeated rows, any order
    assertTrue(OpenBlasKernel.groupRows(d, w) < n, "the case spans several calls");
    for (int[] range : new int[][] {{0, d}, {5, 77}, {40, 40}}) {
      double[][] want = new double[n][w], got = new double[n][w + 1];
      for (double[] g : got) g[w] = 42; // outside the product: left alone
      BlockedDots.rowsTimesColumns(x, rows, n, cols, range[0], range[1], w, want);
      try (DotKernel.Columns c = blas.columns(cols, range[0], range[1], w)) {
        c.rowsTimes(Rows.copyOf(x), rows, n, got);
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < w; j++) assertEquals(want[i][j], got[i][j], 1e-12 * d * 9, "row " + i + " col " + j);
        assertEquals(42, got[i][w]);
      }
    }
    // the Java kernel is BlockedDots itself
    double[][] acc = new double[n][w], ref = new double[n][w];
    try (DotKernel.Columns c = DotKernel.JAVA.columns(cols, w)) {
      c.rowsTimes(Rows.copyOf(x), rows, n, acc);
    }
    BlockedDots.rowsTimesColumns(x, rows, n, cols, w, ref);
    for (int i = 0; i < n; i++) assertArrayEquals(ref[i], acc[i], 0.0);
  }

  @Test
  void everyCallStaysBelowOpenBlasesMultiThreadingThreshold() {
    DotKernel.openBlas();
    assertTrue(OpenBlasKernel.SINGLE_THREAD_LIMIT >= 65536);
    for (int[] s : new int[][] {{128, 30}, {256, 30}, {128, 256}, {3, 2}, {100_000, 100}}) {
      int g = OpenBlasKernel.groupRows(s[0], s[1]);
      assertTrue(g >= 1);
      assertTrue(g == 1 || (long) g * s[0] * s[1] <= OpenBlasKernel.SINGLE_THREAD_LIMIT, s[0] + "x" + s[1] + ": " + g);
    }
  }

  @Test
  void defaultIsNativeAndNativeFallsBackToJavaWithOneWarningLine() {
    List<String> warnings = new ArrayList<>();
    DotKernel.Warn warn = warnings::add;
    DotKernel blas = DotKernel.openBlas();
    assertSame(blas, DotKernel.choose(null, DotKernel::openBlas, warn));
    assertSame(blas, DotKernel.choose(" Native ", DotKernel::openBlas, warn));
    assertSame(DotKernel.JAVA, DotKernel.choose("java", () -> fail("java must not load natives"), warn));
    assertTrue(warnings.isEmpty());
    for (String asked : new String[] {"native", null}) { // asked for, or the default
      DotKernel chosen = DotKernel.choose(asked, () -> {
        throw new IllegalStateException("no OpenBLAS for platform linux/riscv64");
      }, warn);
      assertSame(DotKernel.JAVA, chosen);
    }
    assertEquals(2, warnings.size());
    assertTrue(warnings.get(0).contains("no OpenBLAS for platform linux/riscv64"), warnings.get(0));
    // the JVM's own default, with the natives on the test classpath
    assertSame(blas, DotKernel.get());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DotKernel.choose("fast", DotKernel::openBlas, warn));
    assertTrue(e.getMessage().contains(DotKernel.PROPERTY) && e.getMessage().contains("'fast'"), e.getMessage());
  }
}

package org.cortexclust.clustering.linalg;

import java.nio.DoubleBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * {@link DotKernel} on OpenBLAS's {@code cblas_dgemm} (row-major, double). The right-hand matrix is copied once into
 * native memory; each call gathers up to {@link #groupRows} rows into a per-thread native buffer, multiplies, and
 * copies the products back. The group is small enough that {@code m·w·inner} stays at or below OpenBLAS's
 * single-thread limit ({@code 65536 × GEMM_MULTITHREAD_THRESHOLD} multiply-adds): OpenBLAS then computes on the
 * calling thread whatever its process-wide thread count, so no OpenBLAS worker threads run or spin beside our own
 * parallel chunks, and the count (which the training engine raises inside its own scopes) is never touched here.
 */
final class OpenBlasKernel extends DotKernel {
  /** Largest product (multiply-adds) OpenBLAS runs single-threaded, from its build configuration. */
  static final long SINGLE_THREAD_LIMIT;

  static {
    Loader.load(openblas_nolapack.class);
    SINGLE_THREAD_LIMIT = 65536L * Math.max(1, openblas_nolapack.OPENBLAS_GEMM_MULTITHREAD_THRESHOLD);
  }

  /** Rows per {@code cblas_dgemm} call for a product with {@code inner} features and {@code w} columns. */
  static int groupRows(int inner, int w) {
    return (int) Math.max(1, Math.min(1024, SINGLE_THREAD_LIMIT / Math.max(1L, (long) inner * w)));
  }

  @Override
  public String name() {
    return "native";
  }

  @Override
  public Columns columns(double[][] cols, int from, int to, int w) {
    return new NativeColumns(cols, from, to, w);
  }

  /** Per-thread native buffers for the gathered rows and the products, grown as needed. */
  private static final class Buffers {
    DoublePointer a, c;
    DoubleBuffer av, cv;

    void ensure(long aSize, long cSize) {
      if (a == null || a.capacity() < aSize) {
        if (a != null) a.close();
        a = new DoublePointer(Math.max(1, aSize));
        av = a.asBuffer();
      }
      if (c == null || c.capacity() < cSize) {
        if (c != null) c.close();
        c = new DoublePointer(Math.max(1, cSize));
        cv = c.asBuffer();
      }
    }
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private static final class NativeColumns implements Columns {
    private final DoublePointer b;
    private final int from, inner, w, group;

    NativeColumns(double[][] cols, int from, int to, int w) {
      if (from < 0 || to < from || to > cols.length) {
        throw new IllegalArgumentException("inner range [" + from + ", " + to + ") outside 0.." + cols.length);
      }
      this.from = from;
      this.inner = to - from;
      this.w = w;
      this.group = groupRows(inner, w);
      this.b = new DoublePointer(Math.max(1, (long) inner * w));
      DoubleBuffer bv = b.asBuffer();
      for (int f = 0; f < inner; f++) bv.put(f * w, cols[from + f], 0, w); // row-major inner × w
    }

    @Override
    public void rowsTimes(Rows x, int[] rows, int m, double[][] acc) {
      if (m == 0 || w == 0) return;
      if (inner == 0) {
        for (int r = 0; r < m; r++) java.util.Arrays.fill(acc[r], 0, w, 0);
        return;
      }
      Buffers buf = BUFFERS.get();
      buf.ensure((long) Math.min(m, group) * inner, (long) Math.min(m, group) * w);
      for (int g0 = 0; g0 < m; g0 += group) {
        int gm = Math.min(group, m - g0);
        for (int r = 0; r < gm; r++) buf.av.put(r * inner, x.data(), x.offset(rows[g0 + r]) + from, inner);
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
            openblas_nolapack.CblasNoTrans, gm, w, inner, 1.0, buf.a, inner, b, w, 0.0, buf.c, w);
        for (int r = 0; r < gm; r++) buf.cv.get(r * w, acc[g0 + r], 0, w);
      }
    }

    @Override
    public void close() {
      b.close();
    }
  }
}

package org.cortexclust.common.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Embedding arrays on disk: {@code (N, f, n)} float32 .npy (neuron × feature × rotation, docs/artifacts.md) ↔
 * N rows of length f·n, feature-major (index f·n + r), which is exactly C order of (N, f, n).
 *
 * @param rows      N × (f·n)
 * @param features  f
 * @param rotations n (1 for a plain core)
 */
public record EmbeddingArrays(double[][] rows, int features, int rotations) {

  /** Read {@code file}; a 2-D (N, d) array is taken as f = d, n = 1. */
  public static EmbeddingArrays read(Path file) throws IOException {
    NpyArray a = Npy.read(file);
    long[] s = a.shape();
    if (s.length != 3 && s.length != 2) {
      throw new IllegalArgumentException(file + ": expected an embedding array of shape (N, f, n) or (N, d), found "
          + a.shapeString());
    }
    long rows64 = s[0], dim64 = s[1] * (s.length == 3 ? s[2] : 1);
    if (rows64 == 0 || dim64 == 0) throw new IllegalArgumentException(file + ": empty embedding array " + a.shapeString());
    if (rows64 > Integer.MAX_VALUE || dim64 > Integer.MAX_VALUE || rows64 * dim64 > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(file + ": embedding array " + a.shapeString() + " is too large to hold in memory ("
          + rows64 + " x " + dim64 + " values; at most " + (Integer.MAX_VALUE - 8) + ")");
    }
    int n = (int) rows64, f = (int) s[1], r = s.length == 3 ? (int) s[2] : 1;
    double[] flat = a.toDoubleArray();
    int dim = f * r;
    double[][] rows = new double[n][dim];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * dim, rows[i], 0, dim);
      for (int j = 0; j < dim; j++) {
        if (!Double.isFinite(rows[i][j])) {
          throw new IllegalArgumentException(file + ": neuron " + i + " has a non-finite value at feature " + (j / r)
              + ", rotation " + (j % r));
        }
      }
    }
    return new EmbeddingArrays(rows, f, r);
  }

  /** Write as float32 (N, f, n). */
  public void write(Path file) throws IOException {
    int n = rows.length, dim = features * rotations;
    float[] flat = new float[n * dim];
    for (int i = 0; i < n; i++) for (int j = 0; j < dim; j++) flat[i * dim + j] = (float) rows[i][j];
    Npy.write(file, NpyArray.ofFloats(flat, n, features, rotations));
  }
}

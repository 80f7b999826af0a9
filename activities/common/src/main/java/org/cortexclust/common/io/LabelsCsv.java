package org.cortexclust.common.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code labels.csv} (docs/artifacts.md), written by the clustering and DEC stages and read by DEC and the report:
 * an {@code index} column (the neuron's row in {@code neurons.csv}) and one integer column per fit, named
 * {@code METHOD_K}; an empty cell means "no label" and reads as {@link #NO_LABEL}.
 */
public final class LabelsCsv {
  /** A missing label. */
  public static final int NO_LABEL = -1;

  private LabelsCsv() {}

  /**
   * @param index   the index column (row ids)
   * @param columns METHOD_K → one label per row, in column order
   */
  public static void write(Path file, long[] index, Map<String, int[]> columns) throws IOException {
    for (var e : columns.entrySet()) {
      if (e.getValue().length != index.length) {
        throw new IllegalArgumentException("labels.csv column " + e.getKey() + " has " + e.getValue().length + " labels for "
            + index.length + " rows");
      }
    }
    List<int[]> cols = List.copyOf(columns.values());
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("index");
      for (String c : columns.keySet()) w.write("," + c);
      w.write("\n");
      for (int i = 0; i < index.length; i++) {
        StringBuilder sb = new StringBuilder().append(index[i]);
        for (int[] c : cols) {
          sb.append(',');
          if (c[i] != NO_LABEL) sb.append(c[i]);
        }
        w.write(sb.append('\n').toString());
      }
    }
  }

  /** Rows indexed 0..n−1 in order. */
  public static void write(Path file, Map<String, int[]> columns) throws IOException {
    int n = columns.isEmpty() ? 0 : columns.values().iterator().next().length;
    long[] index = new long[n];
    for (int i = 0; i < n; i++) index[i] = i;
    write(file, index, columns);
  }

  /**
   * The METHOD_K columns, each placed by {@code index} into an array of {@code n} labels ({@link #NO_LABEL} where a
   * row is missing or its cell is empty); an index outside 0..n−1 is an error naming the row.
   */
  public static Map<String, int[]> read(Path file, int n) throws IOException {
    Csv.Table t = Csv.read(file);
    if (!t.has("index")) throw new IllegalArgumentException(t.source() + ": missing column 'index'; columns are " + t.header());
    Map<String, int[]> out = new LinkedHashMap<>();
    for (String c : t.header()) {
      if (c.equals("index")) continue;
      if (!c.matches(".+_\\d+")) {
        throw new IllegalArgumentException(t.source() + ": column '" + c + "' is not named METHOD_K (e.g. kmeans_10)");
      }
      int[] a = new int[n];
      Arrays.fill(a, NO_LABEL);
      out.put(c, a);
    }
    for (int r = 0; r < t.size(); r++) {
      int idx = t.integer(r, "index", -1);
      if (idx < 0 || idx >= n) {
        throw new IllegalArgumentException(t.source() + ": row " + (r + 2) + " has index " + idx + " outside 0.." + (n - 1)
            + " (the " + n + " neurons)");
      }
      for (var e : out.entrySet()) e.getValue()[idx] = t.integer(r, e.getKey(), NO_LABEL);
    }
    return out;
  }
}

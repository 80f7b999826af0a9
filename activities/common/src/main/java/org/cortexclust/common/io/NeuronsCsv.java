package org.cortexclust.common.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The embeddings' {@code neurons.csv} (docs/artifacts.md): written here for every stage that makes embeddings (the
 * embeddings stage, the import of a table made elsewhere), and the parts that stages other than the report read: the
 * {@code index} column (row ids, in embedding order) and, when present, the known types ({@code gt_type}, decoded by
 * {@link TrueTypes}).
 *
 * @param index row ids
 * @param truth known types, or null when the table has no {@code gt_type} column
 */
public record NeuronsCsv(long[] index, TrueTypes truth) {
  public NeuronsCsv {
    index = index.clone();
  }

  @Override
  public long[] index() {
    return index.clone();
  }

  /** The columns of the embeddings format, in order. */
  public static final List<String> COLUMNS =
      List.of("index", "mouse", "unit_id", "readout_x", "readout_y", "rho_st_val", "rho_st_test", "corr_to_avg");

  /** The two columns added when the types are known. */
  public static final List<String> TRUTH_COLUMNS = List.of("gt_type", "gt_orientation");

  /**
   * Write {@code rows} rows in the embeddings format: {@code row.apply(i)} gives row i's cells in {@link #COLUMNS}
   * order, then the {@link #TRUTH_COLUMNS} when {@code truth}; null is an empty cell, and a cell with a comma, quote or
   * line break is quoted.
   */
  public static void write(Path file, boolean truth, int rows, IntFunction<String[]> row) throws IOException {
    int width = COLUMNS.size() + (truth ? TRUTH_COLUMNS.size() : 0);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(String.join(",", COLUMNS));
      w.write(truth ? "," + String.join(",", TRUTH_COLUMNS) + "\n" : "\n");
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < rows; i++) {
        String[] cells = row.apply(i);
        if (cells.length != width) {
          throw new IllegalArgumentException(file + ": row " + i + " has " + cells.length + " cells, expected " + width);
        }
        sb.setLength(0);
        for (int c = 0; c < width; c++) {
          if (c > 0) sb.append(',');
          sb.append(Csv.quote(cells[c]));
        }
        w.write(sb.append('\n').toString());
      }
    }
  }

  /** Read and check that the table has one row per embedding row ({@code expectedRows}). */
  public static NeuronsCsv read(Path file, int expectedRows) throws IOException {
    Csv.Table t = Csv.read(file);
    if (!t.has("index")) throw new IllegalArgumentException(file + ": neurons.csv has no 'index' column; header is " + t.header());
    if (t.size() != expectedRows) {
      throw new IllegalArgumentException(file + ": neurons.csv has " + t.size() + " rows but the embeddings have " + expectedRows);
    }
    long[] idx = new long[t.size()];
    for (int i = 0; i < idx.length; i++) idx[i] = t.longValue(i, "index");
    return new NeuronsCsv(idx, t.has("gt_type") ? TrueTypes.decode(t.strings("gt_type")) : null);
  }

  /** The truth codes, or null when the table has none. */
  public int[] truthCodes() {
    return truth == null ? null : truth.codes();
  }
}

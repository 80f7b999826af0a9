package org.cortexclust.common.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The parts of {@code neurons.csv} (docs/artifacts.md) that stages other than the report read: the {@code index}
 * column (row ids, in embedding order) and, when present, the known types ({@code gt_type}, decoded by
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

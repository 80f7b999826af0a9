package org.cortexclust.training.embedding;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.cortexclust.common.io.NeuronsCsv;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;

/** Writes the embedding artifact files of docs/artifacts.md: {@code embeddings.npy} and {@code neurons.csv}. */
public final class EmbeddingFiles {
  private EmbeddingFiles() {}

  /** float32 (N, f, n). */
  public static void writeNpy(Path file, Embeddings e) throws IOException {
    Npy.write(file, NpyArray.ofFloats(e.values(), e.neurons().size(), e.features(), e.rotations()));
  }

  /**
   * {@code index,mouse,unit_id,readout_x,readout_y,rho_st_val,rho_st_test,corr_to_avg} (+ {@code gt_type,
   * gt_orientation} when ground truth is given; keys are mouse ids, arrays per neuron). Missing values are empty.
   */
  public static void writeCsv(Path file, Embeddings e, Map<String, String[]> gtType,
      Map<String, float[]> gtOrientation) throws IOException {
    boolean gt = gtType != null && !gtType.isEmpty();
    java.util.Map<String, Integer> offset = new java.util.HashMap<>();
    java.util.List<NeuronEmbedding> neurons = e.neurons();
    NeuronsCsv.write(file, gt, neurons.size(), i -> {
      NeuronEmbedding r = neurons.get(i);
      int local = r.index() - offset.computeIfAbsent(r.mouse(), k -> r.index());
      String[] cells = {Integer.toString(r.index()), r.mouse(), String.valueOf(r.unitId()), num(r.readoutX()),
          num(r.readoutY()), num(r.rhoStVal()), num(r.rhoStTest()), num(r.corrToAvg()), null, null};
      if (gt) {
        String[] t = gtType.get(r.mouse());
        float[] o = gtOrientation == null ? null : gtOrientation.get(r.mouse());
        cells[8] = t == null ? "" : t[local];
        cells[9] = o == null ? "" : num(o[local]);
        return cells;
      }
      return java.util.Arrays.copyOf(cells, 8);
    });
  }

  static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
  }
}

package org.cortexclust.evaluation.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cortexclust.evaluation.io.CsvTable;

/**
 * The joined per-neuron table {@code neurons.csv}: identity, performance, ground truth when known, alignment
 * rotation, one {@code METHOD_K} column per clustering result and the t-SNE coordinates — one row per neuron, so
 * users can join it with their own tables by (mouse, unit_id).
 */
public final class NeuronTable {
  private NeuronTable() {}

  public static List<String> header(ExperimentReport r) {
    List<String> h = new ArrayList<>(List.of("index", "mouse", "unit_id", "readout_x", "readout_y", "rho_st_val",
        "rho_st_test", "corr_to_avg"));
    if (r.hasGroundTruthTypes() || r.neurons().stream().anyMatch(n -> Double.isFinite(n.gtOrientation()))) {
      h.add("gt_type");
      h.add("gt_orientation_deg");
    }
    if (r.neurons().stream().anyMatch(n -> Double.isFinite(n.rotation()))) {
      h.add("rotation_deg");
    }
    h.addAll(r.labels().keySet());
    if (r.tsne() != null) {
      h.add("tsne_x");
      h.add("tsne_y");
    }
    return h;
  }

  public static List<List<String>> rows(ExperimentReport r) {
    List<String> h = header(r);
    boolean gt = h.contains("gt_type");
    boolean rot = h.contains("rotation_deg");
    List<List<String>> rows = new ArrayList<>(r.neurons().size());
    for (int i = 0; i < r.neurons().size(); i++) {
      NeuronRecord n = r.neurons().get(i);
      List<String> row = new ArrayList<>(h.size());
      row.add(String.valueOf(n.index()));
      row.add(n.mouse());
      row.add(n.unitId());
      row.add(CsvTable.cell(n.readoutX()));
      row.add(CsvTable.cell(n.readoutY()));
      row.add(CsvTable.cell(n.rhoStVal()));
      row.add(CsvTable.cell(n.rhoStTest()));
      row.add(CsvTable.cell(n.corrToAvg()));
      if (gt) {
        row.add(n.gtType() == null ? "" : n.gtType());
        row.add(CsvTable.cell(n.gtOrientation()));
      }
      if (rot) {
        row.add(CsvTable.cell(n.rotation()));
      }
      for (int[] l : r.labels().values()) {
        row.add(l[i] < 0 ? "" : String.valueOf(l[i]));
      }
      if (r.tsne() != null) {
        row.add(CsvTable.cell(r.tsne()[i][0]));
        row.add(CsvTable.cell(r.tsne()[i][1]));
      }
      rows.add(row);
    }
    return rows;
  }

  public static void write(Path file, ExperimentReport r) throws IOException {
    CsvTable.write(file, header(r), rows(r));
  }
}

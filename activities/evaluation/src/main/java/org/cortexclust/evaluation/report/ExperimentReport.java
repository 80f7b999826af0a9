package org.cortexclust.evaluation.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one experiment's report shows, engine- and storage-neutral: built from artifact files by the
 * adapter or from memory in tests.
 *
 * @param runId       the experiment id
 * @param title       a human title (config name), may be empty
 * @param config      flattened config (dotted key → value) to show and to aggregate sweeps by
 * @param lineage     input name → artifact id, so every figure can name its sources
 * @param neurons     one record per neuron, ordered by index
 * @param labels      METHOD_K → label per neuron (same order as {@code neurons}; −1 = unassigned)
 * @param history     training history (may be empty)
 * @param kSelection  k-selection curve points (may be empty)
 * @param tsne        N×2 t-SNE coordinates in neuron order, or null
 * @param decHistory  DEC fine-tuning history (may be empty)
 * @param dec         DEC before/after numbers, or null
 * @param timings     stage → seconds
 * @param aligned     N × d pre-DEC aligned embeddings (the space the clustering stage saw), or null
 * @param oracleRhoSt the simulator's noise ceiling of ρ_st over the trained mice (the embeddings stage's metric
 *                    {@code oracle_rho_st}): a truth-like bound that only simulated data has; NaN when unknown
 */
public record ExperimentReport(
    String runId,
    String title,
    Map<String, String> config,
    Map<String, String> lineage,
    List<NeuronRecord> neurons,
    Map<String, int[]> labels,
    List<EpochRecord> history,
    List<KSelectionRecord> kSelection,
    double[][] tsne,
    List<EpochRecord> decHistory,
    DecRecord dec,
    Map<String, Double> timings,
    double[][] aligned,
    double oracleRhoSt) {

  public ExperimentReport {
    title = title == null ? "" : title;
    config = config == null ? Map.of() : new TreeMap<>(config);
    lineage = lineage == null ? Map.of() : new TreeMap<>(lineage);
    neurons = List.copyOf(neurons);
    labels = labels == null ? Map.of() : new LinkedHashMap<>(labels);
    history = history == null ? List.of() : List.copyOf(history);
    kSelection = kSelection == null ? List.of() : List.copyOf(kSelection);
    decHistory = decHistory == null ? List.of() : List.copyOf(decHistory);
    timings = timings == null ? Map.of() : new LinkedHashMap<>(timings);
    for (var e : labels.entrySet()) {
      if (e.getValue().length != neurons.size()) {
        throw new IllegalArgumentException("labels column '" + e.getKey() + "' has " + e.getValue().length
            + " entries but there are " + neurons.size() + " neurons");
      }
    }
    if (aligned != null && aligned.length != neurons.size()) {
      throw new IllegalArgumentException("aligned embeddings have " + aligned.length + " rows but there are "
          + neurons.size() + " neurons");
    }
    if (tsne != null && tsne.length != neurons.size()) {
      throw new IllegalArgumentException("t-SNE has " + tsne.length + " rows but there are " + neurons.size() + " neurons");
    }
  }

  /** Without the noise ceiling (real data). */
  public ExperimentReport(String runId, String title, Map<String, String> config, Map<String, String> lineage,
      List<NeuronRecord> neurons, Map<String, int[]> labels, List<EpochRecord> history, List<KSelectionRecord> kSelection,
      double[][] tsne, List<EpochRecord> decHistory, DecRecord dec, Map<String, Double> timings, double[][] aligned) {
    this(runId, title, config, lineage, neurons, labels, history, kSelection, tsne, decHistory, dec, timings, aligned,
        Double.NaN);
  }

  /** Without embeddings. */
  public ExperimentReport(String runId, String title, Map<String, String> config, Map<String, String> lineage,
      List<NeuronRecord> neurons, Map<String, int[]> labels, List<EpochRecord> history, List<KSelectionRecord> kSelection,
      double[][] tsne, List<EpochRecord> decHistory, DecRecord dec, Map<String, Double> timings) {
    this(runId, title, config, lineage, neurons, labels, history, kSelection, tsne, decHistory, dec, timings, null);
  }

  /** {@code rhoSt} over {@link #oracleRhoSt()}; NaN when the ceiling is unknown (real data). */
  public double overOracle(double rhoSt) {
    return oracleRhoSt > 0 ? rhoSt / oracleRhoSt : Double.NaN;
  }

  /** Method part of a {@code METHOD_K} column name ({@code kmeans_10} → {@code kmeans}). */
  public static String methodOf(String column) {
    int u = column.lastIndexOf('_');
    return u > 0 ? column.substring(0, u) : column;
  }

  /** K part of a {@code METHOD_K} column name, or −1 when it has none. */
  public static int kOf(String column) {
    int u = column.lastIndexOf('_');
    try {
      return u > 0 ? Integer.parseInt(column.substring(u + 1)) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public boolean hasGroundTruthTypes() {
    return neurons.stream().anyMatch(n -> n.gtType() != null && !n.gtType().isEmpty());
  }

  /** One column of the neuron table by name: rho_st_val, rho_st_test, corr_to_avg. */
  public double[] performance(String metric) {
    double[] v = new double[neurons.size()];
    for (int i = 0; i < v.length; i++) {
      NeuronRecord n = neurons.get(i);
      v[i] = switch (metric) {
        case "rho_st_val" -> n.rhoStVal();
        case "rho_st_test" -> n.rhoStTest();
        case "corr_to_avg" -> n.corrToAvg();
        default -> throw new IllegalArgumentException(
            "unknown performance metric '" + metric + "'; expected rho_st_val, rho_st_test or corr_to_avg");
      };
    }
    return v;
  }

  public List<String> mice() {
    List<String> m = new ArrayList<>();
    for (NeuronRecord n : neurons) {
      if (!m.contains(n.mouse())) {
        m.add(n.mouse());
      }
    }
    return m;
  }
}

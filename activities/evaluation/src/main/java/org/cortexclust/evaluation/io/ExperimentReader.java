package org.cortexclust.evaluation.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexclust.common.io.Csv;
import org.cortexclust.common.io.LabelsCsv;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.io.Shifts;
import org.cortexclust.evaluation.report.DecRecord;
import org.cortexclust.evaluation.report.EpochRecord;
import org.cortexclust.evaluation.report.ExperimentReport;
import org.cortexclust.evaluation.report.KSelectionRecord;
import org.cortexclust.evaluation.report.NeuronRecord;

/**
 * Builds an {@link ExperimentReport} from the files the earlier stages publish (docs/artifacts.md). Every input
 * except the neuron table is optional; what is missing is simply not shown.
 */
public final class ExperimentReader {
  /** Access to input artifacts' files; empty when the input or the file does not exist. */
  @FunctionalInterface
  public interface InputFiles {
    Optional<Path> file(String input, String fileName) throws IOException;
  }

  /**
   * Extra facts the reader cannot get from files.
   *
   * @param rhoStBeforeDec  mean ρ_st of the model before DEC on the {@code decRhoTier} trials (NaN = take the neuron
   *                        table's mean test ρ_st)
   * @param rhoStAfterDec   mean ρ_st after DEC (NaN = unknown; then no DEC trade-off is shown)
   * @param decLambda       DEC loss weight λ (NaN = unknown)
   * @param silhouetteSample neurons scored for the before/after silhouettes
   * @param decRhoTier      {@link DecRecord#TEST} or {@link DecRecord#VALIDATION}
   * @param rhoStValChange  validation ρ_st after − before DEC (NaN = unknown)
   * @param normalise       the alignment stage L2-normalised each neuron (alignment.normalise), so the post-DEC
   *                        embeddings are normalised the same way before they are compared
   * @param oracleRhoSt     the simulator's noise ceiling of ρ_st (embeddings metric {@code oracle_rho_st}; NaN =
   *                        unknown, as for real data)
   */
  public record Facts(double rhoStBeforeDec, double rhoStAfterDec, double decLambda, int silhouetteSample, String decRhoTier,
      double rhoStValChange, boolean normalise, double oracleRhoSt) {
    /** Without a noise ceiling. */
    public Facts(double rhoStBeforeDec, double rhoStAfterDec, double decLambda, int silhouetteSample, String decRhoTier,
        double rhoStValChange, boolean normalise) {
      this(rhoStBeforeDec, rhoStAfterDec, decLambda, silhouetteSample, decRhoTier, rhoStValChange, normalise, Double.NaN);
    }

    /** Before/after on the test tier. */
    public Facts(double rhoStBeforeDec, double rhoStAfterDec, double decLambda, int silhouetteSample) {
      this(rhoStBeforeDec, rhoStAfterDec, decLambda, silhouetteSample, DecRecord.TEST);
    }

    public Facts(double rhoStBeforeDec, double rhoStAfterDec, double decLambda, int silhouetteSample, String decRhoTier) {
      this(rhoStBeforeDec, rhoStAfterDec, decLambda, silhouetteSample, decRhoTier, Double.NaN, true);
    }
  }

  private ExperimentReader() {}

  public static ExperimentReport read(String runId, String title, Map<String, String> config,
      Map<String, String> lineage, Map<String, Double> timings, InputFiles in, Facts facts, long seed)
      throws IOException {
    Path neuronsCsv = in.file("embeddings", "neurons.csv").orElseThrow(() -> new IllegalArgumentException(
        "evaluation needs the embeddings artifact's neurons.csv (docs/artifacts.md) but it is missing"));
    List<NeuronRecord> neurons = orientationInDegrees(readNeurons(CsvTable.read(neuronsCsv)));
    Optional<Path> gt = in.file("dataset", "groundtruth.csv");
    if (gt.isPresent() && neurons.stream().noneMatch(n -> n.gtType() != null)) {
      neurons = orientationInDegrees(joinGroundTruth(neurons, CsvTable.read(gt.get())));
    }
    int n = neurons.size();
    Optional<Path> shifts = in.file("aligned", "shifts.npy");
    Optional<Path> emb = in.file("embeddings", "embeddings.npy");
    if (shifts.isPresent() && emb.isPresent()) {
      int[] s = Shifts.read(shifts.get(), n);
      long[] shape = Npy.map(emb.get()).shape();
      if (shape.length != 3) {
        throw new IllegalArgumentException(emb.get() + ": expected embeddings of shape (N, f, n), found "
            + Npy.shapeTuple(shape));
      }
      double step = 360.0 / shape[2];
      List<NeuronRecord> rotated = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        rotated.add(neurons.get(i).withRotation(shape[2] > 1 ? s[i] * step : Double.NaN));
      }
      neurons = rotated;
    }
    Optional<Path> alignedFile = in.file("aligned", "aligned.npy");
    double[][] aligned = alignedFile.isPresent() ? rows(alignedFile.get(), n) : null;
    int[] shiftOf = null;
    if (shifts.isPresent()) {
      NpyArray s = Npy.read(shifts.get());
      shiftOf = new int[n];
      for (int i = 0; i < n && i < s.size(); i++) {
        shiftOf[i] = (int) s.getLong(i);
      }
    }
    Map<String, int[]> labels = new LinkedHashMap<>();
    Optional<Path> cl = in.file("clustering", "labels.csv");
    if (cl.isPresent()) {
      labels.putAll(LabelsCsv.read(cl.get(), n));
    }
    Optional<Path> dl = in.file("dec", "labels.csv");
    if (dl.isPresent()) {
      labels.putAll(LabelsCsv.read(dl.get(), n));
    }
    List<EpochRecord> history = readHistory(in.file("model", "history.csv"));
    List<EpochRecord> decHistory = readHistory(in.file("dec", "history.csv"));
    List<KSelectionRecord> ks = new ArrayList<>();
    Optional<Path> kf = in.file("clustering", "kselection.csv");
    if (kf.isPresent()) {
      CsvTable t = CsvTable.read(kf.get());
      for (int r = 0; r < t.size(); r++) {
        ks.add(new KSelectionRecord(t.string(r, "method"), t.integer(r, "k", -1), t.string(r, "metric"),
            t.number(r, "value")));
      }
    }
    double[][] tsne = null;
    Optional<Path> tf = in.file("clustering", "tsne.npy");
    if (tf.isPresent()) {
      NpyArray a = Npy.read(tf.get());
      if (a.ndim() != 2 || a.shape()[1] != 2) {
        throw new IllegalArgumentException(tf.get() + ": expected t-SNE of shape (N, 2), found " + a.shapeString());
      }
      checkRows(tf.get(), a.shape()[0], n);
      tsne = new double[n][2];
      for (int i = 0; i < n; i++) {
        tsne[i][0] = a.getDouble(2L * i);
        tsne[i][1] = a.getDouble(2L * i + 1);
      }
    }
    DecRecord dec = null;
    String decColumn = labels.keySet().stream().filter(c -> c.startsWith("dec_")).findFirst().orElse(null);
    if (decColumn != null) {
      dec = decRecord(in, decColumn, labels, neurons, facts, shiftOf);
    }
    return new ExperimentReport(runId, title, config, lineage, neurons, labels, history, ks, tsne, decHistory, dec,
        timings, aligned, facts.oracleRhoSt());
  }

  /**
   * The data module stores simulated preferred orientations in radians (PreparedMouse.GroundTruth); the report works
   * in degrees. Values all within [−2π, 2π] are taken as radians (a population of degrees would span far more).
   */
  static List<NeuronRecord> orientationInDegrees(List<NeuronRecord> neurons) {
    double max = neurons.stream().mapToDouble(NeuronRecord::gtOrientation).filter(Double::isFinite)
        .map(Math::abs).max().orElse(Double.NaN);
    if (!(max <= 2 * Math.PI + 1e-6)) {
      return neurons;
    }
    return neurons.stream().map(n -> new NeuronRecord(n.index(), n.mouse(), n.unitId(), n.readoutX(), n.readoutY(),
        n.rhoStVal(), n.rhoStTest(), n.corrToAvg(), n.gtType(), Math.toDegrees(n.gtOrientation()), n.rotation()))
        .toList();
  }

  private static void checkRows(Path file, long rows, int neurons) {
    if (rows != neurons) {
      throw new IllegalArgumentException(file + ": " + rows + " rows but neurons.csv has " + neurons + " neurons");
    }
  }

  static List<NeuronRecord> readNeurons(CsvTable t) {
    for (String c : List.of("index", "mouse", "unit_id")) {
      if (!t.has(c)) {
        throw new IllegalArgumentException(t.source() + ": missing column '" + c + "'; columns are " + t.header());
      }
    }
    List<NeuronRecord> out = new ArrayList<>(t.size());
    for (int r = 0; r < t.size(); r++) {
      int index = t.integer(r, "index", -1);
      if (index != r) {
        throw new IllegalArgumentException(t.source() + ": row " + (r + 2) + " has index " + index
            + ", expected " + r + " (rows must follow the embedding order)");
      }
      String gtType = t.has("gt_type") ? t.string(r, "gt_type") : "";
      out.add(new NeuronRecord(index, t.string(r, "mouse"), t.string(r, "unit_id"), opt(t, r, "readout_x"),
          opt(t, r, "readout_y"), opt(t, r, "rho_st_val"), opt(t, r, "rho_st_test"), opt(t, r, "corr_to_avg"),
          gtType.isEmpty() ? null : gtType, opt(t, r, "gt_orientation"), Double.NaN));
    }
    return out;
  }

  private static double opt(CsvTable t, int r, String c) {
    return t.has(c) ? t.number(r, c) : Double.NaN;
  }

  /** Join ground truth by {@code index} when present, else by (mouse, unit_id). */
  static List<NeuronRecord> joinGroundTruth(List<NeuronRecord> neurons, CsvTable t) {
    String typeCol = t.has("gt_type") ? "gt_type" : t.has("type") ? "type" : null;
    if (typeCol == null) {
      throw new IllegalArgumentException(t.source() + ": expected a 'gt_type' (or 'type') column; columns are "
          + t.header());
    }
    String oriCol = t.has("gt_orientation") ? "gt_orientation" : t.has("orientation") ? "orientation" : null;
    Map<String, Integer> rowOf = new HashMap<>();
    boolean byIndex = t.has("index");
    if (!byIndex && !(t.has("mouse") && t.has("unit_id"))) {
      throw new IllegalArgumentException(t.source() + ": needs 'index' or 'mouse' and 'unit_id' to join neurons");
    }
    for (int r = 0; r < t.size(); r++) {
      rowOf.put(byIndex ? t.string(r, "index") : t.string(r, "mouse") + "\u0000" + t.string(r, "unit_id"), r);
    }
    List<NeuronRecord> out = new ArrayList<>(neurons.size());
    for (NeuronRecord n : neurons) {
      Integer r = rowOf.get(byIndex ? String.valueOf(n.index()) : n.mouse() + "\u0000" + n.unitId());
      String type = r == null ? "" : t.string(r, typeCol);
      out.add(new NeuronRecord(n.index(), n.mouse(), n.unitId(), n.readoutX(), n.readoutY(), n.rhoStVal(),
          n.rhoStTest(), n.corrToAvg(), type.isEmpty() ? null : type,
          r == null || oriCol == null ? Double.NaN : t.number(r, oriCol), n.rotation()));
    }
    return out;
  }

  static List<EpochRecord> readHistory(Optional<Path> file) throws IOException {
    if (file.isEmpty()) {
      return List.of();
    }
    CsvTable t = CsvTable.read(file.get());
    // training and joint DEC count epochs; embeddings-only DEC counts optimiser steps
    String x = t.has("epoch") ? "epoch" : t.has("step") ? "step" : null;
    List<EpochRecord> out = new ArrayList<>();
    for (int r = 0; r < t.size(); r++) {
      out.add(new EpochRecord(x == null ? r + 1 : t.integer(r, x, r + 1), opt(t, r, "loss"), opt(t, r, "rho_st_val"),
          opt(t, r, "lr"), opt(t, r, "seconds")));
    }
    return out;
  }

  /**
   * DEC before/after: ρ_st from the facts, and the post-DEC embeddings in the alignment stage's frame (rolled by the
   * same shifts, normalised the same way) so that the analysis can score both labelings in both spaces.
   */
  static DecRecord decRecord(InputFiles in, String decColumn, Map<String, int[]> labels, List<NeuronRecord> neurons,
      Facts facts, int[] shifts) throws IOException {
    int k = ExperimentReport.kOf(decColumn);
    String base = labels.containsKey("kmeans_" + k) ? "kmeans_" + k : null;
    double[][] decAligned = null;
    Optional<Path> decEmb = in.file("dec", "embeddings.npy");
    if (decEmb.isPresent()) {
      long[] shape = Npy.map(decEmb.get()).shape();
      decAligned = rows(decEmb.get(), neurons.size());
      if (shape.length == 3) {
        int f = (int) shape[1];
        int r = (int) shape[2];
        for (int i = 0; i < decAligned.length; i++) {
          double[] w = decAligned[i];
          if (shifts != null && r > 1) {
            w = roll(w, f, r, shifts[i]);
          }
          if (facts.normalise()) {
            double ss = 0;
            for (double v : w) {
              ss += v * v;
            }
            double norm = Math.sqrt(ss);
            if (norm > 0) {
              for (int j = 0; j < w.length; j++) {
                w[j] /= norm;
              }
            }
          }
          decAligned[i] = w;
        }
      }
    }
    double rhoBefore = facts.rhoStBeforeDec();
    if (Double.isNaN(rhoBefore) && DecRecord.TEST.equals(facts.decRhoTier())) {
      rhoBefore = neurons.stream().mapToDouble(NeuronRecord::rhoStTest).filter(Double::isFinite).average().orElse(Double.NaN);
    }
    double[] after = null;
    Optional<Path> rho = in.file("dec", "rho_st.csv");
    if (rho.isPresent()) {
      after = perNeuron(Csv.read(rho.get()), "rho_st_test", neurons.size());
    }
    return new DecRecord(facts.decLambda(), base, decColumn, rhoBefore, facts.rhoStAfterDec(), Map.of(), Map.of(),
        facts.decRhoTier(), facts.rhoStValChange(), decAligned, after);
  }

  /**
   * A number column of a per-neuron table ({@code index} = the neuron's row in the report), placed by index into
   * {@code n} values (NaN where a row is missing or its cell is empty).
   */
  public static double[] perNeuron(Csv.Table t, String column, int n) throws IOException {
    if (!t.has("index") || !t.has(column)) {
      throw new IOException(t.source() + ": expected columns index and " + column + ", found " + t.header());
    }
    double[] out = new double[n];
    Arrays.fill(out, Double.NaN);
    for (int r = 0; r < t.size(); r++) {
      long i = t.longValue(r, "index");
      if (i < 0 || i >= n) {
        throw new IOException(t.source() + ": line " + (r + 2) + " has index " + i + ", expected 0.." + (n - 1));
      }
      out[(int) i] = t.number(r, column);
    }
    return out;
  }

  /** numpy roll along the rotation axis of a feature-major f × n row (as the alignment stage applies its shifts). */
  static double[] roll(double[] w, int f, int n, int s) {
    double[] out = new double[w.length];
    int t = Math.floorMod(s, n);
    for (int a = 0; a < f; a++) {
      for (int r = 0; r < n; r++) {
        out[a * n + (r + t) % n] = w[a * n + r];
      }
    }
    return out;
  }

  /** An (N, ...) array as N rows of doubles. */
  static double[][] rows(Path file, int neurons) throws IOException {
    NpyArray a = Npy.read(file);
    int n = (int) a.shape()[0];
    checkRows(file, n, neurons);
    int d = (int) (a.size() / Math.max(1, n));
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = a.getDouble((long) i * d + j);
      }
    }
    return x;
  }
}

package org.cortexclust.evaluation.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cortexclust.evaluation.io.CsvTable;
import org.cortexclust.evaluation.report.ExperimentSummary;

/**
 * One row per experiment of a sweep: config keys (prefix {@code config.}), headline performance, the primary
 * clustering's statistics, best k per method and truth-free metric, DEC deltas with the same-space intervals, the
 * structure index, timings, and — apart, under the prefix {@code truth.} — every score that needs the ground truth.
 */
public final class SweepTable {
  private SweepTable() {}

  /** Config keys whose value differs between experiments (excluding the free-text {@code name}). */
  public static List<String> variedKeys(List<ExperimentSummary> s) {
    Map<String, Set<String>> values = new TreeMap<>();
    Set<String> all = new TreeSet<>();
    s.forEach(x -> all.addAll(x.config().keySet()));
    for (String k : all) {
      for (ExperimentSummary x : s) {
        values.computeIfAbsent(k, y -> new TreeSet<>()).add(String.valueOf(x.config().get(k)));
      }
    }
    List<String> out = new ArrayList<>();
    values.forEach((k, v) -> {
      if (v.size() > 1 && !k.equals("name")) {
        out.add(k);
      }
    });
    return out;
  }

  /** Column names: metric columns are fixed; best-k and DEC-gain columns follow what the sweep contains. */
  public static List<String> header(List<ExperimentSummary> s) {
    List<String> h = new ArrayList<>(List.of("run_id", "name"));
    TreeSet<String> keys = new TreeSet<>();
    s.forEach(x -> keys.addAll(x.config().keySet()));
    keys.remove("name");
    keys.forEach(k -> h.add("config." + k));
    h.addAll(List.of("neurons", "mice", "rho_st_val", "rho_st_test", "training_epochs", "corr_to_avg", "primary", "primary_k",
        "primary_kw_h", "primary_kw_p", "primary_kw_epsilon2", "primary_mi_bits", "primary_mi_corrected_bits",
        "structure_index", "structure_lo", "structure_hi"));
    h.addAll(bestKColumns(s));
    // dec_rho_tier: which trials the DEC ρ_st columns score (test; validation when the data has no test responses)
    h.addAll(List.of("dec_lambda", "dec_rho_tier", "dec_rho_st_before", "dec_rho_st_after", "dec_rho_st_change",
        "dec_rho_st_val_change", "dec_verdict", "dec_changed_fraction", "dec_agreement_ari"));
    h.addAll(decGainColumns(s));
    h.addAll(List.of("seconds_training", "seconds_total"));
    h.addAll(truthColumns(s));
    return h;
  }

  /** The ground-truth columns (checks on simulated data, never criteria), after every other column. */
  static List<String> truthColumns(List<ExperimentSummary> s) {
    TreeSet<String> c = new TreeSet<>();
    for (ExperimentSummary x : s) {
      if (x.oracleRhoSt() != null) {
        c.addAll(List.of("truth.oracle_rho_st", "truth.rho_st_test_over_oracle"));
      }
      if (x.truth() != null) {
        c.add("truth.primary_ari");
        x.truth().bestK().forEach(b -> c.add("truth.best_k." + b.method() + "." + b.metric()));
        if (x.truth().decAriChange() != null) {
          c.addAll(List.of("truth.dec_ari_before", "truth.dec_ari_after", "truth.dec_ari_change",
              "truth.dec_ari_change_lo", "truth.dec_ari_change_hi"));
        }
      }
    }
    return new ArrayList<>(c);
  }

  static List<String> bestKColumns(List<ExperimentSummary> s) {
    TreeSet<String> c = new TreeSet<>();
    s.forEach(x -> x.bestK().forEach(b -> c.add("best_k." + b.method() + "." + b.metric())));
    return new ArrayList<>(c);
  }

  static List<String> decGainColumns(List<ExperimentSummary> s) {
    TreeSet<String> c = new TreeSet<>();
    s.forEach(x -> {
      if (x.dec() != null) {
        x.dec().qualityGain().keySet().forEach(k -> c.add("dec_gain." + k));
        if (x.dec().gainIntervals() != null) {
          x.dec().gainIntervals().keySet().forEach(k -> {
            c.add("dec_gain." + k + "_lo");
            c.add("dec_gain." + k + "_hi");
          });
        }
      }
    });
    return new ArrayList<>(c);
  }

  /** The cell values of one experiment, keyed by column name. */
  public static Map<String, String> row(ExperimentSummary x) {
    Map<String, String> r = new TreeMap<>();
    r.put("run_id", x.runId());
    r.put("name", x.title());
    x.config().forEach((k, v) -> r.put("config." + k, v));
    r.put("neurons", String.valueOf(x.neurons()));
    r.put("mice", String.valueOf(x.mice()));
    r.put("rho_st_val", cell(x.rhoStVal()));
    r.put("rho_st_test", cell(x.rhoStTest()));
    r.put("training_epochs", x.trainingEpochs() == null ? "" : String.valueOf(x.trainingEpochs()));
    r.put("corr_to_avg", cell(x.corrToAvg()));
    ExperimentSummary.Clustering p = x.primary() == null ? null : x.clustering(x.primary());
    if (p != null) {
      r.put("primary", p.column());
      r.put("primary_k", String.valueOf(p.k()));
      r.put("primary_kw_h", cell(p.kruskalH()));
      r.put("primary_kw_p", cell(p.kruskalP()));
      r.put("primary_kw_epsilon2", cell(p.epsilonSquared()));
      r.put("primary_mi_bits", cell(p.miBits()));
      r.put("primary_mi_corrected_bits", cell(p.miCorrectedBits()));
      if (x.truth() != null && x.truth().clusterings().get(p.column()) != null) {
        r.put("truth.primary_ari", cell(x.truth().clusterings().get(p.column()).get("ARI")));
      }
    }
    if (x.structure() != null) {
      r.put("structure_index", cell(x.structure().estimate()));
      r.put("structure_lo", cell(x.structure().lo()));
      r.put("structure_hi", cell(x.structure().hi()));
    }
    if (x.oracleRhoSt() != null) {
      r.put("truth.oracle_rho_st", cell(x.oracleRhoSt()));
      r.put("truth.rho_st_test_over_oracle", cell(x.rhoStTestOverOracle()));
    }
    if (x.truth() != null) {
      x.truth().bestK().forEach(b -> r.put("truth.best_k." + b.method() + "." + b.metric(), String.valueOf(b.k())));
      if (x.truth().decAriChange() != null) {
        r.put("truth.dec_ari_before", cell(x.truth().decAriBefore()));
        r.put("truth.dec_ari_after", cell(x.truth().decAriAfter()));
        r.put("truth.dec_ari_change", cell(x.truth().decAriChange().estimate()));
        r.put("truth.dec_ari_change_lo", cell(x.truth().decAriChange().lo()));
        r.put("truth.dec_ari_change_hi", cell(x.truth().decAriChange().hi()));
      }
    }
    x.bestK().forEach(b -> r.put("best_k." + b.method() + "." + b.metric(), String.valueOf(b.k())));
    if (x.dec() != null) {
      r.put("dec_lambda", cell(x.dec().lambda()));
      r.put("dec_rho_tier", x.dec().rhoTier() == null ? "" : x.dec().rhoTier());
      r.put("dec_rho_st_before", cell(x.dec().rhoStBefore()));
      r.put("dec_rho_st_after", cell(x.dec().rhoStAfter()));
      r.put("dec_rho_st_change", cell(x.dec().rhoStChange()));
      x.dec().qualityGain().forEach((k, v) -> r.put("dec_gain." + k, cell(v)));
      r.put("dec_rho_st_val_change", cell(x.dec().rhoStValChange()));
      r.put("dec_verdict", x.dec().verdict() == null ? "" : x.dec().verdict());
      r.put("dec_changed_fraction", cell(x.dec().changedFraction()));
      r.put("dec_agreement_ari", x.dec().agreementAri() == null ? "" : cell(x.dec().agreementAri().estimate()));
      if (x.dec().gainIntervals() != null) {
        x.dec().gainIntervals().forEach((k, v) -> {
          r.put("dec_gain." + k + "_lo", cell(v.lo()));
          r.put("dec_gain." + k + "_hi", cell(v.hi()));
        });
      }
    }
    double total = x.timings().values().stream().mapToDouble(Double::doubleValue).sum();
    r.put("seconds_total", x.timings().isEmpty() ? "" : CsvTable.cell(total));
    r.put("seconds_training", cell(x.timings().get("training")));
    return r;
  }

  static String cell(Double v) {
    return v == null ? "" : CsvTable.cell(v);
  }

  public static List<List<String>> rows(List<ExperimentSummary> s) {
    List<String> h = header(s);
    List<List<String>> out = new ArrayList<>();
    for (ExperimentSummary x : s) {
      Map<String, String> r = row(x);
      List<String> cells = new ArrayList<>(h.size());
      for (String c : h) {
        cells.add(r.getOrDefault(c, ""));
      }
      out.add(cells);
    }
    return out;
  }

  public static void write(Path file, List<ExperimentSummary> s) throws IOException {
    CsvTable.write(file, header(s), rows(s));
  }
}

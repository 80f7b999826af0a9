package org.cortexclust.worker.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cortexclust.clustering.method.ClusteringMethods;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.LoadedConfig;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.worker.CortexRuntime;
import org.cortexclust.worker.ExperimentLauncher;
import org.cortexclust.worker.RunRecord;
import org.cortexclust.workflows.contract.StagePolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Bring your own embeddings: alignment, clustering baselines, k selection, embeddings-only DEC and the report on a "
        + "table made elsewhere (no training). Same store, lineage, memoisation and resume as a full run.")
public final class ClusterCommand implements Callable<Integer> {
  /** The clustering baselines: the registry's names. */
  static final List<String> BASELINES = ClusteringMethods.builtIn().names();

  @Parameters(index = "0", paramLabel = "EMBEDDINGS", description = ".npy (N x d, or N x f x n), .csv/.tsv (one row per neuron) or .npz")
  Path embeddings;

  @Option(names = "--meta", paramLabel = "TABLE", description = "CSV/TSV with mouse, unit_id, rho_st, x, y, known labels (label/type), "
      + "orientation; joined by id (unit_id/id column in both) or by row")
  Path meta;

  @Option(names = "--rotations", defaultValue = "1", description = "n: the rotation axis length (d must be divisible by n); default ${DEFAULT-VALUE}")
  int rotations;

  @Option(names = "--methods", split = ",", defaultValue = "kmeans,gmm,spectral,sec,ldmgi",
      description = "Any of ${COMPLETION-CANDIDATES}, dec, december (default: ${DEFAULT-VALUE})", completionCandidates = Baselines.class)
  List<String> methods = new ArrayList<>();

  @Option(names = "--covariance", paramLabel = "diag|full",
      description = "Covariance of gmm's components: diag (our default) or full (scikit-learn's default); same as --set clustering.gmm_covariance")
  String covariance;

  @Option(names = "--k", split = ",", defaultValue = "auto", description = "Numbers of clusters, e.g. 5,10,20,30, or auto (default)")
  List<String> ks = new ArrayList<>();

  @Option(names = "--dec-k", description = "K of DEC (default: the largest --k, or 10 with auto)")
  Integer decK;

  @Option(names = "--id-column", description = "Neuron id column of a CSV table and of --meta (default: detect unit_id or id)")
  String idColumn;

  @Option(names = "--array", description = "Array name inside an .npz (default: 'embeddings' or the only array)")
  String array;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override any other config key")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", description = "Also copy the results here (neurons.csv, labels.csv, kselection.csv, clustering.json, centres.npz, "
      + "soft.npz, tsne.npy, report.html, summary.json)")
  Path out;

  @Mixin LaunchOptions launch;

  /** The baselines for --help. */
  static final class Baselines implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return BASELINES.iterator();
    }
  }

  @Override
  public Integer call() throws Exception {
    StagePolicy policy = launch.policyOrExplain();
    if (policy == null) {
      return 2;
    }
    LoadedConfig cfg;
    try {
      cfg = config();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    try (CortexRuntime rt = launch.open(1)) {
      RunRecord rec = ExperimentLauncher.runAndFollow(rt, cfg, policy, System.out, !launch.json);
      Map<String, Object> extra = LaunchOptions.none();
      String taken = importSummary(rt.store, rec);
      if (taken != null) {
        extra.put("features", taken); // what was taken as features (and a pandas index column left out)
      }
      if (out != null && rec.status().equals("success")) {
        Map<String, String> files = new LinkedHashMap<>();
        copyResults(rt.store, rec, out).forEach((k, v) -> files.put(k, v.toString()));
        extra.put("files", files);
      }
      return launch.finish(rt, rec, "clustered", extra);
    }
  }

  LoadedConfig config() throws Exception {
    Path file = embeddings.toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(embeddings + ": no such file");
    }
    List<String> baselines = new ArrayList<>();
    String dec = null;
    for (String m : methods) {
      String x = m.trim().toLowerCase();
      if (BASELINES.contains(x)) {
        baselines.add(x);
      } else if (x.equals("dec") || x.equals("december")) {
        if (dec != null && !dec.equals(x)) {
          throw new IllegalArgumentException("--methods: choose one of dec and december per run (got both)");
        }
        dec = x;
      } else {
        throw new IllegalArgumentException("--methods: unknown method '" + m + "'; known: " + BASELINES + ", dec, december");
      }
    }
    if (baselines.isEmpty()) {
      baselines.add("kmeans"); // DEC is initialised from k-means
    }
    List<Integer> kList = new ArrayList<>();
    if (ks.size() == 1 && ks.get(0).equalsIgnoreCase("auto")) {
      kList.addAll(List.of(2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30));
    } else {
      for (String k : ks) {
        try {
          kList.add(Integer.parseInt(k.trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--k: expected numbers like 5,10,20 or 'auto', got '" + k + "'");
        }
      }
    }
    List<String> o = new ArrayList<>();
    o.add("name=cluster " + file.getFileName());
    o.add("seed=" + seed);
    o.add("embeddings_source.path=" + yamlString(file.toString()));
    o.add("embeddings_source.sha256=" + ArtifactStore.sha256(file));
    o.add("embeddings_source.rotations=" + rotations);
    if (meta != null) {
      Path m = meta.toAbsolutePath().normalize();
      if (!Files.isRegularFile(m)) {
        throw new IllegalArgumentException("--meta " + meta + ": no such file");
      }
      o.add("embeddings_source.meta=" + yamlString(m.toString()));
      o.add("embeddings_source.meta_sha256=" + ArtifactStore.sha256(m));
    }
    if (idColumn != null) {
      o.add("embeddings_source.id_column=" + yamlString(idColumn));
    }
    if (array != null) {
      o.add("embeddings_source.array=" + yamlString(array));
    }
    o.add("clustering.methods=[" + String.join(", ", baselines) + "]");
    o.add("clustering.ks=" + kList);
    if (covariance != null) {
      String cov = covariance.trim().toLowerCase(java.util.Locale.ROOT);
      if (!List.of("diag", "full").contains(cov)) {
        throw new IllegalArgumentException("--covariance: expected diag or full, got '" + covariance + "'");
      }
      o.add("clustering.gmm_covariance=" + cov);
    }
    o.add("dec.enabled=" + (dec != null));
    if (dec != null) {
      o.add("dec.mode=embeddings_only");
      o.add("dec.method=" + dec);
      o.add("dec.k=" + (decK != null ? decK : ks.size() == 1 && ks.get(0).equalsIgnoreCase("auto") ? 10 : kList.stream().max(Integer::compare).get()));
    }
    o.addAll(overrides);
    return ConfigLoader.parse("cortexclust cluster", "{}", o);
  }

  private static String yamlString(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** The import stage's one-line account of what it took from the table (import.json), or null. */
  static String importSummary(ArtifactStore store, RunRecord rec) {
    String id = rec.artifacts().get("import");
    if (id == null) {
      return null;
    }
    try {
      StageManifest m = store.manifest(id);
      if (!m.outputs().containsKey("import.json")) {
        return null;
      }
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(store.localCopy(m.outputs().get("import.json")).toFile())
          .path("summary").asText(null);
    } catch (Exception e) {
      return null; // an older import artifact: nothing to say
    }
  }

  /** Copy the user-facing results of a run out of the store. */
  static Map<String, Path> copyResults(ArtifactStore store, RunRecord rec, Path dir) throws Exception {
    Files.createDirectories(dir);
    Map<String, Path> done = new LinkedHashMap<>();
    for (String stage : List.of("import", "clustering", "dec", "evaluation")) {
      String id = rec.artifacts().get(stage);
      if (id == null) {
        continue;
      }
      StageManifest m = store.manifest(id);
      for (var e : m.outputs().entrySet()) {
        String name = stage.equals("dec") ? "dec-" + e.getKey() : e.getKey();
        if (!name.matches("neurons\\.csv|labels\\.csv|kselection\\.csv|clustering\\.json|centres\\.npz|soft\\.npz|tsne\\.npy|umap\\.npy"
            + "|import\\.json|report\\.html|summary\\.json|dec-labels\\.csv")) {
          continue;
        }
        Path dest = dir.resolve(name);
        Files.copy(store.localCopy(e.getValue()), dest, StandardCopyOption.REPLACE_EXISTING);
        done.put(name, dest);
      }
    }
    return done;
  }
}

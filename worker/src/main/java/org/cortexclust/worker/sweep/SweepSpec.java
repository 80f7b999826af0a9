package org.cortexclust.worker.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cortexclust.common.config.ConfigException;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.LoadedConfig;
import org.cortexclust.worker.ExperimentLauncher;
import org.cortexclust.workflows.sweep.SweepPoint;

/**
 * A sweep file: a base experiment config, fixed overrides, a grid over any config keys, and seeds.
 *
 * <pre>
 * name: readout-gamma
 * base: quickstart.yaml          # relative to this file
 * set: {training.epochs: 5}      # optional
 * grid: {training.readout.gamma: [0.1, 1.0]}
 * points:                        # optional: extra points besides the grid (each key: value, on top of set)
 *   - {training.readout.gamma: 1.0, training.regularisation.gamma_input: 0.6}
 * seeds: [1, 2, 3]               # optional; each grid point and extra point once per seed
 * concurrency: 4                 # experiments at once
 * model_slots: 1                 # of those, how many train (or run DEC) at once in the embedded worker
 * page_size: 50                  # points per workflow run before continue-as-new
 * </pre>
 *
 * <p>{@code model_slots} is the embedded worker's slot count on the queue of the model stages (training, embeddings,
 * DEC; a remote worker's is its {@code --model-slots}). The default 1 trains one model at a time, as every model may use
 * all cores ({@code training.threads: 0}); on a CPU, several slots pay when each training has its own threads
 * ({@code training.threads} × slots ≤ cores).
 */
public record SweepSpec(Path file, String name, Path base, Map<String, String> set, Map<String, List<String>> grid, List<Long> seeds,
    int concurrency, int pageSize, List<Map<String, String>> points, int modelSlots) {
  public SweepSpec(Path file, String name, Path base, Map<String, String> set, Map<String, List<String>> grid,
      List<Long> seeds, int concurrency, int pageSize) {
    this(file, name, base, set, grid, seeds, concurrency, pageSize, List.of(), 1);
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> KEYS = Set.of("name", "base", "set", "grid", "points", "seeds", "concurrency",
      "page_size", "model_slots");

  public static SweepSpec load(Path file, List<String> overrides) {
    List<String> errs = new ArrayList<>();
    JsonNode n;
    try {
      n = YAML.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), List.of("file not found"));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("not valid YAML: " + e.getMessage()));
    }
    if (n == null || !n.isObject()) {
      throw new ConfigException(file.toString(), List.of("(root): expected a mapping with base, grid, seeds"));
    }
    n.fieldNames().forEachRemaining(k -> {
      if (!KEYS.contains(k)) {
        errs.add(k + ": unknown key; sweep files have " + new TreeMap<>(Map.of("a", KEYS)).get("a"));
      }
    });
    String name = n.path("name").asText("sweep");
    Path base = null;
    if (!n.path("base").isTextual()) {
      errs.add("base: expected the path of an experiment config");
    } else {
      base = file.toAbsolutePath().getParent().resolve(n.get("base").asText()).normalize();
    }
    Map<String, String> set = new TreeMap<>();
    if (n.has("set")) {
      if (!n.get("set").isObject()) {
        errs.add("set: expected a mapping of key.path: value");
      } else {
        n.get("set").fields().forEachRemaining(e -> set.put(e.getKey(), scalar(e.getValue())));
      }
    }
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq > 0) {
        set.put(o.substring(0, eq), o.substring(eq + 1));
      } else {
        errs.add("--set " + o + ": expected key.path=value");
      }
    }
    Map<String, List<String>> grid = new TreeMap<>();
    if (n.has("grid")) {
      if (!n.get("grid").isObject()) {
        errs.add("grid: expected a mapping of key.path: [values]");
      } else {
        n.get("grid").fields().forEachRemaining(e -> {
          if (!e.getValue().isArray() || e.getValue().isEmpty()) {
            errs.add("grid." + e.getKey() + ": expected a non-empty list of values");
          } else {
            List<String> vals = new ArrayList<>();
            e.getValue().forEach(v -> vals.add(scalar(v)));
            grid.put(e.getKey(), vals);
          }
        });
      }
    }
    List<Map<String, String>> extra = new ArrayList<>();
    if (n.has("points")) {
      if (!n.get("points").isArray()) {
        errs.add("points: expected a list of mappings key.path: value (extra points besides the grid)");
      } else {
        int i = 0;
        for (JsonNode p : n.get("points")) {
          if (!p.isObject() || p.isEmpty()) {
            errs.add("points[" + i + "]: expected a non-empty mapping key.path: value, found " + p);
          } else {
            Map<String, String> m = new TreeMap<>();
            p.fields().forEachRemaining(e -> m.put(e.getKey(), scalar(e.getValue())));
            extra.add(m);
          }
          i++;
        }
      }
    }
    List<Long> seeds = new ArrayList<>();
    if (n.has("seeds")) {
      if (!n.get("seeds").isArray()) {
        errs.add("seeds: expected a list of integers");
      } else {
        n.get("seeds").forEach(v -> {
          if (v.canConvertToLong() && v.isIntegralNumber()) {
            seeds.add(v.asLong());
          } else {
            errs.add("seeds: expected integers, found " + v);
          }
        });
      }
    }
    int conc = n.path("concurrency").asInt(4);
    int page = n.path("page_size").asInt(50);
    if (conc < 1 || conc > 1000) {
      errs.add("concurrency: must be in [1, 1000], got " + conc);
    }
    if (page < 1 || page > 1000) {
      errs.add("page_size: must be in [1, 1000], got " + page);
    }
    int slots = n.path("model_slots").asInt(1);
    if (slots < 1 || slots > 64) {
      errs.add("model_slots: must be in [1, 64], got " + n.path("model_slots"));
    }
    if (!errs.isEmpty()) {
      throw new ConfigException(file.toString(), errs);
    }
    return new SweepSpec(file, name, base, set, grid, seeds, conc, page, extra, slots);
  }

  private static String scalar(JsonNode v) {
    return v.isTextual() ? v.asText() : v.toString();
  }

  /** Expand to points (grid in key order × seeds), validating every point; all problems reported together. */
  public List<SweepPoint> expand() {
    List<Map<String, String>> combos = new ArrayList<>();
    combos.add(new TreeMap<>());
    for (var e : grid.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> c : combos) {
        for (String v : e.getValue()) {
          Map<String, String> m = new TreeMap<>(c);
          m.put(e.getKey(), v);
          next.add(m);
        }
      }
      combos = next;
    }
    for (Map<String, String> p : points) {
      if (!combos.contains(p)) {
        combos.add(new TreeMap<>(p)); // an extra point the grid does not already hold
      }
    }
    if (!seeds.isEmpty()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> c : combos) {
        for (Long s : seeds) {
          Map<String, String> m = new TreeMap<>(c);
          m.put("seed", Long.toString(s));
          next.add(m);
        }
      }
      combos = next;
    }
    Set<String> problems = new LinkedHashSet<>();
    List<SweepPoint> points = new ArrayList<>();
    for (Map<String, String> c : combos) {
      List<String> ov = new ArrayList<>();
      set.forEach((k, v) -> ov.add(k + "=" + v));
      c.forEach((k, v) -> ov.add(k + "=" + v));
      try {
        LoadedConfig cfg = ConfigLoader.load(base, ov);
        points.add(new SweepPoint(points.size(), ExperimentLauncher.runId(cfg), cfg.canonicalJson(), c));
      } catch (ConfigException e) {
        for (String p : e.problems()) {
          problems.add(where(p));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(file + " (points applied to " + base.getFileName() + ")", new ArrayList<>(problems));
    }
    return points;
  }

  /** Name a point's problem by where the user wrote the key: {@code grid.K}, {@code set.K} or the base config. */
  private String where(String problem) {
    String rest = problem.startsWith("--set ") ? problem.substring("--set ".length()) : problem;
    String key = rest.substring(0, Math.max(0, rest.indexOf(':')));
    if (grid.containsKey(key)) {
      return "grid." + rest;
    }
    if (points.stream().anyMatch(p -> p.containsKey(key))) {
      return "points." + rest;
    }
    if (key.equals("seed") && !seeds.isEmpty()) {
      return "seeds" + rest.substring(key.length());
    }
    if (set.containsKey(key)) {
      return "set." + rest;
    }
    return base.getFileName() + ": " + rest;
  }

  /** Sweep id: from the points' run ids, so the same sweep re-launched has the same id. */
  public static String sweepId(List<SweepPoint> points) {
    StringBuilder sb = new StringBuilder();
    points.forEach(p -> sb.append(p.runId()).append(';'));
    return "sweep-" + LoadedConfig.sha256Hex(sb.toString()).substring(0, 20);
  }
}

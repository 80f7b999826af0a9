package org.cortexclust.worker.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.BlobRef;
import org.cortexclust.common.store.CodeVersion;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.evaluation.sweep.SweepReport;
import org.cortexclust.workflows.sweep.PointResult;
import org.cortexclust.workflows.sweep.SweepActivities;
import org.cortexclust.workflows.sweep.SweepPoint;

/** Sweep bookkeeping in the artifact store under {@code sweeps/<id>/}. */
public final class SweepActivitiesImpl implements SweepActivities {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ArtifactStore store;

  public SweepActivitiesImpl(ArtifactStore store) {
    this.store = store;
  }

  public static String pointsKey(String sweepId) {
    return "sweeps/" + sweepId + "/points.jsonl";
  }

  static String resultKey(String sweepId, int index) {
    return "sweeps/" + sweepId + "/results/" + String.format("%06d", index) + ".json";
  }

  public static String tableKey(String sweepId) {
    return "sweeps/" + sweepId + "/table.json";
  }

  /** Write the point list (done by the launcher before the workflow starts). */
  public static void storePoints(ArtifactStore store, String sweepId, List<SweepPoint> points) throws IOException {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("sweep " + sweepId + " has no points");
    }
    StringBuilder sb = new StringBuilder();
    for (SweepPoint p : points) {
      sb.append(JSON.writeValueAsString(p)).append('\n');
    }
    store.putObject(pointsKey(sweepId), sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public List<SweepPoint> points(String sweepId, int offset, int limit) {
    try {
      byte[] b = store.getIfExists(pointsKey(sweepId)).orElseThrow(() -> new IllegalArgumentException("no sweep " + sweepId));
      String[] lines = new String(b, StandardCharsets.UTF_8).split("\n");
      List<SweepPoint> out = new ArrayList<>();
      for (int i = offset; i < Math.min(lines.length, offset + limit); i++) {
        out.add(JSON.readValue(lines[i], SweepPoint.class));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void recordPoint(String sweepId, PointResult result) {
    try {
      store.putJson(resultKey(sweepId, result.index()), result);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<PointResult> results(ArtifactStore store, String sweepId) throws IOException {
    List<PointResult> out = new ArrayList<>();
    for (String k : store.list("sweeps/" + sweepId + "/results/")) {
      store.getJson(k, PointResult.class).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public String aggregate(String sweepId) {
    try {
      List<PointResult> rs = results(store, sweepId);
      Set<String> keys = new TreeSet<>();
      Set<String> metrics = new TreeSet<>();
      rs.forEach(r -> {
        keys.addAll(r.assignment().keySet());
        metrics.addAll(r.metrics().keySet());
      });
      StringBuilder sb = new StringBuilder("index,run_id,status,cache_hits");
      keys.forEach(k -> sb.append(',').append(k));
      metrics.forEach(k -> sb.append(',').append(k));
      sb.append(",error\n");
      for (PointResult r : rs) {
        sb.append(r.index()).append(',').append(r.runId()).append(',').append(r.status()).append(',').append(r.cacheHits());
        keys.forEach(k -> sb.append(',').append(csv(r.assignment().get(k))));
        metrics.forEach(k -> sb.append(',').append(r.metrics().get(k) == null ? "" : r.metrics().get(k)));
        sb.append(',').append(csv(r.error())).append('\n');
      }
      BlobRef table = store.putBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
      Map<String, BlobRef> outputs = new TreeMap<>(Map.of("table.csv", table));
      outputs.putAll(sweepReport(sweepId, rs));
      String key = ArtifactStore.sha256((sweepId + table.sha256()).getBytes(StandardCharsets.UTF_8));
      String id = StageManifest.idFor("sweep", key);
      Map<String, String> inputs = new TreeMap<>();
      for (PointResult r : rs) {
        String last = r.finalArtifact();
        if (last != null && rs.size() <= 2000) {
          inputs.put(String.format("point-%05d", r.index()), last);
        }
      }
      long ok = rs.stream().filter(r -> r.status().equals("success")).count();
      String now = Instant.now().toString();
      store.publish(new StageManifest(StageManifest.SCHEMA, id, key, "sweep", sweepId, null, null, inputs, CodeVersion.current(),
          Map.of(), 0, null, now, now, Map.of("points", (double) rs.size(), "succeeded", (double) ok), outputs));
      store.putJson(tableKey(sweepId), Map.of("artifact_id", id));
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The seed-study report (sweep.html: t-SNE grid per readout × γ, ρ_st vs γ, DEC trade-off, best k, cross-seed
   * stability) from the evaluation summaries of the points that have one.
   */
  private Map<String, BlobRef> sweepReport(String sweepId, List<PointResult> rs) throws IOException {
    Path dir = Files.createTempDirectory("sweep-report");
    try {
      List<Path> summaries = new ArrayList<>();
      for (PointResult r : rs) {
        String eval = r.artifacts().get("evaluation");
        if (eval != null) {
          Path local = dir.resolve("summary-" + r.index() + ".json");
          Files.copy(store.localCopy(store.manifest(eval).output("summary.json")), local);
          summaries.add(local);
        }
      }
      if (summaries.isEmpty()) {
        return Map.of();
      }
      Path out = dir.resolve("report");
      SweepReport.writeAll(out, sweepId, summaries, null, null, null);
      Map<String, BlobRef> blobs = new TreeMap<>();
      for (String f : List.of("sweep.html", "sweep.csv", "stability.csv")) {
        if (Files.exists(out.resolve(f))) {
          blobs.put(f, store.putFile(out.resolve(f)));
        }
      }
      return blobs;
    } finally {
      try (var w = Files.walk(dir)) {
        w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String csv(String s) {
    if (s == null) {
      return "";
    }
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}

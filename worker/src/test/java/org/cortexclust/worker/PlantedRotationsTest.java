package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortexclust.common.io.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embeddings table written by numpy (bench/byo/planted_rotations.py: 160 neurons, 4 prototypes of 4 features × 8
 * rotations, each neuron a prototype rolled by a random number of steps plus noise) through `cortexclust cluster`:
 * alignment recovers the planted shifts (up to one offset per prototype), clustering after alignment recovers the
 * prototypes, and without alignment it does not.
 */
class PlantedRotationsTest {
  @TempDir Path dir;

  @BeforeAll
  static void realStages() {
    StageRegistry.useOnly(StageRegistry.defaults());
  }

  JsonNode cluster(Path npy, Path meta, String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("cluster", npy.toString(), "--meta", meta.toString(), "--rotations", "8",
        "--methods", "kmeans", "--k", "4", "--set", "clustering.tsne=false", "--set", "clustering.stability_runs=0",
        "--home", dir.resolve("home").toString(), "--json"));
    args.addAll(List.of(extra));
    return new ObjectMapper().readTree(ClusterCommandTest.run(args.toArray(String[]::new)));
  }

  static JsonNode stage(JsonNode run, String name) {
    for (JsonNode s : run.get("stages")) {
      if (s.get("stage").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no stage " + name + " in " + run);
  }

  @Test
  void alignmentRecoversPlantedShiftsAndClusteringThePrototypes() throws Exception {
    Path npy = dir.resolve("planted.npy");
    Path meta = dir.resolve("planted-truth.csv");
    Files.copy(getClass().getResourceAsStream("/planted/planted.npy"), npy);
    Files.copy(getClass().getResourceAsStream("/planted/planted-truth.csv"), meta);
    JsonNode aligned = cluster(npy, meta);
    assertEquals(1.0, stage(aligned, "clustering").get("metrics").get("kmeans_ari_gt").asDouble(), 1e-9);

    // planted shifts, recovered up to one offset per prototype (either sign convention, consistently)
    List<String> truth = Files.readAllLines(meta).subList(1, 161);
    int[] chosen;
    try (CortexRuntime rt = CortexRuntime.open(new Connection(dir.resolve("home"), null, "default", false, null, null, null, null, -1), false)) {
      Path shifts = rt.store.localCopy(rt.store.manifest(stage(aligned, "alignment").get("artifact_id").asText()).output("shifts.npy"));
      chosen = Npy.read(shifts).toIntArray();
    }
    for (int sign : new int[] {1, -1}) {
      Map<String, Map<Integer, Integer>> offsets = new HashMap<>();
      for (int i = 0; i < 160; i++) {
        String[] c = truth.get(i).split(",");
        int off = Math.floorMod(chosen[i] + sign * Integer.parseInt(c[2]), 8);
        offsets.computeIfAbsent(c[1], k -> new HashMap<>()).merge(off, 1, Integer::sum);
      }
      int agree = offsets.values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).max().orElse(0)).sum();
      if (agree == 160) {
        return; // every neuron's shift is its prototype's offset plus (or minus) its planted roll
      }
    }
    throw new AssertionError("chosen shifts do not match the planted rolls: " + java.util.Arrays.toString(chosen));
  }

  @Test
  void withoutAlignmentThePrototypesAreNotRecovered() throws Exception {
    Path npy = dir.resolve("planted.npy");
    Path meta = dir.resolve("planted-truth.csv");
    Files.copy(getClass().getResourceAsStream("/planted/planted.npy"), npy);
    Files.copy(getClass().getResourceAsStream("/planted/planted-truth.csv"), meta);
    JsonNode raw = cluster(npy, meta, "--set", "alignment.enabled=false");
    double ari = stage(raw, "clustering").get("metrics").get("kmeans_ari_gt").asDouble();
    assertTrue(ari < 0.5, "without alignment ARI " + ari);
  }
}

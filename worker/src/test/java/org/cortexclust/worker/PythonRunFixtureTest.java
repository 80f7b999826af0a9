package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real run for the Python reader's tests (python/tests/test_runs.py): a tiny whole pipeline (simulated data,
 * LibTorch training, embeddings, alignment, clustering, joint DEC, evaluation) in the embedded platform, its home
 * and an export of it kept under {@code target/python-run/} ({@code home/}, {@code export/}, {@code run.json}).
 */
class PythonRunFixtureTest {
  static final Path OUT = Path.of("target", "python-run");
  static final String CONFIG = """
      name: python-fixture
      seed: 2
      data:
        image_height: 18
        image_width: 32
        simulate: {mice: 1, neurons: 40, trials: 200, height: 18, width: 32, seed: 2}
      training:
        epochs: 2
        batch_size: 32
        core: {features: 4, rotations: 8, kernel_sizes: [9, 3]}
      clustering:
        methods: [kmeans, gmm]
        ks: [3]
        restarts: 2
        stability_runs: 0
        tsne_early_iterations: 50
        tsne_iterations: 100
        tsne_perplexity: 10
      dec:
        k: 3
        max_epochs: 1
      evaluation:
        permutations: 100
      """;

  @BeforeAll
  static void realStages() {
    StageRegistry.useOnly(StageRegistry.defaults());
  }

  @Test
  void aTinyWholeRunAndItsExport() throws Exception {
    long t0 = System.nanoTime();
    delete(OUT);
    Files.createDirectories(OUT);
    Path cfg = OUT.resolve("python-fixture.yaml");
    Files.writeString(cfg, CONFIG);
    String home = OUT.resolve("home").toString();
    JsonNode run = new ObjectMapper().readTree(ClusterCommandTest.run("run", cfg.toString(), "--home", home, "--json"));
    assertEquals("success", run.get("status").asText(), run.toString());
    String id = run.get("run_id").asText();
    List<String> stages = List.of("data", "training", "embeddings", "alignment", "clustering", "dec", "evaluation");
    for (String s : stages) PlantedRotationsTest.stage(run, s);
    ClusterCommandTest.run("export", id, "--home", home, "--out", OUT.resolve("export").toString());
    for (String s : stages) assertTrue(Files.exists(OUT.resolve("export").resolve(s).resolve("manifest.json")), s);
    Files.writeString(OUT.resolve("run.json"), run.toPrettyString());
    System.out.printf("python fixture run %s: %.1f s%n", id, (System.nanoTime() - t0) / 1e9);
  }

  static void delete(Path dir) throws Exception {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}

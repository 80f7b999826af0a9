package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cortexclust.evaluation.io.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-seed consistency from real stages (issue 22): a tiny simulated mouse, two training seeds of one configuration,
 * real training, alignment, clustering, DEC and evaluation through the sweep command; the sweep report must show the
 * pairwise ARI of the two seeds' labelings per method and K, and DEC against k-means and GMM at the same K.
 */
class SweepConsistencyTest {
  @TempDir Path dir;

  @Test
  void twoSeedsOfRealStagesGiveCrossSeedConsistencyInTheSweepReport() throws Exception {
    Files.writeString(dir.resolve("base.yaml"), String.join("\n",
        "name: tiny",
        "seed: 1",
        "data:",
        "  image_height: 18",
        "  image_width: 32",
        "  simulate: {mice: 1, neurons: 60, trials: 240, height: 36, width: 64, seed: 3}",
        "training:",
        "  epochs: 2",
        "  threads: 1",
        "  batch_size: 32",
        "  core: {features: 4, rotations: 4, kernel_sizes: [5, 3]}",
        "clustering:",
        "  methods: [kmeans, gmm]",
        "  ks: [2, 3]",
        "  stability_runs: 0",
        "  gap_references: 2",
        "  restarts: 3",
        "  tsne_perplexity: 10.0",
        "  tsne_early_iterations: 50",
        "  tsne_iterations: 100",
        "dec:",
        "  mode: joint",
        "  start: epoch",
        "  pretrain_epochs: 1",
        "  rotation: invariant",
        "evaluation:",
        "  permutations: 20",
        ""));
    Path sweep = dir.resolve("seeds.yaml");
    Files.writeString(sweep, "name: seeds\nbase: base.yaml\nseeds: [1, 2]\nconcurrency: 2\nmodel_slots: 2\n");
    Path home = dir.resolve("home");
    long t0 = System.nanoTime();
    String out = ClusterCommandTest.run("sweep", sweep.toString(), "--home", home.toString(), "--json");
    System.out.printf("SweepConsistencyTest: 2 real-stage points in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    JsonNode j = new ObjectMapper().readTree(out.substring(out.indexOf('{')));
    assertEquals(2, j.get("succeeded").asInt(), out);
    Path html = Path.of(j.get("report").asText());
    assertTrue(html.toString().endsWith("sweep.html"), html.toString());
    String page = Files.readString(html);
    Path keep = Path.of("target", "sweep-consistency.html"); // for a look in a browser
    Files.createDirectories(keep.getParent());
    Files.copy(html, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertTrue(page.contains("id=\"ans-consistency\""), "consistency card");
    CsvTable st = CsvTable.read(html.resolveSibling("stability.csv"));
    assertTrue(st.size() >= 4, "kmeans and gmm at K = 2 and 3, plus DEC: " + st.size());
    boolean dec = false;
    for (int r = 0; r < st.size(); r++) {
      assertEquals(2, st.integer(r, "runs", -1));
      assertEquals(1, st.integer(r, "pairs", -1));
      assertEquals(60, st.integer(r, "neurons", -1));
      double ari = st.number(r, "mean_ari");
      assertTrue(ari >= -0.5 && ari <= 1, "ARI " + ari);
      dec |= st.string(r, "method").equals("dec");
    }
    assertTrue(dec, "DEC's labels are compared across seeds too");
    // DEC against both baselines at its K, with no verdict from one seed pair
    assertTrue(page.contains("<td>kmeans</td>") && page.contains("<td>gmm</td>"), "DEC vs k-means and GMM rows");
    assertTrue(page.contains("no clear change"), "two seeds: no interval, so no verdict");
    assertNotNull(CsvTable.read(html.resolveSibling("sweep.csv")));
    List<String> header = CsvTable.read(html.resolveSibling("sweep.csv")).header();
    assertTrue(header.contains("truth.primary_ari") && header.contains("structure_index"), header.toString());
    assertTrue(header.indexOf("truth.primary_ari") > header.indexOf("seconds_total"), "truth columns apart, at the end");
    // the simulator's noise ceiling, beside each point's test rho_st (apart: simulated data only)
    CsvTable points = CsvTable.read(html.resolveSibling("sweep.csv"));
    for (int r = 0; r < points.size(); r++) {
      double oracle = points.number(r, "truth.oracle_rho_st");
      assertTrue(oracle > 0 && oracle <= 1, "oracle rho_st " + oracle);
      assertEquals(points.number(r, "rho_st_test") / oracle, points.number(r, "truth.rho_st_test_over_oracle"), 1e-9);
      assertTrue(points.integer(r, "training_epochs", -1) >= 1, "epochs trained");
      assertTrue(points.number(r, "seconds_training") > 0 && points.number(r, "seconds_training") <= points.number(r, "seconds_total"));
    }
    assertTrue(header.indexOf("truth.oracle_rho_st") > header.indexOf("seconds_total"), "the ceiling is shown apart too");
    // model_slots: 2 - the two points' trainings ran at the same time
    List<Instant[]> spans = new ArrayList<>();
    try (var files = Files.list(home.resolve("s3/cortexclust/manifests"))) {
      for (Path m : files.filter(x -> x.getFileName().toString().startsWith("training-")).toList()) {
        JsonNode t = new ObjectMapper().readTree(m.toFile());
        spans.add(new Instant[] {Instant.parse(t.get("startedAt").asText()), Instant.parse(t.get("finishedAt").asText())});
      }
    }
    assertEquals(2, spans.size(), "one training per seed");
    // the table's lineage points at each point's last stage, the evaluation
    try (var files = Files.list(home.resolve("s3/cortexclust/manifests"))) {
      List<Path> tables = files.filter(x -> x.getFileName().toString().startsWith("sweep-")).toList();
      assertTrue(!tables.isEmpty(), "a sweep table manifest");
      for (Path m : tables) {
        JsonNode inputs = new ObjectMapper().readTree(m.toFile()).get("inputs");
        assertEquals(2, inputs.size(), inputs.toString());
        inputs.forEach(a -> assertTrue(a.asText().startsWith("evaluation-"), inputs.toString()));
      }
    }
    assertTrue(spans.get(0)[0].isBefore(spans.get(1)[1]) && spans.get(1)[0].isBefore(spans.get(0)[1]),
        "the trainings overlap in time: " + spans.get(0)[0] + ".." + spans.get(0)[1] + " and " + spans.get(1)[0] + ".."
            + spans.get(1)[1]);
    // DEC joined training at epoch PE = 1: one shared pre-training per seed
    try (var files = Files.list(home.resolve("s3/cortexclust/manifests"))) {
      assertEquals(2, files.filter(x -> x.getFileName().toString().startsWith("dec_pretrain-")).count());
    }
    // re-launched: every point is a cache hit
    String again = ClusterCommandTest.run("sweep", sweep.toString(), "--home", home.toString(), "--json");
    JsonNode j2 = new ObjectMapper().readTree(again.substring(again.indexOf('{')));
    assertEquals(2, j2.get("succeeded").asInt(), again);
    CsvTable table = CsvTable.read(Path.of(j2.get("report").asText()).resolveSibling("table.csv"));
    for (int r = 0; r < table.size(); r++) {
      assertEquals(7, table.integer(r, "cache_hits", -1), "point " + r + " of the re-launch: all its stages (data, training, "
          + "embeddings, alignment, clustering, dec, evaluation) are cache hits");
    }
  }
}

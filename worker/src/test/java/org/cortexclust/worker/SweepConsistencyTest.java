package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
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
        "  mode: embeddings_only",
        "  max_steps: 40",
        "evaluation:",
        "  permutations: 20",
        ""));
    Path sweep = dir.resolve("seeds.yaml");
    Files.writeString(sweep, "name: seeds\nbase: base.yaml\nseeds: [1, 2]\nconcurrency: 2\n");
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
  }
}

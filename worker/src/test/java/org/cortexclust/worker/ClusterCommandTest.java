package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.worker.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `cortexclust cluster` on embeddings made elsewhere: planted rotated types are recovered; a re-run is all cache hits. */
class ClusterCommandTest {
  @TempDir Path dir;

  @BeforeAll
  static void realStages() {
    StageRegistry.useOnly(StageRegistry.defaults());
  }

  /** N neurons of K types: each type a random f×n prototype, each neuron a random cyclic shift of it plus noise. */
  static int[] planted(Path npy, int n, int f, int rot, int k, long seed) throws Exception {
    Random r = new Random(seed);
    double[][] proto = new double[k][f * rot];
    for (double[] p : proto) {
      for (int i = 0; i < p.length; i++) {
        p[i] = r.nextGaussian();
      }
    }
    float[] x = new float[n * f * rot];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(k);
      int s = r.nextInt(rot);
      for (int a = 0; a < f; a++) {
        for (int b = 0; b < rot; b++) {
          x[(i * f + a) * rot + (b + s) % rot] = (float) (proto[labels[i]][a * rot + b] + 0.3 * r.nextGaussian());
        }
      }
    }
    Npy.write(npy, NpyArray.ofFloats(x, n, f * rot));
    return labels;
  }

  static String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.execute(args), buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plantedRotatedTypesAreRecoveredAndAReRunIsAllCacheHits() throws Exception {
    Path npy = dir.resolve("emb.npy");
    int[] labels = planted(npy, 240, 5, 8, 4, 11);
    Path meta = dir.resolve("meta.csv");
    StringBuilder sb = new StringBuilder("mouse,rho_st,label\n");
    for (int i = 0; i < labels.length; i++) {
      sb.append("m1,").append(0.1 + 0.001 * i).append(",type").append(labels[i]).append('\n');
    }
    Files.writeString(meta, sb.toString());
    String home = dir.resolve("home").toString();
    String[] args = {"cluster", npy.toString(), "--meta", meta.toString(), "--rotations", "8", "--methods", "kmeans,spectral",
        "--k", "3,4,5", "--set", "clustering.tsne_iterations=100", "--set", "clustering.stability_runs=0", "--home", home,
        "--out", dir.resolve("out").toString(), "--json"};
    JsonNode first = new ObjectMapper().readTree(run(args));
    assertEquals("success", first.get("status").asText());
    JsonNode clustering = null;
    for (JsonNode s : first.get("stages")) {
      assertTrue(!s.get("cache_hit").asBoolean());
      if (s.get("stage").asText().equals("clustering")) {
        clustering = s;
      }
    }
    assertTrue(clustering.get("metrics").get("kmeans_ari_gt").asDouble() > 0.95, clustering.toString());
    assertTrue(Files.exists(dir.resolve("out/labels.csv")));
    assertTrue(Files.readString(dir.resolve("out/labels.csv")).lines().findFirst().orElseThrow().contains("kmeans_4"));
    assertTrue(Files.exists(dir.resolve("out/report.html")));
    JsonNode second = new ObjectMapper().readTree(run(args));
    for (JsonNode s : second.get("stages")) {
      assertTrue(s.get("cache_hit").asBoolean(), s.toString());
    }
  }

  @Test
  void embeddingsOnlyDecRunsOnAnImportedTable() throws Exception {
    Path npy = dir.resolve("emb.npy");
    int[] labels = planted(npy, 200, 5, 8, 4, 12);
    Path meta = dir.resolve("meta.csv");
    StringBuilder sb = new StringBuilder("label\n");
    for (int l : labels) {
      sb.append("type").append(l).append('\n');
    }
    Files.writeString(meta, sb.toString());
    JsonNode r = new ObjectMapper().readTree(run("cluster", npy.toString(), "--meta", meta.toString(), "--rotations", "8", "--methods",
        "kmeans,dec", "--k", "4", "--set", "clustering.tsne=false", "--set", "clustering.stability_runs=0", "--home",
        dir.resolve("home-dec").toString(), "--out", dir.resolve("out-dec").toString(), "--json"));
    assertEquals("success", r.get("status").asText(), r.toString());
    JsonNode dec = null;
    for (JsonNode s : r.get("stages")) {
      if (s.get("stage").asText().equals("dec")) {
        dec = s.get("metrics");
      }
    }
    assertTrue(dec != null, "a dec stage ran: " + r);
    assertTrue(dec.get("ari_after").asDouble() > 0.9, dec.toString());
    assertTrue(Files.readString(dir.resolve("out-dec/dec-labels.csv")).startsWith("index,dec_4"));
  }

  @Test
  void badInputIsNamedAndStartsNothing() throws Exception {
    Path npy = dir.resolve("emb.npy");
    planted(npy, 20, 3, 4, 2, 1);
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, Main.execute("cluster", npy.toString(), "--methods", "kmeans,kmedoids", "--home", dir.resolve("h").toString()));
      assertEquals(2, Main.execute("cluster", dir.resolve("missing.npy").toString(), "--home", dir.resolve("h").toString()));
    } finally {
      System.setErr(old);
    }
    String err = buf.toString(StandardCharsets.UTF_8);
    assertTrue(err.contains("unknown method 'kmedoids'"), err);
    assertTrue(err.contains("missing.npy: no such file"), err);
    assertTrue(!Files.exists(dir.resolve("h")), "nothing started");
  }
}

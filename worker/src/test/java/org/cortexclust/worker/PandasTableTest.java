package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table as pandas and Excel write it, on the real path (`cortexclust cluster`, every stage real): the embeddings
 * written by {@code DataFrame.to_csv(encoding="utf-8-sig")} (byte-order mark, a nameless row-index column first, a
 * {@code unit_id} column), a meta table with a byte-order mark, rows in another order and type names holding a comma
 * ("L2/3, PV"). The clusters must be exactly those of the same array given as .npy, and the known types must be
 * read whole.
 */
class PandasTableTest {
  @TempDir Path dir;

  @BeforeAll
  static void realStages() {
    StageRegistry.useOnly(StageRegistry.defaults());
  }

  static String run(String... args) {
    return ClusterCommandTest.run(args);
  }

  static JsonNode stage(JsonNode run, String name) {
    for (JsonNode s : run.get("stages")) if (s.get("stage").asText().equals(name)) return s.get("metrics");
    throw new AssertionError("no stage " + name + " in " + run);
  }

  @Test
  void pandasCsvClustersLikeTheSameArray() throws Exception {
    int n = 150, d = 6, k = 3;
    String[] types = {"L2/3, PV", "L4, SST", "L5, VIP"};
    Random r = new Random(3);
    double[][] centre = new double[k][d];
    for (double[] c : centre) for (int f = 0; f < d; f++) c[f] = 4 * r.nextGaussian();
    float[] x = new float[n * d];
    int[] y = new int[n];
    StringBuilder csv = new StringBuilder("\uFEFF,unit_id");
    for (int f = 0; f < d; f++) csv.append(",feature_").append(f);
    csv.append('\n');
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(k); // taken as a feature, the index (0..149) would outweigh the features (spread ~4)
      csv.append(i).append(",u").append(i);
      for (int f = 0; f < d; f++) {
        x[i * d + f] = (float) (centre[y[i]][f] + r.nextGaussian());
        csv.append(',').append(Float.toString(x[i * d + f]));
      }
      csv.append('\n');
    }
    Path table = dir.resolve("embeddings.csv");
    Files.writeString(table, csv.toString(), StandardCharsets.UTF_8);
    Path npy = dir.resolve("embeddings.npy");
    Npy.write(npy, NpyArray.ofFloats(x, n, d));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) order.add(i);
    Collections.shuffle(order, new Random(5));
    StringBuilder meta = new StringBuilder("\uFEFFunit_id,cell_type\r\n");
    for (int i : order) meta.append('u').append(i).append(",\"").append(types[y[i]]).append("\"\r\n");
    Path metaFile = dir.resolve("meta.csv");
    Files.writeString(metaFile, meta.toString(), StandardCharsets.UTF_8);
    // the .npy has no ids: its meta table joins by row
    StringBuilder metaByRow = new StringBuilder("cell_type\n");
    for (int i = 0; i < n; i++) metaByRow.append('"').append(types[y[i]]).append("\"\n");
    Path metaRows = dir.resolve("meta-rows.csv");
    Files.writeString(metaRows, metaByRow.toString());

    String[] common = {"--methods", "kmeans,gmm", "--k", "2,3,4", "--set", "clustering.tsne=false", "--set",
        "clustering.stability_runs=0", "--set", "clustering.gap_references=0", "--json"};
    long t0 = System.nanoTime();
    JsonNode fromCsv = new ObjectMapper().readTree(run(concat(new String[] {"cluster", table.toString(), "--meta", metaFile.toString(),
        "--home", dir.resolve("h1").toString(), "--out", dir.resolve("out-csv").toString()}, common)));
    JsonNode fromNpy = new ObjectMapper().readTree(run(concat(new String[] {"cluster", npy.toString(), "--meta", metaRows.toString(),
        "--home", dir.resolve("h2").toString(), "--out", dir.resolve("out-npy").toString()}, common)));
    System.out.printf("PandasTableTest: two cluster runs in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    assertEquals("success", fromCsv.get("status").asText(), fromCsv.toString());
    JsonNode a = stage(fromCsv, "clustering"), b = stage(fromNpy, "clustering");
    assertEquals(b.get("kmeans_ari_gt").asDouble(), a.get("kmeans_ari_gt").asDouble(), 1e-12, a + " vs " + b);
    assertTrue(a.get("kmeans_ari_gt").asDouble() > 0.95, a.toString());
    assertEquals(b.get("gmm_ari_gt").asDouble(), a.get("gmm_ari_gt").asDouble(), 1e-12, a + " vs " + b);
    assertEquals(column(dir.resolve("out-npy/labels.csv"), "kmeans_3"), column(dir.resolve("out-csv/labels.csv"), "kmeans_3"));
    // the known types were read whole (a comma inside quotes is no separator)
    String neurons = Files.readString(dir.resolve("out-csv/neurons.csv"));
    assertTrue(neurons.contains("L2/3, PV"), neurons.substring(0, Math.min(400, neurons.length())));
  }

  static List<String> column(Path labels, String name) throws Exception {
    List<String> lines = Files.readAllLines(labels);
    int c = List.of(lines.get(0).split(",")).indexOf(name);
    List<String> out = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) out.add(l.split(",")[c]);
    return out;
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

package org.cortexclust.clustering;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cortexclust.alignment.AlignmentActivitiesImpl;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.EmbeddedS3;
import org.cortexclust.common.store.TestStore;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** embeddings → alignment → clustering on the real path (embedded S3, StageRunner, .npy/.csv artifacts). */
class ClusteringActivitiesImplTest {
  @TempDir static Path home;
  static TestStore env;
  static EmbeddedS3 s3;
  static ArtifactStore store;
  static StageRunner runner;

  @BeforeAll
  static void start() throws Exception {
    env = TestStore.start(home);
    s3 = env.s3;
    store = env.store;
    runner = env.runner;
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  @Test
  void stagesPublishLabelsKSelectionAndTsneWithGroundTruthMetrics() throws Exception {
    RotatedPrototypes d = RotatedPrototypes.make(90, 4, 8, 3, 0.1, 1);
    String cfg = ConfigLoader.parse("t", """
        seed: 5
        clustering:
          ks: [2, 3, 4]
          restarts: 3
          stability_runs: 1
          gap_references: 2
          tsne_perplexity: 10.0
          tsne_early_iterations: 50
          tsne_iterations: 100
        """, List.of()).canonicalJson();
    StageOutput emb = runner.run(new StageInput("run", "embeddings", cfg, Map.of()), List.of("seed"), w -> {
      Path p = w.workDir().resolve("embeddings.npy");
      Npy.write(p, NpyArray.ofFloats(d.flat(), 90, 4, 8));
      w.addOutput("embeddings.npy", p);
      StringBuilder csv = new StringBuilder("index,mouse,unit_id,gt_type\n");
      for (int i = 0; i < 90; i++) csv.append(100 + i).append(",m1,").append(i).append(",type").append(d.proto()[i]).append('\n');
      Path c = w.workDir().resolve("neurons.csv");
      Files.writeString(c, csv);
      w.addOutput("neurons.csv", c);
    });
    StageOutput al = new AlignmentActivitiesImpl(runner).align(new StageInput("run", "alignment", cfg, Map.of("embeddings", emb.artifactId())));
    StageOutput cl = new ClusteringActivitiesImpl(runner).cluster(
        new StageInput("run", "clustering", cfg, Map.of("aligned", al.artifactId(), "embeddings", emb.artifactId())));
    StageManifest m = store.manifest(cl.artifactId());

    List<String> labels = List.of(new String(store.readBlob(m.output("labels.csv")), StandardCharsets.UTF_8).split("\n"));
    List<String> header = Arrays.asList(labels.get(0).split(","));
    assertEquals(List.of("index", "kmeans_2", "kmeans_3", "kmeans_4", "gmm_2", "gmm_3", "gmm_4", "spectral_2", "spectral_3",
        "spectral_4", "sec_2", "sec_3", "sec_4", "ldmgi_2", "ldmgi_3", "ldmgi_4"), header);
    assertEquals(91, labels.size());
    assertTrue(labels.get(1).startsWith("100,"));
    int col = header.indexOf("kmeans_3");
    int[] k3 = new int[90];
    for (int i = 0; i < 90; i++) k3[i] = Integer.parseInt(labels.get(i + 1).split(",")[col]);
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(d.proto(), k3), 1e-12);

    String ksel = new String(store.readBlob(m.output("kselection.csv")), StandardCharsets.UTF_8);
    assertTrue(ksel.startsWith("method,k,metric,value\n"));
    assertTrue(ksel.contains("kmeans,3,ari_gt,1.000000000"), ksel);
    assertTrue(ksel.contains("gmm,3,recommended_by_bic,"), ksel);
    assertTrue(ksel.contains("spectral,3,recommended_by_eigengap,"), ksel);
    assertEquals(3.0, cl.metrics().get("gmm_best_k"));
    // the headline ARI of a method is its kselection row at the recommended k
    int bestK = cl.metrics().get("kmeans_best_k").intValue();
    String row = Arrays.stream(ksel.split("\n")).filter(l -> l.startsWith("kmeans," + bestK + ",ari_gt,")).findFirst().orElseThrow();
    assertEquals(Double.parseDouble(row.split(",")[3]), cl.metrics().get("kmeans_ari_gt"), 1e-9);
    assertEquals(90.0, cl.metrics().get("neurons"));

    // what scikit-learn users expect beside the labels: the chosen k, centres, soft assignments, the GMM covariance named
    com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(store.readBlob(m.output("clustering.json")));
    assertEquals(3, j.at("/methods/gmm/recommended_k").asInt(), j.toString());
    assertEquals("gmm_3", j.at("/methods/gmm/recommended_column").asText());
    assertEquals("bic", j.at("/methods/gmm/selected_by").asText());
    assertEquals("diag", j.at("/methods/gmm/covariance_type").asText());
    assertEquals("eigengap", j.at("/methods/spectral/selected_by").asText());
    assertEquals(bestK, j.at("/methods/kmeans/recommended_k").asInt());
    assertEquals("centres.npz:kmeans_3", j.at("/methods/kmeans/fits/kmeans_3/centres").asText());
    assertTrue(j.at("/methods/spectral/fits/spectral_3/centres").isMissingNode());
    Path centres = home.resolve("centres.npz"), soft = home.resolve("soft.npz");
    Files.write(centres, store.readBlob(m.output("centres.npz")));
    Files.write(soft, store.readBlob(m.output("soft.npz")));
    NpyArray c3 = org.cortexclust.common.io.Npz.read(centres, "kmeans_3");
    assertArrayEquals(new long[] {3, 32}, c3.shape());
    assertArrayEquals(new long[] {4, 32}, org.cortexclust.common.io.Npz.read(centres, "gmm_4").shape());
    NpyArray p3 = org.cortexclust.common.io.Npz.read(soft, "gmm_3");
    assertArrayEquals(new long[] {90, 3}, p3.shape());
    double rowSum = p3.getDouble(0) + p3.getDouble(1) + p3.getDouble(2);
    assertEquals(1.0, rowSum, 1e-9);

    NpyArray tsne = Npy.read("tsne.npy", store.readBlob(m.output("tsne.npy")));
    assertArrayEquals(new long[] {90, 2}, tsne.shape());
    for (float v : tsne.toFloatArray()) assertTrue(Float.isFinite(v));
  }
}

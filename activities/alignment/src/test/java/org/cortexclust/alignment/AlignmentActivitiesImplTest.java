package org.cortexclust.alignment;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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

/** The alignment stage on its real path: embedded S3, StageRunner, .npy in and out. */
class AlignmentActivitiesImplTest {
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
  void alignsPlantedRotatedPrototypes() throws Exception {
    int n = 60, f = 4, r = 8, k = 3;
    SplittableRandom rng = new SplittableRandom(1);
    double[][] protos = new double[k][f * r];
    for (double[] p : protos) for (int j = 0; j < p.length; j++) p[j] = rng.nextGaussian();
    float[] flat = new float[n * f * r];
    int[] proto = new int[n], shift = new int[n];
    for (int i = 0; i < n; i++) {
      proto[i] = i % k;
      shift[i] = rng.nextInt(r);
      double[] v = RotationAlignment.roll(protos[proto[i]], f, r, shift[i]);
      for (int j = 0; j < v.length; j++) flat[i * f * r + j] = (float) v[j];
    }
    String cfg = ConfigLoader.parse("t", "seed: 5", List.of()).canonicalJson();
    StageOutput emb = runner.run(new StageInput("run", "embeddings", cfg, Map.of()), List.of("seed"), w -> {
      Path p = w.workDir().resolve("embeddings.npy");
      Npy.write(p, NpyArray.ofFloats(flat, n, f, r));
      w.addOutput("embeddings.npy", p);
    });
    StageOutput out = new AlignmentActivitiesImpl(runner).align(new StageInput("run", "alignment", cfg, Map.of("embeddings", emb.artifactId())));
    assertFalse(out.cacheHit());
    assertEquals(1.0, out.metrics().get("converged"));
    StageManifest m = store.manifest(out.artifactId());
    NpyArray aligned = Npy.read("aligned.npy", store.readBlob(m.output("aligned.npy")));
    NpyArray shifts = Npy.read("shifts.npy", store.readBlob(m.output("shifts.npy")));
    assertArrayEquals(new long[] {n, f, r}, aligned.shape());
    assertArrayEquals(new long[] {n}, shifts.shape());
    float[] a = aligned.toFloatArray();
    int[] s = shifts.toIntArray();
    for (int i = k; i < n; i++) {
      int first = i % k;
      assertEquals(Math.floorMod(s[first] + shift[first], r), Math.floorMod(s[i] + shift[i], r), "neuron " + i);
      for (int j = 0; j < f * r; j++) assertEquals(a[first * f * r + j], a[i * f * r + j], 1e-6f);
    }
    // memoised: same inputs and config slice → cache hit
    assertTrue(new AlignmentActivitiesImpl(runner).align(new StageInput("run", "alignment", cfg, Map.of("embeddings", emb.artifactId()))).cacheHit());
  }
}

package org.cortexclust.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.checkpoint.ModelFiles;
import org.cortexclust.training.checkpoint.Npz;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.engine.libtorch.LibTorchTrainer;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.GridPredictor;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reference models for the Python loader (python/tests/test_model.py): tiny models of every readout and core kind,
 * really trained by the LibTorch engine on planted data, written as the training stage writes them ({@code
 * model.json}, {@code params.npz}), with the engine's predicted rates on fixed images ({@code reference-<mouse>.npz}:
 * {@code inputs} (B, C, H, W), {@code rates} (B, N)) under {@code target/python-reference/<case>/}. The images are
 * planted test images (constant behaviour planes, the engine's shortcut first layer) and noise in every channel (the
 * plain convolution).
 */
class PythonReferenceModelsTest {
  static final Path OUT = Path.of("target", "python-reference");
  static final Regularisation REG = new Regularisation(0.01, 1.0, 0.1);
  static final TrainOptions TRAIN = new TrainOptions(32, 2, 0.01, 0.3, 2, 3, 1e-6, 1e-4, 5, 1, "cpu", 64);

  /** Nothing left from an earlier build: the Python tests read every case folder there. */
  @BeforeAll
  static void clean() throws Exception {
    if (!Files.exists(OUT)) return;
    try (var s = Files.walk(OUT)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  @Test
  void gaussianReadoutTwoMiceThreeLayers() throws Exception {
    List<PlantedMouse> mice = List.of(planted("m1", 20, 24, 1), planted("m2", 15, 24, 2));
    write("gaussian-two-mice", TestSpecs.rotEq(4, 8, List.of(9, 5, 5), 4, 24, 24, ReadoutType.GAUSSIAN, REG,
        new MouseShape("m1", 20), new MouseShape("m2", 15)), mice);
  }

  @Test
  void factorisedReadoutPaddedFirstLayerSixRotations() throws Exception {
    write("factorised-padded", new ModelSpec(CoreType.ROTATION_EQUIVARIANT, 4, 6, List.of(7, 3), true, 2, 4, 20, 20,
        0.1, ReadoutType.FACTORISED, 0.3, 0.1, 0.1, List.of(new MouseShape("f1", 12)), REG),
        List.of(planted("f1", 12, 20, 3)));
  }

  @Test
  void plainCoreGaussianReadout() throws Exception {
    write("plain-gaussian", TestSpecs.plain(6, List.of(7, 3), 4, 20, 20, ReadoutType.GAUSSIAN, REG,
        new MouseShape("p1", 12)), List.of(planted("p1", 12, 20, 4)));
  }

  @Test
  void gridPredictorGaussianReadout() throws Exception {
    write("grid-predictor", TestSpecs.rotEqGrid(4, 8, List.of(9, 5), 4, 24, 24, new GridPredictor(true, 8, 1, 2), REG,
        new MouseShape("g1", 16)), List.of(planted("g1", 16, 24, 5)));
  }

  static PlantedMouse planted(String id, int neurons, int size, long seed) {
    return PlantedMouse.generate(id, 240, neurons, size, size, 8, 5, 0.5, seed);
  }

  /** Train {@code spec} on {@code mice}, write its files and the engine's rates on fixed images per mouse. */
  static void write(String name, ModelSpec spec, List<PlantedMouse> mice) throws Exception {
    long t0 = System.nanoTime();
    List<MouseData> data = mice.stream().map(PlantedMouse::data).toList();
    TrainingResult r = LibTorchTrainer.fit(spec, data, TRAIN, Progress.NONE, null, null);
    Path dir = OUT.resolve(name);
    Files.createDirectories(dir);
    ModelFiles.writeModelJson(dir.resolve("model.json"), spec, "libtorch (PythonReferenceModelsTest)", Map.of());
    ModelFiles.writeParams(dir.resolve("params.npz"), spec, r.params());
    ModelFiles.writeHistoryCsv(dir.resolve("history.csv"), r.history());
    // predictions come from the files as written, not from the trainer's arrays
    ModelSpec read = ModelFiles.readSpec(dir.resolve("model.json"));
    assertEquals(spec.architectureHash(), read.architectureHash());
    Map<String, float[]> params = ModelFiles.readParams(dir.resolve("params.npz"), read);
    float[] runningMean = params.get("core.layer0.bn.running_mean"); // 0 at initialisation
    assertTrue(IntStream.range(0, runningMean.length).anyMatch(i -> runningMean[i] != 0), "the model was trained");
    for (MouseData m : data) {
      MouseData fixed = fixedImages(m, 6, 3, 17);
      int[] all = IntStream.range(0, fixed.trials()).toArray();
      float[] rates = LibTorchTrainer.predictRates(read, params, fixed, all, TRAIN.evalBatchSize(), "cpu");
      assertEquals(fixed.trials() * m.neurons(), rates.length);
      for (float v : rates) assertTrue(Float.isFinite(v) && v > 0, "rates are positive: " + v);
      float[] images = new float[fixed.images().capacity()];
      fixed.images().duplicate().get(images);
      Map<String, Npz.Array> arrays = new LinkedHashMap<>();
      arrays.put("inputs", new Npz.Array(new long[] {fixed.trials(), m.channels(), m.height(), m.width()}, images));
      arrays.put("rates", new Npz.Array(new long[] {fixed.trials(), m.neurons()}, rates));
      Npz.write(dir.resolve("reference-" + m.mouseId() + ".npz"), arrays, Map.of());
      assertArrayEquals(rates, Npz.read(dir.resolve("reference-" + m.mouseId() + ".npz")).arrays().get("rates").data());
    }
    System.out.printf("python reference %s: best val rho %.3f, %.1f s%n", name, r.bestRhoVal(),
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * {@code fromData} test images of {@code m} (behaviour planes constant) followed by {@code noise} images of noise in
   * every channel, as a mouse of those trials.
   */
  static MouseData fixedImages(MouseData m, int fromData, int noise, long seed) {
    int chw = m.channels() * m.height() * m.width();
    int n = fromData + noise;
    FloatBuffer img = ByteBuffer.allocateDirect(n * chw * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    int[] test = m.trialIndices("test");
    FloatBuffer src = m.images().duplicate();
    for (int i = 0; i < fromData; i++) {
      float[] one = new float[chw];
      src.position(test[i * 5] * chw); // one trial per distinct test image (5 repeats each)
      src.get(one);
      img.put(one);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < noise * chw; i++) img.put((float) (rnd.nextDouble() * 4 - 2));
    img.flip();
    String[] tiers = new String[n];
    Arrays.fill(tiers, "test");
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) ids.add(i);
    return new MouseData(m.mouseId(), n, m.neurons(), m.channels(), m.height(), m.width(), img,
        FloatBuffer.allocate(n * m.neurons()), tiers, ids.stream().mapToInt(Integer::intValue).toArray(),
        IntStream.range(0, m.neurons()).toArray(), m.cellCoordinates());
  }
}

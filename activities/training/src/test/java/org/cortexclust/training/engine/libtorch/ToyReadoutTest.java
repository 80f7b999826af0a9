package org.cortexclust.training.engine.libtorch;

import static org.cortexclust.training.engine.libtorch.Ops.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.embedding.Embeddings;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ParamSpec;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new readout is one class plus one registration: {@link PooledReadout} (below) is registered with
 * {@code TorchReadouts.REGISTRY.register} and then trains on the real LibTorch path, with its own tensors, initialisation,
 * regulariser and embedding, and its model files round-trip.
 */
class ToyReadoutTest {
  /**
   * Toy readout: ŷ_ib = Σ_c w_ic · mean over positions of a_bc + bias_i (no location: every neuron sees the whole
   * field), regulariser Σ w²; tensors {@code features} (N, C) and {@code bias} (N).
   */
  static final class PooledReadout implements TorchReadout {
    static final ReadoutType TYPE = ReadoutType.parse("pooled");

    @Override
    public ReadoutType type() {
      return TYPE;
    }

    @Override
    public List<ParamSpec> parameters(ModelSpec spec, MouseShape mouse) {
      String p = "readout." + mouse.mouseId();
      return List.of(new ParamSpec(p + ".features", new long[] {mouse.neurons(), spec.coreChannels()}, true),
          new ParamSpec(p + ".bias", new long[] {mouse.neurons()}, true));
    }

    @Override
    public float[] initialise(ModelSpec spec, MouseShape mouse, ParamSpec p, float[] v, SplittableRandom rnd,
        InitData data) {
      if (p.name().endsWith(".bias")) return org.cortexclust.training.spec.ReadoutKind.meanResponseBias(mouse.mouseId(), v, data);
      for (int i = 0; i < v.length; i++) v[i] = (float) ((rnd.nextDouble() * 2 - 1) / spec.coreChannels());
      return v;
    }

    @Override
    public double[][] locations(ModelSpec spec, Map<String, float[]> params, String mouse, int neurons) {
      return new double[neurons][2]; // the centre: a pooled readout has no location
    }

    @Override
    public Tensor output(TorchModel model, String mouse, Tensor a, Tensor eps, Tensor spatial, Tensor shift) {
      Tensor pooled = Ops.sum(a, 2, 3).div(s(a.size(2) * a.size(3))); // (B, C)
      String p = "readout." + mouse + ".";
      return pooled.mm(model.t(p + "features").t()).add(model.t(p + "bias"));
    }

    @Override
    public Tensor regulariser(TorchModel model, String mouse, Tensor spatial) {
      return model.t("readout." + mouse + ".features").pow(s(2)).sum();
    }
  }

  static {
    TorchReadouts.REGISTRY.register(new PooledReadout());
  }

  @TempDir Path dir;

  @Test
  void aRegisteredToyReadoutTrainsAndWritesItsModel() throws Exception {
    MouseData a = PlantedMouse.generate("a", 200, 8, 18, 18, 6, 3, 0.5, 3).data();
    ModelSpec spec = TestSpecs.rotEq(2, 4, List.of(7, 5), 4, 18, 18, PooledReadout.TYPE,
        new Regularisation(0.01, 0.5, 0.1), new MouseShape("a", 8));
    assertEquals(List.of("readout.a.features", "readout.a.bias"), spec.parameters().stream().map(ParamSpec::name)
        .filter(n -> n.startsWith("readout.")).toList());
    assertTrue(TorchReadouts.names().contains("pooled"), TorchReadouts.names().toString());

    TrainingResult r = TorchFixtures.trainThreeEpochs(spec, a);
    Map<String, float[]> init = spec.initialise(5, Map.of());
    assertTrue(Arrays.mismatch(init.get("readout.a.features"), r.params().get("readout.a.features")) >= 0);

    // its regulariser enters the loss with weight γ_readout
    ModelSpec none = TestSpecs.rotEq(2, 4, List.of(7, 5), 4, 18, 18, PooledReadout.TYPE, new Regularisation(0, 0.5, 0.1),
        new MouseShape("a", 8));
    double l2 = 0;
    for (float w : r.params().get("readout.a.features")) l2 += (double) w * w;
    double diff = TorchFixtures.objectiveDifference(spec, none, r.params(), a);
    assertEquals(0.01 * l2, diff, 1e-9 * Math.max(1, Math.abs(diff)) + 1e-12);

    // model files name its tensors and type, and read back
    Map<String, float[]> read = TorchFixtures.modelFilesRoundTrip(dir, spec, r.params());
    assertTrue(Arrays.equals(r.params().get("readout.a.bias"), read.get("readout.a.bias")));

    // its embedding: the features, located where the readout says
    Embeddings e = Embeddings.extract(spec, r.params(), List.of(a), 64, "cpu", Progress.NONE);
    assertEquals(8, e.neurons().size());
    assertEquals(0.0, e.neurons().get(3).readoutX(), 0.0);
    float[] w = r.params().get("readout.a.features"); // (N, F·n), rotation-major; the embedding is (N, F, n)
    assertEquals(w[1 * 8 + 4 * 0 + 0], e.values()[1 * 8], 0f); // neuron 1, feature 0, rotation 0
    assertEquals(w[1 * 8 + 1 * 2 + 1], e.values()[1 * 8 + 1 * 4 + 1], 0f); // neuron 1, feature 1, rotation 1
  }
}

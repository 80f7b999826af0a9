package org.cortexclust.training.engine.libtorch;

import static org.cortexclust.training.engine.libtorch.Ops.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.cortexclust.common.config.ConfigException;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.embedding.Embeddings;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ParamSpec;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new core is one class plus one registration: {@link SeparableCore} (below) is registered with
 * {@code TorchCores.REGISTRY.register} and then trains on the real LibTorch path, with its own tensors, initialisation,
 * regulariser and channel layout, and its model files round-trip.
 */
class ToyCoreTest {
  /**
   * Toy core: every kernel is separable, w_oi(y, x) = row_oi(y) · col_oi(x), one orientation (n = 1); tensors
   * {@code core.layer<l>.rows} and {@code .cols}, (F, C_in, k) each; regulariser γ_input Σ (row² + col²) of the first
   * layer.
   */
  static final class SeparableCore implements TorchCore {
    static final CoreType TYPE = CoreType.parse("separable");

    @Override
    public CoreType type() {
      return TYPE;
    }

    @Override
    public int rotations(int configured) {
      return 1;
    }

    @Override
    public List<ParamSpec> kernels(ModelSpec spec, int l) {
      long[] shape = {spec.features(), spec.layerInputChannels(l), spec.kernelSizes().get(l)};
      return List.of(new ParamSpec("core.layer" + l + ".rows", shape, true),
          new ParamSpec("core.layer" + l + ".cols", shape, true));
    }

    @Override
    public void initialiseKernel(ModelSpec spec, ParamSpec p, float[] v, SplittableRandom rnd) {
      double bound = 1 / Math.sqrt(p.shape()[1] * p.shape()[2]);
      for (int i = 0; i < v.length; i++) v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
    }

    @Override
    public Tensor layerWeight(TorchModel model, int l) {
      String p = "core.layer" + l + ".";
      return model.t(p + "rows").unsqueeze(3).mul(model.t(p + "cols").unsqueeze(2)); // (F, C_in, k, k)
    }

    @Override
    public Tensor regulariser(TorchModel model) {
      double gamma = model.spec.regularisation().gammaInput();
      return gamma > 0 ? model.t("core.layer0.rows").pow(s(2)).sum().add(model.t("core.layer0.cols").pow(s(2)).sum())
          .mul(s(gamma)) : null;
    }
  }

  static {
    TorchCores.REGISTRY.register(new SeparableCore());
  }

  @TempDir Path dir;

  private static ModelSpec spec(double gammaInput) {
    return new ModelSpec(SeparableCore.TYPE, 3, 4, List.of(7, 5), false, 2, 4, 18, 18, 0.1, ReadoutType.GAUSSIAN, 0.3,
        0.1, 0.1, List.of(new MouseShape("a", 8)), new Regularisation(0.01, gammaInput, 0.1));
  }

  @Test
  void aRegisteredToyCoreTrainsAndWritesItsModel() throws Exception {
    MouseData a = PlantedMouse.generate("a", 200, 8, 18, 18, 6, 3, 0.5, 3).data();
    ModelSpec spec = spec(0.5);
    assertEquals(1, spec.rotations(), "the core decides n");
    assertEquals(3, spec.coreChannels());
    assertEquals(List.of("core.layer0.rows", "core.layer0.cols", "core.layer0.bn.weight", "core.layer0.bn.bias",
        "core.layer0.bn.running_mean", "core.layer0.bn.running_var", "core.layer1.rows", "core.layer1.cols"),
        spec.parameters().stream().map(ParamSpec::name).filter(n -> n.startsWith("core.")).toList().subList(0, 8));
    assertTrue(TorchCores.names().contains("separable"), TorchCores.names().toString());

    TrainingResult r = TorchFixtures.trainThreeEpochs(spec, a);
    Map<String, float[]> init = spec.initialise(5, Map.of());
    assertTrue(Arrays.mismatch(init.get("core.layer1.cols"), r.params().get("core.layer1.cols")) >= 0);

    // its regulariser enters the loss with weight γ_input
    double l2 = 0;
    for (String t : List.of("core.layer0.rows", "core.layer0.cols")) {
      for (float w : r.params().get(t)) l2 += (double) w * w;
    }
    double diff = TorchFixtures.objectiveDifference(spec, spec(0), r.params(), a);
    assertEquals(0.5 * l2, diff, 1e-9 * Math.max(1, Math.abs(diff)) + 1e-12);

    // model files name its tensors and type, and read back
    Map<String, float[]> read = TorchFixtures.modelFilesRoundTrip(dir, spec, r.params());
    assertTrue(java.nio.file.Files.readString(dir.resolve("model.json")).contains("\"separable\""));
    assertTrue(Arrays.equals(r.params().get("core.layer0.rows"), read.get("core.layer0.rows")));

    // its channel layout is the embedding's: F features, one orientation
    Embeddings e = Embeddings.extract(spec, r.params(), List.of(a), 64, "cpu", Progress.NONE);
    assertEquals(3, e.features());
    assertEquals(1, e.rotations());
    assertEquals(8 * 3, e.values().length);
  }

  @Test
  void anUnknownCoreIsNamedWithTheKnownOnes() {
    var spec = assertThrows(IllegalArgumentException.class, () -> new ModelSpec(CoreType.parse("roation_equivariant"),
        3, 4, List.of(7), false, 2, 4, 18, 18, 0.1, ReadoutType.GAUSSIAN, 0.3, 0.1, 0.1,
        List.of(new MouseShape("a", 8)), new Regularisation(0, 0, 0)));
    assertTrue(spec.getMessage().contains("unknown core type 'roation_equivariant'; known core types: "
        + "[rotation_equivariant, plain"), spec.getMessage());
    ConfigException c = assertThrows(ConfigException.class, () -> ConfigLoader.parse("t.yaml", "{}",
        List.of("training.core.type=roation_equivariant")));
    assertTrue(c.getMessage().contains("training.core.type: the libtorch engine has no core type "
        + "'roation_equivariant'; it has [rotation_equivariant, plain, separable]"), c.getMessage());
    ConfigException d = assertThrows(ConfigException.class, () -> ConfigLoader.parse("t.yaml", "{}",
        List.of("training.engine=dl4j", "training.core.type=separable")));
    assertTrue(d.getMessage().contains("training.core.type: the dl4j engine has no core type 'separable'; it has "
        + "[rotation_equivariant, plain]"), d.getMessage());
    assertEquals(1, d.problems().size(), d.getMessage());
    assertEquals("plain", ConfigLoader.parse("t.yaml", "{}", List.of("training.core.type=plain")).config().training()
        .core().type());
  }
}

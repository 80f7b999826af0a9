package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.Test;

/**
 * Models trained at once in one process (a worker with several model slots, e.g. two sweep points) end bit-identical
 * to each trained alone: the Gaussian readout's jitter draws from LibTorch's process-wide generator, and two trainings
 * seeding it in turn must not draw each other's numbers.
 */
class ConcurrentTrainingTest {
  static TrainingResult fit(MouseData m, long seed) {
    return fit(m, seed, ReadoutType.GAUSSIAN);
  }

  static TrainingResult fit(MouseData m, long seed, ReadoutType readout) {
    ModelSpec spec = TestSpecs.rotEq(2, 4, List.of(7, 5), 4, 18, 18, readout,
        new Regularisation(0.01, 0.5, 0.1), new MouseShape(m.mouseId(), m.neurons()));
    TrainOptions o = new TrainOptions(16, 2, 0.01, 0.3, 2, 1, 1e-6, 1e-4, seed, 1, "cpu", 64);
    return LibTorchTrainer.fit(spec, List.of(m), o, Progress.NONE, null, null);
  }

  /** Two threads drawing seeded normals in a tight loop each get exactly the numbers of their own seed. */
  @Test
  void seededDrawsFromTwoThreadsAreEachTheirOwn() throws Exception {
    TorchRuntime.ensureLoaded();
    org.bytedeco.pytorch.TensorOptions f32 = new org.bytedeco.pytorch.TensorOptions(
        org.bytedeco.pytorch.global.torch.ScalarType.Float);
    float[] one = Ops.toFloats(LibTorchTrainer.seededNormal(11, new long[] {64}, f32));
    float[] two = Ops.toFloats(LibTorchTrainer.seededNormal(22, new long[] {64}, f32));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (long seed : new long[] {11, 22}) {
        float[] want = seed == 11 ? one : two;
        wrong.add(pool.submit(() -> {
          int bad = 0;
          for (int i = 0; i < 20_000; i++) {
            if (!java.util.Arrays.equals(want, Ops.toFloats(LibTorchTrainer.seededNormal(seed, new long[] {64}, f32)))) {
              bad++;
            }
          }
          return bad;
        }));
      }
      assertEquals(0, wrong.get(0).get(), "draws of seed 11 that were not seed 11's");
      assertEquals(0, wrong.get(1).get(), "draws of seed 22 that were not seed 22's");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoGaussianTrainingsAtOnceEqualEachAlone() throws Exception {
    atOnceEqualsAlone(ReadoutType.GAUSSIAN, ReadoutType.GAUSSIAN);
  }

  /** The factorised readout beside a factorised and beside a Gaussian one (study-static runs both kinds at once). */
  @Test
  void factorisedTrainingsAtOnceEqualEachAlone() throws Exception {
    atOnceEqualsAlone(ReadoutType.FACTORISED, ReadoutType.FACTORISED);
    atOnceEqualsAlone(ReadoutType.FACTORISED, ReadoutType.GAUSSIAN);
  }

  static void atOnceEqualsAlone(ReadoutType ra, ReadoutType rb) throws Exception {
    MouseData a = PlantedMouse.generate("a", 200, 10, 18, 18, 6, 3, 0.5, 1).data();
    MouseData b = PlantedMouse.generate("b", 200, 8, 18, 18, 6, 3, 0.5, 2).data();
    TrainingResult aloneA = fit(a, 7, ra);
    TrainingResult aloneB = fit(b, 8, rb);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<TrainingResult>> both = new ArrayList<>();
      both.add(pool.submit(() -> fit(a, 7, ra)));
      both.add(pool.submit(() -> fit(b, 8, rb)));
      TrainingResult atOnceA = both.get(0).get();
      TrainingResult atOnceB = both.get(1).get();
      for (var e : aloneA.params().entrySet()) {
        assertArrayEquals(e.getValue(), atOnceA.params().get(e.getKey()), 0f, "a: " + e.getKey());
      }
      for (var e : aloneB.params().entrySet()) {
        assertArrayEquals(e.getValue(), atOnceB.params().get(e.getKey()), 0f, "b: " + e.getKey());
      }
      assertEquals(aloneA.history().get(1).rhoStVal(), atOnceA.history().get(1).rhoStVal(), 0.0);
    } finally {
      pool.shutdownNow();
    }
  }
}

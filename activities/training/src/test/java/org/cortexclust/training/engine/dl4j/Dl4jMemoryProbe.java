package org.cortexclust.training.engine.dl4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Trains the DL4J engine on a small planted population in this JVM and prints its resident memory: the peak (VmHWM)
 * and the RSS after each epoch, one JSON line. Run in a child JVM by {@link Dl4jMemoryBoundTest} (and by hand:
 * {@code java -cp <training test classpath> ...Dl4jMemoryProbe neurons trials epochs}).
 */
public final class Dl4jMemoryProbe {
  private Dl4jMemoryProbe() {}

  static long statusKb(String field) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith(field + ":")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  static long collections() {
    try {
      return (long) Nd4jRuntime.class.getDeclaredMethod("collections").invoke(null);
    } catch (ReflectiveOperationException e) {
      return -1; // a build without the bound (the "before" measurement)
    }
  }

  public static void main(String[] args) throws Exception {
    int neurons = Integer.parseInt(args[0]);
    int trials = Integer.parseInt(args[1]);
    int epochs = Integer.parseInt(args[2]);
    MouseData m = PlantedMouse.generate("p", trials, neurons, 36, 64, 10, 4, 0.5, 3).data();
    ModelSpec spec = TestSpecs.rotEq(8, 8, List.of(9, 3, 3), 4, 36, 64, ReadoutType.GAUSSIAN, new Regularisation(0.5, 6.3831, 0),
        new MouseShape("p", neurons));
    TrainOptions o = new TrainOptions(64, epochs, 0.009, 0.3, 3, 50, 1e-6, 1e-4, 1, 0, "cpu", 256);
    List<Long> perEpoch = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    long[] t0 = {System.nanoTime()};
    Progress p = (phase, done, total, values) -> {
      if (phase.equals("epoch")) {
        try {
          perEpoch.add(statusKb("VmRSS") / 1024);
        } catch (IOException ignored) {
          // the probe reports what it could read
        }
        seconds.add((System.nanoTime() - t0[0]) / 1e9);
        t0[0] = System.nanoTime();
      }
    };
    long start = System.nanoTime();
    long[] peak = {0, 0}; // MB, ms since start
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          long rss = statusKb("VmRSS") / 1024;
          if (rss > peak[0]) {
            peak[0] = rss;
            peak[1] = (System.nanoTime() - start) / 1_000_000;
          }
          Thread.sleep(100);
        } catch (IOException | InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    TrainingResult r = Dl4jTrainer.fit(spec, List.of(m), o, p, null, null);
    sampler.interrupt();
    System.out.println("{\"sampled_peak_mb\":" + peak[0] + ",\"at_s\":" + peak[1] / 1000.0 + ",\"total_s\":"
        + (System.nanoTime() - start) / 1e9 + "}");
    System.out.println("{\"neurons\":" + neurons + ",\"trials\":" + trials + ",\"epochs\":" + r.history().size()
        + ",\"peak_rss_mb\":" + statusKb("VmHWM") / 1024 + ",\"rss_after_epoch_mb\":" + perEpoch + ",\"epoch_s\":" + seconds
        + ",\"javacpp_max_bytes\":" + org.bytedeco.javacpp.Pointer.maxBytes() + ",\"javacpp_max_physical_bytes\":"
        + org.bytedeco.javacpp.Pointer.maxPhysicalBytes() + ",\"heap_max_mb\":" + Runtime.getRuntime().maxMemory() / (1 << 20) + ",\"forced_collections\":" + collections() + "}");
  }
}

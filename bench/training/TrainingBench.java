// Training throughput of the cortexclust model on LibTorch (Java). One configuration per JVM so that peak RSS
// (VmHWM) belongs to that configuration. Prints one JSON line. Run through bench/training/run.sh.
//
// args: f n neurons readout(gaussian|factorised) [batch=64] [steps=6] [warmup=2] [device=cpu] [threads=0]
//       [kernels=13,5,5,5] [engine=libtorch|dl4j]
// engine dl4j: the DL4J/ND4J SameDiff engine (float32, linux-x86_64-onednn natives) on the same data and model; its
// row also carries graph_build_s, first_step_s and jvm_to_first_step_done_s (first-step latency).
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.engine.libtorch.LibTorchTrainer;
import org.cortexclust.training.engine.libtorch.TorchRuntime;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;

public class TrainingBench {
  public static void main(String[] a) throws Exception {
    int f = Integer.parseInt(a[0]);
    int n = Integer.parseInt(a[1]);
    int neurons = Integer.parseInt(a[2]);
    ReadoutType readout = ReadoutType.parse(a[3]);
    int batch = a.length > 4 ? Integer.parseInt(a[4]) : 64;
    int steps = a.length > 5 ? Integer.parseInt(a[5]) : 6;
    int warmup = a.length > 6 ? Integer.parseInt(a[6]) : 2;
    String device = a.length > 7 ? a[7] : "cpu";
    int threads = a.length > 8 ? Integer.parseInt(a[8]) : 0;
    List<Integer> kernels = Arrays.stream((a.length > 9 ? a[9] : "13,5,5,5").split(",")).map(Integer::valueOf)
        .toList();
    String engine = a.length > 10 ? a[10] : "libtorch";
    int h = 36, w = 64, c = 4;
    long t0 = System.nanoTime();
    if (engine.equals("dl4j")) {
      org.cortexclust.training.engine.dl4j.Dl4jTrainer.loadBackend();
    } else {
      TorchRuntime.ensureLoaded(threads);
    }
    double loadS = (System.nanoTime() - t0) / 1e9;
    int trials = batch * 4;
    SplittableRandom r = new SplittableRandom(42);
    FloatBuffer img = direct((long) trials * c * h * w);
    // channel 0: random image; channels 1..3: constant behaviour planes (as the data stage prepares them)
    for (int t = 0; t < trials; t++) {
      for (int ch = 0; ch < c; ch++) {
        float plane = (float) (r.nextDouble() * 2 - 1);
        for (int p = 0; p < h * w; p++) {
          img.put((t * c + ch) * h * w + p, ch == 0 ? (float) (r.nextDouble() * 2 - 1) : plane);
        }
      }
    }
    FloatBuffer resp = direct((long) trials * neurons);
    for (int i = 0; i < resp.capacity(); i++) resp.put(i, (float) Math.floor(r.nextDouble() * 3));
    String[] tiers = new String[trials];
    Arrays.fill(tiers, "train");
    int[] ids = new int[trials];
    Arrays.setAll(ids, i -> i);
    int[] units = new int[neurons];
    Arrays.setAll(units, i -> i);
    MouseData m = new MouseData("bench", trials, neurons, c, h, w, img, resp, tiers, ids, units);
    ModelSpec spec = new ModelSpec(CoreType.ROTATION_EQUIVARIANT, f, n, kernels, false, 2, c, h, w, 0.1,
        readout, 0.3, 0.1, 0.001, List.of(new MouseShape("bench", neurons)), new Regularisation(0.01, 6.3831, 0));
    TrainOptions o = new TrainOptions(batch, 1, 0.005, 0.3, 3, 5, 1e-6, 1e-4, 1, threads, device, 256);
    if (engine.equals("dl4j")) {
      dl4j(spec, m, o, warmup, steps, loadS, a[3], kernels);
      return;
    }
    LibTorchTrainer.StepTimes st = LibTorchTrainer.timeTrainingSteps(spec, m, o, warmup, steps);
    double[] sorted = st.wallSeconds().clone();
    Arrays.sort(sorted);
    double median = median(sorted);
    double[] cpu = st.cpuSeconds().clone();
    Arrays.sort(cpu);
    double cpuMedian = median(cpu);
    double[] tcpu = st.callerCpuSeconds().clone();
    Arrays.sort(tcpu);
    double callerCpuMedian = median(tcpu);
    System.out.printf(java.util.Locale.ROOT,
        "{\"engine\":\"java-libtorch-2.10\",\"device\":\"%s\",\"cuda_deterministic\":%s,\"threads\":%d,\"blas_threads\":%d,\"f\":%d,\"n\":%d,\"neurons\":%d,"
            + "\"readout\":\"%s\",\"kernels\":\"%s\",\"batch\":%d,\"input\":\"%dx%dx%d\",\"steps\":%d,\"median_step_s\":%.4f,"
            + "\"min_step_s\":%.4f,\"max_step_s\":%.4f,\"median_cpu_s\":%.4f,\"median_caller_thread_cpu_s\":%.4f,\"images_per_s\":%.2f,\"peak_rss_mb\":%.0f,\"load_s\":%.2f,\"mkldnn\":%s}%n",
        device, device.equals("cuda") ? TorchRuntime.cudaDeterministic() : "null", TorchRuntime.threads(),
        TorchRuntime.blasThreads(), f, n, neurons, a[3], kernels, batch, c, h, w, steps, median, sorted[0],
        sorted[sorted.length - 1], cpuMedian, callerCpuMedian, batch / median, vmHwmMb(), loadS, TorchRuntime.mkldnn());
  }

  static void dl4j(ModelSpec spec, MouseData m, TrainOptions o, int warmup, int steps, double loadS, String readout,
      List<Integer> kernels) throws Exception {
    long callStart = System.currentTimeMillis();
    org.cortexclust.training.engine.dl4j.Dl4jTrainer.StepTimes st =
        org.cortexclust.training.engine.dl4j.Dl4jTrainer.timeTrainingSteps(spec, m, o, warmup + steps);
    double sinceJvm = (callStart - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
    double[] sorted = Arrays.copyOfRange(st.stepSeconds(), warmup, warmup + steps);
    Arrays.sort(sorted);
    double median = median(sorted);
    System.out.printf(java.util.Locale.ROOT,
        "{\"engine\":\"java-dl4j-1.0.0-M2.1-onednn\",\"device\":\"cpu\",\"threads\":%d,\"f\":%d,\"n\":%d,"
            + "\"neurons\":%d,\"readout\":\"%s\",\"kernels\":\"%s\",\"batch\":%d,\"input\":\"%dx%dx%d\",\"steps\":%d,"
            + "\"median_step_s\":%.4f,\"min_step_s\":%.4f,\"max_step_s\":%.4f,\"images_per_s\":%.2f,\"peak_rss_mb\":%.0f,"
            + "\"load_s\":%.2f,\"graph_build_s\":%.2f,\"first_step_s\":%.2f,\"jvm_to_first_step_done_s\":%.2f}%n",
        o.threads(), spec.features(), spec.rotations(), m.neurons(), readout, kernels, o.batchSize(), m.channels(),
        m.height(), m.width(), steps, median, sorted[0], sorted[sorted.length - 1], o.batchSize() / median, vmHwmMb(),
        loadS, st.buildSeconds(), st.stepSeconds()[0], sinceJvm + st.buildSeconds() + st.stepSeconds()[0]);
  }

  static double median(double[] sorted) {
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  static FloatBuffer direct(long n) {
    return ByteBuffer.allocateDirect(Math.toIntExact(n * 4)).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  static double vmHwmMb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }
}

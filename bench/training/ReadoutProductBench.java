// The factorised readout's three large products (s = m̂ a forward, g aᵀ and m̂ᵀ g backward) in the forms the LibTorch
// engine has used, each followed by three 5×5 64→64 oneDNN convolutions: a busy-waiting OpenBLAS worker shows up as
// slower convolutions after its products. Forms, alternating per repetition after one untimed pass:
//   blas-mt   torch.mm with multi-threaded OpenBLAS (TorchRuntime.parallelBlas; the engine before 2026-11-26 late)
//   blas-1    torch.mm on the calling thread only
//   conv1x1   TorchFactorisedReadout.maskProduct with autograd (oneDNN 1×1 convolution; objective(), evaluation, video)
//   chunked   ChunkedProduct.mm, as TorchFactorisedReadout.objectiveBackward (the static training step)
// Shapes of the training bench: B = 64, C = f·n = 64, core output 24×52, N neurons. One JSON line per form.
// Run from the repository root:
//   . bench/training/classpath.sh (with ROOT set) ; javac -d /tmp/rpb -cp "$CP" bench/training/ReadoutProductBench.java
//   java -cp "/tmp/rpb:$CP" org.cortexclust.training.engine.libtorch.ReadoutProductBench [neurons=1000] [reps=5]
package org.cortexclust.training.engine.libtorch;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.MemoryFormat;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;

public class ReadoutProductBench {
  public static void main(String[] args) {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 1000;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    long b = 64, c = 64, h = 24, w = 52, hw = h * w;
    TorchRuntime.ensureLoaded(0);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ModelSpec spec = new ModelSpec(CoreType.ROTATION_EQUIVARIANT, 8, 8, List.of(13, 5, 5, 5), false, 2, 4, 36, 64,
        0.1, ReadoutType.FACTORISED, 0.3, 0.1, 0.001, List.of(new MouseShape("bench", (int) n)),
        new Regularisation(0.01, 6.3831, 0));
    TorchModel model = new TorchModel(spec, spec.initialise(1, Map.of()), ScalarType.Float, new Device("cpu"));
    torch.manual_seed(1);
    Tensor a = torch.randn(b, c, h, w).contiguous(MemoryFormat.ChannelsLast); // the core's layout
    Tensor mask = torch.randn(n, hw).abs();
    Tensor g = torch.randn(n, b, c);
    Tensor x = torch.randn(b, c, h, w).contiguous(MemoryFormat.ChannelsLast);
    Tensor k = torch.randn(c, c, 5, 5).mul(new Scalar(0.05)).contiguous(MemoryFormat.ChannelsLast);
    String[] forms = {"blas-mt", "blas-1", "conv1x1", "chunked"};
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (int rep = -1; rep < reps; rep++) {
      for (String form : forms) {
        try (PointerScope scope = new PointerScope()) {
          long c0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          Tensor act = a.permute(2, 3, 0, 1).reshape(hw, b * c);
          Tensor gs = g.view(n, b * c);
          switch (form) {
            case "blas-mt", "blas-1" -> {
              try (TorchRuntime.ParallelBlas blas = TorchRuntime.parallelBlas(form.equals("blas-mt"))) {
                mask.mm(act);
                gs.mm(act.t());
                mask.t().mm(gs);
              }
            }
            case "conv1x1" -> {
              Tensor al = a.detach();
              al.set_requires_grad(true);
              Tensor ml = mask.detach();
              ml.set_requires_grad(true);
              TorchFactorisedReadout.maskProduct(model, ml, al).mul(g).sum().backward();
            }
            case "chunked" -> {
              ChunkedProduct.mm(mask, act);
              ChunkedProduct.mm(gs, act.t());
              ChunkedProduct.mm(mask.t(), gs);
            }
            default -> throw new IllegalStateException(form);
          }
          long t1 = System.nanoTime();
          long c1 = os.getProcessCpuTime();
          for (int i = 0; i < 3; i++) Ops.conv2d(x, k, 2);
          long t2 = System.nanoTime();
          long c2 = os.getProcessCpuTime();
          if (rep >= 0) {
            double[] s = sums.computeIfAbsent(form, f -> new double[4]);
            s[0] += (t1 - t0) / 1e9;
            s[1] += (c1 - c0) / 1e9;
            s[2] += (t2 - t1) / 1e9;
            s[3] += (c2 - c1) / 1e9;
          }
        }
      }
    }
    for (var e : sums.entrySet()) {
      double[] s = e.getValue();
      System.out.printf(java.util.Locale.ROOT, "{\"bench\":\"readout-products\",\"form\":\"%s\",\"neurons\":%d,"
          + "\"threads\":%d,\"reps\":%d,\"products_s\":%.4f,\"products_cpu_s\":%.4f,\"convs_after_s\":%.4f,"
          + "\"convs_after_cpu_s\":%.4f,\"total_s\":%.4f,\"loadavg_end\":\"%s\"}%n", e.getKey(), n,
          torch.get_num_threads(), reps, s[0] / reps, s[1] / reps, s[2] / reps, s[3] / reps, (s[0] + s[2]) / reps,
          loadavg());
    }
  }

  static String loadavg() {
    try {
      String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}

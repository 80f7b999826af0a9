package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.MemoryFormat;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link TorchFactorisedReadout#maskProduct}, the factorised readout's s_ibc = Σ_p m̂_ip a_bcp as a 1×1 convolution on CPU:
 * value and both gradients against explicit sums, for the core's channels-last output and a plain NCHW tensor (the
 * video model's frames), in float64 (LibTorch's own convolution) and float32 (oneDNN, the training path).
 */
class FactorisedReadoutProductTest {

  @ParameterizedTest
  @CsvSource({"Double,true", "Double,false", "Float,true", "Float,false"})
  void equalsExplicitSumsWithGradients(String type, boolean channelsLast) {
    ScalarType dtype = ScalarType.valueOf(type);
    int b = 4;
    int c = 8;
    int h = 6;
    int w = 7;
    int n = 9;
    int hw = h * w;
    TorchRuntime.ensureLoaded();
    ModelSpec spec = TestSpecs.rotEq(2, 4, List.of(3), 1, h, w, ReadoutType.FACTORISED, new Regularisation(0, 0, 0),
        new MouseShape("m", n));
    TorchModel model = new TorchModel(spec, spec.initialise(1, Map.of()), dtype, TorchFixtures.CPU);
    Tensor a = TorchFixtures.randomDouble(1, b, c, h, w).to(TorchFixtures.CPU, dtype);
    if (channelsLast) a = a.contiguous(MemoryFormat.ChannelsLast);
    a = a.detach();
    a.set_requires_grad(true);
    Tensor m = TorchFixtures.randomDouble(2, n, hw).abs().to(TorchFixtures.CPU, dtype).detach();
    m.set_requires_grad(true);
    Tensor g = TorchFixtures.randomDouble(3, n, b, c).to(TorchFixtures.CPU, dtype);

    Tensor s = TorchFactorisedReadout.maskProduct(model, m, a);
    assertEquals(List.of((long) n, (long) b, (long) c), List.of(s.size(0), s.size(1), s.size(2)));
    s.mul(g).sum().backward();

    double[] av = Ops.toDoubles(a); // (B, C, H·W) in logical order
    double[] mv = Ops.toDoubles(m);
    double[] gv = Ops.toDoubles(g);
    double[] sv = Ops.toDoubles(s);
    double[] gm = Ops.toDoubles(m.grad());
    double[] ga = Ops.toDoubles(a.grad());
    double tol = dtype == ScalarType.Double ? 1e-12 : 2e-6;
    for (int i = 0; i < n; i++) {
      for (int bb = 0; bb < b; bb++) {
        for (int cc = 0; cc < c; cc++) {
          double want = 0;
          double scale = 0;
          for (int p = 0; p < hw; p++) {
            double t = mv[i * hw + p] * av[(bb * c + cc) * hw + p];
            want += t;
            scale += Math.abs(t);
          }
          close(want, sv[(i * b + bb) * c + cc], tol * scale, "s");
        }
      }
      for (int p = 0; p < hw; p++) { // dL/dm_ip = Σ_bc g_ibc a_bcp
        double want = 0;
        double scale = 0;
        for (int bc = 0; bc < b * c; bc++) {
          double t = gv[i * b * c + bc] * av[bc * hw + p];
          want += t;
          scale += Math.abs(t);
        }
        close(want, gm[i * hw + p], tol * scale, "dm");
      }
    }
    for (int bc = 0; bc < b * c; bc++) { // dL/da_bcp = Σ_i g_ibc m_ip
      for (int p = 0; p < hw; p++) {
        double want = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
          double t = gv[i * b * c + bc] * mv[i * hw + p];
          want += t;
          scale += Math.abs(t);
        }
        close(want, ga[bc * hw + p], tol * scale, "da");
      }
    }
  }

  private static void close(double want, double got, double tol, String what) {
    assertTrue(Math.abs(want - got) <= tol, what + ": " + got + " vs " + want + " (tolerance " + tol + ")");
  }
}

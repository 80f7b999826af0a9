package org.cortexclust.training.engine.libtorch;

import static org.cortexclust.training.engine.libtorch.Ops.s;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.training.BaselineResult;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.measures.Correlations;

/**
 * Linear-nonlinear Poisson baseline: r̂ = ELU(W·x + b) + 1 on all input pixels and channels, Poisson loss with an
 * L2 penalty λ‖W‖², full-batch Adam. λ is chosen on the validation tier from a fixed grid, and for each λ the
 * iteration with the best validation ρ_st is kept.
 */
public final class LinearNonlinearBaseline {
  private LinearNonlinearBaseline() {}

  public static BaselineResult fit(MouseData m, int iterations) {
    TorchRuntime.ensureLoaded();
    Device cpu = new Device("cpu");
    int[] tr = m.trialIndices("train");
    int[] va = m.trialIndices("validation");
    int[] te = m.trialIndices("test");
    long d = (long) m.channels() * m.height() * m.width();
    Tensor xTr = LibTorchTrainer.images(m, tr, ScalarType.Float, cpu).reshape(tr.length, d);
    Tensor yTr = LibTorchTrainer.responses(m, tr, ScalarType.Float, cpu);
    Tensor xVa = LibTorchTrainer.images(m, va, ScalarType.Float, cpu).reshape(va.length, d);
    Tensor xTe = te.length > 1 ? LibTorchTrainer.images(m, te, ScalarType.Float, cpu).reshape(te.length, d) : null;
    float[] yVa = m.responsesOf(va);
    float[] mean = m.meanResponse(tr);
    float[] b0 = new float[mean.length];
    for (int j = 0; j < mean.length; j++) b0[j] = (float) (mean[j] >= 1 ? mean[j] - 1 : Math.log(Math.max(1e-3, mean[j])));
    BaselineResult best = new BaselineResult(Double.NEGATIVE_INFINITY, Double.NaN, Double.NaN);
    // nothing but large matrix products: OpenBLAS on every intra-op thread (TorchRuntime.parallelBlas)
    try (TorchRuntime.ParallelBlas blas = TorchRuntime.parallelBlas(true)) {
      for (double l2 : new double[] {10, 100, 1000}) {
        Tensor w = torch.zeros(d, m.neurons());
        w.set_requires_grad(true);
        Tensor b = Ops.fromFloats(b0, new long[] {m.neurons()}, ScalarType.Float, cpu);
        b.set_requires_grad(true);
        Tensor mw = torch.zeros(d, m.neurons());
        Tensor vw = torch.zeros(d, m.neurons());
        Tensor mb = torch.zeros(m.neurons());
        Tensor vb = torch.zeros(m.neurons());
        double lr = 0.01;
        for (int it = 1; it <= iterations; it++) {
          try (PointerScope scope = new PointerScope()) {
            if (w.grad().defined()) w.grad().zero_();
            if (b.grad().defined()) b.grad().zero_();
            Tensor r = torch.elu(torch.matmul(xTr, w).add(b)).add(s(1));
            Tensor loss = TorchModel.poissonLoss(r, yTr).div(s(tr.length)).add(w.pow(s(2)).sum().mul(s(l2 / tr.length)));
            loss.backward();
            try (NoGradGuard g = new NoGradGuard()) {
              adam(w, mw, vw, it, lr);
              adam(b, mb, vb, it, lr);
            }
            if (it % 10 == 0 || it == iterations) {
              try (NoGradGuard g = new NoGradGuard()) {
                float[] pv = Ops.toFloats(torch.elu(torch.matmul(xVa, w).add(b)).add(s(1)));
                double rv = Correlations.mean(Correlations.singleTrial(yVa, pv, va.length, m.neurons()));
                if (rv > best.rhoStVal()) {
                  double rt = Double.NaN;
                  if (xTe != null) {
                    float[] pt = Ops.toFloats(torch.elu(torch.matmul(xTe, w).add(b)).add(s(1)));
                    rt = Correlations.mean(Correlations.singleTrial(m.responsesOf(te), pt, te.length, m.neurons()));
                  }
                  best = new BaselineResult(rv, rt, l2);
                }
              }
            }
          }
        }
      }
    }
    return best;
  }

  private static void adam(Tensor p, Tensor m, Tensor v, long step, double lr) {
    Tensor g = p.grad();
    m.mul_(s(0.9)).add_(g, s(0.1));
    v.mul_(s(0.999)).addcmul_(g, g, s(0.001));
    Tensor denom = v.sqrt().div(s(Math.sqrt(1 - Math.pow(0.999, step)))).add(s(1e-8));
    p.addcdiv_(m, denom, s(-lr / (1 - Math.pow(0.9, step))));
  }
}

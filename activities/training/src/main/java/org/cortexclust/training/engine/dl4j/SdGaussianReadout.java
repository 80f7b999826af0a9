package org.cortexclust.training.engine.dl4j;

import java.util.Map;
import org.cortexclust.training.spec.GaussianReadout;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Gaussian readout on SameDiff: the 4 bilinear neighbours gathered with {@link ScatterAddGather} (gradient =
 * scatter_add) at integer indices computed in Java ({@link GaussianSampling}); the bilinear weights stay graph ops, so
 * the gradient with respect to the location flows through them. Regulariser Σ|w|.
 */
final class SdGaussianReadout extends GaussianReadout implements SdReadout {
  @Override
  public SDVariable output(SdModel model, String mouse, SDVariable a, String tag) {
    SameDiff sd = model.sd;
    int nn = model.spec.mouse(mouse).neurons();
    int c = model.spec.coreChannels();
    SDVariable wts = bilinearWeights(model, mouse, tag); // (B, 4, N)
    SDVariable idx = sd.hasVariable("idx." + mouse) ? sd.getVariable("idx." + mouse)
        : sd.placeHolder("idx." + mouse, DataType.INT, -1);
    SDVariable flat = a.permute(0, 2, 3, 1).reshape(-1, c);
    SDVariable g = new ScatterAddGather(sd, flat, idx).outputVariable().reshape(-1, 4, nn, c);
    SDVariable sampled = g.mul(wts.reshape(-1, 4, nn, 1)).sum(1); // (B, N, C)
    String p = "readout." + mouse + ".";
    return sampled.mul(sd.getVariable(p + "features")).sum(2).add(sd.getVariable(p + "bias"));
  }

  /**
   * The 4 bilinear weights (B, 4, N), neighbour order (y0,x0), (y0,x1), (y1,x0), (y1,x1), of the sampling position
   * p = clamp(μ + Σ ε, −1, 1) in pixel coordinates ((p + 1)/2 · (size − 1), align_corners = true). Placeholders from
   * {@link GaussianSampling}: ε, the clamp mask and clamped values, the floored base pixel and the in-bounds mask.
   */
  private static SDVariable bilinearWeights(SdModel model, String mouse, String tag) {
    SameDiff sd = model.sd;
    int nn = model.spec.mouse(mouse).neurons();
    int h = model.spec.coreHeight();
    int w = model.spec.coreWidth();
    String p = "readout." + mouse + ".";
    SDVariable eps = model.placeholder("eps." + mouse, -1, nn, 2);
    SDVariable inside = model.placeholder("inside." + mouse, -1, nn, 2);
    SDVariable clamped = model.placeholder("clamped." + mouse, -1, nn, 2);
    SDVariable base = model.placeholder("base." + mouse, -1, nn, 2);
    SDVariable valid = model.placeholder("valid." + mouse, -1, 4, nn);
    SDVariable shift = eps.reshape(-1, nn, 1, 2).mul(sd.getVariable(p + "sigma")).sum(3); // Σ_j ε_j Σ_ij
    SDVariable pos = sd.getVariable(p + "mu").add(shift).mul(inside).add(clamped);
    SDVariable half = sd.constant("halfsize." + mouse + "." + tag, model.constant(new double[] {(w - 1) / 2.0,
        (h - 1) / 2.0}, 2));
    SDVariable frac = pos.add(1.0).mul(half).sub(base); // (B, N, 2), x then y
    SDVariable fx = frac.mul(sd.constant("ex." + mouse + "." + tag, model.constant(new double[] {1, 0}, 2))).sum(2);
    SDVariable fy = frac.mul(sd.constant("ey." + mouse + "." + tag, model.constant(new double[] {0, 1}, 2))).sum(2);
    SDVariable gx = fx.rsub(1.0);
    SDVariable gy = fy.rsub(1.0);
    SDVariable wts = sd.concat(1, gy.mul(gx).reshape(-1, 1, nn), gy.mul(fx).reshape(-1, 1, nn),
        fy.mul(gx).reshape(-1, 1, nn), fy.mul(fx).reshape(-1, 1, nn));
    return wts.mul(valid);
  }

  @Override
  public SDVariable regulariser(SdModel model, String mouse) {
    return model.sd.math().abs(model.sd.getVariable("readout." + mouse + ".features")).sum();
  }

  @Override
  public void feed(SdModel model, Map<String, INDArray> ph, String mouse, int b, double[] eps) {
    int n = model.spec.mouse(mouse).neurons();
    GaussianSampling.Placeholders gs = GaussianSampling.compute(
        SdModel.doubles(model.sd.getVariable("readout." + mouse + ".mu").getArr()),
        SdModel.doubles(model.sd.getVariable("readout." + mouse + ".sigma").getArr()), eps, b, n,
        model.spec.coreHeight(), model.spec.coreWidth());
    ph.put("eps." + mouse, model.constant(gs.eps(), b, n, 2));
    ph.put("inside." + mouse, model.constant(gs.inside(), b, n, 2));
    ph.put("clamped." + mouse, model.constant(gs.clamped(), b, n, 2));
    ph.put("base." + mouse, model.constant(gs.base(), b, n, 2));
    ph.put("valid." + mouse, model.constant(gs.valid(), b, 4, n));
    ph.put("idx." + mouse, Nd4j.createFromArray(gs.index()));
  }

  /** Clamp the means into [−1, 1] in place (before every step, as the LibTorch engine). */
  @Override
  public void beforeForward(SdModel model, String mouse) {
    INDArray mu = model.sd.getVariable("readout." + mouse + ".mu").getArr();
    org.nd4j.linalg.ops.transforms.Transforms.max(mu, -1.0, false);
    org.nd4j.linalg.ops.transforms.Transforms.min(mu, 1.0, false);
  }
}

package org.cortexclust.training.engine.dl4j;

import org.cortexclust.training.spec.FactorisedReadout;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** The factorised readout on SameDiff: one (B·C, H·W) × (H·W, N) product; regulariser Σ_i ‖m̂_i‖₁‖w_i‖₁. */
final class SdFactorisedReadout extends FactorisedReadout implements SdReadout {
  @Override
  public SDVariable output(SdModel model, String mouse, SDVariable a, String tag) {
    SameDiff sd = model.sd;
    int nn = model.spec.mouse(mouse).neurons();
    long hw = (long) model.spec.coreHeight() * model.spec.coreWidth();
    SDVariable mh = normalisedMask(model, mouse); // (N, H·W)
    SDVariable sampled = sd.mmul(a.reshape(-1, hw), mh.permute(1, 0)).reshape(-1, model.spec.coreChannels(), nn);
    String p = "readout." + mouse + ".";
    return sampled.mul(sd.getVariable(p + "features").permute(1, 0)).sum(1).add(sd.getVariable(p + "bias"));
  }

  /** m̂ = |m / (‖m‖₂ + 1e-6)| as (N, H·W). */
  private static SDVariable normalisedMask(SdModel model, String mouse) {
    SameDiff sd = model.sd;
    int nn = model.spec.mouse(mouse).neurons();
    SDVariable flat = sd.getVariable("readout." + mouse + ".mask")
        .reshape(nn, (long) model.spec.coreHeight() * model.spec.coreWidth());
    SDVariable norm = sd.math().sqrt(flat.mul(flat).sum(true, 1)).add(1e-6);
    return sd.math().abs(flat.div(norm));
  }

  @Override
  public SDVariable regulariser(SdModel model, String mouse) {
    SDVariable feats = model.sd.getVariable("readout." + mouse + ".features");
    return normalisedMask(model, mouse).sum(1).mul(model.sd.math().abs(feats).sum(1)).sum();
  }
}

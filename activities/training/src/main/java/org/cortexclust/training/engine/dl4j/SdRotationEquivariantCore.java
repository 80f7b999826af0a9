package org.cortexclust.training.engine.dl4j;

import org.cortexclust.training.spec.HermiteBasis;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.RotationEquivariantCore;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The rotation-equivariant core on SameDiff: w_r = K_r c; hidden layers roll the input rotation groups of rotation r by
 * r·F (docs/science.md §2.3), as a constant permutation matmul (no gather, docs/engines.md §5).
 */
final class SdRotationEquivariantCore extends RotationEquivariantCore implements SdCore {
  @Override
  public SDVariable layerWeight(SdModel model, int l) {
    ModelSpec spec = model.spec;
    SameDiff sd = model.sd;
    int k = spec.kernelSizes().get(l);
    int f = spec.features();
    int cin = spec.layerInputChannels(l);
    int n = spec.rotations();
    HermiteBasis hb = HermiteBasis.of(k, spec.hermiteUpsampling());
    int nb = hb.count();
    SDVariable syn = sd.constant("core.layer" + l + ".synthesis", model.constant(hb.allRotatedSyntheses(n),
        (long) n * k * k, nb));
    SDVariable c = sd.getVariable("core.layer" + l + ".coeffs").reshape(nb, (long) cin * f);
    SDVariable wt = sd.mmul(syn, c).reshape(n, k, k, cin, f);
    if (l == 0) {
      return wt.permute(1, 2, 3, 0, 4).reshape(k, k, cin, (long) n * f);
    }
    int[] src = rolledInputChannels(spec, l);
    double[] perm = new double[n * cin * n * cin];
    for (int i = 0; i < src.length; i++) {
      perm[((i / cin) * cin + src[i]) * n * cin + i] = 1;
    }
    SDVariable roll = sd.constant("core.layer" + l + ".roll", model.constant(perm, (long) n * cin, (long) n * cin));
    SDVariable rolled = sd.mmul(wt.permute(1, 2, 4, 0, 3).reshape((long) k * k * f, (long) n * cin), roll);
    return rolled.reshape(k, k, f, n, cin).permute(0, 1, 4, 3, 2).reshape(k, k, cin, (long) n * f);
  }
}

package org.cortexclust.data.sensorium;

import java.util.Objects;
import org.cortexclust.data.prepared.PreparedMouse;

/**
 * One mouse in the raw (un-normalised) Sensorium 2022 static form, as held in memory before it is written to the
 * folder layout of docs/science.md §1.2. Repeated test images may share one pixel array.
 *
 * @param key            data key, e.g. {@code 21067-10-18}; the folder is {@code static<key>-GrayImageNet-<hash>}
 * @param images         per trial, H·W grey levels (the on-disk shape is (1, H, W))
 * @param responses      trials·neurons, trial-major
 * @param behavior       trials·3: pupil dilation, its derivative, running speed
 * @param pupilCenter    trials·2: horizontal, vertical eye position
 * @param frameImageId   image id per trial (repeats share an id)
 * @param trialIdx       presentation order of each trial
 * @param cellCoordinates neurons·3 (x, y, z) in µm
 * @param groundTruth    known functional types (simulated data only), or null
 * @param noiseCeiling   per neuron: expected correlation of the noisy response with the noiseless rate, or null
 * @param noiseCeilingByTier the same over each tier's trials only (tier name → per neuron), or null
 */
public record RawMouse(String key, int height, int width, float[][] images, int neurons, float[] responses, float[] behavior,
    float[] pupilCenter, String[] tiers, int[] frameImageId, int[] trialIdx, int[] unitIds, float[] cellCoordinates,
    PreparedMouse.GroundTruth groundTruth, float[] noiseCeiling, java.util.Map<String, float[]> noiseCeilingByTier) {

  public RawMouse {
    Objects.requireNonNull(key, "key");
    int t = images.length;
    if (responses.length != (long) t * neurons || behavior.length != t * 3 || pupilCenter.length != t * 2 || tiers.length != t
        || frameImageId.length != t || trialIdx.length != t || unitIds.length != neurons || cellCoordinates.length != neurons * 3) {
      throw new IllegalArgumentException("mouse " + key + ": inconsistent array lengths for " + t + " trials and " + neurons + " neurons");
    }
  }

  public int trials() {
    return images.length;
  }
}

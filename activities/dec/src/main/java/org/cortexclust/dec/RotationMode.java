package org.cortexclust.dec;

/**
 * How DEC treats the rotation axis of an f × n embedding (docs/science.md §5, §6.4).
 *
 * <ul>
 *   <li>{@link #FIXED}: the per-neuron shifts of the alignment stage are applied once; Q uses plain distances.
 *   <li>{@link #INVARIANT}: each neuron's distance to each centre is taken at its best cyclic shift, re-chosen
 *       whenever the target P is refreshed (k-means-with-latent-shift analogue of §5.4).
 * </ul>
 */
public enum RotationMode {
  FIXED,
  INVARIANT;

  public static RotationMode parse(String s) {
    for (RotationMode m : values()) {
      if (m.name().equalsIgnoreCase(s)) return m;
    }
    throw new IllegalArgumentException("rotation mode must be fixed or invariant, got '" + s + "'");
  }
}

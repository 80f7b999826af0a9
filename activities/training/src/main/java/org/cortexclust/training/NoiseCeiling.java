package org.cortexclust.training;

import java.io.IOException;
import java.util.List;
import java.util.OptionalDouble;
import org.cortexclust.common.stage.StageWork;
import org.cortexclust.data.prepared.PreparedMouse;

/**
 * The simulator's noise ceiling as the oracle of a trained model's ρ_st: the expected single-trial correlation of the
 * noisy responses with the noiseless rates, which a model can only approach. Only simulated data carries it (the
 * prepared mouse's attribute {@link #ATTRIBUTE}); real (Sensorium) data has none, and then nothing is published.
 *
 * <p>Metrics (docs/artifacts.md): {@code oracle_rho_st}, the neuron-weighted mean of the mice's ceilings (as the data
 * stage averages its {@code noise_ceiling_rho_st}), and {@code rho_st_val_over_oracle}, {@code rho_st_test_over_oracle}
 * = the stage's ρ_st divided by it. Not the Sensorium 2023 oracle score of video data ({@code sensorium2023_oracle}).
 */
public final class NoiseCeiling {
  /** The prepared mouse's attribute: mean noise ceiling of its neurons. */
  public static final String ATTRIBUTE = "noise_ceiling_rho_st";

  private NoiseCeiling() {}

  /** Neuron-weighted mean ceiling of these mice; empty unless every mouse carries a finite one. */
  public static OptionalDouble of(List<PreparedMouse> mice) {
    double sum = 0;
    long neurons = 0;
    for (PreparedMouse m : mice) {
      Double c = m.attributes().get(ATTRIBUTE);
      if (c == null || !Double.isFinite(c)) return OptionalDouble.empty();
      sum += c * m.neurons();
      neurons += m.neurons();
    }
    return neurons == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / neurons);
  }

  /** The ceiling of the {@code dataset} input's static mice; empty for video data (no {@code mouse-*.bin}). */
  public static OptionalDouble of(StageWork work) throws IOException {
    boolean staticMice = work.inputManifest("dataset").outputs().keySet().stream()
        .anyMatch(n -> n.startsWith("mouse-") && n.endsWith(".bin"));
    if (!staticMice) return OptionalDouble.empty();
    List<PreparedMouse> mice = TrainedModels.openMice(work);
    try {
      return of(mice);
    } finally {
      TrainedModels.closeAll(mice);
    }
  }

  /**
   * Publishes {@code oracle_rho_st} and the ratios of the finite scores to it; nothing when the ceiling is unknown or
   * not positive.
   */
  public static void publish(StageWork work, OptionalDouble oracle, double rhoStVal, double rhoStTest) {
    if (oracle.isEmpty() || !(oracle.getAsDouble() > 0)) return;
    double o = oracle.getAsDouble();
    work.metric("oracle_rho_st", o);
    if (Double.isFinite(rhoStVal)) work.metric("rho_st_val_over_oracle", rhoStVal / o);
    if (Double.isFinite(rhoStTest)) work.metric("rho_st_test_over_oracle", rhoStTest / o);
  }
}

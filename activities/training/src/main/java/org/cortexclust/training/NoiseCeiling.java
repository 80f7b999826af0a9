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
 * <p>Metrics (docs/artifacts.md): {@code oracle_rho_st}, the neuron-weighted mean of the mice's ceilings over all
 * trials (as the data stage averages its {@code noise_ceiling_rho_st}); {@code oracle_rho_st_val} and
 * {@code oracle_rho_st_test}, the same over the validation and test trials, the ones those scores are computed on; and
 * {@code rho_st_val_over_oracle}, {@code rho_st_test_over_oracle} = the stage's ρ_st divided by its own tier's ceiling
 * (by the all-trials one for data written before tier ceilings existed). Not the Sensorium 2023 oracle score of video
 * data ({@code sensorium2023_oracle}).
 */
public final class NoiseCeiling {
  /** The prepared mouse's attribute: mean noise ceiling of its neurons. */
  public static final String ATTRIBUTE = "noise_ceiling_rho_st";

  private NoiseCeiling() {}

  /** The ceilings of one set of mice: over all trials, and over the validation and test trials. */
  public record Ceilings(OptionalDouble all, OptionalDouble validation, OptionalDouble test) {
    public static final Ceilings NONE = new Ceilings(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
  }

  /** Neuron-weighted mean ceilings of these mice (each empty unless every mouse carries a finite one). */
  public static Ceilings of(List<PreparedMouse> mice) {
    return new Ceilings(of(mice, ATTRIBUTE), of(mice, ATTRIBUTE + "_validation"), of(mice, ATTRIBUTE + "_test"));
  }

  /** Neuron-weighted mean of one ceiling attribute; empty unless every mouse carries a finite one. */
  static OptionalDouble of(List<PreparedMouse> mice, String attribute) {
    double sum = 0;
    long neurons = 0;
    for (PreparedMouse m : mice) {
      Double c = m.attributes().get(attribute);
      if (c == null || !Double.isFinite(c)) return OptionalDouble.empty();
      sum += c * m.neurons();
      neurons += m.neurons();
    }
    return neurons == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / neurons);
  }

  /** The ceiling of the {@code dataset} input's static mice; empty for video data (no {@code mouse-*.bin}). */
  public static Ceilings of(StageWork work) throws IOException {
    boolean staticMice = work.inputManifest("dataset").outputs().keySet().stream()
        .anyMatch(n -> n.startsWith("mouse-") && n.endsWith(".bin"));
    if (!staticMice) return Ceilings.NONE;
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
  public static void publish(StageWork work, Ceilings oracle, double rhoStVal, double rhoStTest) {
    if (oracle.all().isEmpty() || !(oracle.all().getAsDouble() > 0)) return;
    double o = oracle.all().getAsDouble();
    work.metric("oracle_rho_st", o);
    double val = positive(oracle.validation()).orElse(o);
    double test = positive(oracle.test()).orElse(o);
    positive(oracle.validation()).ifPresent(v -> work.metric("oracle_rho_st_val", v));
    positive(oracle.test()).ifPresent(v -> work.metric("oracle_rho_st_test", v));
    if (Double.isFinite(rhoStVal)) work.metric("rho_st_val_over_oracle", rhoStVal / val);
    if (Double.isFinite(rhoStTest)) work.metric("rho_st_test_over_oracle", rhoStTest / test);
  }

  private static OptionalDouble positive(OptionalDouble v) {
    return v.isPresent() && v.getAsDouble() > 0 ? v : OptionalDouble.empty();
  }
}

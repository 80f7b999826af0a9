package org.cortexclust.training;

import java.util.List;
import java.util.function.Predicate;
import org.cortexclust.common.config.ConfigCheck;
import org.cortexclust.common.config.ConfigErrors;
import org.cortexclust.common.config.ExperimentConfig;
import org.cortexclust.common.config.TrainingConfig;
import org.cortexclust.training.engine.dl4j.SdReadouts;
import org.cortexclust.training.engine.libtorch.TorchReadouts;
import org.cortexclust.training.spec.ReadoutKind;
import org.cortexclust.training.spec.ReadoutKinds;
import org.cortexclust.training.spec.ReadoutType;

/**
 * {@code training.readout.type} against the chosen engine's readout registry, and what the type may be combined with
 * (grid predictor, video shifter), at config load: a type the engine does not have is named with those it has.
 */
public final class ReadoutConfigCheck implements ConfigCheck {
  @Override
  public void validate(ExperimentConfig config, ConfigErrors e) {
    TrainingConfig t = config.training();
    String r = "training.readout";
    String type = t.readout().type();
    boolean dl4j = "dl4j".equals(t.engine());
    List<String> known = dl4j ? SdReadouts.names() : TorchReadouts.names();
    if (!engineHas(e, r + ".type", t.engine(), "readout", type, known)) return;
    ReadoutKind kind = ReadoutKinds.get(ReadoutType.parse(type));
    TrainingConfig.GridPredictorConfig gp = t.readout().gridPredictor();
    if (gp != null && gp.enabled()) {
      e.check(kind.placedByGridPredictor(), r + ".grid_predictor.enabled", "the grid predictor places Gaussian "
          + "readouts; " + r + ".type is '" + type + "' (set it to one of " + those(known, ReadoutKind::placedByGridPredictor)
          + " or disable the predictor)");
    }
    if (config.data().simulatesVideo() && t.video().shifter()) {
      e.check(kind.movedByShifter(), "training.video.shifter", "the shifter moves Gaussian readout locations; "
          + "readout.type is '" + type + "' (readout types it moves: " + those(known, ReadoutKind::movedByShifter) + ")");
    }
  }

  /**
   * Whether the engine has a {@code part} type named {@code type} among {@code known}; if not, the problem at
   * {@code field} names those it has.
   */
  static boolean engineHas(ConfigErrors e, String field, String engine, String part, String type, List<String> known) {
    boolean has = known.contains(type);
    e.check(has, field, "the " + ("dl4j".equals(engine) ? "dl4j" : "libtorch") + " engine has no " + part + " type '"
        + type + "'; it has " + known);
    return has;
  }

  private static List<String> those(List<String> known, Predicate<ReadoutKind> which) {
    return known.stream().filter(n -> which.test(ReadoutKinds.get(ReadoutType.parse(n)))).toList();
  }
}

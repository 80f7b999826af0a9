package org.cortexclust.training;

import org.cortexclust.common.config.ConfigCheck;
import org.cortexclust.common.config.ConfigErrors;
import org.cortexclust.common.config.ExperimentConfig;
import org.cortexclust.common.config.TrainingConfig;
import org.cortexclust.training.engine.dl4j.SdCores;
import org.cortexclust.training.engine.libtorch.TorchCores;

/**
 * {@code training.core.type} against the chosen engine's core registry at config load: a type the engine does not
 * have is named with those it has.
 */
public final class CoreConfigCheck implements ConfigCheck {
  @Override
  public void validate(ExperimentConfig config, ConfigErrors e) {
    TrainingConfig t = config.training();
    ReadoutConfigCheck.engineHas(e, "training.core.type", t.engine(), "core", t.core().type(),
        "dl4j".equals(t.engine()) ? SdCores.names() : TorchCores.names());
  }
}

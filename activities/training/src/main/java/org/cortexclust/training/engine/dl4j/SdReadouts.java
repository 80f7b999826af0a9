package org.cortexclust.training.engine.dl4j;

import java.util.List;
import org.cortexclust.training.spec.EngineRegistry;
import org.cortexclust.training.spec.ReadoutKinds;
import org.cortexclust.training.spec.ReadoutType;

/** The readout types of the dl4j engine: the one list of them. */
public final class SdReadouts {
  static final EngineRegistry<ReadoutType, SdReadout> REGISTRY = new EngineRegistry<>("dl4j", ReadoutKinds.LIST,
      new SdGaussianReadout(), new SdFactorisedReadout());

  private SdReadouts() {}

  /** Names of the readout types dl4j trains. */
  public static List<String> names() {
    return REGISTRY.names();
  }
}

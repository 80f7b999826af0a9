package org.cortexclust.training.engine.dl4j;

import java.util.List;
import org.cortexclust.training.spec.CoreKinds;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.EngineRegistry;

/** The core types of the dl4j engine: the one list of them. */
public final class SdCores {
  static final EngineRegistry<CoreType, SdCore> REGISTRY = new EngineRegistry<>("dl4j", CoreKinds.LIST,
      new SdRotationEquivariantCore(), new SdPlainCore());

  private SdCores() {}

  /** Names of the core types dl4j trains. */
  public static List<String> names() {
    return REGISTRY.names();
  }
}

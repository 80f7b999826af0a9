package org.cortexclust.training.engine.libtorch;

import java.util.List;
import org.cortexclust.training.spec.CoreKinds;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.EngineRegistry;

/** The core types of the libtorch engine, static and video models alike: the one list of them. */
public final class TorchCores {
  static final EngineRegistry<CoreType, TorchCore> REGISTRY = new EngineRegistry<>("libtorch", CoreKinds.LIST,
      new TorchRotationEquivariantCore(), new TorchPlainCore());

  private TorchCores() {}

  /** Names of the core types libtorch trains. */
  public static List<String> names() {
    return REGISTRY.names();
  }
}

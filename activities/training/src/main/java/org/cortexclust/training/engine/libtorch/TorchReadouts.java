package org.cortexclust.training.engine.libtorch;

import java.util.List;
import org.cortexclust.training.spec.EngineRegistry;
import org.cortexclust.training.spec.ReadoutKinds;
import org.cortexclust.training.spec.ReadoutType;

/** The readout types of the libtorch engine, static and video models alike: the one list of them. */
public final class TorchReadouts {
  static final EngineRegistry<ReadoutType, TorchReadout> REGISTRY = new EngineRegistry<>("libtorch", ReadoutKinds.LIST,
      new TorchGaussianReadout(), new TorchFactorisedReadout());

  private TorchReadouts() {}

  /** Names of the readout types libtorch trains. */
  public static List<String> names() {
    return REGISTRY.names();
  }
}

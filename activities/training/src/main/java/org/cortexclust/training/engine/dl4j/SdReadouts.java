package org.cortexclust.training.engine.dl4j;

import java.util.List;
import org.cortexclust.training.spec.ReadoutRegistry;
import org.cortexclust.training.spec.ReadoutType;

/** The readout types of the dl4j engine: the one list of them, one registration per type. */
public final class SdReadouts {
  private static final ReadoutRegistry<SdReadout> REGISTRY = new ReadoutRegistry<>("dl4j");

  static {
    register(new SdGaussianReadout());
    register(new SdFactorisedReadout());
  }

  private SdReadouts() {}

  /** Make readout type {@code r} trainable on dl4j. */
  static void register(SdReadout r) {
    REGISTRY.register(r);
  }

  static SdReadout of(ReadoutType t) {
    return REGISTRY.get(t);
  }

  /** Names of the readout types dl4j trains. */
  public static List<String> names() {
    return REGISTRY.names();
  }
}

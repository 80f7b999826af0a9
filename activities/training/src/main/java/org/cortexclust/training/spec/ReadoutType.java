package org.cortexclust.training.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which per-mouse readout maps core features to neurons. */
public enum ReadoutType {
  /** Lurz et al. 2021: a learned location per neuron, bilinear sampling (science.md §3.2). */
  @JsonProperty("gaussian") GAUSSIAN,
  /** Klindt et al. 2017: spatial mask × feature vector with joint L1 (science.md §3.1). */
  @JsonProperty("factorised") FACTORISED;

  public static ReadoutType parse(String s) {
    return switch (s) {
      case "gaussian" -> GAUSSIAN;
      case "factorised", "factorized" -> FACTORISED;
      default -> throw new IllegalArgumentException("readout type must be gaussian or factorised, got '" + s + "'");
    };
  }
}

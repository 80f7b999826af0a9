package org.cortexclust.training.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which convolutional core the model uses. */
public enum CoreType {
  /** Ecker et al. 2019: each learned filter applied at n orientations via a steerable Hermite basis. */
  @JsonProperty("rotation_equivariant") ROTATION_EQUIVARIANT,
  /** An ordinary stacked convolutional core (n = 1), for comparison. */
  @JsonProperty("plain") PLAIN;

  public static CoreType parse(String s) {
    return switch (s) {
      case "rotation_equivariant" -> ROTATION_EQUIVARIANT;
      case "plain" -> PLAIN;
      default -> throw new IllegalArgumentException("core type must be rotation_equivariant or plain, got '" + s + "'");
    };
  }
}

package org.cortexclust.dec;

/**
 * Which clustering kernel the KL term uses.
 *
 * <ul>
 *   <li>{@link #DEC}: Student-t with unit scale, centres learned by gradient (Xie et al. 2016).
 *   <li>{@link #DECEMBER}: Student-t mixture with per-cluster diagonal scales whose centres and scales are updated by
 *       one EM step per optimiser step (Nellen, Turishcheva et al. 2025; {@link TMixture}).
 * </ul>
 */
public enum Method {
  DEC,
  DECEMBER;

  public static Method parse(String s) {
    for (Method m : values()) {
      if (m.name().equalsIgnoreCase(s)) return m;
    }
    throw new IllegalArgumentException("method must be dec or december, got '" + s + "'");
  }
}

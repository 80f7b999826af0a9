package org.cortexclust.training.engine.dl4j;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.imports.converters.DifferentialFunctionClassHolder;
import org.nd4j.linalg.api.ops.impl.shape.Gather;

/**
 * SameDiff's {@code gather} with a working gradient for axis 0: the gradient of rows gathered from {@code in} at
 * {@code idx} is {@code scatter_add(zeros_like(in), idx, dOut)} (repeated indices accumulate). ND4J 1.0.0-M2.1's own
 * {@code Gather.doDiff} builds a graph-level loop that fails to differentiate or execute (docs/engines.md §5 item 1).
 *
 * <p>SameDiff re-creates every op from its native hash before differentiating, so a subclass is only used if the
 * hash of "gather" maps to it: {@link #install()} rewrites that entry of ND4J's op registry (private fields, checked
 * for ND4J 1.0.0-M2.1; an upgrade fails loudly here). The replacement differs from the stock op only in the
 * gradient, and only for axis 0; other axes keep the stock gradient.
 */
public class ScatterAddGather extends Gather {
  private static volatile boolean installed;

  public ScatterAddGather() {}

  /** Rows {@code idx} of {@code in} (axis 0). */
  ScatterAddGather(org.nd4j.autodiff.samediff.SameDiff sd, SDVariable in, SDVariable idx) {
    super(sd, in, idx, 0);
  }

  /** Axis of this gather (property or integer argument). */
  int axis() {
    long[] ia = iArgs();
    return ia != null && ia.length > 0 ? (int) ia[0] : jaxis;
  }

  @Override
  public List<SDVariable> doDiff(List<SDVariable> grads) {
    SDVariable[] args = args();
    if (args.length < 2 || axis() != 0) {
      return super.doDiff(grads);
    }
    SDVariable in = args[0];
    SDVariable idx = args[1];
    SDVariable dIn = sameDiff.scatterAdd(sameDiff.zerosLike(in), idx, grads.get(0));
    return List.of(dIn, sameDiff.zerosLike(idx));
  }

  /** Route every SameDiff "gather" op to this class (idempotent). */
  static synchronized void install() {
    if (installed) return;
    try {
      DifferentialFunctionClassHolder h = DifferentialFunctionClassHolder.getInstance();
      int replaced = 0;
      Field single = DifferentialFunctionClassHolder.class.getDeclaredField("customOpHashToClass");
      single.setAccessible(true);
      @SuppressWarnings("unchecked")
      Map<Long, Class<?>> bySingle = (Map<Long, Class<?>>) single.get(h);
      for (var e : bySingle.entrySet()) {
        if (e.getValue() == Gather.class) {
          e.setValue(ScatterAddGather.class);
          replaced++;
        }
      }
      Field multi = DifferentialFunctionClassHolder.class.getDeclaredField("customOpHashToClasses");
      multi.setAccessible(true);
      @SuppressWarnings("unchecked")
      Map<Long, Map<String, Class<?>>> byMulti = (Map<Long, Map<String, Class<?>>>) multi.get(h);
      for (Map<String, Class<?>> m : byMulti.values()) {
        for (var e : m.entrySet()) {
          if (e.getValue() == Gather.class) {
            e.setValue(ScatterAddGather.class);
            replaced++;
          }
        }
      }
      if (replaced == 0) {
        throw new IllegalStateException("ND4J op registry has no entry for Gather");
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot install the gather gradient fix into this ND4J version (written for "
          + "1.0.0-M2.1): " + e, e);
    }
    installed = true;
  }
}

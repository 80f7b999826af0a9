package org.cortexclust.common.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Known (ground-truth) types per neuron, decoded once for every stage (the {@code gt_type} column of
 * {@code neurons.csv}): each distinct name gets a code in order of first appearance; a blank cell is unknown and
 * codes as {@link #UNKNOWN} (−1). Comparisons with clusters (ARI, NMI, accuracy) leave unknown neurons out. Where a
 * type is kept as a string (the report's neuron records) unknown is null, never a sentinel name.
 *
 * @param codes per neuron, {@link #UNKNOWN} = unknown
 * @param names code → name
 */
public record TrueTypes(int[] codes, List<String> names) {
  public static final int UNKNOWN = -1;

  public TrueTypes {
    codes = codes.clone();
    names = List.copyOf(names);
  }

  @Override
  public int[] codes() {
    return codes.clone();
  }

  /** Decode one cell per neuron (null or blank = unknown; names are trimmed). */
  public static TrueTypes decode(List<String> cells) {
    Map<String, Integer> code = new LinkedHashMap<>();
    int[] out = new int[cells.size()];
    for (int i = 0; i < out.length; i++) {
      String v = cells.get(i) == null ? "" : cells.get(i).trim();
      out[i] = v.isEmpty() ? UNKNOWN : code.computeIfAbsent(v, x -> code.size());
    }
    return new TrueTypes(out, new ArrayList<>(code.keySet()));
  }

  public int size() {
    return codes.length;
  }

  /** Neurons whose type is known. */
  public int known() {
    int c = 0;
    for (int v : codes) if (v != UNKNOWN) c++;
    return c;
  }

  public boolean complete() {
    return known() == codes.length;
  }

  /** The name of neuron {@code i}'s type, or null when unknown. */
  public String name(int i) {
    return codes[i] == UNKNOWN ? null : names.get(codes[i]);
  }

  public List<String> namesView() {
    return Collections.unmodifiableList(names);
  }
}

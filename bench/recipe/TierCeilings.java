import java.util.Locale;
import org.cortexclust.data.sensorium.RawMouse;
import org.cortexclust.data.simulator.SimulatorOptions;
import org.cortexclust.data.simulator.V1Simulator;

/**
 * The simulator's noise ceiling per tier for a simulated population, as JSON on one line: for runs whose data stage
 * predates the tier ceilings (their data is the same: the responses do not depend on this). Arguments: seed mice
 * neurons trials height width (the data.simulate keys). Run with bench/recipe/ceilings.sh.
 */
public final class TierCeilings {
  public static void main(String[] a) {
    SimulatorOptions o = SimulatorOptions.defaults(Long.parseLong(a[0])).withSize(Integer.parseInt(a[1]),
        Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]));
    StringBuilder json = new StringBuilder("{");
    double[] all = new double[2];
    java.util.Map<String, double[]> tiers = new java.util.TreeMap<>();
    for (int m = 0; m < o.mice(); m++) {
      RawMouse r = V1Simulator.simulate(o, m);
      for (float v : r.noiseCeiling()) {
        all[0] += v;
        all[1]++;
      }
      r.noiseCeilingByTier().forEach((t, c) -> {
        double[] s = tiers.computeIfAbsent(t, x -> new double[2]);
        for (float v : c) {
          s[0] += v;
          s[1]++;
        }
      });
    }
    json.append(String.format(Locale.ROOT, "\"noise_ceiling_rho_st\": %.6f", all[0] / all[1]));
    tiers.forEach((t, s) -> json.append(String.format(Locale.ROOT, ", \"noise_ceiling_rho_st_%s\": %.6f", t, s[0] / s[1])));
    System.out.println(json.append("}"));
  }
}

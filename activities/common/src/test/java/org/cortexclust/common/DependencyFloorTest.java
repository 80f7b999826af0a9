package org.cortexclust.common;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Libraries with known fixes below a version are not resolved below it (issue 23 item 11: logback >= 1.5.25). */
class DependencyFloorTest {
  static int[] parts(String v) {
    String[] s = v.split("[.-]");
    return new int[] {Integer.parseInt(s[0]), Integer.parseInt(s[1]), Integer.parseInt(s[2])};
  }

  static boolean atLeast(String v, String floor) {
    int[] a = parts(v);
    int[] b = parts(floor);
    for (int i = 0; i < 3; i++) {
      if (a[i] != b[i]) {
        return a[i] > b[i];
      }
    }
    return true;
  }

  @Test
  void logbackIsAtLeast1_5_25() {
    for (Class<?> c : new Class<?>[] {ch.qos.logback.core.Appender.class, ch.qos.logback.classic.Logger.class}) {
      String v = c.getPackage().getImplementationVersion();
      assertNotNull(v, c + " has no version in its jar");
      assertTrue(atLeast(v, "1.5.25"), c.getName() + " comes from logback " + v + ", expected >= 1.5.25");
    }
  }
}

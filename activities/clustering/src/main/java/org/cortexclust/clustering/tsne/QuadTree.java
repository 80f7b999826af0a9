package org.cortexclust.clustering.tsne;

import java.util.Arrays;

/**
 * Barnes–Hut quadtree over 2-D points (van der Maaten 2014): every cell stores its point count and centre of
 * mass, so far-away groups act as one point in the repulsive t-SNE force. Points closer than the depth limit share
 * a leaf.
 */
final class QuadTree {
  private static final int MAX_DEPTH = 48;
  private double[] cx, cy, hw, comX, comY;
  private int[] count, child, point;
  private int size;
  private final double[] pts;

  QuadTree(double[] y, int n) {
    pts = y;
    int cap = Math.max(16, 4 * n);
    cx = new double[cap];
    cy = new double[cap];
    hw = new double[cap];
    comX = new double[cap];
    comY = new double[cap];
    count = new int[cap];
    child = new int[cap];
    point = new int[cap];
    double minX = Double.POSITIVE_INFINITY, minY = minX, maxX = Double.NEGATIVE_INFINITY, maxY = maxX;
    for (int i = 0; i < n; i++) {
      minX = Math.min(minX, y[2 * i]);
      maxX = Math.max(maxX, y[2 * i]);
      minY = Math.min(minY, y[2 * i + 1]);
      maxY = Math.max(maxY, y[2 * i + 1]);
    }
    double half = Math.max(maxX - minX, maxY - minY) / 2 * (1 + 1e-9) + 1e-12;
    newNode((minX + maxX) / 2, (minY + maxY) / 2, half);
    for (int i = 0; i < n; i++) insert(i, y[2 * i], y[2 * i + 1]);
    for (int c = 0; c < size; c++) {
      if (count[c] > 0) {
        comX[c] /= count[c];
        comY[c] /= count[c];
      }
    }
    // node-major packing for the traversal: one cache line per node
    packed = new double[size * STRIDE];
    for (int c = 0; c < size; c++) {
      int o = c * STRIDE;
      packed[o] = comX[c];
      packed[o + 1] = comY[c];
      packed[o + 2] = 4 * hw[c] * hw[c];
      packed[o + 3] = count[c];
      packed[o + 4] = child[c];
      packed[o + 5] = point[c];
    }
  }

  private static final int STRIDE = 6;
  private double[] packed;

  private int newNode(double x, double yy, double h) {
    if (size == cx.length) grow();
    cx[size] = x;
    cy[size] = yy;
    hw[size] = h;
    child[size] = -1;
    point[size] = -1;
    return size++;
  }

  private void grow() {
    int cap = cx.length * 2;
    cx = Arrays.copyOf(cx, cap);
    cy = Arrays.copyOf(cy, cap);
    hw = Arrays.copyOf(hw, cap);
    comX = Arrays.copyOf(comX, cap);
    comY = Arrays.copyOf(comY, cap);
    count = Arrays.copyOf(count, cap);
    child = Arrays.copyOf(child, cap);
    point = Arrays.copyOf(point, cap);
  }

  private int quadrant(int node, double x, double yy) {
    return (x >= cx[node] ? 1 : 0) + (yy >= cy[node] ? 2 : 0);
  }

  private void insert(int i, double x, double yy) {
    int node = 0;
    for (int depth = 0; ; depth++) {
      if (child[node] < 0) {
        if (count[node] == 0) {
          point[node] = i;
          add(node, x, yy);
          return;
        }
        if (depth >= MAX_DEPTH || point[node] == -2) {
          point[node] = -2; // shared leaf (coincident points)
          add(node, x, yy);
          return;
        }
        // split: move the resident point one level down, then continue inserting i
        int resident = point[node];
        point[node] = -1;
        double h = hw[node] / 2;
        int first = -1;
        for (int q = 0; q < 4; q++) {
          int c = newNode(cx[node] + ((q & 1) == 1 ? h : -h), cy[node] + ((q & 2) == 2 ? h : -h), h);
          if (q == 0) first = c;
        }
        child[node] = first;
        double rx = pts[2 * resident], ry = pts[2 * resident + 1];
        int rq = first + quadrant(node, rx, ry);
        point[rq] = resident;
        add(rq, rx, ry);
      }
      add(node, x, yy);
      node = child[node] + quadrant(node, x, yy);
    }
  }

  private void add(int node, double x, double yy) {
    count[node]++;
    comX[node] += x;
    comY[node] += yy;
  }

  /**
   * Repulsive sums for point i: returns Σ_j q_ij (for Z) and adds Σ_j q_ij²·(y_i − y_j) into {@code force},
   * q = 1/(1 + d²), with the Barnes–Hut criterion {@code cell width / distance < θ}.
   */
  double repulsion(int i, double x, double yy, double theta, double[] force, int[] stack) {
    double z = 0, fx = 0, fy = 0, t2 = theta * theta;
    final double[] p = packed;
    int sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      int o = stack[--sp] * STRIDE;
      double cnt = p[o + 3];
      if (cnt == 0) continue;
      double dx = x - p[o], dy = yy - p[o + 1], d2 = dx * dx + dy * dy;
      int ch = (int) p[o + 4];
      boolean leaf = ch < 0;
      if (leaf || p[o + 2] < t2 * d2) {
        double m = cnt;
        if (leaf) {
          int pt = (int) p[o + 5];
          if (pt == i || (pt == -2 && d2 == 0)) m -= 1;
          if (m <= 0) continue;
        }
        double q = 1 / (1 + d2);
        z += m * q;
        double mq2 = m * q * q;
        fx += mq2 * dx;
        fy += mq2 * dy;
      } else {
        stack[sp++] = ch;
        stack[sp++] = ch + 1;
        stack[sp++] = ch + 2;
        stack[sp++] = ch + 3;
      }
    }
    force[0] = fx;
    force[1] = fy;
    return z;
  }

  int nodes() {
    return size;
  }
}

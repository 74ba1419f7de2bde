package io.millwright.connect.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What a write puts on the wire: one coil, a run of coils, or a run of holding registers. */
sealed interface TagWrite {

  int start();

  /** FC5. */
  record Coil(int start, boolean on) implements TagWrite {}

  /** FC15: neighbouring coils written in one request. */
  record Coils(int start, boolean[] values) implements TagWrite {}

  /** FC6 for one register, FC16 for more. */
  record Registers(int start, int[] values) implements TagWrite {}

  /**
   * Joins coil writes at consecutive addresses into FC15 requests, so that setting a bank of
   * outputs costs one round trip; register writes are kept as they are (one request per tag). The
   * order of the result is by address for coils, then the register writes in their given order.
   */
  static List<TagWrite> mergeCoils(List<TagWrite> writes) {
    List<Coil> coils = new ArrayList<>();
    List<TagWrite> out = new ArrayList<>();
    for (TagWrite w : writes) {
      if (w instanceof Coil c) {
        coils.add(c);
      }
    }
    coils.sort(Comparator.comparingInt(Coil::start));
    int i = 0;
    while (i < coils.size()) {
      int j = i + 1;
      while (j < coils.size() && coils.get(j).start() == coils.get(j - 1).start() + 1) {
        j++;
      }
      if (j - i == 1) {
        out.add(coils.get(i));
      } else {
        boolean[] values = new boolean[j - i];
        for (int k = i; k < j; k++) {
          values[k - i] = coils.get(k).on();
        }
        out.add(new Coils(coils.get(i).start(), values));
      }
      i = j;
    }
    for (TagWrite w : writes) {
      if (!(w instanceof Coil)) {
        out.add(w);
      }
    }
    return out;
  }
}

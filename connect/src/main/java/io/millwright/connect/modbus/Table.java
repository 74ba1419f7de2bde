package io.millwright.connect.modbus;

/**
 * The four Modbus data tables, named as they are written in tag addresses ({@code holding:0}). Each
 * knows its read function code and whether a master may write it.
 */
enum Table {
  COIL("coil", 1, true, true),
  DISCRETE("discrete", 2, true, false),
  INPUT("input", 4, false, false),
  HOLDING("holding", 3, false, true);

  /** Modbus Application Protocol 1.1b3, 6.1 and 6.2: at most 2000 bits in one read. */
  static final int MAX_BITS_PER_READ = 2000;

  /** Modbus Application Protocol 1.1b3, 6.3 and 6.4: at most 125 registers in one read. */
  static final int MAX_REGISTERS_PER_READ = 125;

  private final String prefix;
  private final int readFunction;
  private final boolean bits;
  private final boolean writable;

  Table(String prefix, int readFunction, boolean bits, boolean writable) {
    this.prefix = prefix;
    this.readFunction = readFunction;
    this.bits = bits;
    this.writable = writable;
  }

  String prefix() {
    return prefix;
  }

  int readFunction() {
    return readFunction;
  }

  /** Coils and discrete inputs hold bits; input and holding registers hold 16-bit words. */
  boolean holdsBits() {
    return bits;
  }

  boolean writable() {
    return writable;
  }

  static Table byPrefix(String prefix) {
    for (Table t : values()) {
      if (t.prefix.equals(prefix)) {
        return t;
      }
    }
    return null;
  }
}

package io.millwright.core.sample;

/**
 * A tag's value: one of the four kinds every protocol maps onto. Integers of any width become
 * {@link Int64}, floating point of any width {@link Float64}; the tag's {@code DataType} keeps the
 * width the machine uses.
 */
public sealed interface Value {

  Kind kind();

  /**
   * The value as a double for arithmetic (deadband, scaling, charts); booleans are 0 and 1, text
   * has none.
   */
  double asDouble();

  enum Kind {
    BOOLEAN,
    LONG,
    DOUBLE,
    STRING
  }

  static Bool of(boolean value) {
    return value ? Bool.TRUE : Bool.FALSE;
  }

  static Int64 of(long value) {
    return new Int64(value);
  }

  static Float64 of(double value) {
    return new Float64(value);
  }

  static Text of(String value) {
    return new Text(value);
  }

  record Bool(boolean value) implements Value {
    static final Bool TRUE = new Bool(true);
    static final Bool FALSE = new Bool(false);

    @Override
    public Kind kind() {
      return Kind.BOOLEAN;
    }

    @Override
    public double asDouble() {
      return value ? 1 : 0;
    }

    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  record Int64(long value) implements Value {
    @Override
    public Kind kind() {
      return Kind.LONG;
    }

    @Override
    public double asDouble() {
      return value;
    }

    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  /**
   * NaN and infinities are allowed: machines report them, and quality says whether they mean
   * anything.
   */
  record Float64(double value) implements Value {
    @Override
    public Kind kind() {
      return Kind.DOUBLE;
    }

    @Override
    public double asDouble() {
      return value;
    }

    @Override
    public String toString() {
      return Double.toString(value);
    }
  }

  record Text(String value) implements Value {
    public Text {
      if (value == null) {
        throw new IllegalArgumentException(
            "a text value cannot be null; use quality Bad for a missing value");
      }
    }

    @Override
    public Kind kind() {
      return Kind.STRING;
    }

    @Override
    public double asDouble() {
      return Double.NaN;
    }

    @Override
    public String toString() {
      return value;
    }
  }
}

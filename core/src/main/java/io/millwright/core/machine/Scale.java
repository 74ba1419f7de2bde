package io.millwright.core.machine;

/**
 * Linear scaling from the raw machine value to engineering units: {@code value = raw * factor +
 * offset}. Writes apply the inverse, which is why the factor may not be zero.
 */
public record Scale(double factor, double offset) {

  public static final Scale IDENTITY = new Scale(1.0, 0.0);

  public Scale {
    if (!Double.isFinite(factor) || factor == 0.0) {
      throw new DefinitionException(
          "scale.factor", "must be a finite number other than 0, not " + factor);
    }
    if (!Double.isFinite(offset)) {
      throw new DefinitionException("scale.offset", "must be a finite number, not " + offset);
    }
  }

  public boolean isIdentity() {
    return factor == 1.0 && offset == 0.0;
  }

  public double apply(double raw) {
    return raw * factor + offset;
  }

  public double inverse(double engineering) {
    return (engineering - offset) / factor;
  }
}

package io.millwright.operator.machine;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One tag of a machine, as in the machines file. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TagSpec {

  @Required public String name;

  @Required public String address;

  @Required
  @Pattern("^(bool|int16|uint16|int32|uint32|int64|float32|float64|string)$")
  public String type;

  public String unit;

  public ScaleSpec scale;

  public Double deadband;

  public String samplingInterval;

  public Boolean writable;

  /** Linear scaling of the raw value: {@code value = raw * factor + offset}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ScaleSpec {
    public Double factor;
    public Double offset;
  }
}

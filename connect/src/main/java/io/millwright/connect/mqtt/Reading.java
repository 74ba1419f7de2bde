package io.millwright.connect.mqtt;

import io.millwright.core.sample.Value;

/** What one tag's part of a message gave: a value, or why there is none. */
sealed interface Reading {

  /** The value as the device sent it, before the tag's scale. */
  record Good(Value value) implements Reading {}

  /**
   * @param reason the OPC UA symbolic name the sample carries, e.g. {@code Bad_TypeMismatch}
   * @param detail one line for the operator: what was expected and what came
   */
  record Bad(String reason, String detail) implements Reading {}

  static Reading good(Value value) {
    return new Good(value);
  }

  static Reading typeMismatch(String detail) {
    return new Bad("Bad_TypeMismatch", detail);
  }

  static Reading outOfRange(String detail) {
    return new Bad("Bad_OutOfRange", detail);
  }

  static Reading noData(String detail) {
    return new Bad("Bad_NoDataAvailable", detail);
  }

  static Reading undecodable(String detail) {
    return new Bad("Bad_DecodingError", detail);
  }

  static Reading tooLarge(String detail) {
    return new Bad("Bad_EncodingLimitsExceeded", detail);
  }
}

package io.millwright.uns.sparkplug.codec;

import io.millwright.uns.json.JsonStrings;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.DataSet;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload.DataSet.DataSetValue;

/**
 * A Sparkplug DataSet as compact JSON text, the form a text sample can carry to the historian and
 * the UI: {@code {"columns":["a","b"],"types":["Int32","String"],"rows":[[1,"x"]]}}. Cells whose
 * value is missing, does not match the column type or is not finite are {@code null}.
 */
public final class DataSetText {

  /** A DataSet bigger than this in text is cut off, so one metric cannot make a huge sample. */
  static final int MAX_CHARS = 1 << 20;

  private DataSetText() {}

  public static String toJson(DataSet dataSet) {
    StringBuilder out = new StringBuilder(64);
    out.append("{\"columns\":[");
    for (int i = 0; i < dataSet.getColumnsCount(); i++) {
      if (i > 0) {
        out.append(',');
      }
      JsonStrings.append(out, dataSet.getColumns(i));
    }
    out.append("],\"types\":[");
    for (int i = 0; i < dataSet.getTypesCount(); i++) {
      if (i > 0) {
        out.append(',');
      }
      JsonStrings.append(out, MetricTypes.name(dataSet.getTypes(i)));
    }
    out.append("],\"rows\":[");
    for (int r = 0; r < dataSet.getRowsCount() && out.length() < MAX_CHARS; r++) {
      if (r > 0) {
        out.append(',');
      }
      out.append('[');
      DataSet.Row row = dataSet.getRows(r);
      for (int c = 0; c < row.getElementsCount(); c++) {
        if (c > 0) {
          out.append(',');
        }
        int type = c < dataSet.getTypesCount() ? dataSet.getTypes(c) : DataType.Unknown_VALUE;
        cell(out, type, row.getElements(c));
      }
      out.append(']');
    }
    return out.append("]}").toString();
  }

  private static void cell(StringBuilder out, int type, DataSetValue v) {
    DataSetValue.ValueCase present = v.getValueCase();
    switch (type) {
      case DataType.Int8_VALUE, DataType.Int16_VALUE, DataType.Int32_VALUE -> {
        if (present == DataSetValue.ValueCase.INT_VALUE) {
          int raw = v.getIntValue();
          out.append(
              type == DataType.Int8_VALUE
                  ? (byte) raw
                  : type == DataType.Int16_VALUE ? (short) raw : raw);
          return;
        }
      }
      case DataType.UInt8_VALUE, DataType.UInt16_VALUE, DataType.UInt32_VALUE -> {
        if (present == DataSetValue.ValueCase.INT_VALUE) {
          out.append(Integer.toUnsignedLong(v.getIntValue()));
          return;
        }
        if (present == DataSetValue.ValueCase.LONG_VALUE) {
          out.append(v.getLongValue());
          return;
        }
      }
      case DataType.Int64_VALUE, DataType.DateTime_VALUE -> {
        if (present == DataSetValue.ValueCase.LONG_VALUE) {
          out.append(v.getLongValue());
          return;
        }
      }
      case DataType.UInt64_VALUE -> {
        if (present == DataSetValue.ValueCase.LONG_VALUE) {
          out.append(Long.toUnsignedString(v.getLongValue()));
          return;
        }
      }
      case DataType.Float_VALUE -> {
        if (present == DataSetValue.ValueCase.FLOAT_VALUE && Float.isFinite(v.getFloatValue())) {
          out.append(v.getFloatValue());
          return;
        }
      }
      case DataType.Double_VALUE -> {
        if (present == DataSetValue.ValueCase.DOUBLE_VALUE && Double.isFinite(v.getDoubleValue())) {
          out.append(v.getDoubleValue());
          return;
        }
      }
      case DataType.Boolean_VALUE -> {
        if (present == DataSetValue.ValueCase.BOOLEAN_VALUE) {
          out.append(v.getBooleanValue());
          return;
        }
      }
      case DataType.String_VALUE, DataType.Text_VALUE -> {
        if (present == DataSetValue.ValueCase.STRING_VALUE) {
          JsonStrings.append(out, v.getStringValue());
          return;
        }
      }
      default -> {
        // unknown column type: null below
      }
    }
    out.append("null");
  }
}

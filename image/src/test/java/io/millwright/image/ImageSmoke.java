package io.millwright.image;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Toolkit;
import java.awt.image.BufferedImage;
import java.beans.Introspector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Runs inside the image (see {@link RuncIT}) what the image's cuts could break and the start of the
 * broker and historian does not load: ONNX Runtime, which the alarms' anomaly detection uses (its
 * library and the image's libstdc++ together, one inference), and the headless AWT that third-party
 * libraries use, now that the JDK's font and imaging libraries are left out. Any failure ends it
 * with a stack trace and a non-zero exit.
 */
public final class ImageSmoke {

  private ImageSmoke() {}

  public static void main(String[] args) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(reluModel(), new OrtSession.SessionOptions());
        OnnxTensor x = OnnxTensor.createTensor(env, new float[] {-1f, 0f, 2f});
        OrtSession.Result result = session.run(Map.of("x", x))) {
      float[] y = (float[]) result.get(0).getValue();
      System.out.println("onnxruntime " + env.getVersion() + " relu " + Arrays.toString(y));
    }

    // What PostgreSQL (PGpoint), OSHI and JAXB touch: geometry, colours, the headless toolkit,
    // drawing into an image and PNG; and java.beans, which YAML, Jackson and EL introspect with.
    Rectangle area = new Rectangle(new Point(0, 0));
    area.add(new Point(1, 1));
    BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.BLUE);
    g.fill(area);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", png)) {
      throw new IllegalStateException("no PNG writer");
    }
    int pixel = ImageIO.read(new ByteArrayInputStream(png.toByteArray())).getRGB(0, 0);
    if (pixel != Color.BLUE.getRGB()) {
      throw new IllegalStateException("PNG round trip gave " + Integer.toHexString(pixel));
    }
    int properties = Introspector.getBeanInfo(Rectangle.class).getPropertyDescriptors().length;
    System.out.println(
        "awt "
            + Toolkit.getDefaultToolkit().getClass().getSimpleName()
            + " png "
            + png.size()
            + " bytes, beans "
            + properties
            + " properties of Rectangle");
  }

  /**
   * y = Relu(x) for x a float tensor of shape [3], as ONNX protobuf bytes (ModelProto, IR version
   * 8, opset 13): no model file to ship with the test, and no protobuf code generator for it.
   */
  static byte[] reluModel() {
    byte[] tensor3 =
        concat(
            varint(1, 1), // elem_type FLOAT
            bytes(2, bytes(1, varint(1, 3)))); // shape: one dim, dim_value 3
    byte[] type = bytes(1, tensor3); // TypeProto.tensor_type
    byte[] graph =
        concat(
            bytes(1, concat(string(1, "x"), string(2, "y"), string(4, "Relu"))), // node
            string(2, "relu"), // name
            bytes(11, concat(string(1, "x"), bytes(2, type))), // input
            bytes(12, concat(string(1, "y"), bytes(2, type)))); // output
    return concat(varint(1, 8), bytes(7, graph), bytes(8, varint(2, 13)));
  }

  private static byte[] varint(int field, long value) {
    return concat(rawVarint((long) field << 3), rawVarint(value));
  }

  private static byte[] string(int field, String value) {
    return bytes(field, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static byte[] bytes(int field, byte[] value) {
    return concat(rawVarint(((long) field << 3) | 2), rawVarint(value.length), value);
  }

  private static byte[] rawVarint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}

package io.millwright.simulator.s7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import org.junit.jupiter.api.Test;

class TpktFramesTest {

  private static DataInputStream stream(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return new DataInputStream(new ByteArrayInputStream(b));
  }

  @Test
  void cutsOneFrameAfterAnother() throws Exception {
    DataInputStream in = stream(3, 0, 0, 7, 2, 0xF0, 0x80, 3, 0, 0, 6, 1, 2);

    assertThat(TpktFrames.read(in)).containsExactly(3, 0, 0, 7, 2, 0xF0, 0x80);
    assertThat(TpktFrames.read(in)).containsExactly(3, 0, 0, 6, 1, 2);
    assertThat(TpktFrames.read(in)).isNull();
  }

  @Test
  void refusesWhatIsNotAWholeTpktFrame() {
    assertThatThrownBy(() -> TpktFrames.read(stream('G', 'E', 'T', ' ')))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("version 71");
    assertThatThrownBy(() -> TpktFrames.read(stream(3, 0, 0x7F, 0xFF)))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("32767 bytes");
    assertThatThrownBy(() -> TpktFrames.read(stream(3, 0, 0, 3)))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("3 bytes");
    assertThatThrownBy(() -> TpktFrames.read(stream(3, 0, 0, 9, 2, 0xF0)))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("cut short");
    assertThatThrownBy(() -> TpktFrames.read(stream(3, 0)))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("cut short");
  }
}

package io.millwright.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Entry names as they are in the jars of the binary (DuckDB, RocksDB, JNA, jSerialComm, Brotli).
 */
class NativeLibrariesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "libduckdb_java.so_linux_amd64",
        "librocksdbjni-linux64.so",
        "com/sun/jna/linux-x86-64/libjnidispatch.so",
        "Linux/x86_64/libjSerialComm.so",
        "lib/linux-x86_64/libbrotli.so",
        "META-INF/native/libnetty_transport_native_epoll_x86_64.so",
        "lib/x86_64-linux-gnu/libc.so.6"
      })
  void linuxAmd64LibrariesAreKept(String entry) {
    assertThat(NativeLibraries.isNative(entry)).isTrue();
    assertThat(NativeLibraries.isForeign(entry)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "libduckdb_java.so_linux_arm64",
        "libduckdb_java.so_macos_arm64",
        "libduckdb_java.so_windows_amd64",
        "librocksdbjni-linux32.so",
        "librocksdbjni-linux64-musl.so",
        "librocksdbjni-linux-aarch64.so",
        "librocksdbjni-linux-ppc64le.so",
        "librocksdbjni-linux-s390x-musl.so",
        "librocksdbjni-osx-x86_64.jnilib",
        "librocksdbjni-win64.dll",
        "com/sun/jna/linux-x86/libjnidispatch.so",
        "com/sun/jna/linux-riscv64/libjnidispatch.so",
        "com/sun/jna/linux-mips64el/libjnidispatch.so",
        "com/sun/jna/freebsd-x86-64/libjnidispatch.so",
        "com/sun/jna/sunos-sparcv9/libjnidispatch.so",
        "com/sun/jna/aix-ppc64/libjnidispatch.a",
        "com/sun/jna/darwin-aarch64/libjnidispatch.jnilib",
        "Linux/armv7hf/libjSerialComm.so",
        "Linux/armv8_64/libjSerialComm.so",
        "Android/x86_64/libjSerialComm.so",
        "Solaris/sparcv8plus_32/libjSerialComm.so",
        "OpenBSD/amd64/libjSerialComm.so",
        "Windows/x86_64/jSerialComm.dll"
      })
  void otherPlatformsLibrariesAreForeign(String entry) {
    assertThat(NativeLibraries.isForeign(entry)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "org/duckdb/DuckDBAppender.class",
        "META-INF/native-image/org.duckdb/duckdb_jdbc/reachability-metadata.json",
        "com/sun/jna/win32/",
        "HISTORY-JAVA.md",
        "/etc/ld.so.conf.d/x86_64-linux-gnu.conf"
      })
  void otherEntriesAreNotNative(String entry) {
    assertThat(NativeLibraries.isNative(entry)).isFalse();
    assertThat(NativeLibraries.isForeign(entry)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib.dSYM/Contents/Resources/Relocations/"
            + "aarch64/libonnxruntime.dylib.yml",
        "ai/onnxruntime/native/osx-aarch64/libonnxruntime4j_jni.dylib.dSYM/Contents/Info.plist",
        "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib.dSYM/"
      })
  void macOsDebugSymbolBundlesAreRecognised(String entry) {
    assertThat(NativeLibraries.isMacDebugSymbols(entry)).isTrue();
    assertThat(ImageBuilder.leftOut(entry)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
        "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so",
        "ThirdPartyNotices.txt",
        "META-INF/LICENSE",
        "META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource"
      })
  void whatTheImageNeedsIsKept(String entry) {
    assertThat(NativeLibraries.isMacDebugSymbols(entry)).isFalse();
    assertThat(ImageBuilder.leftOut(entry)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so",
        "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib",
        "ai/onnxruntime/native/win-x64/onnxruntime.dll",
        "META-INF/jandex.idx"
      })
  void otherPlatformsOnnxRuntimeAndJandexIndexesAreLeftOut(String entry) {
    assertThat(ImageBuilder.leftOut(entry)).isTrue();
  }
}

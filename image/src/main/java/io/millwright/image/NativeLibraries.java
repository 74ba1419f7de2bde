package io.millwright.image;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises the native libraries inside jars that cannot load in the image (linux/amd64, glibc):
 * DuckDB, RocksDB, JNA, jSerialComm and ONNX Runtime ship one per operating system and processor,
 * and together they are most of the binary's size.
 */
public final class NativeLibraries {

  /** lib.so, lib.so.6, DuckDB's lib.so_linux_amd64, and the Windows, macOS and AIX forms. */
  private static final Pattern NATIVE =
      Pattern.compile("\\.so(\\.\\d+)*$|\\.so_[a-z0-9_]+$|\\.(dll|dylib|jnilib|a)$");

  /**
   * Operating systems and C libraries other than Linux with glibc, as libraries name them in their
   * paths. Windows and macOS libraries are also known by their suffix.
   */
  private static final Pattern FOREIGN_OS =
      Pattern.compile(
          "win|win32|win64|windows|osx|macos|mac|darwin|freebsd|openbsd|netbsd|sunos|solaris|aix"
              + "|android|musl");

  /** Processors other than x86-64; 'x86' alone and 'linux32' are 32-bit x86. */
  private static final Pattern FOREIGN_ARCH =
      Pattern.compile(
          "aarch64|arm.*|i[3-6]86|x86|x32|linux32|ppc.*|powerpc.*|s390.*|riscv.*|mips.*|sparc.*"
              + "|loongarch.*|ia64");

  private NativeLibraries() {}

  /** Whether a jar entry is a native library of any platform. */
  public static boolean isNative(String entryName) {
    return NATIVE.matcher(entryName.toLowerCase(Locale.ROOT)).find();
  }

  /**
   * Whether a jar entry belongs to a macOS debug symbol bundle (lib.dylib.dSYM/...): ONNX Runtime
   * ships one for its macOS libraries, 2 MB of relocation tables that only a macOS debugger reads.
   * Its files are named .yml and .plist, so {@link #isForeign} does not see them.
   */
  public static boolean isMacDebugSymbols(String entryName) {
    return entryName.toLowerCase(Locale.ROOT).contains(".dsym/");
  }

  /**
   * Whether a jar entry is a native library for another platform than linux/amd64 with glibc. A
   * library whose path names no platform at all is kept: nothing says it cannot load.
   */
  public static boolean isForeign(String entryName) {
    if (!isNative(entryName)) {
      return false;
    }
    String name = entryName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".dll") || name.endsWith(".dylib") || name.endsWith(".jnilib")) {
      return true;
    }
    // 'x86-64' and 'x86_64' are one token, not 'x86' (32-bit) followed by '64'.
    String normalised = name.replace("x86-64", "amd64").replace("x86_64", "amd64");
    for (String token : normalised.split("[/_.\\-]")) {
      if (FOREIGN_OS.matcher(token).matches() || FOREIGN_ARCH.matcher(token).matches()) {
        return true;
      }
    }
    return false;
  }
}

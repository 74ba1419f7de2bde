package io.millwright.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The libraries an ELF shared object or executable names in its dynamic section (DT_NEEDED): what
 * the dynamic loader must find in the image for it to load, as 'objdump -p' shows them; its own
 * name there (DT_SONAME); and whether it still has a symbol table. Only 64-bit little-endian files
 * (x86-64) are read.
 */
final class Elf {

  private static final int PT_LOAD = 1;
  private static final int PT_DYNAMIC = 2;
  private static final long DT_NEEDED = 1;
  private static final long DT_STRTAB = 5;
  private static final long DT_SONAME = 14;
  private static final int SHT_SYMTAB = 2;

  private Elf() {}

  static boolean isElf(byte[] file) {
    return file.length > 64
        && file[0] == 0x7f
        && file[1] == 'E'
        && file[2] == 'L'
        && file[3] == 'F';
  }

  /** The machine (e_machine, 62 for x86-64) of an ELF file. */
  static int machine(byte[] file) {
    return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getShort(18) & 0xffff;
  }

  /** DT_NEEDED entries, or empty when the file has no dynamic section (a static executable). */
  static Optional<List<String>> needed(byte[] file) {
    return dynamic(file).map(d -> d.needed);
  }

  /** DT_SONAME, the name other libraries' DT_NEEDED match once this one is loaded. */
  static Optional<String> soname(byte[] file) {
    return dynamic(file).flatMap(d -> Optional.ofNullable(d.soname));
  }

  /**
   * Whether a section of type SHT_SYMTAB is left: the full symbol table 'strip --strip-unneeded'
   * removes (the dynamic one, SHT_DYNSYM, stays).
   */
  static boolean hasSymbolTable(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    long shoff = b.getLong(40);
    int shentsize = b.getShort(58) & 0xffff;
    int shnum = b.getShort(60) & 0xffff;
    for (int i = 0; i < shnum; i++) {
      if (b.getInt((int) (shoff + (long) i * shentsize) + 4) == SHT_SYMTAB) {
        return true;
      }
    }
    return false;
  }

  private record Dynamic(List<String> needed, String soname) {}

  private static Optional<Dynamic> dynamic(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    if (file[4] != 2 || file[5] != 1) {
      throw new IllegalArgumentException("not a 64-bit little-endian ELF file");
    }
    long phoff = b.getLong(32);
    int phentsize = b.getShort(54) & 0xffff;
    int phnum = b.getShort(56) & 0xffff;
    long dynamicOffset = -1;
    long dynamicSize = 0;
    List<long[]> loads = new ArrayList<>(); // {vaddr, offset, filesz}
    for (int i = 0; i < phnum; i++) {
      int h = (int) (phoff + (long) i * phentsize);
      int type = b.getInt(h);
      long offset = b.getLong(h + 8);
      long vaddr = b.getLong(h + 16);
      long filesz = b.getLong(h + 32);
      if (type == PT_LOAD) {
        loads.add(new long[] {vaddr, offset, filesz});
      } else if (type == PT_DYNAMIC) {
        dynamicOffset = offset;
        dynamicSize = filesz;
      }
    }
    if (dynamicOffset < 0) {
      return Optional.empty();
    }
    long strtab = -1;
    long soname = -1;
    List<Long> needed = new ArrayList<>();
    for (long d = dynamicOffset; d + 16 <= dynamicOffset + dynamicSize; d += 16) {
      long tag = b.getLong((int) d);
      long value = b.getLong((int) d + 8);
      if (tag == 0) {
        break;
      } else if (tag == DT_NEEDED) {
        needed.add(value);
      } else if (tag == DT_STRTAB) {
        strtab = value;
      } else if (tag == DT_SONAME) {
        soname = value;
      }
    }
    long strtabOffset = -1;
    for (long[] load : loads) {
      if (strtab >= load[0] && strtab < load[0] + load[2]) {
        strtabOffset = strtab - load[0] + load[1];
      }
    }
    if (strtabOffset < 0) {
      throw new IllegalArgumentException("DT_STRTAB outside every loaded segment");
    }
    List<String> names = new ArrayList<>();
    for (long n : needed) {
      names.add(string(file, strtabOffset + n));
    }
    return Optional.of(new Dynamic(names, soname < 0 ? null : string(file, strtabOffset + soname)));
  }

  private static String string(byte[] file, long offset) {
    int start = (int) offset;
    int end = start;
    while (file[end] != 0) {
      end++;
    }
    return new String(file, start, end - start, StandardCharsets.US_ASCII);
  }
}

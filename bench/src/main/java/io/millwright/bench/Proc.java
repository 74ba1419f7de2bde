package io.millwright.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux says about a process: resident memory, CPU time, the CPUs it may run on. */
final class Proc {

  /** USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on every Linux we run on). */
  private static final double TICKS_PER_SECOND = 100;

  private Proc() {}

  /** VmRSS in MiB, or -1 when the process is gone. */
  static double rssMiB(long pid) {
    String kb = statusField(pid, "VmRSS:");
    return kb == null ? -1 : Long.parseLong(kb.replace("kB", "").strip()) / 1024.0;
  }

  /** VmHWM (the peak resident memory) in MiB, or -1 when the process is gone. */
  static double peakRssMiB(long pid) {
    String kb = statusField(pid, "VmHWM:");
    return kb == null ? -1 : Long.parseLong(kb.replace("kB", "").strip()) / 1024.0;
  }

  /** The Cpus_allowed_list, e.g. "0" or "0-1". */
  static String cpus(long pid) {
    String list = statusField(pid, "Cpus_allowed_list:");
    return list == null ? "?" : list.strip();
  }

  /** User plus system CPU time in seconds, or -1 when the process is gone. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may hold spaces; fields after its closing parenthesis are plain.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The 1, 5 and 15 minute load averages of the machine, or "?". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String statusField(long pid, String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(name)) {
          return line.substring(name.length());
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
